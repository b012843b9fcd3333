import assert from "node:assert/strict";
import {
  ApiError,
  MemoryTokenStore,
  PlatformClient,
  TokenRefreshTimeoutError,
  TokenRequestError,
  WebStorageTokenStore,
} from "../../mod.ts";
import { clientCredentialsStoreKey } from "../../src/auth/token_store.ts";
import { API, fakeClock, FakePlatform, gate, getUsersMe, LOGIN, MapStorage } from "./_fake.ts";

function clientFor(fake: FakePlatform, extra: Record<string, unknown> = {}) {
  return new PlatformClient({
    basePath: API,
    loginBasePath: LOGIN,
    transport: fake.transport,
    // Auth is under test here: no config file check deferring a call's start.
    liveReloadConfig: false,
    ...extra,
  });
}

async function codeLogin(client: PlatformClient) {
  return await client.loginCodeAuthorizationGrant("client-id", "secret", "code", "https://app/cb");
}

Deno.test("1,000 concurrent calls with a token known to be expired: one refresh, all succeed", async () => {
  using clock = fakeClock();
  const fake = new FakePlatform();
  const client = clientFor(fake);
  const auth = await codeLogin(client);
  assert.equal(auth.refreshToken, "rt-1");
  clock.advance(3600 * 1000 + 1);
  const results = await Promise.all(
    Array.from({ length: 1000 }, () => client.call<{ token: string }>(getUsersMe, [])),
  );
  assert.equal(fake.grantsOf("refresh_token"), 1);
  assert.equal(fake.tokenRequests.length, 2);
  assert.ok(results.every((r) => r.token === "tok-2"));
  // No call went out with the expired token.
  assert.equal(fake.apiRequests.length, 1000);
  assert.ok(fake.apiRequests.every((r) => r.authorization === "Bearer tok-2"));
  const refresh = fake.tokenRequests[1];
  assert.equal(refresh.form.get("refresh_token"), "rt-1");
  assert.equal(refresh.headers.get("authorization"), `Basic ${btoa("client-id:secret")}`);
});

Deno.test("a refresh starts in the turn of the call that needs it, before the other calls wait", async () => {
  using clock = fakeClock();
  const fake = new FakePlatform();
  const order: string[] = [];
  const client = new PlatformClient({
    basePath: API,
    loginBasePath: LOGIN,
    // Nothing to re-check in a config file after the clock jump below (that check would wait).
    liveReloadConfig: false,
    transport: (request) => {
      order.push(new URL(request.url).pathname);
      return fake.transport(request);
    },
  });
  await codeLogin(client);
  clock.advance(3600 * 1000 + 1);
  order.length = 0;
  const calls = Array.from({ length: 3 }, () => client.call(getUsersMe, []));
  order.push("end of the caller's turn");
  await Promise.all(calls);
  assert.deepEqual(order, [
    "/oauth/token",
    "end of the caller's turn",
    "/api/v2/users/me",
    "/api/v2/users/me",
    "/api/v2/users/me",
  ]);
  assert.equal(fake.grantsOf("refresh_token"), 1);
});

Deno.test("1,000 concurrent calls rejected with 401: one refresh, each call retried once", async () => {
  const fake = new FakePlatform();
  const client = clientFor(fake);
  await codeLogin(client);
  fake.expireAll();
  const results = await Promise.all(
    Array.from({ length: 1000 }, () => client.call<{ token: string }>(getUsersMe, [])),
  );
  assert.equal(fake.grantsOf("refresh_token"), 1);
  assert.ok(results.every((r) => r.token === "tok-2"));
  const stale = fake.apiRequests.filter((r) => r.authorization === "Bearer tok-1").length;
  const fresh = fake.apiRequests.filter((r) => r.authorization === "Bearer tok-2").length;
  assert.equal(stale, 1000);
  assert.equal(fresh, 1000);
});

