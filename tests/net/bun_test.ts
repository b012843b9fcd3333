/**
 * The proxy and mTLS checks under Bun (whose fetch options differ from
 * Deno's): this Deno test starts tinyproxy, nginx and the backend, runs
 * `bun tests/net/bun_net_check.ts`, and checks both Bun's verdicts and the
 * servers' own records of Bun's requests.
 */
import assert from "node:assert/strict";
import { makeTestPki } from "../_infra/certs.ts";
import { startNginxGateway } from "../_infra/nginx.ts";
import { startTinyproxy } from "../_infra/tinyproxy.ts";
import type { BunCheckInput } from "./bun_net_check.ts";
import { startBackend } from "./_flow.ts";

const BUN = new URL("../../.tools/node_modules/.bin/bun", import.meta.url).pathname;
const SCRIPT = new URL("./bun_net_check.ts", import.meta.url).pathname;

Deno.test("proxy and mTLS under Bun against real tinyproxy and nginx", async () => {
  const bunVersion = await Deno.stat(BUN).then(() => true, () => false);
  assert.ok(bunVersion, `bun not found at ${BUN}: run \`source .ci/tools.sh\``);
  const dir = await Deno.makeTempDir({ prefix: "bun-net-" });
  try {
    const pki = await makeTestPki(dir);
    await using backend = await startBackend();
    await using gateway = await startNginxGateway({ backendUrl: backend.url, pki });
    const password = `bun-proxy-${crypto.randomUUID()}`;
    await using proxy = await startTinyproxy({ username: "genesys", password });
    const input: BunCheckInput = {
      backendUrl: backend.url,
      clientId: backend.clientId,
      clientSecret: backend.clientSecret,
      userId: backend.userId,
      proxyPort: proxy.port,
      proxyUser: "genesys",
      proxyPassword: password,
      gatewayPort: gateway.port,
      caPath: pki.ca.certPath,
      clientCertPath: pki.client.certPath,
      clientKeyPath: pki.client.keyPath,
      strangerCertPath: pki.strangerClient.certPath,
      strangerKeyPath: pki.strangerClient.keyPath,
    };
    await Deno.writeTextFile(`${dir}/input.json`, JSON.stringify(input));
    const out = await new Deno.Command(BUN, {
      args: [SCRIPT, `${dir}/input.json`],
      cwd: new URL("../..", import.meta.url).pathname,
      stdin: "null",
      env: { NO_COLOR: "1" },
    }).output();
    const stdout = new TextDecoder().decode(out.stdout);
    const stderr = new TextDecoder().decode(out.stderr);
    const results = stdout.trim().split("\n").filter((l) => l.startsWith("{")).map((l) =>
      JSON.parse(l) as { name: string; ok: boolean; error?: string }
    );
    const failures = results.filter((r) => !r.ok);
    assert.deepEqual(failures, [], `Bun checks failed:\n${stdout}\n${stderr}`);
    assert.equal(out.code, 0, stderr);
    assert.deepEqual(results.map((r) => r.name), [
      "runtime is detected as Bun",
      "proxy: login and API call through tinyproxy",
      "mTLS: setMTLSCertificates (Bun.file) then login and API call via nginx",
      "mTLS: a certificate the gateway does not trust gets 400",
      "mTLS: client certificate without the CA -> NetworkError",
      "proxy + mTLS: CONNECT through tinyproxy to the gateway",
      "proxy: wrong password -> ProxyError with the proxy's status, no secret",
      "setMTLSCertificates: synchronous, as the official SDK; a missing file is a ConfigurationError",
    ]);

    // The servers' side of the story: Bun's requests really went through them.
    const port = new URL(backend.url).port;
    const proxied = [...proxy.log().matchAll(/Request \(file descriptor \d+\): (.+)$/gm)].map((m) =>
      m[1]
    );
    assert.deepEqual(proxied, [
      `POST http://127.0.0.1:${port}/oauth/token HTTP/1.1`,
      `GET http://127.0.0.1:${port}/api/v2/users/${backend.userId} HTTP/1.1`,
      `CONNECT localhost:${gateway.port} HTTP/1.1`,
      `CONNECT localhost:${gateway.port} HTTP/1.1`,
    ]);
    const lines = await gateway.accessLines(5);
    assert.deepEqual(lines, [
      'POST /login/oauth/token HTTP/1.1 200 client="CN=test-client" verify=SUCCESS',
      `GET /api/api/v2/users/${backend.userId} HTTP/1.1 200 client="CN=test-client" verify=SUCCESS`,
      lines[2],
      'POST /login/oauth/token HTTP/1.1 200 client="CN=test-client" verify=SUCCESS',
      `GET /api/api/v2/users/${backend.userId} HTTP/1.1 200 client="CN=test-client" verify=SUCCESS`,
    ]);
    assert.match(
      lines[2],
      /^GET \/api\/api\/v2\/users\/[^ ]+ HTTP\/1\.1 400 client="CN=stranger" verify=FAILED:/,
    );
    for (const req of backend.seen()) assert.match(req.headers.get("user-agent") ?? "", /^Bun\//);
    assert.equal(backend.seen().length, 6);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("Bun: mtls.ca adds to the certificates Bun trusts by default, as in Deno", async () => {
  const dir = await Deno.makeTempDir({ prefix: "bun-ca-" });
  const pki = await makeTestPki(dir);
  // An HTTPS server whose certificate comes from `pki.ca`, which Bun is told to trust by default.
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, cert: pki.server.cert, key: pki.server.key, onListen() {} },
    () => new Response("trusted"),
  );
  try {
    const out = await new Deno.Command(BUN, {
      args: [
        new URL("./bun_ca_check.ts", import.meta.url).pathname,
        `https://127.0.0.1:${server.addr.port}/`,
        pki.client.certPath,
        pki.client.keyPath,
        pki.otherCa.certPath,
      ],
      cwd: new URL("../..", import.meta.url).pathname,
      stdin: "null",
      env: { NO_COLOR: "1", NODE_EXTRA_CA_CERTS: pki.ca.certPath },
    }).output();
    const stdout = new TextDecoder().decode(out.stdout);
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    assert.deepEqual(JSON.parse(stdout.trim().split("\n").pop()!), {
      status: 200,
      body: "trusted",
    });
  } finally {
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});
