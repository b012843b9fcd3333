import assert from "node:assert/strict";
import { startSandbox } from "../../tools/sandbox/mod.ts";
import { api, basic, call, redirectParams, s256, tokenCall } from "./_helpers.ts";

const VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-sandbox-verifier";
const SAML = "urn:ietf:params:oauth:grant-type:saml2-bearer";

function assertOAuthError(
  r: { status: number; json: Record<string, string> },
  status: number,
  error: string,
) {
  assert.equal(r.status, status, JSON.stringify(r.json));
  assert.equal(r.json.error, error);
  assert.equal(typeof r.json.description, "string");
  assert.equal(r.json.error_description, r.json.description);
}

Deno.test("client_credentials: success body, wire and counters", async () => {
  await using sb = await startSandbox({ tokenLifetimeSeconds: 3600 });
  const { clientId, clientSecret } = sb.credentials.confidentialClient;
  const r = await tokenCall(
    sb,
    { grant_type: "client_credentials" },
    basic(clientId, clientSecret),
  );
  assert.equal(r.status, 200);
  assert.deepEqual(Object.keys(r.json).sort(), ["access_token", "expires_in", "token_type"]);
  assert.equal(r.json.token_type, "bearer");
  assert.equal(r.json.expires_in, 3600);
  assert.equal(r.json.access_token.split(".").length, 3);
  assert.equal(r.headers.get("cache-control"), "no-store");
  assert.equal(sb.counters.tokenRequests.client_credentials, 1);
  assert.equal(sb.counters.tokensIssued.client_credentials, 1);
  const me = await api(sb, r.json.access_token, "/api/v2/tokens/me");
  assert.equal(me.status, 200);
  assert.equal(me.json.OAuthClient.id, clientId);
  assert.equal(me.json.OAuthClient.authorizedGrantType, "CLIENT-CREDENTIALS");
});

Deno.test("client_credentials: failures", async () => {
  await using sb = await startSandbox({
    clients: [{ clientId: "code-only", clientSecret: "s", grants: ["code"], redirectUris: [] }],
  });
  const { clientId, clientSecret } = sb.credentials.confidentialClient;
  assertOAuthError(
    await tokenCall(sb, { grant_type: "client_credentials" }),
    401,
    "invalid_client",
  );
  assertOAuthError(
    await tokenCall(sb, { grant_type: "client_credentials" }, basic(clientId, "wrong")),
    401,
    "invalid_client",
  );
  assertOAuthError(
    await tokenCall(sb, { grant_type: "client_credentials" }, basic("nobody", clientSecret)),
    401,
    "invalid_client",
  );
  assertOAuthError(
    await tokenCall(sb, { grant_type: "client_credentials" }, basic("code-only", "s")),
    400,
    "unauthorized_client",
  );
  assertOAuthError(
    await tokenCall(sb, { grant_type: "password" }, basic(clientId, clientSecret)),
    400,
    "unsupported_grant_type",
  );
  assertOAuthError(await tokenCall(sb, {}, basic(clientId, clientSecret)), 400, "invalid_request");
  // A body that is not form-encoded is refused.
  const wrongType = await call(`${sb.url}/oauth/token`, {
    method: "POST",
    headers: { authorization: basic(clientId, clientSecret), "content-type": "application/json" },
    body: JSON.stringify({ grant_type: "client_credentials" }),
  });
  assertOAuthError(wrongType, 400, "invalid_request");
  assert.equal(sb.counters.tokensIssued.client_credentials, undefined);
  assert.equal(sb.counters.tokenRequests.client_credentials, 4);
  assert.equal(sb.counters.tokenRequests[""], 2);
});

async function authorizeCode(
  sb: Awaited<ReturnType<typeof startSandbox>>,
  clientId: string,
  redirectUri: string,
  extra: Record<string, string> = {},
) {
  const q = new URLSearchParams({
    client_id: clientId,
    response_type: "code",
    redirect_uri: redirectUri,
    ...extra,
  });
  const r = await call(`${sb.url}/oauth/authorize?${q}`);
  assert.equal(r.status, 302);
  return redirectParams(r.headers.get("location")!, false);
}