Deno.test("a failing refresh rejects every waiter with the same typed error, and is not retried", async () => {
  using clock = fakeClock();
  const fake = new FakePlatform();
  const client = clientFor(fake);
  await codeLogin(client);
  fake.onToken = () =>
    Response.json({ error: "invalid_grant", description: "refresh token revoked" }, {
      status: 400,
    });
  clock.advance(3600 * 1000 + 1);
  const outcomes = await Promise.allSettled(
    Array.from({ length: 200 }, () => client.call(getUsersMe, [])),
  );
  assert.equal(fake.grantsOf("refresh_token"), 1);
  const errors = outcomes.map((o) => {
    assert.equal(o.status, "rejected");
    return (o as PromiseRejectedResult).reason;
  });
  assert.ok(errors[0] instanceof TokenRequestError);
  assert.equal(errors[0].error, "invalid_grant");
  assert.equal(errors[0].grant, "refresh_token");
  assert.ok(errors.every((e) => e === errors[0]));
  assert.equal(fake.apiRequests.length, 0);
  // The refresh token was refused for good: later calls with the same expired
  // token get the same error without being sent, and nothing asks the token
  // endpoint again.
  fake.expireAll();
  await assert.rejects(client.call(getUsersMe, []), (e: unknown) => e === errors[0]);
  assert.equal(fake.grantsOf("refresh_token"), 1);
  assert.equal(fake.apiRequests.length, 0);
  // A new login clears the refusal.
  fake.onToken = undefined;
  await codeLogin(client);
  assert.ok((await client.call<{ token: string }>(getUsersMe, [])).token.startsWith("tok-"));
});

Deno.test("waiting longer than refreshTokenWaitMax fails with TokenRefreshTimeoutError", async () => {
  using clock = fakeClock();
  const fake = new FakePlatform();
  const client = clientFor(fake, { refreshTokenWaitMax: 40 });
  await codeLogin(client);
  const held = gate();
  fake.onToken = async (seen) => {
    await held.promise;
    return fake.grant(seen);
  };
  clock.advance(3600 * 1000 + 1);
  const outcomes = await Promise.allSettled(
    Array.from({ length: 20 }, () => client.call(getUsersMe, [])),
  );
  for (const o of outcomes) {
    assert.equal(o.status, "rejected");
    const e = (o as PromiseRejectedResult).reason;
    assert.ok(e instanceof TokenRefreshTimeoutError);
    assert.equal(e.error, "refresh_timeout");
    assert.match(e.message, /did not finish within 40 ms \(refreshTokenWaitMax\)/);
  }
  assert.equal(fake.apiRequests.length, 0);
  // The refresh is still the one in flight: a new call joins it and succeeds.
  const later = client.call<{ token: string }>(getUsersMe, []);
  held.open();
  assert.equal((await later).token, "tok-2");
  assert.equal(fake.grantsOf("refresh_token"), 1);
});

Deno.test("client credentials are renewed tokenRenewalMargin before expiry, lazily", async () => {
  using clock = fakeClock();
  const fake = new FakePlatform();
  const client = clientFor(fake, { tokenRenewalMargin: 300_000 });
  const auth = await client.loginClientCredentialsGrant("cc-id", "cc-secret");
  assert.equal(auth.expiresIn, 3600);
  assert.equal(auth.tokenExpiryTime, clock.now + 3600_000);
  assert.equal(auth.tokenExpiryTimeString, new Date(clock.now + 3600_000).toUTCString());
  clock.advance(3600_000 - 300_001);
  assert.equal((await client.call<{ token: string }>(getUsersMe, [])).token, "tok-1");
  assert.equal(fake.grantsOf("client_credentials"), 1);
  clock.advance(2);
  const results = await Promise.all(
    Array.from({ length: 50 }, () => client.call<{ token: string }>(getUsersMe, [])),
  );
  assert.ok(results.every((r) => r.token === "tok-2"));
  assert.equal(fake.grantsOf("client_credentials"), 2);
  // `authData` follows the renewal (the login's answer is stale now), as the official SDK's.
  assert.equal(auth.accessToken, "tok-1");
  assert.equal(client.authData?.accessToken, "tok-2");
  assert.equal(client.authData?.tokenExpiryTime, clock.now + 3600_000);
  assert.equal(client.authData?.refreshToken, undefined);
  const renewal = fake.tokenRequests[1];
  assert.equal(renewal.body, "grant_type=client_credentials");
  assert.equal(renewal.headers.get("authorization"), `Basic ${btoa("cc-id:cc-secret")}`);
});

