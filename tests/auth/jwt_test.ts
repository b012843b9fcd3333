import assert from "node:assert/strict";
import { AuthError, type Endpoint, PlatformClient, WebDeploymentJwt } from "../../mod.ts";
import { API, fakeClock, unsignedJwt } from "./_fake.ts";

const guestOp: Endpoint = {
  name: "getWebchatGuestConversationMessages",
  method: "GET",
  path: "/api/v2/webchat/guest/conversations/{conversationId}/messages",
  params: [{ name: "conversationId", in: "path", required: true }],
  auth: "guest",
};

const messagingOp: Endpoint = {
  name: "getWebmessagingMessages",
  method: "GET",
  path: "/api/v2/webmessaging/messages",
  params: [],
  auth: "webmessaging",
};

const oauthOp: Endpoint = {
  name: "getUsersMe",
  method: "GET",
  path: "/api/v2/users/me",
  params: [],
};

interface Seen {
  method: string;
  path: string;
  authorization: string | null;
  body: string;
}

/** A fake API for web deployment tokens; JWTs live `lifetime` seconds. */
function webDeploymentApi(lifetime = 600) {
  const seen: Seen[] = [];
  let n = 0;
  const valid = new Set<string>();
  const refreshTokens = new Set<string>();
  const mint = () => {
    n++;
    const now = Math.floor(Date.now() / 1000);
    const jwt = unsignedJwt({ sub: `guest-${n}`, iat: now, exp: now + lifetime, n });
    valid.add(jwt);
    return jwt;
  };
  const transport = async (req: Request) => {
    const url = new URL(req.url);
    const body = await req.text();
    seen.push({
      method: req.method,
      path: url.pathname,
      authorization: req.headers.get("authorization"),
      body,
    });
    if (url.pathname.endsWith("/oauthcodegrantjwtexchange")) {
      const parsed = JSON.parse(body);
      if (parsed.oauth?.code !== "good-code") {
        return Response.json({
          code: "bad.request",
          message: `code ${parsed.oauth?.code} rejected`,
        }, { status: 400 });
      }
      const rt = `wd-rt-${n + 1}`;
      refreshTokens.add(rt);
      return Response.json({ jwt: mint(), refreshToken: rt });
    }
    if (url.pathname.endsWith("/token/refresh")) {
      const parsed = JSON.parse(body);
      if (!refreshTokens.has(parsed.refreshToken)) {
        return Response.json({
          code: "bad.request",
          message: `refresh token ${parsed.refreshToken} unknown`,
        }, { status: 400 });
      }
      return Response.json({ jwt: mint() });
    }
    const token = req.headers.get("authorization")?.replace(/^Bearer /, "") ?? "";
    if (url.pathname.endsWith("/token/revoke")) {
      valid.delete(token);
      return new Response(null, { status: 204 });
    }
    if (!valid.has(token)) return Response.json({ code: "bad.credentials" }, { status: 401 });
    return Response.json({ ok: true });
  };
  return { seen, transport, valid, refreshTokens };
}

Deno.test("guest JWT: sent to guest operations only; expiry read with decodeJwt fails fast", async () => {
  using clock = fakeClock();
  const seen: (string | null)[] = [];
  const client = new PlatformClient({
    basePath: API,
    accessToken: "oauth-token",
    transport: (req) => {
      seen.push(req.headers.get("authorization"));
      return Promise.resolve(Response.json({}));
    },
  });
  const jwt = unsignedJwt({ exp: Math.floor(clock.now / 1000) + 60 });
  client.setGuestToken(jwt);
  await client.call(guestOp, ["conv-1"]);
  await client.call(oauthOp, []);
  assert.deepEqual(seen, [`Bearer ${jwt}`, "Bearer oauth-token"]);
  clock.advance(60_000);
  await assert.rejects(client.call(guestOp, ["conv-1"]), (e: unknown) => {
    assert.ok(e instanceof AuthError);
    assert.equal(e.error, "guest_token_expired");
    assert.ok(!e.message.includes(jwt));
    return true;
  });
  assert.equal(seen.length, 2);
  // Values that are not JWTs are sent as they are.
  client.setGuestToken("opaque");
  await client.call(guestOp, ["conv-1"]);
  assert.equal(seen.at(-1), "Bearer opaque");
});

Deno.test("guest and web messaging JWTs set by the app: once expired, an AuthError naming which JWT and when", async () => {
  using clock = fakeClock();
  const seen: (string | null)[] = [];
  const client = new PlatformClient({
    basePath: API,
    transport: (req) => {
      seen.push(req.headers.get("authorization"));
      return Promise.resolve(Response.json({}));
    },
  });
  const exp = Math.floor(clock.now / 1000) + 60;
  const expiredAt = new Date(exp * 1000).toISOString();
  const guest = unsignedJwt({ exp });
  const messaging = unsignedJwt({ exp, sub: "messaging" });
  client.setGuestToken(guest);
  client.setWebMessagingToken(messaging);
  await client.call(guestOp, ["conv-1"]);
  await client.call(messagingOp, []);
  assert.deepEqual(seen, [`Bearer ${guest}`, `Bearer ${messaging}`]);
  clock.advance(60_000);
  await assert.rejects(client.call(guestOp, ["conv-1"]), (e: unknown) => {
    assert.ok(e instanceof AuthError);
    assert.equal(e.error, "guest_token_expired");
    assert.match(
      e.message,
      new RegExp(`the guest chat JWT expired at ${expiredAt}; start a new guest chat`),
    );
    assert.ok(!e.message.includes(guest));
    return true;
  });
  await assert.rejects(client.call(messagingOp, []), (e: unknown) => {
    assert.ok(e instanceof AuthError);
    assert.equal(e.error, "webmessaging_token_expired");
    assert.match(e.message, new RegExp(`the web messaging JWT expired at ${expiredAt}`));
    assert.ok(!e.message.includes("guest chat") && !e.message.includes(messaging));
    return true;
  });
  assert.equal(seen.length, 2);
});

