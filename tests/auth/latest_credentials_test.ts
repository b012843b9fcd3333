/**
 * The latest credentials win: a renewal answered (or failed) after a newer
 * login, setAccessToken or logout is not applied nor stored; a login answered
 * after a later one started is not applied. Refresh tokens are kept when a
 * refresh answers without a new one.
 */

import assert from "node:assert/strict";
import { MemoryTokenStore, PlatformClient, TokenRequestError } from "../../mod.ts";
import { API, fakeClock, FakePlatform, gate, getUsersMe, LOGIN } from "./_fake.ts";

function clientFor(fake: FakePlatform, extra: Record<string, unknown> = {}) {
  return new PlatformClient({
    basePath: API,
    loginBasePath: LOGIN,
    transport: fake.transport,
    liveReloadConfig: false,
    ...extra,
  });
}

const basic = (id: string, secret: string) => `Basic ${btoa(`${id}:${secret}`)}`;
const tick = () => new Promise((r) => setTimeout(r, 0));

/** Holds back the token answers for `id:secret` until the gate opens. */
function holdFor(fake: FakePlatform, id: string, secret: string, answer = fake.grant.bind(fake)) {
  const held = gate();
  fake.onToken = async (seen) => {
    if (seen.headers.get("authorization") === basic(id, secret)) {
      await held.promise;
      return answer(seen);
    }
    return fake.grant(seen);
  };
  return held;
}

Deno.test("a renewal answered after a newer login is not applied", async () => {
  using clock = fakeClock();
  const fake = new FakePlatform();
  const client = clientFor(fake);
  await client.loginClientCredentialsGrant("old-id", "old-secret");
  clock.advance(3600_000 + 1);
  const held = holdFor(fake, "old-id", "old-secret");
  const call = client.call<{ token: string }>(getUsersMe, []); // renews with the old credentials
  await tick();
  const fresh = await client.loginClientCredentialsGrant("new-id", "new-secret");
  held.open();
  assert.equal((await call).token, fresh.accessToken);
  assert.equal((await client.call<{ token: string }>(getUsersMe, [])).token, fresh.accessToken);
  clock.advance(3600_000 + 1);
  await client.call(getUsersMe, []);
  assert.equal(
    fake.tokenRequests.at(-1)!.headers.get("authorization"),
    basic("new-id", "new-secret"),
  );
});

Deno.test("a renewal refused after a newer login neither fails the calls nor drops the login", async () => {
  using clock = fakeClock();
  const fake = new FakePlatform();
  const client = clientFor(fake);
  await client.loginClientCredentialsGrant("old-id", "old-secret");
  clock.advance(3600_000 + 1);
  const refused = () => Response.json({ error: "invalid_client" }, { status: 401 });
  const held = holdFor(fake, "old-id", "old-secret", refused);
  const call = client.call<{ token: string }>(getUsersMe, []);
  await tick();
  const fresh = await client.loginClientCredentialsGrant("new-id", "new-secret");
  held.open();
  assert.equal((await call).token, fresh.accessToken);
  clock.advance(3600_000 + 1);
  assert.equal((await client.call<{ token: string }>(getUsersMe, [])).token, "tok-3");
});

Deno.test("a renewal answered after setAccessToken is not applied", async () => {
  using clock = fakeClock();
  const fake = new FakePlatform();
  const client = clientFor(fake);
  await client.loginClientCredentialsGrant("id", "secret");
  clock.advance(3600_000 + 1);
  const held = holdFor(fake, "id", "secret");
  const call = client.call(getUsersMe, []);
  await tick();
  fake.valid.add("app-token");
  client.setAccessToken("app-token");
  held.open();
  await call;
  assert.equal((await client.call<{ token: string }>(getUsersMe, [])).token, "app-token");
});

Deno.test("a renewal answered after logout is not applied nor stored", async () => {
  using clock = fakeClock();
  const fake = new FakePlatform();
  const store = new MemoryTokenStore();
  const client = clientFor(fake);
  client.setTokenStore(store, "k");
  await client.loginCodeAuthorizationGrant("id", "s", "code", "https://app/cb");
  clock.advance(3600_000 + 1);
  const held = holdFor(fake, "id", "s");
  const pending = client.call(getUsersMe, []).catch((e) => e);
  await tick();
  await client.logout();
  held.open();
  await pending;
  assert.equal(fake.tokenRequests.length, 2); // the refresh did get an answer...
  assert.equal(await store.get("k"), undefined); // ...which was not stored
  await assert.rejects(client.call(getUsersMe, []));
  assert.equal(fake.apiRequests.at(-1)!.authorization, null); // nor used
});

Deno.test("a failed login leaves the renewal of the credentials in use alone", async () => {
  using clock = fakeClock();
  const fake = new FakePlatform();
  const client = clientFor(fake);
  await client.loginClientCredentialsGrant("id", "secret");
  clock.advance(3600_000 + 1);
  const held = gate();
  fake.onToken = async (seen) => {
    if (seen.headers.get("authorization") !== basic("id", "secret")) {
      return Response.json({ error: "invalid_client" }, { status: 401 });
    }
    await held.promise;
    return fake.grant(seen);
  };
  const call = client.call<{ token: string }>(getUsersMe, []);
  await tick();
  await assert.rejects(client.loginClientCredentialsGrant("id", "typo"), TokenRequestError);
  held.open();
  assert.equal((await call).token, "tok-2");
  assert.equal(fake.tokenRequests.length, 3);
});

Deno.test("a login answered after a later login started is not applied", async () => {
  const fake = new FakePlatform();
  const client = clientFor(fake);
  const held = holdFor(fake, "first", "s");
  const first = client.loginClientCredentialsGrant("first", "s");
  await tick();
  const second = await client.loginClientCredentialsGrant("second", "s");
  held.open();
  assert.equal((await first).accessToken, "tok-2"); // the caller still gets its token
  assert.equal((await client.call<{ token: string }>(getUsersMe, [])).token, second.accessToken);
});

Deno.test("a refresh answered without a new refresh token keeps the previous one", async () => {
  using clock = fakeClock();
  const fake = new FakePlatform();
  let n = 0;
  fake.onToken = () => {
    const access = `t${++n}`;
    fake.valid.add(access);
    return Response.json({
      access_token: access,
      expires_in: 60,
      ...(n === 1 ? { refresh_token: "rt-orig" } : {}),
    });
  };
  const store = new MemoryTokenStore();
  const client = clientFor(fake, { refreshAccessToken: false });
  client.setTokenStore(store, "k");
  const first = await client.loginCodeAuthorizationGrant("id", "s", "code", "https://app/cb");
  assert.equal(first.refreshToken, "rt-orig");
  const next = await client.refreshCodeAuthorizationGrant("id", "s", "rt-orig");
  assert.equal(next.refreshToken, "rt-orig");
  assert.equal((await store.get("k"))?.refreshToken, "rt-orig");

  // The same for a renewal the client makes by itself.
  const auto = clientFor(fake);
  const autoStore = new MemoryTokenStore();
  auto.setTokenStore(autoStore, "auto");
  await auto.refreshCodeAuthorizationGrant("id", "s", "rt-orig");
  clock.advance(61_000);
  await auto.call(getUsersMe, []);
  assert.equal(fake.tokenRequests.at(-1)!.form.get("refresh_token"), "rt-orig");
  assert.deepEqual(await autoStore.get("auto"), {
    accessToken: "t4",
    tokenExpiryTime: clock.now + 60_000,
    expiresIn: 60,
    refreshToken: "rt-orig",
  });
});