Deno.test("a failed renewal of a still valid client-credentials token keeps the old token", async () => {
  using clock = fakeClock();
  const fake = new FakePlatform();
  const client = clientFor(fake);
  await client.loginClientCredentialsGrant("cc-id", "cc-secret");
  fake.onToken = () => Response.json({ error: "server_error" }, { status: 503 });
  clock.advance(3600_000 - 60_000);
  assert.equal((await client.call<{ token: string }>(getUsersMe, [])).token, "tok-1");
  assert.equal((await client.call<{ token: string }>(getUsersMe, [])).token, "tok-1");
  assert.equal(fake.grantsOf("client_credentials"), 2);
  clock.advance(30_001);
  fake.onToken = undefined;
  assert.equal((await client.call<{ token: string }>(getUsersMe, [])).token, "tok-2");
  assert.equal(fake.grantsOf("client_credentials"), 3);
});

Deno.test("margin larger than half the lifetime is capped (no renewal on every call)", async () => {
  using clock = fakeClock();
  const fake = new FakePlatform();
  fake.expiresIn = 60;
  const client = clientFor(fake, { tokenRenewalMargin: 300_000 });
  await client.loginClientCredentialsGrant("cc-id", "cc-secret");
  await client.call(getUsersMe, []);
  clock.advance(29_000);
  await client.call(getUsersMe, []);
  assert.equal(fake.grantsOf("client_credentials"), 1);
  clock.advance(1_001);
  await client.call(getUsersMe, []);
  assert.equal(fake.grantsOf("client_credentials"), 2);
});

Deno.test("repeated 401s do not storm the token endpoint", async () => {
  const fake = new FakePlatform();
  fake.onApi = () => Response.json({ code: "bad.credentials" }, { status: 401 });
  const client = clientFor(fake);
  await client.loginClientCredentialsGrant("cc-id", "cc-secret");
  // First call: one renewal, one retry, then the second 401 surfaces.
  await assert.rejects(client.call(getUsersMe, []), (e: unknown) => {
    assert.ok(e instanceof ApiError);
    assert.equal(e.status, 401);
    return true;
  });
  assert.equal(fake.grantsOf("client_credentials"), 2);
  assert.deepEqual(fake.apiRequests.map((r) => r.authorization), [
    "Bearer tok-1",
    "Bearer tok-2",
  ]);
  // Many more calls, sequential and concurrent: the token just obtained for a
  // 401 is not renewed again.
  for (let i = 0; i < 5; i++) await assert.rejects(client.call(getUsersMe, []), ApiError);
  const many = await Promise.allSettled(
    Array.from({ length: 100 }, () => client.call(getUsersMe, [])),
  );
  assert.ok(many.every((o) => o.status === "rejected"));
  assert.equal(fake.grantsOf("client_credentials"), 2);
});

Deno.test("a short-lived token obtained for a 401 is renewed on a 401 at the end of its life", async () => {
  using clock = fakeClock();
  const fake = new FakePlatform();
  fake.expiresIn = 3;
  const client = clientFor(fake, { tokenRenewalMargin: 0 });
  await client.loginClientCredentialsGrant("cc-id", "cc-secret");
  // The server revokes tok-1: one renewal (tok-2, obtained because of a 401).
  let reject = "Bearer tok-1";
  fake.onApi = (seen) =>
    seen.authorization === reject
      ? Response.json({ code: "bad.credentials" }, { status: 401 })
      : Response.json({ token: seen.authorization });
  await client.call(getUsersMe, []);
  assert.equal(fake.grantsOf("client_credentials"), 2);
  // 1.5 s later the server already counts tok-2 (3 s) as expired: our clock says it has less
  // than the skew left, so the 401 is its expiry and it is renewed, not surfaced.
  clock.advance(1_500);
  reject = "Bearer tok-2";
  assert.deepEqual(await client.call(getUsersMe, []), { token: "Bearer tok-3" });
  assert.equal(fake.grantsOf("client_credentials"), 3);
});

