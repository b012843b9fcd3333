/**
 * examples/proxy.ts and examples/mtls.ts against real servers (tests/_infra):
 * tinyproxy with Basic auth, and an nginx HTTPS gateway that requires a
 * client certificate, in front of a sandbox. Each example runs as a
 * subprocess under Deno and under Bun (the _infra helpers are Deno-only, so
 * the Bun runs are spawned from here).
 */
import assert from "node:assert/strict";
import { makeTestPki, type TestPki } from "../_infra/certs.ts";
import { startNginxGateway } from "../_infra/nginx.ts";
import { startTinyproxy } from "../_infra/tinyproxy.ts";
import { startSandbox } from "../../tools/sandbox/mod.ts";

const EXAMPLES = new URL("../../examples/", import.meta.url).pathname;
const BUN = new URL("../../.tools/node_modules/.bin/bun", import.meta.url).pathname;
const RUNTIMES = {
  deno: [Deno.execPath(), "run", "--allow-all"],
  bun: [BUN],
} as const;
type RuntimeName = keyof typeof RUNTIMES;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function runExample(
  runtime: RuntimeName,
  file: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<Run> {
  const [command, ...pre] = RUNTIMES[runtime];
  const out = await new Deno.Command(command, {
    args: [...pre, `${EXAMPLES}${file}`, ...args],
    env,
    stdin: "null",
  }).output();
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}

/** `Request` lines tinyproxy logs, one per proxied request. */
function proxiedRequests(log: string): string[] {
  return [...log.matchAll(/Request \(file descriptor \d+\): (.+)$/gm)].map((m) => m[1]);
}

Deno.test("proxy.ts through real tinyproxy (Deno and Bun)", async (t) => {
  const password = `tp-${crypto.randomUUID()}`;
  await using proxy = await startTinyproxy({ username: "genesys", password });
  const proxyUrl = `http://genesys:${password}@${proxy.host}:${proxy.port}`;

  for (const runtime of ["deno", "bun"] as const) {
    await t.step(runtime, async () => {
      const before = proxiedRequests(proxy.log()).length;
      const run = await runExample(runtime, "proxy.ts", ["--proxy", proxyUrl]);
      assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
      const sandboxUrl = /^sandbox: (http:\/\/127\.0\.0\.1:\d+)$/m.exec(run.stdout)?.[1];
      assert.ok(sandboxUrl, run.stdout);
      assert.match(
        run.stdout,
        new RegExp(`^proxy: http://127\\.0\\.0\\.1:${proxy.port} \\(user genesys\\)$`, "m"),
      );
      assert.match(run.stdout, /^through the proxy: logged in, 57 users; first \w+/m);
      // tinyproxy's log: exactly the login and the API call, to the example's sandbox.
      assert.deepEqual(proxiedRequests(proxy.log()).slice(before), [
        `POST ${sandboxUrl}/oauth/token HTTP/1.1`,
        `GET ${sandboxUrl}/api/v2/users?pageSize=5 HTTP/1.1`,
      ]);
      // And the sandbox saw tinyproxy's Via header on both.
      const received = run.stdout.split("\n").filter((l) => l.startsWith("sandbox received "));
      assert.equal(received.length, 2);
      for (const line of received) assert.match(line, /via: 1\.1 \S+ \(tinyproxy\/[\d.]+\)$/);
      assert.ok(!run.stdout.includes(password) && !run.stderr.includes(password));
    });
  }

  await t.step("no proxy given: usage on stderr, exit 2", async () => {
    const run = await runExample("deno", "proxy.ts", [], { GENESYS_PROXY_URL: "" });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /give the proxy: --proxy http:\/\/\[user:password@\]host:port/);
  });
});

Deno.test("mtls.ts through a real nginx gateway requiring a client certificate", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "mtls-example-" });
  try {
    const pki: TestPki = await makeTestPki(dir);
    await using sandbox = await startSandbox();
    await using gateway = await startNginxGateway({ backendUrl: sandbox.url, pki });
    const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
    const env = { GENESYS_CLIENT_ID: clientId, GENESYS_CLIENT_SECRET: clientSecret };
    const args = (cert: { certPath: string; keyPath: string }) => [
      "--gateway",
      gateway.url,
      "--cert",
      cert.certPath,
      "--key",
      cert.keyPath,
      "--ca",
      pki.ca.certPath,
    ];
    let lines = 0;

    for (const runtime of ["deno", "bun"] as const) {
      await t.step(`${runtime}: with the client certificate the calls go through`, async () => {
        sandbox.resetLog();
        const run = await runExample(runtime, "mtls.ts", args(pki.client), env);
        assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
        assert.match(
          run.stdout,
          new RegExp(`^gateway: login ${gateway.url}/login, api ${gateway.url}/api$`, "m"),
        );
        assert.match(run.stdout, /^through the gateway with mTLS: logged in, 57 users; first /m);
        const access = await gateway.accessLines(lines += 2);
        assert.deepEqual(access.slice(-2), [
          'POST /login/oauth/token HTTP/1.1 200 client="CN=test-client" verify=SUCCESS',
          'GET /api/api/v2/users?pageSize=5 HTTP/1.1 200 client="CN=test-client" verify=SUCCESS',
        ]);
        assert.deepEqual(sandbox.requests.map((r) => `${r.method} ${r.path}`), [
          "POST /oauth/token",
          "GET /api/v2/users",
        ]);
        assert.ok(!run.stdout.includes(pki.client.key.split("\n")[1]));
      });

      await t.step(`${runtime}: a certificate from another CA is refused`, async () => {
        sandbox.resetLog();
        const run = await runExample(runtime, "mtls.ts", args(pki.strangerClient), env);
        assert.equal(run.code, 1, `${run.stdout}\n${run.stderr}`);
        assert.match(
          run.stdout,
          /^failed: TokenRequestError: client_credentials grant failed: http_400: .*\(HTTP 400, POST https:\/\/localhost:\d+\/login\/oauth\/token\)$/m,
        );
        const access = await gateway.accessLines(lines += 1);
        assert.match(
          access.at(-1)!,
          /^POST \/login\/oauth\/token HTTP\/1\.1 400 client="CN=stranger" verify=FAILED/,
        );
        assert.equal(sandbox.requests.length, 0, "nothing reached the sandbox");
        assert.ok(!run.stdout.includes(clientSecret));
      });
    }

    await t.step("without any client certificate the gateway answers 400", async () => {
      const http = Deno.createHttpClient({ caCerts: [pki.ca.cert] });
      try {
        const res = await fetch(`${gateway.url}/api/api/v2/users`, { client: http });
        assert.equal(res.status, 400);
        assert.match(await res.text(), /No required SSL certificate was sent/);
      } finally {
        http.close();
      }
      const access = await gateway.accessLines(lines += 1);
      assert.match(
        access.at(-1)!,
        /^GET \/api\/api\/v2\/users HTTP\/1\.1 400 client="-" verify=NONE$/,
      );
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
