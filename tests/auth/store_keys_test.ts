/**
 * What a shared token store holds, and under which key: without a key set by
 * the application only client-credentials tokens are stored, under a key
 * bound to the secret; whatever a store answers is checked before use.
 */

import assert from "node:assert/strict";
import {
  MemoryTokenStore,
  PlatformClient,
  type StoredToken,
  TokenRequestError,
  type TokenStore,
} from "../../mod.ts";
import { API, FakePlatform, getUsersMe, LOGIN } from "./_fake.ts";

function clientFor(fake: FakePlatform) {
  return new PlatformClient({ basePath: API, loginBasePath: LOGIN, transport: fake.transport });
}

/** The base64url SHA-256 of `text`. */
async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return btoa(String.fromCharCode(...new Uint8Array(digest)))
    .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** A memory store that records the keys written. */
function recordingStore() {
  const memory = new MemoryTokenStore();
  const writes: string[] = [];
  const store: TokenStore = {
    get: (key) => memory.get(key),
    set: (key, token) => {
      writes.push(key);
      return memory.set(key, token);
    },
    delete: (key) => memory.delete(key),
  };
  return { store, writes, get: (key: string) => memory.get(key) };
}

Deno.test("shared store, no key: two users of one OAuth client never get each other's token", async () => {
  const fake = new FakePlatform();
  const { store, writes } = recordingStore();
  const alice = clientFor(fake);
  const bob = clientFor(fake);
  alice.setTokenStore(store);
  bob.setTokenStore(store);
  const a = await alice.loginCodeAuthorizationGrant("web-app", "s", "code-a", "https://app/cb");
  const b = await bob.loginCodeAuthorizationGrant("web-app", "s", "code-b", "https://app/cb");
  assert.deepEqual(writes, []); // user tokens are stored only under a key the app chose
  fake.valid.delete(a.accessToken); // Alice's token is rejected: she refreshes her own
  const r = await alice.call<{ token: string }>(getUsersMe, []);
  assert.notEqual(r.token, b.accessToken);
  assert.equal(r.token, "tok-3");
  assert.equal(fake.tokenRequests.at(-1)!.form.get("refresh_token"), a.refreshToken);
});

Deno.test("shared store, no key: a client-credentials login with a wrong secret gets no token", async () => {
  const fake = new FakePlatform();
  const right = `Basic ${btoa("cc:right-secret")}`;
  fake.onToken = (seen) =>
    seen.headers.get("authorization") === right
      ? fake.grant(seen)
      : Response.json({ error: "invalid_client" }, { status: 401 });
  const { store, writes, get } = recordingStore();
  const a = clientFor(fake);
  const b = clientFor(fake);
  a.setTokenStore(store);
  b.setTokenStore(store);
  await a.loginClientCredentialsGrant("cc", "right-secret");
  await assert.rejects(b.loginClientCredentialsGrant("cc", "WRONG"), (e: unknown) => {
    assert.ok(e instanceof TokenRequestError);
    assert.equal(e.status, 401);
    return true;
  });
  assert.equal(fake.tokenRequests.length, 2); // the wrong secret was checked by the server
  // The key: login host, client id and a SHA-256 fingerprint, never the secret.
  const key = `genesys-cloud:login.test.example:cc:${await sha256("cc:right-secret")}`;
  assert.deepEqual(writes, [key]);
  assert.equal((await get(key))?.accessToken, "tok-1");
});

Deno.test("shared store, no key: setAccessToken does not overwrite the last login's entry", async () => {
  const fake = new FakePlatform();
  const { store, writes } = recordingStore();
  const a = clientFor(fake);
  a.setTokenStore(store);
  await a.loginClientCredentialsGrant("cc", "s");
  a.setAccessToken("some-user-token");
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(writes.length, 1);
  const b = clientFor(fake);
  b.setTokenStore(store);
  const got = await b.loginClientCredentialsGrant("cc", "s");
  assert.equal(got.accessToken, "tok-1");
  assert.equal(typeof got.tokenExpiryTime, "number");
  // With a key the application chose, setAccessToken is stored as before.
  const explicit = recordingStore();
  const c = clientFor(fake);
  c.setTokenStore(explicit.store, "user:jane");
  c.setAccessToken("jane-token");
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(await explicit.get("user:jane"), { accessToken: "jane-token" });
});

const corrupt: [string, unknown][] = [
  ["a JSON string", '{"accessToken":"tok-9"}'],
  ["an empty object", {}],
  ["snake_case fields", { access_token: "tok-9" }],
  ["a numeric token", { accessToken: 42 }],
  ["an empty token", { accessToken: "" }],
  ["a token with a line break", { accessToken: "a\r\nX-Evil: 1" }],
];

Deno.test("values a custom store answers are checked: anything but a token is a miss", async () => {
  for (const [label, value] of corrupt) {
    const fake = new FakePlatform();
    const store: TokenStore = {
      get: () => Promise.resolve(value as StoredToken),
      set: () => Promise.resolve(),
      delete: () => Promise.resolve(),
    };
    const client = clientFor(fake);
    client.setTokenStore(store, "k");
    const auth = await client.loginClientCredentialsGrant("id", "s");
    assert.equal(auth.accessToken, "tok-1", label);
    assert.equal(fake.tokenRequests.length, 1, label);
    await client.call(getUsersMe, []);
    assert.equal(fake.apiRequests[0].authorization, "Bearer tok-1", label);

    // A client that did not log in reads the store for its first call: nothing is sent.
    const reader = clientFor(fake);
    reader.setTokenStore(store, "k");
    await assert.rejects(reader.call(getUsersMe, []));
    assert.equal(fake.apiRequests.at(-1)!.authorization, null, label);
  }
  // Non-finite or mistyped numbers are dropped, the token is kept.
  const fake = new FakePlatform();
  fake.valid.add("stored");
  const client = clientFor(fake);
  client.setTokenStore({
    get: () => Promise.resolve({ accessToken: "stored", tokenExpiryTime: "later" } as never),
    set: () => Promise.resolve(),
    delete: () => Promise.resolve(),
  }, "k");
  assert.equal((await client.call<{ token: string }>(getUsersMe, [])).token, "stored");
});
