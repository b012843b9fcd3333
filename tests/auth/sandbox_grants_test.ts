/** Every grant and the token lifecycle against the local sandbox, asserting the bytes sent. */

import assert from "node:assert/strict";
import {
  AuthError,
  type Endpoint,
  PlatformClient,
  TokenRefreshTimeoutError,
  TokenRequestError,
  WebDeploymentJwt,
  WebMessagingApi,
} from "../../mod.ts";
import { type RecordedRequest, type Sandbox, startSandbox } from "../../tools/sandbox/mod.ts";
import { fakeClock } from "./_fake.ts";

const getTokensMe: Endpoint = {
  name: "getTokensMe",
  method: "GET",
  path: "/api/v2/tokens/me",
  params: [],
};

const REDIRECT = "http://127.0.0.1:3000/callback";

function tokenRequests(sandbox: Sandbox): RecordedRequest[] {
  return sandbox.requests.filter((r) => r.method === "POST" && r.path === "/oauth/token");
}

function basic(id: string, secret: string): string {
  return `Basic ${btoa(`${id}:${secret}`)}`;
}

/** Runs `/oauth/authorize` like a browser would and returns the code from the redirect. */
async function authorizeCode(
  sandbox: Sandbox,
  clientId: string,
  extra: Record<string, string> = {},
): Promise<string> {
  const query = new URLSearchParams({
    client_id: clientId,
    redirect_uri: REDIRECT,
    response_type: "code",
    ...extra,
  });
  const res = await fetch(`${sandbox.url}/oauth/authorize?${query}`, { redirect: "manual" });
  await res.body?.cancel();
  assert.equal(res.status, 302);
  const code = new URL(res.headers.get("location")!).searchParams.get("code");
  assert.ok(code);
  return code;
}

function assertFormRequest(r: RecordedRequest, sandbox: Sandbox) {
  assert.equal(r.url, `${sandbox.url}/oauth/token`);
  assert.equal(r.headers.get("content-type"), "application/x-www-form-urlencoded");
  assert.equal(r.headers.get("accept"), "application/json");
}

Deno.test("sandbox: client credentials grant sends Basic auth and grant_type only", async () => {
  await using sandbox = await startSandbox();
  const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
  const client = new PlatformClient(sandbox.clientOptions);
  const auth = await client.loginClientCredentialsGrant(clientId, clientSecret);
  const [r] = tokenRequests(sandbox);
  assertFormRequest(r, sandbox);
  assert.equal(r.headers.get("authorization"), basic(clientId, clientSecret));
  assert.equal(r.body, "grant_type=client_credentials");
  assert.equal(auth.expiresIn, 86400);
  assert.ok(auth.accessToken.length > 20);
  const info = await client.call<{ OAuthClient: { id: string } }>(getTokensMe, []);
  assert.equal(info.OAuthClient.id, clientId);
  const api = sandbox.requests.at(-1)!;
  assert.equal(api.headers.get("authorization"), `Bearer ${auth.accessToken}`);
});

Deno.test("sandbox: a wrong secret is a TokenRequestError that does not contain it", async () => {
  await using sandbox = await startSandbox();
  const { clientId } = sandbox.credentials.confidentialClient;
  const client = new PlatformClient(sandbox.clientOptions);
  const wrong = "wr0ng-s3cret-value";
  await assert.rejects(client.loginClientCredentialsGrant(clientId, wrong), (e: unknown) => {
    assert.ok(e instanceof TokenRequestError);
    assert.equal(e.error, "invalid_client");
    assert.equal(e.status, 401);
    for (const t of [e.message, String(e), JSON.stringify(e)]) {
      assert.ok(!t.includes(wrong));
      assert.ok(!t.includes(btoa(`${clientId}:${wrong}`)));
    }
    return true;
  });
});

