/**
 * `client.setProxy` under Deno against a real tinyproxy (Debian package) with
 * Basic authentication, started by the test on a free 127.0.0.1 port.
 */
import assert from "node:assert/strict";
import { ApiError, NetworkError, PlatformClient, ProxyError } from "../../mod.ts";
import { makeTestPki } from "../_infra/certs.ts";
import { freePort } from "../_infra/process.ts";
import { startTinyproxy } from "../_infra/tinyproxy.ts";
import { getUser, loginAndGetUser, startBackend } from "./_flow.ts";

const USER = "genesys";
const PASSWORD = `proxy-pw-${crypto.randomUUID()}`;

/** Log lines tinyproxy writes for each proxied request. */
function proxiedRequests(log: string): string[] {
  return [...log.matchAll(/Request \(file descriptor \d+\): (.+)$/gm)].map((m) => m[1]);
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return await promise.then(() => assert.fail("expected a failure"), (e: unknown) => e);
}

Deno.test("setProxy against real tinyproxy (Deno)", async (t) => {
  await using proxy = await startTinyproxy({ username: USER, password: PASSWORD });
  await using backend = await startBackend();
  const dir = await Deno.makeTempDir({ prefix: "proxy-test-" });
  const pki = await makeTestPki(dir);
  let originHits = 0;
  // An HTTPS origin the client trusts through the test CA: reached with CONNECT.
  const tlsOrigin = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    cert: pki.server.cert,
    key: pki.server.key,
    onListen() {},
  }, (req) => {
    originHits++;
    return Response.json({ path: new URL(req.url).pathname, secure: true });
  });
  const tlsUrl = `https://localhost:${tlsOrigin.addr.port}`;
  const auth = { username: USER, password: PASSWORD };
  const mtls = [pki.client.cert, pki.client.key, pki.ca.cert] as const;

  try {
    await t.step("login and API call go through the proxy (its log and Via prove it)", async () => {
      const client = new PlatformClient({ basePath: backend.url, loginBasePath: backend.url });
      const seenByHooks: Headers[] = [];
      client.setPreHook((req) => void seenByHooks.push(req.headers));
      client.setProxy({ host: proxy.host, port: proxy.port, auth });
      try {
        const user = await loginAndGetUser(client, backend);
        assert.equal(user.id, backend.userId);
      } finally {
        client.setProxy(undefined);
      }
      const port = new URL(backend.url).port;
      assert.deepEqual(proxiedRequests(proxy.log()), [
        `POST http://127.0.0.1:${port}/oauth/token HTTP/1.1`,
        `GET http://127.0.0.1:${port}/api/v2/users/${backend.userId} HTTP/1.1`,
      ]);
      assert.equal(backend.seen().length, 2);
      for (const req of backend.seen()) {
        assert.match(req.headers.get("via") ?? "", /tinyproxy/);
        assert.equal(req.headers.get("proxy-authorization"), null);
      }
      // The proxy credential lives in the transport, never in the request hooks see.
      assert.equal(seenByHooks.length, 2);
      for (const h of seenByHooks) assert.equal(h.get("proxy-authorization"), null);
    });

    await t.step("HTTPS through the proxy uses a CONNECT tunnel", async () => {
      const client = new PlatformClient({ basePath: tlsUrl });
      client.setAccessToken("t");
      client.setProxy({ host: proxy.host, port: proxy.port, auth });
      client.setMTLSContents(...mtls);
      try {
        const data = await client.call<{ path: string }>(getUser, ["u1"]);
        assert.deepEqual(data, { path: "/api/v2/users/u1", secure: true });
      } finally {
        client.setProxy(undefined);
        client.clearMTLS();
      }
      assert.equal(
        proxiedRequests(proxy.log()).at(-1),
        `CONNECT localhost:${tlsOrigin.addr.port} HTTP/1.1`,
      );
    });

    await t.step("wrong password: ProxyError naming the proxy, never the password", async () => {
      const client = new PlatformClient({ basePath: tlsUrl });
      client.setAccessToken("t");
      client.setProxy({
        host: proxy.host,
        port: proxy.port,
        auth: { username: USER, password: "nope-" + PASSWORD },
      });
      client.setMTLSContents(...mtls);
      const before = proxiedRequests(proxy.log()).length;
      const hitsBefore = originHits;
      try {
        const err = await failure(client.call(getUser, ["u1"]));
        assert.ok(err instanceof ProxyError, String(err));
        assert.equal(err.proxy, `http://127.0.0.1:${proxy.port}`);
        assert.match(
          err.message,
          new RegExp(
            `^proxy http://127\\.0\\.0\\.1:${proxy.port} refused to open a tunnel to localhost:${tlsOrigin.addr.port}`,
          ),
        );
        assert.ok(err.message.includes(`GET ${tlsUrl}/api/v2/users/u1`));
        for (
          const text of [err.message, String(err.stack), String((err.cause as Error)?.message)]
        ) {
          assert.ok(!text.includes(PASSWORD), text);
        }
      } finally {
        client.setProxy(undefined);
        client.clearMTLS();
      }
      // The proxy saw the tunnel request and refused it: the origin got nothing.
      assert.deepEqual(proxiedRequests(proxy.log()).slice(before), [
        `CONNECT localhost:${tlsOrigin.addr.port} HTTP/1.1`,
      ]);
      assert.equal(originHits, hitsBefore);
    });

    await t.step("no credentials for a proxy that needs them: says so", async () => {
      const client = new PlatformClient({ basePath: tlsUrl });
      client.setAccessToken("t");
      client.setProxy({ host: proxy.host, port: proxy.port });
      client.setMTLSContents(...mtls);
      try {
        const err = await failure(client.call(getUser, ["u1"]));
        assert.ok(err instanceof ProxyError, String(err));
        // Deno does not report the proxy's status for a refused tunnel (Bun does: see bun_test).
        assert.match(
          err.message,
          /refused to open a tunnel to localhost:\d+: wrong or missing proxy credentials/,
        );
      } finally {
        client.setProxy(undefined);
        client.clearMTLS();
      }
    });

    await t.step("unreachable proxy: ProxyError 'cannot connect to proxy'", async () => {
      const port = freePort();
      const client = new PlatformClient({ basePath: backend.url, accessToken: "t" });
      client.setProxy({ host: "127.0.0.1", port, auth });
      try {
        const err = await failure(client.call(getUser, ["u1"]));
        assert.ok(err instanceof ProxyError, String(err));
        assert.ok(err instanceof NetworkError);
        assert.match(
          err.message,
          new RegExp(`^cannot connect to proxy http://127\\.0\\.0\\.1:${port}`),
        );
        assert.ok(!err.message.includes(PASSWORD));
      } finally {
        client.setProxy(undefined);
      }
    });

    await t.step(
      "setProxy(undefined) goes direct again; an injected transport is left alone",
      async () => {
        const client = new PlatformClient({ basePath: backend.url, accessToken: "t" });
        client.setProxy({ host: proxy.host, port: proxy.port, auth });
        client.setProxy(undefined);
        const before = proxiedRequests(proxy.log()).length;
        const seenBefore = backend.seen().length;
        await assert.rejects(
          client.call(getUser, ["u1"]),
          (e) => e instanceof ApiError && e.status === 401,
        );
        assert.equal(proxiedRequests(proxy.log()).length, before);
        assert.equal(backend.seen().at(-1)?.headers.get("via"), null);
        assert.equal(backend.seen().length, seenBefore + 1);

        const sent: string[] = [];
        const injected = new PlatformClient({
          basePath: backend.url,
          accessToken: "t",
          transport: (req) => {
            sent.push(req.url);
            return Promise.resolve(Response.json({ injected: true }));
          },
        });
        injected.setProxy({ host: proxy.host, port: proxy.port, auth });
        assert.deepEqual(await injected.call(getUser, ["u1"]), { injected: true });
        assert.deepEqual(sent, [`${backend.url}/api/v2/users/u1`]);
        assert.equal(proxiedRequests(proxy.log()).length, before);

        // setHttpClient after setProxy: the user's transport wins from then on
        // (that the proxy's Deno.HttpClient is closed is checked in client_lifecycle_test).
        const later = new PlatformClient({ basePath: backend.url, accessToken: "t" });
        later.setProxy({ host: proxy.host, port: proxy.port, auth });
        later.setHttpClient((req) => {
          sent.push(req.url);
          return Promise.resolve(Response.json({ later: true }));
        });
        later.setProxy({ host: proxy.host, port: proxy.port, auth });
        assert.deepEqual(await later.call(getUser, ["u2"]), { later: true });
        assert.equal(sent.at(-1), `${backend.url}/api/v2/users/u2`);
        assert.equal(proxiedRequests(proxy.log()).length, before);
      },
    );
  } finally {
    await tlsOrigin.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("HTTP 407 from a proxy -> ProxyError(status 407) naming the proxy", async () => {
  // Debian's tinyproxy 1.11.1 answers plain-HTTP requests with 401 instead of 407
  // (tinyproxy/tinyproxy#532, fixed by #549), so a minimal RFC 9110 proxy plays the part.
  const seen: string[] = [];
  const fakeProxy = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    seen.push(`${req.method} ${req.url} ${req.headers.get("proxy-authorization") ?? "-"}`);
    return new Response("proxy auth required", {
      status: 407,
      headers: { "proxy-authenticate": 'Basic realm="corp"' },
    });
  });
  const client = new PlatformClient({ basePath: "http://127.0.0.1:9999", accessToken: "t" });
  client.setProxy({
    host: "127.0.0.1",
    port: fakeProxy.addr.port,
    auth: { username: USER, password: PASSWORD },
  });
  try {
    const err = await failure(client.call(getUser, ["u1"]));
    assert.ok(err instanceof ProxyError, String(err));
    assert.equal(err.status, 407);
    assert.equal(
      err.message,
      `proxy http://127.0.0.1:${fakeProxy.addr.port} refused the request (HTTP 407 Proxy ` +
        "Authentication Required): wrong proxy credentials (GET http://127.0.0.1:9999/api/v2/users/u1)",
    );
    // The credential went to the proxy on the wire, as Basic.
    assert.deepEqual(seen, [
      `GET http://127.0.0.1:9999/api/v2/users/u1 Basic ${btoa(`${USER}:${PASSWORD}`)}`,
    ]);
  } finally {
    client.setProxy(undefined);
    await fakeProxy.shutdown();
  }
});
