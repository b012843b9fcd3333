/**
 * Run by bun_test.ts with Bun (not by Deno): the proxy and mTLS checks through
 * Bun's fetch options against the tinyproxy and nginx the Deno test started.
 * Argument: a JSON file describing them. Prints one JSON line per check and
 * exits 1 when any check fails.
 */
import assert from "node:assert/strict";
import "../../src/features/net.ts";
import { PlatformClient } from "../../src/client/platform_client.ts";
import { ApiError, ConfigurationError, NetworkError } from "../../src/base/errors.ts";
import { ProxyError } from "../../src/net/errors.ts";
import { detectRuntime } from "../../src/net/runtime.ts";
import { type Backend, getUser, loginAndGetUser } from "./_flow.ts";

/** What the Deno side passes in. */
export interface BunCheckInput {
  backendUrl: string;
  clientId: string;
  clientSecret: string;
  userId: string;
  proxyPort: number;
  proxyUser: string;
  proxyPassword: string;
  gatewayPort: number;
  caPath: string;
  clientCertPath: string;
  clientKeyPath: string;
  strangerCertPath: string;
  strangerKeyPath: string;
}

declare const Bun: { file(path: string): { text(): Promise<string> } };
declare const process: { argv: string[]; exit(code: number): never };

const input: BunCheckInput = JSON.parse(await Bun.file(process.argv[2]).text());
const proxy = {
  host: "127.0.0.1",
  port: input.proxyPort,
  auth: { username: input.proxyUser, password: input.proxyPassword },
};
const gateway = {
  host: "localhost",
  port: input.gatewayPort,
  protocol: "https",
  pathParamsLogin: "login",
  pathParamsApi: "api",
};
let failed = 0;

async function check(name: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
    console.log(JSON.stringify({ name, ok: true }));
  } catch (error) {
    failed++;
    console.log(
      JSON.stringify({ name, ok: false, error: String((error as Error)?.stack ?? error) }),
    );
  }
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return await promise.then(() => assert.fail("expected a failure"), (e: unknown) => e);
}

function assertNoSecret(error: unknown, key: string): void {
  const keyBody = key.split("\n")[1];
  const cause = (error as Error).cause as Error | undefined;
  for (
    const text of [
      String((error as Error).message),
      String((error as Error).stack),
      String(cause?.message),
    ]
  ) {
    assert.ok(!text.includes(input.proxyPassword), "proxy password leaked");
    assert.ok(!text.includes(keyBody), "key material leaked");
  }
}

const backend = {
  url: input.backendUrl,
  clientId: input.clientId,
  clientSecret: input.clientSecret,
  userId: input.userId,
} as Backend;
const clientKey = await Bun.file(input.clientKeyPath).text();

await check("runtime is detected as Bun", () => {
  assert.equal(detectRuntime().kind, "bun");
  return Promise.resolve();
});

await check("proxy: login and API call through tinyproxy", async () => {
  const client = new PlatformClient({
    basePath: input.backendUrl,
    loginBasePath: input.backendUrl,
  });
  client.setProxy(proxy);
  const user = await loginAndGetUser(client, backend);
  assert.equal(user.id, input.userId);
  client.setProxy(undefined);
});

await check("mTLS: setMTLSCertificates (Bun.file) then login and API call via nginx", async () => {
  const client = new PlatformClient();
  client.setGateway(gateway);
  await client.setMTLSCertificates(input.clientCertPath, input.clientKeyPath, input.caPath);
  const user = await loginAndGetUser(client, backend);
  assert.equal(user.id, input.userId);
});

await check("mTLS: a certificate the gateway does not trust gets 400", async () => {
  const client = new PlatformClient({ accessToken: "t" });
  client.setGateway(gateway);
  await client.setMTLSCertificates(input.strangerCertPath, input.strangerKeyPath, input.caPath);
  const err = await failure(client.call(getUser, [input.userId]));
  assert.ok(err instanceof ApiError, String(err));
  assert.equal(err.status, 400);
  assert.match(err.text, /SSL certificate error/);
});

await check("mTLS: client certificate without the CA -> NetworkError", async () => {
  const client = new PlatformClient({ accessToken: "t" });
  client.setGateway(gateway);
  client.setMTLSContents(await Bun.file(input.clientCertPath).text(), clientKey);
  const err = await failure(client.call(getUser, [input.userId]));
  assert.ok(err instanceof NetworkError, String(err));
  assert.ok(!(err instanceof ProxyError));
  assert.match(err.message, /users\/[^ ]+ failed: .*(certificate|UNABLE_TO_VERIFY)/i);
  assertNoSecret(err, clientKey);
});

await check("proxy + mTLS: CONNECT through tinyproxy to the gateway", async () => {
  const client = new PlatformClient();
  client.setGateway(gateway);
  client.setProxy(proxy);
  await client.setMTLSCertificates(input.clientCertPath, input.clientKeyPath, input.caPath);
  const user = await loginAndGetUser(client, backend);
  assert.equal(user.id, input.userId);
});

await check("proxy: wrong password -> ProxyError with the proxy's status, no secret", async () => {
  const client = new PlatformClient({ accessToken: "t" });
  client.setGateway(gateway);
  client.setProxy({
    ...proxy,
    auth: { username: input.proxyUser, password: `x${input.proxyPassword}` },
  });
  await client.setMTLSCertificates(input.clientCertPath, input.clientKeyPath, input.caPath);
  const err = await failure(client.call(getUser, [input.userId]));
  assert.ok(err instanceof ProxyError, String(err));
  // tinyproxy 1.11.1 refuses with 401 (newer versions and other proxies: 407).
  assert.ok(err.status === 401 || err.status === 407, `status ${err.status}`);
  assert.equal(err.proxy, `http://127.0.0.1:${input.proxyPort}`);
  assert.match(
    err.message,
    /refused to open a tunnel to localhost:\d+ \(HTTP 40[17]\): wrong proxy credentials/,
  );
  assertNoSecret(err, clientKey);
});

await check(
  "setMTLSCertificates: synchronous, as the official SDK; a missing file is a ConfigurationError",
  () => {
    const client = new PlatformClient();
    let err: unknown;
    try {
      client.setMTLSCertificates(input.clientCertPath, `${input.clientKeyPath}.missing`);
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof ConfigurationError, String(err));
    assert.match(err.message, /mTLS private key file ".*\.missing" \(ENOENT\)/);
    assert.equal(client.config.values.mtls, undefined);
    // Applied when the call returns: no await needed before the next request.
    assert.equal(
      client.setMTLSCertificates(input.clientCertPath, input.clientKeyPath, input.caPath),
      undefined,
    );
    const applied: { mtls?: { cert: string } } = client.config.values;
    assert.ok(applied.mtls?.cert.includes("BEGIN CERTIFICATE"));
    return Promise.resolve();
  },
);

process.exit(failed === 0 ? 0 : 1);