Deno.test("authorization_code (confidential) and refresh_token rotation", async () => {
  await using sb = await startSandbox();
  const { clientId, clientSecret, redirectUris } = sb.credentials.confidentialClient;
  const redirectUri = redirectUris[0];
  const params = await authorizeCode(sb, clientId, redirectUri, { state: "xyz" });
  assert.equal(params.get("state"), "xyz");
  const code = params.get("code")!;
  assert.ok(code);

  // Wrong redirect_uri, then the code is spent.
  assertOAuthError(
    await tokenCall(
      sb,
      { grant_type: "authorization_code", code, redirect_uri: "http://evil.example/cb" },
      basic(clientId, clientSecret),
    ),
    400,
    "invalid_grant",
  );
  assertOAuthError(
    await tokenCall(
      sb,
      { grant_type: "authorization_code", code, redirect_uri: redirectUri },
      basic(clientId, clientSecret),
    ),
    400,
    "invalid_grant",
  );

  const code2 = (await authorizeCode(sb, clientId, redirectUri)).get("code")!;
  assertOAuthError(
    await tokenCall(sb, {
      grant_type: "authorization_code",
      code: code2,
      redirect_uri: redirectUri,
    }),
    401,
    "invalid_client",
  );
  const code3 = (await authorizeCode(sb, clientId, redirectUri)).get("code")!;
  const ok = await tokenCall(
    sb,
    { grant_type: "authorization_code", code: code3, redirect_uri: redirectUri },
    basic(clientId, clientSecret),
  );
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.token_type, "bearer");
  assert.equal(typeof ok.json.refresh_token, "string");
  const me = await api(sb, ok.json.access_token, "/api/v2/users/me");
  assert.equal(me.status, 200);
  assert.equal(me.json.id, sb.credentials.user.id);

  // Refresh: new tokens, old refresh token invalidated.
  const refreshed = await tokenCall(
    sb,
    { grant_type: "refresh_token", refresh_token: ok.json.refresh_token },
    basic(clientId, clientSecret),
  );
  assert.equal(refreshed.status, 200);
  assert.notEqual(refreshed.json.refresh_token, ok.json.refresh_token);
  assert.notEqual(refreshed.json.access_token, ok.json.access_token);
  assertOAuthError(
    await tokenCall(
      sb,
      { grant_type: "refresh_token", refresh_token: ok.json.refresh_token },
      basic(clientId, clientSecret),
    ),
    400,
    "invalid_grant",
  );
  assertOAuthError(
    await tokenCall(sb, { grant_type: "refresh_token" }, basic(clientId, clientSecret)),
    400,
    "invalid_request",
  );
  assertOAuthError(
    await tokenCall(sb, {
      grant_type: "refresh_token",
      refresh_token: refreshed.json.refresh_token,
    }),
    401,
    "invalid_client",
  );
  sb.revokeRefreshTokens();
  assertOAuthError(
    await tokenCall(
      sb,
      { grant_type: "refresh_token", refresh_token: refreshed.json.refresh_token },
      basic(clientId, clientSecret),
    ),
    400,
    "invalid_grant",
  );
  assert.equal(sb.counters.tokensIssued.refresh_token, 1);
});

Deno.test("authorization_code with PKCE: verifier checked against the S256 challenge", async () => {
  await using sb = await startSandbox();
  const { clientId, redirectUris } = sb.credentials.publicClient;
  const redirectUri = redirectUris[0];
  const challenge = await s256(VERIFIER);
  const pkce = { code_challenge: challenge, code_challenge_method: "S256" };

  const bad = (await authorizeCode(sb, clientId, redirectUri, pkce)).get("code")!;
  assertOAuthError(
    await tokenCall(sb, {
      grant_type: "authorization_code",
      code: bad,
      client_id: clientId,
      redirect_uri: redirectUri,
      code_verifier: VERIFIER.replace("sandbox", "wrongbox"),
    }),
    400,
    "invalid_grant",
  );
  const missing = (await authorizeCode(sb, clientId, redirectUri, pkce)).get("code")!;
  assertOAuthError(
    await tokenCall(sb, {
      grant_type: "authorization_code",
      code: missing,
      client_id: clientId,
      redirect_uri: redirectUri,
    }),
    400,
    "invalid_grant",
  );
  assertOAuthError(
    await tokenCall(sb, {
      grant_type: "authorization_code",
      code: "x",
      client_id: "unknown-client",
      redirect_uri: redirectUri,
    }),
    401,
    "invalid_client",
  );

  const code = (await authorizeCode(sb, clientId, redirectUri, pkce)).get("code")!;
  const ok = await tokenCall(sb, {
    grant_type: "authorization_code",
    code,
    client_id: clientId,
    redirect_uri: redirectUri,
    code_verifier: VERIFIER,
  });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.refresh_token, undefined);
  const wire = sb.requests.filter((r) => r.path === "/oauth/token").at(-1)!;
  assert.equal(wire.headers.get("authorization"), null);
  assert.equal(new URLSearchParams(wire.body).get("code_verifier"), VERIFIER);

  // A public client must send a challenge; only S256 is accepted.
  const noChallenge = await authorizeCode(sb, clientId, redirectUri);
  assert.equal(noChallenge.get("error"), "invalid_request");
  const plain = await authorizeCode(sb, clientId, redirectUri, {
    code_challenge: challenge,
    code_challenge_method: "plain",
  });
  assert.equal(plain.get("error"), "invalid_request");
});