Deno.test("a 401 on a token older than the current one just retries, without a refresh", async () => {
  const fake = new FakePlatform();
  const client = clientFor(fake);
  const auth = await codeLogin(client);
  const held = gate();
  let first = true;
  fake.onApi = async (seen) => {
    if (first && seen.authorization === "Bearer tok-1") {
      first = false;
      await held.promise;
      return Response.json({ code: "bad.credentials" }, { status: 401 });
    }
    return undefined;
  };
  const call = client.call<{ token: string }>(getUsersMe, []);
  await new Promise((r) => setTimeout(r, 0));
  const next = await client.refreshCodeAuthorizationGrant(
    "client-id",
    "secret",
    auth.refreshToken!,
  );
  assert.equal(next.accessToken, "tok-2");
  held.open();
  assert.equal((await call).token, "tok-2");
  assert.equal(fake.grantsOf("refresh_token"), 1);
});

Deno.test("refreshAccessToken: false lets the 401 surface", async () => {
  const fake = new FakePlatform();
  const client = clientFor(fake, { refreshAccessToken: false });
  await codeLogin(client);
  fake.expireAll();
  await assert.rejects(client.call(getUsersMe, []), (e: unknown) => {
    assert.ok(e instanceof ApiError);
    assert.equal(e.status, 401);
    return true;
  });
  assert.equal(fake.grantsOf("refresh_token"), 0);
});

Deno.test("refresh tokens rotate: the second refresh uses the new refresh token", async () => {
  using clock = fakeClock();
  const fake = new FakePlatform();
  const client = clientFor(fake);
  await codeLogin(client);
  fake.expireAll();
  await client.call(getUsersMe, []);
  fake.expireAll();
  // A token obtained for a 401 is renewed again on a 401 only after 10 s.
  await assert.rejects(client.call(getUsersMe, []), ApiError);
  clock.advance(10_001);
  await client.call(getUsersMe, []);
  assert.deepEqual(
    fake.tokenRequests.map((r) => r.form.get("refresh_token")).filter(Boolean),
    ["rt-1", "rt-2"],
  );
  assert.equal(client.authData?.refreshToken, "rt-3");
  assert.equal(client.authData?.accessToken, "tok-3");
});

Deno.test("setAccessToken tokens have no renewal: a 401 surfaces without a token request", async () => {
  const fake = new FakePlatform();
  const client = clientFor(fake, { accessToken: "external" });
  assert.deepEqual(client.authData, { accessToken: "external" });
  await assert.rejects(client.call(getUsersMe, []), ApiError);
  assert.equal(fake.apiRequests[0].authorization, "Bearer external");
  assert.equal(fake.tokenRequests.length, 0);
});

Deno.test("token store: a second client reuses the stored client-credentials token", async () => {
  const fake = new FakePlatform();
  const store = new MemoryTokenStore();
  const a = clientFor(fake);
  const b = clientFor(fake);
  a.setTokenStore(store);
  b.setTokenStore(store);
  const first = await a.loginClientCredentialsGrant("cc-id", "cc-secret");
  const second = await b.loginClientCredentialsGrant("cc-id", "cc-secret");
  assert.equal(second.accessToken, first.accessToken);
  assert.equal(fake.grantsOf("client_credentials"), 1);
  assert.equal((await b.call<{ token: string }>(getUsersMe, [])).token, "tok-1");
  // Another client id does not share it.
  const c = clientFor(fake);
  c.setTokenStore(store);
  await c.loginClientCredentialsGrant("other-id", "cc-secret");
  assert.equal(fake.grantsOf("client_credentials"), 2);
});