Deno.test("sandbox: SAML2 bearer grant form (assertion with + and / encoded)", async () => {
  await using sandbox = await startSandbox();
  const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
  const { orgName, assertion } = sandbox.credentials.saml;
  const client = new PlatformClient(sandbox.clientOptions);
  await client.loginSaml2BearerGrant(clientId, clientSecret, orgName, assertion);
  const [r] = tokenRequests(sandbox);
  assertFormRequest(r, sandbox);
  assert.equal(r.headers.get("authorization"), basic(clientId, clientSecret));
  assert.equal(
    r.body,
    "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Asaml2-bearer" +
      `&orgName=${encodeURIComponent(orgName)}` +
      `&assertion=${encodeURIComponent(assertion).replace(/%20/g, "+")}`,
  );
  assert.equal(new URLSearchParams(r.body).get("assertion"), assertion);
  await client.call(getTokensMe, []);
  await assert.rejects(
    client.loginSaml2BearerGrant(clientId, clientSecret, orgName, "bm90LWEtdmFsaWQtYXNzZXJ0aW9u"),
    (e: unknown) => {
      assert.ok(e instanceof TokenRequestError);
      assert.equal(e.error, "invalid_grant");
      assert.ok(!e.message.includes("bm90LWEtdmFsaWQtYXNzZXJ0aW9u"));
      return true;
    },
  );
});

Deno.test("sandbox: authorization code grant, then refresh with the rotated refresh token", async () => {
  await using sandbox = await startSandbox();
  const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
  const client = new PlatformClient({ ...sandbox.clientOptions, refreshAccessToken: false });
  const code = await authorizeCode(sandbox, clientId);
  const auth = await client.loginCodeAuthorizationGrant(clientId, clientSecret, code, REDIRECT);
  const [login] = tokenRequests(sandbox);
  assertFormRequest(login, sandbox);
  assert.equal(login.headers.get("authorization"), basic(clientId, clientSecret));
  assert.equal(
    login.body,
    `grant_type=authorization_code&code=${encodeURIComponent(code)}` +
      `&redirect_uri=${encodeURIComponent(REDIRECT)}`,
  );
  assert.ok(auth.refreshToken);
  assert.equal(typeof auth.tokenExpiryTime, "number");
  const next = await client.refreshCodeAuthorizationGrant(
    clientId,
    clientSecret,
    auth.refreshToken,
  );
  const refresh = tokenRequests(sandbox)[1];
  assertFormRequest(refresh, sandbox);
  assert.equal(refresh.headers.get("authorization"), basic(clientId, clientSecret));
  assert.equal(
    refresh.body,
    `grant_type=refresh_token&refresh_token=${encodeURIComponent(auth.refreshToken)}`,
  );
  assert.notEqual(next.accessToken, auth.accessToken);
  assert.notEqual(next.refreshToken, auth.refreshToken);
  await client.call(getTokensMe, []);
  assert.equal(sandbox.requests.at(-1)!.headers.get("authorization"), `Bearer ${next.accessToken}`);
  // The used refresh token was rotated out: reusing it fails without leaking it.
  await assert.rejects(
    client.refreshCodeAuthorizationGrant(clientId, clientSecret, auth.refreshToken),
    (e: unknown) => {
      assert.ok(e instanceof TokenRequestError);
      assert.equal(e.error, "invalid_grant");
      assert.ok(!JSON.stringify(e).includes(auth.refreshToken!));
      assert.ok(!e.message.includes(auth.refreshToken!));
      return true;
    },
  );
});

Deno.test("sandbox: PKCE code exchange sends client_id and code_verifier, no Basic auth", async () => {
  await using sandbox = await startSandbox();
  const { clientId } = sandbox.credentials.publicClient;
  const client = new PlatformClient(sandbox.clientOptions);
  const verifier = client.generatePKCECodeVerifier(64);
  const challenge = await client.computePKCECodeChallenge(verifier);
  const code = await authorizeCode(sandbox, clientId, {
    code_challenge: challenge,
    code_challenge_method: "S256",
  });
  const auth = await client.authorizePKCEGrant(clientId, verifier, code, REDIRECT);
  const [r] = tokenRequests(sandbox);
  assertFormRequest(r, sandbox);
  assert.equal(r.headers.get("authorization"), null);
  assert.equal(
    r.body,
    new URLSearchParams({
      grant_type: "authorization_code",
      code,
      code_verifier: verifier,
      client_id: clientId,
      redirect_uri: REDIRECT,
    }).toString(),
  );
  assert.equal(auth.refreshToken, undefined);
  await client.call(getTokensMe, []);
  // A wrong verifier is refused and not echoed.
  const code2 = await authorizeCode(sandbox, clientId, {
    code_challenge: challenge,
    code_challenge_method: "S256",
  });
  const wrong = client.generatePKCECodeVerifier(64);
  await assert.rejects(
    client.authorizePKCEGrant(clientId, wrong, code2, REDIRECT),
    (e: unknown) => {
      assert.ok(e instanceof TokenRequestError);
      assert.equal(e.error, "invalid_grant");
      assert.ok(!e.message.includes(wrong) && !e.message.includes(code2));
      return true;
    },
  );
});

