/**
 * Mutual TLS under Deno against a real nginx HTTPS gateway that requires a
 * client certificate (`ssl_verify_client on`), in front of a backend, with
 * certificates made by openssl at test time; plus proxy + mTLS together
 * through a real tinyproxy.
 */
import assert from "node:assert/strict";
import { ApiError, NetworkError, PlatformClient, ProxyError } from "../../mod.ts";
import { makeTestPki } from "../_infra/certs.ts";
import { startNginxGateway } from "../_infra/nginx.ts";
import { startTinyproxy } from "../_infra/tinyproxy.ts";
import { getUser, loginAndGetUser, startBackend } from "./_flow.ts";

const PASSWORD = `proxy-pw-${crypto.randomUUID()}`;

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return await promise.then(() => assert.fail("expected a failure"), (e: unknown) => e);
}

Deno.test("mTLS gateway: real nginx with ssl_verify_client on (Deno)", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "mtls-test-" });
  try {
    const pki = await makeTestPki(dir);
    await using backend = await startBackend();
    await using gateway = await startNginxGateway({ backendUrl: backend.url, pki });
    await using proxy = await startTinyproxy({ username: "genesys", password: PASSWORD });
    const gatewayFor = (host: string) => ({
      host,
      port: gateway.port,
      protocol: "https",
      pathParamsLogin: "login",
      pathParamsApi: "api",
    });
    let expectedLines = 0;
    /** Access log lines after `added` more requests. */
    const accessLines = (added = 0) => gateway.accessLines(expectedLines += added);

    await t.step(
      "setMTLSCertificates (files): login and API call succeed via the gateway",
      async () => {
        const client = new PlatformClient();
        client.setGateway(gatewayFor("localhost"));
        assert.equal(client.config.urls.login, `https://localhost:${gateway.port}/login`);
        await client.setMTLSCertificates(pki.client.certPath, pki.client.keyPath, pki.ca.certPath);
        try {
          const user = await loginAndGetUser(client, backend);
          assert.equal(user.id, backend.userId);
        } finally {
          client.clearMTLS();
        }
        assert.deepEqual(await accessLines(2), [
          'POST /login/oauth/token HTTP/1.1 200 client="CN=test-client" verify=SUCCESS',
          `GET /api/api/v2/users/${backend.userId} HTTP/1.1 200 client="CN=test-client" verify=SUCCESS`,
        ]);
        // nginx stripped the prefixes: the backend saw the real paths.
        assert.deepEqual(backend.seen().map((r) => `${r.method} ${r.path}`), [
          "POST /oauth/token",
          `GET /api/v2/users/${backend.userId}`,
        ]);
      },
    );

    await t.step("setMTLSContents with the gateway addressed as 127.0.0.1 (IP SAN)", async () => {
      const client = new PlatformClient();
      client.setGateway(gatewayFor("127.0.0.1"));
      client.setMTLSContents(pki.client.cert, pki.client.key, pki.ca.cert);
      try {
        const user = await loginAndGetUser(client, backend);
        assert.equal(user.id, backend.userId);
      } finally {
        client.clearMTLS();
      }
      assert.equal((await accessLines(2)).length, 4);
    });

    await t.step(
      "without a client certificate: nginx answers 400 'No required SSL certificate'",
      async () => {
        // Trust the CA (so TLS itself succeeds) but present a certificate nginx does not accept:
        // here, none at all is impossible with MtlsConfig, so use a plain client that only trusts
        // the CA through a transport of our own.
        const caOnly = Deno.createHttpClient({ caCerts: [pki.ca.cert] });
        const client = new PlatformClient({
          transport: (req) => fetch(req, { client: caOnly }),
          accessToken: "t",
        });
        client.setGateway(gatewayFor("localhost"));
        try {
          const err = await failure(client.call(getUser, [backend.userId]));
          assert.ok(err instanceof ApiError, String(err));
          assert.equal(err.status, 400);
          assert.match(err.text, /No required SSL certificate was sent/);
        } finally {
          caOnly.close();
        }
        assert.match((await accessLines(1)).at(-1)!, / 400 client="-" verify=NONE$/);
        assert.equal(backend.seen().length, 4);
      },
    );

    await t.step(
      "certificate from a CA the gateway does not trust: 400, backend untouched",
      async () => {
        const client = new PlatformClient({ accessToken: "t" });
        client.setGateway(gatewayFor("localhost"));
        client.setMTLSContents(pki.strangerClient.cert, pki.strangerClient.key, pki.ca.cert);
        try {
          const err = await failure(client.call(getUser, [backend.userId]));
          assert.ok(err instanceof ApiError, String(err));
          assert.equal(err.status, 400);
          assert.match(err.text, /SSL certificate error/);
        } finally {
          client.clearMTLS();
        }
        assert.match((await accessLines(1)).at(-1)!, / 400 client="CN=stranger" verify=FAILED:/);
        assert.equal(backend.seen().length, 4);
      },
    );

    await t.step("client certificate but no CA: the server certificate is refused", async () => {
      const client = new PlatformClient({ accessToken: "t" });
      client.setGateway(gatewayFor("localhost"));
      client.setMTLSContents(pki.client.cert, pki.client.key);
      const before = (await accessLines()).length;
      try {
        const err = await failure(client.call(getUser, [backend.userId]));
        assert.ok(err instanceof NetworkError, String(err));
        assert.ok(!(err instanceof ProxyError));
        assert.match(
          err.message,
          new RegExp(
            `^GET https://localhost:${gateway.port}/api/api/v2/users/${backend.userId} failed: .*UnknownIssuer`,
          ),
        );
      } finally {
        client.clearMTLS();
      }
      assert.equal((await accessLines()).length, before);
    });

    await t.step("proxy + mTLS: CONNECT through tinyproxy to the gateway", async () => {
      const client = new PlatformClient();
      client.setGateway(gatewayFor("localhost"));
      client.setMTLSContents(pki.client.cert, pki.client.key, pki.ca.cert);
      client.setProxy({
        host: proxy.host,
        port: proxy.port,
        auth: { username: "genesys", password: PASSWORD },
      });
      try {
        const user = await loginAndGetUser(client, backend);
        assert.equal(user.id, backend.userId);
      } finally {
        client.setProxy(undefined);
        client.clearMTLS();
      }
      assert.match(proxy.log(), new RegExp(`CONNECT localhost:${gateway.port} HTTP/1\\.1`));
      assert.deepEqual((await accessLines(2)).slice(-2), [
        'POST /login/oauth/token HTTP/1.1 200 client="CN=test-client" verify=SUCCESS',
        `GET /api/api/v2/users/${backend.userId} HTTP/1.1 200 client="CN=test-client" verify=SUCCESS`,
      ]);
    });

    await t.step(
      "proxy + mTLS with a wrong proxy password: ProxyError, no secret in it",
      async () => {
        const client = new PlatformClient({ accessToken: "t" });
        client.setGateway(gatewayFor("localhost"));
        client.setMTLSContents(pki.client.cert, pki.client.key, pki.ca.cert);
        client.setProxy({
          host: proxy.host,
          port: proxy.port,
          auth: { username: "genesys", password: `x${PASSWORD}` },
        });
        const before = (await accessLines()).length;
        try {
          const err = await failure(client.call(getUser, [backend.userId]));
          assert.ok(err instanceof ProxyError, String(err));
          assert.equal(err.proxy, `http://127.0.0.1:${proxy.port}`);
          const keyBody = pki.client.key.split("\n")[1];
          for (
            const text of [err.message, String(err.stack), String((err.cause as Error)?.message)]
          ) {
            assert.ok(!text.includes(PASSWORD), text);
            assert.ok(!text.includes(keyBody), text);
          }
        } finally {
          client.setProxy(undefined);
          client.clearMTLS();
        }
        assert.equal((await accessLines()).length, before);
      },
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
