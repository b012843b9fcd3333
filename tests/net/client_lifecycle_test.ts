/**
 * The client makes, replaces and closes its `Deno.HttpClient`s as proxy/mTLS
 * settings change (Deno's resource sanitizer does not track HTTP clients, so
 * `Deno.createHttpClient` is wrapped to count real clients and their closes).
 */
import assert from "node:assert/strict";
import { ConfigurationError, PlatformClient } from "../../mod.ts";
import { makeTestPki, type TestPki } from "../_infra/certs.ts";

interface Spy {
  created: Deno.CreateHttpClientOptions[];
  closed: number;
  restore(): void;
}

function spyOnCreateHttpClient(): Spy {
  const original = Deno.createHttpClient;
  const spy: Spy = {
    created: [],
    closed: 0,
    restore: () => {
      Deno.createHttpClient = original;
    },
  };
  Deno.createHttpClient = ((options: Deno.CreateHttpClientOptions) => {
    const client = original(options);
    spy.created.push(options);
    const close = client.close.bind(client);
    client.close = () => {
      spy.closed++;
      close();
    };
    return client;
  }) as typeof Deno.createHttpClient;
  return spy;
}

let pki: TestPki;
const dir = await Deno.makeTempDir({ prefix: "lifecycle-" });
try {
  pki = await makeTestPki(dir);
} finally {
  await Deno.remove(dir, { recursive: true });
}
const proxy = { host: "127.0.0.1", port: 3128, auth: { username: "u", password: "lifecycle-pw" } };

Deno.test("each change rebuilds the client's HttpClient and closes the previous one", () => {
  const spy = spyOnCreateHttpClient();
  try {
    const client = new PlatformClient();
    client.setProxy(proxy);
    assert.equal(spy.created.length, 1);
    assert.deepEqual(spy.created[0].proxy, {
      url: "http://127.0.0.1:3128",
      basicAuth: { username: "u", password: "lifecycle-pw" },
    });
    client.setMTLSContents(pki.client.cert, pki.client.key, pki.ca.cert);
    assert.equal(spy.created.length, 2);
    assert.equal(spy.closed, 1);
    // The second client has both: the proxy is kept when mTLS is added.
    assert.equal(spy.created[1].proxy !== undefined, true);
    assert.deepEqual(spy.created[1].caCerts, [pki.ca.cert]);
    client.setProxy(undefined);
    assert.equal(spy.created.length, 3);
    assert.equal(spy.created[2].proxy, undefined);
    assert.equal(spy.closed, 2);
    client.clearMTLS();
    assert.equal(spy.created.length, 3);
    assert.equal(spy.closed, 3);
  } finally {
    spy.restore();
  }
});

Deno.test("setHttpClient closes the proxy client; later proxy settings make none", async () => {
  const spy = spyOnCreateHttpClient();
  try {
    const client = new PlatformClient({ basePath: "http://127.0.0.1:9", accessToken: "t" });
    client.setProxy(proxy);
    client.setHttpClient(() => Promise.resolve(Response.json({ mine: true })));
    assert.equal(spy.closed, 1);
    client.setProxy({ ...proxy, port: 3129 });
    client.setMTLSContents(pki.client.cert, pki.client.key);
    assert.equal(spy.created.length, 1);
    const endpoint = { name: "x", method: "GET", path: "/x", params: [] } as const;
    assert.deepEqual(await client.call(endpoint, []), { mine: true });
  } finally {
    spy.restore();
  }
});

Deno.test("a rejected change keeps the working transport", () => {
  const spy = spyOnCreateHttpClient();
  try {
    const client = new PlatformClient();
    client.setProxy(proxy);
    assert.throws(() => client.setProxy({ host: "127.0.0.1", port: 70000 }), ConfigurationError);
    // Shaped like PEM, but not a key Deno can parse: Deno's refusal becomes a
    // ConfigurationError that does not quote the key.
    const fakeBody = "c2VjcmV0LWtleS1tYXRlcmlhbC1ub3QtdmFsaWQtZGVy";
    const fakeKey = `-----BEGIN PRIVATE KEY-----\n${fakeBody}\n-----END PRIVATE KEY-----\n`;
    assert.throws(
      () => client.setMTLSContents(pki.client.cert, fakeKey),
      (e: unknown) =>
        e instanceof ConfigurationError && /^Deno rejected the mTLS certificate/.test(e.message) &&
        !e.message.includes(fakeBody),
    );
    assert.equal(spy.created.length, 1);
    assert.equal(spy.closed, 0);
    client.setProxy(undefined);
    assert.equal(spy.closed, 1);
  } finally {
    spy.restore();
  }
});

Deno.test("inspecting or serializing the client shows no proxy password or key", () => {
  const client = new PlatformClient();
  client.setProxy(proxy);
  client.setMTLSContents(pki.client.cert, pki.client.key, pki.ca.cert);
  try {
    const keyBody = pki.client.key.split("\n")[1];
    const views = [
      Deno.inspect(client, { depth: 10, showHidden: true }),
      Deno.inspect(client.config.values, { depth: 10 }),
      JSON.stringify(client),
      JSON.stringify(client.config.values),
    ];
    for (const view of views) {
      assert.ok(!view.includes("lifecycle-pw"), view);
      assert.ok(!view.includes(keyBody), view);
    }
  } finally {
    client.setProxy(undefined);
    client.clearMTLS();
  }
});

Deno.test("proxy/mtls given to the constructor: one HttpClient, closed by client.close()", async () => {
  const spy = spyOnCreateHttpClient();
  try {
    const client = new PlatformClient({
      proxy,
      mtls: { cert: pki.client.cert, key: pki.client.key, ca: pki.ca.cert },
    });
    assert.equal(spy.created.length, 1);
    assert.deepEqual(spy.created[0].caCerts, [pki.ca.cert]);
    assert.equal((spy.created[0] as { cert?: string }).cert, pki.client.cert);
    await client.close();
    assert.equal(spy.closed, 1);
    await client.close();
    assert.equal(spy.closed, 1);
  } finally {
    spy.restore();
  }
});