Deno.test("sandbox: 1,000 concurrent calls after the token was invalidated: one refresh, all succeed", async () => {
  await using sandbox = await startSandbox({ recordRequests: false });
  const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
  const client = new PlatformClient({ ...sandbox.clientOptions, timeoutMs: 60_000 });
  const code = await authorizeCode(sandbox, clientId);
  await client.loginCodeAuthorizationGrant(clientId, clientSecret, code, REDIRECT);
  sandbox.expireTokens();
  const results = await Promise.allSettled(
    Array.from({ length: 1000 }, () => client.call(getTokensMe, [])),
  );
  const failed = results.filter((r) => r.status === "rejected");
  assert.equal(failed.length, 0, String((failed[0] as PromiseRejectedResult)?.reason));
  assert.equal(sandbox.counters.tokenRequests["refresh_token"], 1);
  assert.equal(sandbox.counters.tokenRequests["authorization_code"], 1);
});

Deno.test("sandbox: a refused refresh rejects every waiting call with the same error", async () => {
  await using sandbox = await startSandbox();
  const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
  const client = new PlatformClient(sandbox.clientOptions);
  const code = await authorizeCode(sandbox, clientId);
  const auth = await client.loginCodeAuthorizationGrant(clientId, clientSecret, code, REDIRECT);
  sandbox.expireTokens();
  sandbox.revokeRefreshTokens();
  const results = await Promise.allSettled(
    Array.from({ length: 100 }, () => client.call(getTokensMe, [])),
  );
  const errors = results.map((r) => (r as PromiseRejectedResult).reason);
  assert.ok(errors[0] instanceof TokenRequestError);
  assert.equal(errors[0].error, "invalid_grant");
  assert.ok(errors.every((e) => e === errors[0]));
  assert.ok(!errors[0].message.includes(auth.refreshToken!));
  assert.equal(sandbox.counters.tokenRequests["refresh_token"], 1);
  // No loop: the next call made with that token gets the same error, no new refresh.
  await assert.rejects(client.call(getTokensMe, []), (e: unknown) => e === errors[0]);
  assert.equal(sandbox.counters.tokenRequests["refresh_token"], 1);
});

Deno.test("sandbox: calls waiting longer than refreshTokenWaitMax fail; the refresh still lands", async () => {
  await using sandbox = await startSandbox();
  const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
  const client = new PlatformClient({ ...sandbox.clientOptions, refreshTokenWaitMax: 50 });
  await client.loginClientCredentialsGrant(clientId, clientSecret);
  sandbox.expireTokens();
  sandbox.faults.add({ path: "/oauth/token", method: "POST", latencyMs: 400, times: 1 });
  const results = await Promise.allSettled(
    Array.from({ length: 10 }, () => client.call(getTokensMe, [])),
  );
  for (const r of results) {
    assert.equal(r.status, "rejected");
    assert.ok((r as PromiseRejectedResult).reason instanceof TokenRefreshTimeoutError);
  }
  // A later call joins the same refresh (it may time out too) until it lands.
  let ok = false;
  for (let i = 0; i < 40 && !ok; i++) {
    ok = await client.call(getTokensMe, []).then(() => true, (e) => {
      if (!(e instanceof TokenRefreshTimeoutError)) throw e;
      return false;
    });
  }
  assert.ok(ok);
  assert.equal(sandbox.counters.tokenRequests["client_credentials"], 2);
});