Deno.test("web deployment JWT: code exchange, attached to web messaging operations only", async () => {
  const api = webDeploymentApi();
  const client = new PlatformClient({ basePath: API, transport: api.transport });
  const wd = await WebDeploymentJwt.exchangeCode(client, {
    deploymentId: "dep-1",
    oauth: { code: "good-code", redirectUri: "https://shop/cb", codeVerifier: "v".repeat(43) },
  });
  const exchange = api.seen[0];
  assert.equal(exchange.method, "POST");
  assert.equal(exchange.path, "/api/v2/webdeployments/token/oauthcodegrantjwtexchange");
  assert.equal(exchange.authorization, null);
  assert.deepEqual(JSON.parse(exchange.body), {
    deploymentId: "dep-1",
    oauth: { code: "good-code", redirectUri: "https://shop/cb", codeVerifier: "v".repeat(43) },
  });
  assert.equal(wd.refreshToken, "wd-rt-1");
  assert.ok(wd.expiresAt !== undefined && wd.expiresAt > Date.now());
  await client.call(messagingOp, []);
  assert.equal(api.seen[1].authorization, `Bearer ${wd.jwt}`);
  await assert.rejects(client.call(oauthOp, []));
  assert.equal(api.seen[2].authorization, null);
});

Deno.test("web deployment JWT: refreshed once before expiry, lazily, however many calls ask", async () => {
  // JWT times are whole seconds: start on one so the margins below are exact.
  using clock = fakeClock(Math.floor(Date.now() / 1000) * 1000);
  const api = webDeploymentApi(600);
  const client = new PlatformClient({
    basePath: API,
    transport: api.transport,
    tokenRenewalMargin: 60_000,
  });
  const wd = await WebDeploymentJwt.exchangeCode(client, {
    deploymentId: "dep-1",
    oauth: { code: "good-code", redirectUri: "https://shop/cb" },
  });
  const first = wd.jwt;
  clock.advance(600_000 - 60_001);
  await client.call(messagingOp, []);
  assert.equal(api.seen.filter((s) => s.path.endsWith("/refresh")).length, 0);
  clock.advance(2);
  await Promise.all(Array.from({ length: 50 }, () => client.call(messagingOp, [])));
  const refreshes = api.seen.filter((s) => s.path.endsWith("/token/refresh"));
  assert.equal(refreshes.length, 1);
  assert.deepEqual(JSON.parse(refreshes[0].body), {
    deploymentId: "dep-1",
    refreshToken: "wd-rt-1",
  });
  assert.equal(refreshes[0].authorization, null);
  assert.notEqual(wd.jwt, first);
  const calls = api.seen.filter((s) => s.path === "/api/v2/webmessaging/messages");
  assert.ok(calls.slice(1).every((s) => s.authorization === `Bearer ${wd.jwt}`));
});

Deno.test("web deployment JWT: a 401 refreshes once; revoke detaches it", async () => {
  const api = webDeploymentApi();
  const client = new PlatformClient({ basePath: API, transport: api.transport });
  const wd = await WebDeploymentJwt.exchangeCode(client, {
    deploymentId: "dep-1",
    oauth: { code: "good-code", redirectUri: "https://shop/cb" },
  });
  api.valid.clear();
  await Promise.all(Array.from({ length: 20 }, () => client.call(messagingOp, [])));
  assert.equal(api.seen.filter((s) => s.path.endsWith("/token/refresh")).length, 1);
  const jwt = wd.jwt;
  await wd.revoke();
  const revoke = api.seen.at(-1)!;
  assert.equal(revoke.method, "DELETE");
  assert.equal(revoke.path, "/api/v2/webdeployments/token/revoke");
  assert.equal(revoke.authorization, `Bearer ${jwt}`);
  await assert.rejects(client.call(messagingOp, []));
  assert.equal(api.seen.at(-1)!.authorization, null);
});

Deno.test("web deployment JWT: failures are AuthErrors without the code or refresh token", async () => {
  const api = webDeploymentApi();
  const client = new PlatformClient({ basePath: API, transport: api.transport });
  await assert.rejects(
    WebDeploymentJwt.exchangeCode(client, {
      deploymentId: "dep-1",
      oauth: { code: "secret-code-123", redirectUri: "https://shop/cb" },
    }),
    (e: unknown) => {
      assert.ok(e instanceof AuthError);
      assert.equal(e.error, "bad.request");
      assert.equal(e.status, 400);
      for (const text of [e.message, String(e), JSON.stringify(e)]) {
        assert.ok(!text.includes("secret-code-123"), text);
      }
      return true;
    },
  );
  await assert.rejects(
    WebDeploymentJwt.fromRefreshToken(client, "dep-1", "stolen-refresh-999"),
    (e: unknown) => {
      assert.ok(e instanceof AuthError);
      for (const text of [e.message, String(e), JSON.stringify(e)]) {
        assert.ok(!text.includes("stolen-refresh-999"), text);
      }
      return true;
    },
  );
  api.refreshTokens.add("kept-rt");
  const resumed = await WebDeploymentJwt.fromRefreshToken(client, "dep-1", "kept-rt");
  await client.call(messagingOp, []);
  assert.equal(api.seen.at(-1)!.authorization, `Bearer ${resumed.jwt}`);
});