Deno.test("token store: a login that reuses a stored token reports what is left of its lifetime, no refresh token", async () => {
  using clock = fakeClock();
  const fake = new FakePlatform();
  const store = new MemoryTokenStore();
  const a = clientFor(fake);
  const b = clientFor(fake);
  a.setTokenStore(store);
  b.setTokenStore(store);
  const first = await a.loginClientCredentialsGrant("cc-id", "cc-secret");
  assert.equal(first.expiresIn, 3600);
  clock.advance(600_500);
  const second = await b.loginClientCredentialsGrant("cc-id", "cc-secret");
  assert.deepEqual(second, {
    accessToken: first.accessToken,
    expiresIn: 2999,
    tokenExpiryTime: first.tokenExpiryTime,
    tokenExpiryTimeString: first.tokenExpiryTimeString,
  });
  assert.equal(fake.grantsOf("client_credentials"), 1);
  // An entry with no known expiry is reported as just the token (not its stored lifetime or
  // refresh token).
  const key = await clientCredentialsStoreKey("cc-id", "cc-secret", LOGIN);
  await store.set(key, { accessToken: "kept", expiresIn: 60, refreshToken: "r" });
  const third = await clientFor(fake, { tokenStore: store })
    .loginClientCredentialsGrant("cc-id", "cc-secret");
  assert.deepEqual(third, { accessToken: "kept" });
  assert.equal(fake.grantsOf("client_credentials"), 1);
});

Deno.test("token store: a 401 adopts the token another process already renewed", async () => {
  const fake = new FakePlatform();
  const store = new MemoryTokenStore();
  const a = clientFor(fake);
  const b = clientFor(fake);
  a.setTokenStore(store);
  b.setTokenStore(store);
  await a.loginClientCredentialsGrant("cc-id", "cc-secret");
  await b.loginClientCredentialsGrant("cc-id", "cc-secret");
  fake.expireAll();
  assert.equal((await a.call<{ token: string }>(getUsersMe, [])).token, "tok-2");
  assert.equal((await b.call<{ token: string }>(getUsersMe, [])).token, "tok-2");
  assert.equal(fake.grantsOf("client_credentials"), 2);
});

Deno.test("web storage store: restored by a new client, dropped once expired", async () => {
  using clock = fakeClock();
  const fake = new FakePlatform();
  const storage = new MapStorage();
  const first = clientFor(fake);
  first.setTokenStore(new WebStorageTokenStore(storage, "app:"), "token");
  await first.loginClientCredentialsGrant("cc-id", "cc-secret");
  const saved = JSON.parse(storage.getItem("app:token")!);
  assert.equal(saved.accessToken, "tok-1");
  assert.equal(saved.tokenExpiryTime, clock.now + 3600_000);

  const restored = clientFor(fake);
  restored.setTokenStore(new WebStorageTokenStore(storage, "app:"), "token");
  assert.equal((await restored.call<{ token: string }>(getUsersMe, [])).token, "tok-1");

  clock.advance(3600_000);
  const late = clientFor(fake);
  late.setTokenStore(new WebStorageTokenStore(storage, "app:"), "token");
  await assert.rejects(late.call(getUsersMe, []), ApiError);
  assert.equal(fake.apiRequests.at(-1)?.authorization, null);
  assert.equal(storage.getItem("app:token"), null);
  assert.equal(fake.tokenRequests.length, 1);
});

Deno.test("a broken store never fails a login", async () => {
  const fake = new FakePlatform();
  const client = clientFor(fake);
  client.setTokenStore({
    get: () => Promise.reject(new Error("store down")),
    set: () => Promise.reject(new Error("store down")),
    delete: () => Promise.reject(new Error("store down")),
  });
  await client.loginClientCredentialsGrant("cc-id", "cc-secret");
  assert.equal((await client.call<{ token: string }>(getUsersMe, [])).token, "tok-1");
});

Deno.test("logout outside a browser clears the token and the store entry", async () => {
  const fake = new FakePlatform();
  const store = new MemoryTokenStore();
  const client = clientFor(fake);
  client.setTokenStore(store, "k");
  await client.loginClientCredentialsGrant("cc-id", "cc-secret");
  assert.ok(await store.get("k"));
  await client.logout();
  assert.equal(await store.get("k"), undefined);
  await assert.rejects(client.call(getUsersMe, []), ApiError);
  assert.equal(fake.apiRequests.at(-1)?.authorization, null);
});