Deno.test("sandbox: client credentials renewed before expiry (tokenRenewalMargin), once", async () => {
  using clock = fakeClock();
  await using sandbox = await startSandbox({ tokenLifetimeSeconds: 3600 });
  const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
  const client = new PlatformClient({ ...sandbox.clientOptions, tokenRenewalMargin: 300_000 });
  const first = await client.loginClientCredentialsGrant(clientId, clientSecret);
  clock.advance(3_600_000 - 299_000);
  await Promise.all(Array.from({ length: 20 }, () => client.call(getTokensMe, [])));
  assert.equal(sandbox.counters.tokenRequests["client_credentials"], 2);
  const used = new Set(
    sandbox.requests.filter((r) => r.path === "/api/v2/tokens/me").map((r) =>
      r.headers.get("authorization")
    ),
  );
  assert.equal(used.size, 1);
  assert.ok(!used.has(`Bearer ${first.accessToken}`));
});

Deno.test("sandbox: web deployment JWT exchange, refresh and revoke", async () => {
  await using sandbox = await startSandbox();
  const client = new PlatformClient(sandbox.clientOptions);
  const { deploymentId } = sandbox.credentials.webDeployment;
  const wd = await WebDeploymentJwt.exchangeCode(client, {
    deploymentId,
    oauth: { code: "idp-code", redirectUri: "https://shop.example/cb" },
  });
  const exchange = sandbox.requests.at(-1)!;
  assert.equal(exchange.path, "/api/v2/webdeployments/token/oauthcodegrantjwtexchange");
  assert.deepEqual(JSON.parse(exchange.body), {
    deploymentId,
    oauth: { code: "idp-code", redirectUri: "https://shop.example/cb" },
  });
  assert.ok(wd.expiresAt && wd.expiresAt > Date.now());
  const before = wd.jwt;
  await wd.refresh();
  const refresh = sandbox.requests.at(-1)!;
  assert.equal(refresh.path, "/api/v2/webdeployments/token/refresh");
  assert.deepEqual(JSON.parse(refresh.body), { deploymentId, refreshToken: wd.refreshToken });
  assert.notEqual(wd.jwt, before);
  const jwt = wd.jwt;
  // Web messaging operations carry the deployment JWT; the sandbox accepts only that.
  const page = await new WebMessagingApi(client).getWebmessagingMessages({ pageSize: 5 });
  assert.deepEqual([page.entities, page.pageSize, page.pageNumber, page.total], [[], 5, 1, 0]);
  const list = sandbox.requests.at(-1)!;
  assert.equal(`${list.method} ${list.path}`, "GET /api/v2/webmessaging/messages");
  assert.equal(list.headers.get("authorization"), `Bearer ${jwt}`);
  const apiToken = await fetch(`${sandbox.url}/api/v2/webmessaging/messages`, {
    headers: { authorization: `Bearer ${before}x` },
  });
  await apiToken.body?.cancel();
  assert.equal(apiToken.status, 401);
  await wd.revoke();
  const revoke = sandbox.requests.at(-1)!;
  assert.equal(revoke.method, "DELETE");
  assert.equal(revoke.headers.get("authorization"), `Bearer ${jwt}`);
  await assert.rejects(wd.refresh(), AuthError);
});

Deno.test("sandbox: guest chat JWT goes to guest operations", async () => {
  await using sandbox = await startSandbox();
  const client = new PlatformClient(sandbox.clientOptions);
  const { organizationId, deploymentId, queueName } = sandbox.credentials.webChat;
  const createChat: Endpoint = {
    name: "postWebchatGuestConversations",
    method: "POST",
    path: "/api/v2/webchat/guest/conversations",
    params: [{ name: "body", in: "body", required: true }],
    auth: "none",
  };
  const listMessages: Endpoint = {
    name: "getWebchatGuestConversationMessages",
    method: "GET",
    path: "/api/v2/webchat/guest/conversations/{conversationId}/messages",
    params: [{ name: "conversationId", in: "path", required: true }],
    auth: "guest",
  };
  const chat = await client.call<{ id: string; jwt: string }>(createChat, [{
    organizationId,
    deploymentId,
    routingTarget: { targetType: "QUEUE", targetAddress: queueName },
    memberInfo: { displayName: "Guest" },
  }]);
  assert.equal(sandbox.requests.at(-1)!.headers.get("authorization"), null);
  client.setGuestToken(chat.jwt);
  const page = await client.call<{ entities: unknown[] }>(listMessages, [chat.id]);
  assert.ok(Array.isArray(page.entities));
  assert.equal(sandbox.requests.at(-1)!.headers.get("authorization"), `Bearer ${chat.jwt}`);
});
