/**
 * WebDeploymentJwt: revoke() sends its own JWT; a refresh the server refused
 * for good is not asked again (every call fails with that refusal).
 */

import assert from "node:assert/strict";
import { AuthError, type Endpoint, PlatformClient, WebDeploymentJwt } from "../../mod.ts";
import { API, fakeClock, FakePlatform, LOGIN, unsignedJwt } from "./_fake.ts";

const messagingOp: Endpoint = {
  name: "getWebmessagingMessages",
  method: "GET",
  path: "/api/v2/webmessaging/messages",
  params: [],
  auth: "webmessaging",
};

const oauth = (code: string) => ({ code, redirectUri: "https://shop/cb" });

Deno.test("revoke() of an older WebDeploymentJwt sends its own JWT, not the client's current one", async () => {
  const fake = new FakePlatform();
  let n = 0;
  const revoked: (string | null)[] = [];
  fake.onApi = (seen) => {
    const path = new URL(seen.url).pathname;
    if (path.endsWith("/oauthcodegrantjwtexchange")) {
      const jwt = unsignedJwt({ exp: Math.floor(Date.now() / 1000) + 3600, n: ++n });
      return Response.json({ jwt, refreshToken: `wd-rt-${n}` });
    }
    if (path.endsWith("/token/revoke")) {
      revoked.push(seen.authorization);
      return new Response(null, { status: 204 });
    }
    return Response.json({ ok: true });
  };
  const client = new PlatformClient({
    basePath: API,
    loginBasePath: LOGIN,
    transport: fake.transport,
  });
  const s1 = await WebDeploymentJwt.exchangeCode(client, { deploymentId: "d", oauth: oauth("c1") });
  const s2 = await WebDeploymentJwt.exchangeCode(client, { deploymentId: "d", oauth: oauth("c2") });
  const jwt1 = s1.jwt;
  await s1.revoke();
  assert.deepEqual(revoked, [`Bearer ${jwt1}`]);
  assert.equal(s1.jwt, undefined);
  await s1.revoke(); // already revoked: nothing sent
  assert.equal(revoked.length, 1);
  // The client still sends the current JWT.
  await client.call(messagingOp, []);
  assert.equal(fake.apiRequests.at(-1)!.authorization, `Bearer ${s2.jwt}`);
});

/** A fake web deployment API whose refresh always answers 401. */
function refusingApi(lifetimeS: number) {
  const fake = new FakePlatform();
  const counts = { refreshes: 0 };
  fake.onApi = (seen) => {
    const path = new URL(seen.url).pathname;
    if (path.endsWith("/oauthcodegrantjwtexchange")) {
      const jwt = unsignedJwt({ exp: Math.floor(Date.now() / 1000) + lifetimeS });
      return Response.json({ jwt, refreshToken: "wd-rt-secret" });
    }
    if (path.endsWith("/token/refresh")) {
      counts.refreshes++;
      return Response.json({ code: "bad.credentials", message: "refresh token expired" }, {
        status: 401,
      });
    }
    return Response.json({ ok: true });
  };
  return { fake, counts };
}

Deno.test("a refused web messaging refresh is not retried: every call gets the refusal", async () => {
  using clock = fakeClock(Math.floor(Date.now() / 1000) * 1000);
  const { fake, counts } = refusingApi(60);
  const client = new PlatformClient({
    basePath: API,
    loginBasePath: LOGIN,
    transport: fake.transport,
    liveReloadConfig: false,
  });
  const wd = await WebDeploymentJwt.exchangeCode(client, { deploymentId: "d", oauth: oauth("c") });
  clock.advance(61_000);
  const errors: unknown[] = [];
  for (let i = 0; i < 5; i++) await client.call(messagingOp, []).catch((e) => errors.push(e));
  assert.equal(counts.refreshes, 1);
  assert.equal(errors.length, 5);
  for (const e of errors) {
    assert.ok(e instanceof AuthError);
    assert.equal(e.status, 401);
    assert.ok(!e.message.includes("wd-rt-secret"));
    assert.equal(e, errors[0]);
  }
  await assert.rejects(wd.refresh(), (e: unknown) => e === errors[0]);
  assert.equal(counts.refreshes, 1);
  assert.equal(fake.apiRequests.filter((r) => r.url.endsWith("/webmessaging/messages")).length, 0);
});

Deno.test("a refresh refused ahead of expiry: the JWT is used until it expires, never refreshed again", async () => {
  using clock = fakeClock(Math.floor(Date.now() / 1000) * 1000);
  const { fake, counts } = refusingApi(600);
  const client = new PlatformClient({
    basePath: API,
    loginBasePath: LOGIN,
    transport: fake.transport,
    liveReloadConfig: false,
    tokenRenewalMargin: 60_000,
  });
  const wd = await WebDeploymentJwt.exchangeCode(client, { deploymentId: "d", oauth: oauth("c") });
  clock.advance(600_000 - 50_000); // within the margin: refreshed first, refused
  await client.call(messagingOp, []);
  clock.advance(40_000); // past the 30 s retry delay, still valid
  await client.call(messagingOp, []);
  assert.equal(counts.refreshes, 1);
  assert.equal(fake.apiRequests.at(-1)!.authorization, `Bearer ${wd.jwt}`);
  clock.advance(10_000); // expired
  await assert.rejects(client.call(messagingOp, []), AuthError);
  assert.equal(counts.refreshes, 1);
});