Deno.test("saml2-bearer: success and failures", async () => {
  await using sb = await startSandbox();
  const { clientId, clientSecret } = sb.credentials.confidentialClient;
  const { orgName, assertion } = sb.credentials.saml;
  assert.match(assertion, /\+/);
  assert.match(assertion, /\//);
  const auth = basic(clientId, clientSecret);
  const ok = await tokenCall(sb, { grant_type: SAML, orgName, assertion }, auth);
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.token_type, "bearer");
  assert.equal(sb.counters.tokensIssued[SAML], 1);
  assertOAuthError(
    await tokenCall(sb, { grant_type: SAML, orgName: "other", assertion }, auth),
    400,
    "invalid_grant",
  );
  // A '+' sent unencoded becomes a space: the assertion no longer matches.
  const mangled = await call(`${sb.url}/oauth/token`, {
    method: "POST",
    headers: { authorization: auth, "content-type": "application/x-www-form-urlencoded" },
    body: `grant_type=${encodeURIComponent(SAML)}&orgName=${orgName}&assertion=${assertion}`,
  });
  assertOAuthError(mangled, 400, "invalid_grant");
  assertOAuthError(
    await tokenCall(sb, { grant_type: SAML, assertion }, auth),
    400,
    "invalid_request",
  );
  assertOAuthError(
    await tokenCall(sb, { grant_type: SAML, orgName, assertion }),
    401,
    "invalid_client",
  );
});

Deno.test("authorize: implicit redirect with fragment, state and recorded query", async () => {
  await using sb = await startSandbox({ tokenLifetimeSeconds: 7200 });
  sb.allowRedirectUri("http://127.0.0.1:9999/app/");
  const q = new URLSearchParams({
    client_id: sb.credentials.publicClient.clientId,
    response_type: "token",
    redirect_uri: "http://127.0.0.1:9999/app/",
    state: "s t&ate",
    org: "myorg",
    provider: "okta",
    login_hint: sb.state.users.get(sb.credentials.user.id)!.email,
    prompt: "login",
  });
  const r = await call(`${sb.url}/oauth/authorize?${q}`);
  assert.equal(r.status, 302);
  const location = r.headers.get("location")!;
  assert.ok(location.startsWith("http://127.0.0.1:9999/app/#"));
  const params = redirectParams(location, true);
  assert.equal(params.get("token_type"), "bearer");
  assert.equal(params.get("expires_in"), "7200");
  assert.equal(params.get("state"), "s t&ate");
  const me = await api(sb, params.get("access_token")!, "/api/v2/users/me");
  assert.equal(me.status, 200);
  assert.deepEqual(sb.authorizeQueries.at(-1), Object.fromEntries(q));
  assert.equal(sb.counters.authorizeRequests, 1);
  assert.equal(sb.counters.tokensIssued.implicit, 1);
});

Deno.test("authorize: bad client or redirect URI gives a 400 page, never a redirect", async () => {
  await using sb = await startSandbox();
  const { clientId } = sb.credentials.publicClient;
  const cases: Record<string, string>[] = [
    { client_id: "nope", response_type: "token", redirect_uri: "http://localhost:3000/callback" },
    { client_id: clientId, response_type: "token", redirect_uri: "http://evil.example/" },
    { client_id: clientId, response_type: "token" },
  ];
  for (const q of cases) {
    const r = await call(`${sb.url}/oauth/authorize?${new URLSearchParams(q)}`);
    assert.equal(r.status, 400);
    assert.equal(r.headers.get("location"), null);
    assert.match(r.headers.get("content-type")!, /text\/html/);
  }
});

Deno.test("authorize: error redirects (flag, setting, unsupported response_type)", async () => {
  await using sb = await startSandbox();
  const { clientId, redirectUris } = sb.credentials.publicClient;
  const base = { client_id: clientId, redirect_uri: redirectUris[0], state: "st" };
  const flagged = await call(
    `${sb.url}/oauth/authorize?${new URLSearchParams({
      ...base,
      response_type: "token",
      sandbox_error: "access_denied",
    })}`,
  );
  const fp = redirectParams(flagged.headers.get("location")!, true);
  assert.equal(fp.get("error"), "access_denied");
  assert.equal(fp.get("state"), "st");
  assert.equal(fp.get("access_token"), null);

  sb.authorizeError = { error: "access_denied", description: "user said no" };
  const set = await call(
    `${sb.url}/oauth/authorize?${new URLSearchParams({
      ...base,
      response_type: "code",
      code_challenge: await s256(VERIFIER),
      code_challenge_method: "S256",
    })}`,
  );
  const sp = redirectParams(set.headers.get("location")!, false);
  assert.equal(sp.get("error"), "access_denied");
  assert.equal(sp.get("error_description"), "user said no");
  assert.equal(sp.get("code"), null);
  sb.authorizeError = null;

  const unsupported = await call(
    `${sb.url}/oauth/authorize?${new URLSearchParams({ ...base, response_type: "id_token" })}`,
  );
  assert.equal(
    redirectParams(unsupported.headers.get("location")!, false).get("error"),
    "unsupported_response_type",
  );
});

Deno.test("logout redirects only to a registered URI", async () => {
  await using sb = await startSandbox();
  const { clientId, redirectUris } = sb.credentials.publicClient;
  const ok = await call(
    `${sb.url}/logout?client_id=${clientId}&redirect_uri=${encodeURIComponent(redirectUris[0])}`,
  );
  assert.equal(ok.status, 302);
  assert.equal(ok.headers.get("location"), redirectUris[0]);
  const page = await call(
    `${sb.url}/logout?client_id=${clientId}&redirect_uri=http://evil.example/`,
  );
  assert.equal(page.status, 200);
  assert.equal(page.headers.get("location"), null);
});
