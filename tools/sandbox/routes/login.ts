/**
 * The login side (`login.<environment>`): `POST /oauth/token` for the client credentials,
 * authorization code (confidential and PKCE), refresh token and SAML2 bearer grants;
 * `GET /oauth/authorize` for the implicit and code flows; `GET /logout`.
 *
 * Refresh tokens rotate: a successful refresh grant returns a new refresh token and invalidates
 * the one that was used.
 *
 * @module
 */

import { base64url } from "../ids.ts";
import { htmlPage, json, oauthError } from "../responses.ts";
import { bump, type Route, type RouteContext } from "../context.ts";
import type { SandboxClient, SandboxGrant, SandboxUser } from "../types.ts";

const SAML_GRANT = "urn:ietf:params:oauth:grant-type:saml2-bearer";

type ClientCheck = { client: SandboxClient } | { error: Response };

/** Authenticates the client from an HTTP Basic header. */
function basicClient(ctx: RouteContext): ClientCheck {
  const header = ctx.req.headers.get("authorization");
  const match = header ? /^basic\s+(\S+)\s*$/i.exec(header) : null;
  if (!match) {
    return { error: oauthError(401, "invalid_client", "client authentication is required") };
  }
  let decoded: string;
  try {
    decoded = atob(match[1]);
  } catch {
    return { error: oauthError(401, "invalid_client", "malformed basic credentials") };
  }
  const colon = decoded.indexOf(":");
  if (colon < 0) return { error: oauthError(401, "invalid_client", "malformed basic credentials") };
  const client = ctx.core.state.clients.get(decoded.slice(0, colon));
  if (!client) return { error: oauthError(401, "invalid_client", "client not found") };
  if (client.clientSecret === undefined || client.clientSecret !== decoded.slice(colon + 1)) {
    return { error: oauthError(401, "invalid_client", "authentication failed") };
  }
  return { client };
}

function requireGrant(client: SandboxClient, grant: SandboxGrant): Response | undefined {
  if (client.grants.includes(grant)) return undefined;
  return oauthError(400, "unauthorized_client", `client is not authorized for this grant type`);
}

async function s256(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

async function tokenResponse(
  ctx: RouteContext,
  grantType: string,
  client: SandboxClient,
  userId: string | undefined,
  withRefresh: boolean,
): Promise<Response> {
  const { core } = ctx;
  const lifetime = core.settings.tokenLifetimeSeconds;
  const access = await core.tokens.sign("api", userId ?? client.clientId, lifetime, {
    client_id: client.clientId,
    user_id: userId,
    grant: grantType,
    org_id: core.state.organization.id,
  });
  const body: Record<string, unknown> = {
    access_token: access,
    token_type: "bearer",
    expires_in: lifetime,
  };
  if (withRefresh) body.refresh_token = core.tokens.createRefreshToken(client.clientId, userId);
  bump(core.counters.tokensIssued, grantType);
  return json(body, 200, { "cache-control": "no-store", "pragma": "no-cache" });
}

async function codeGrant(ctx: RouteContext, form: URLSearchParams): Promise<Response> {
  const grantType = "authorization_code";
  let client: SandboxClient;
  if (ctx.req.headers.has("authorization")) {
    const check = basicClient(ctx);
    if ("error" in check) return check.error;
    client = check.client;
    const denied = requireGrant(client, "code");
    if (denied) return denied;
  } else {
    const clientId = form.get("client_id");
    if (!clientId) {
      return oauthError(401, "invalid_client", "client authentication is required");
    }
    const found = ctx.core.state.clients.get(clientId);
    if (!found) return oauthError(401, "invalid_client", "client not found");
    if (found.clientSecret !== undefined) {
      return oauthError(401, "invalid_client", "client authentication is required");
    }
    client = found;
    const denied = requireGrant(client, "pkce");
    if (denied) return denied;
  }
  const code = form.get("code");
  if (!code) return oauthError(400, "invalid_request", "code is required");
  const redirectUri = form.get("redirect_uri");
  if (!redirectUri) return oauthError(400, "invalid_request", "redirect_uri is required");
  const record = ctx.core.tokens.takeCode(code);
  if (!record || record.clientId !== client.clientId) {
    return oauthError(400, "invalid_grant", "authorization code is invalid or expired");
  }
  if (record.redirectUri !== redirectUri) {
    return oauthError(
      400,
      "invalid_grant",
      "redirect_uri does not match the authorization request",
    );
  }
  if (record.codeChallenge !== undefined) {
    const verifier = form.get("code_verifier");
    if (!verifier) return oauthError(400, "invalid_grant", "code_verifier is required");
    if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) {
      return oauthError(400, "invalid_grant", "code_verifier is malformed");
    }
    if ((await s256(verifier)) !== record.codeChallenge) {
      return oauthError(400, "invalid_grant", "code_verifier does not match the code_challenge");
    }
  }
  const confidential = client.clientSecret !== undefined;
  return await tokenResponse(ctx, grantType, client, record.userId, confidential);
}

async function refreshGrant(ctx: RouteContext, form: URLSearchParams): Promise<Response> {
  const check = basicClient(ctx);
  if ("error" in check) return check.error;
  const { client } = check;
  const denied = requireGrant(client, "code");
  if (denied) return denied;
  const value = form.get("refresh_token");
  if (!value) return oauthError(400, "invalid_request", "refresh_token is required");
  const record = ctx.core.tokens.findRefreshToken(value);
  if (!record || record.clientId !== client.clientId) {
    return oauthError(400, "invalid_grant", "refresh token is invalid or expired");
  }
  ctx.core.tokens.refreshTokens.delete(value);
  return await tokenResponse(ctx, "refresh_token", client, record.userId, true);
}

async function samlGrant(ctx: RouteContext, form: URLSearchParams): Promise<Response> {
  const check = basicClient(ctx);
  if ("error" in check) return check.error;
  const { client } = check;
  const denied = requireGrant(client, "saml2bearer");
  if (denied) return denied;
  const orgName = form.get("orgName");
  const assertion = form.get("assertion");
  if (!orgName) return oauthError(400, "invalid_request", "orgName is required");
  if (!assertion) return oauthError(400, "invalid_request", "assertion is required");
  const { saml, user } = ctx.core.credentials;
  if (orgName !== saml.orgName) return oauthError(400, "invalid_grant", "organization not found");
  if (assertion !== saml.assertion) {
    return oauthError(400, "invalid_grant", "the SAML assertion is not valid");
  }
  return await tokenResponse(ctx, SAML_GRANT, client, user.id, false);
}

async function token(ctx: RouteContext): Promise<Response> {
  const { core } = ctx;
  const type = ctx.req.headers.get("content-type") ?? "";
  const form = new URLSearchParams(ctx.body);
  const grantType = form.get("grant_type");
  bump(core.counters.tokenRequests, grantType ?? "");
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) {
    return oauthError(
      400,
      "invalid_request",
      "Content-Type must be application/x-www-form-urlencoded",
    );
  }
  if (!grantType) return oauthError(400, "invalid_request", "grant_type is required");
  switch (grantType) {
    case "client_credentials": {
      const check = basicClient(ctx);
      if ("error" in check) return check.error;
      const denied = requireGrant(check.client, "client_credentials");
      if (denied) return denied;
      return await tokenResponse(ctx, grantType, check.client, undefined, false);
    }
    case "authorization_code":
      return await codeGrant(ctx, form);
    case "refresh_token":
      return await refreshGrant(ctx, form);
    case SAML_GRANT:
      return await samlGrant(ctx, form);
    default:
      return oauthError(
        400,
        "unsupported_grant_type",
        `grant type '${grantType}' is not supported`,
      );
  }
}

/** Appends OAuth response parameters to a redirect URI, in the query or the fragment. */
function redirectWith(uri: string, params: Record<string, string>, inFragment: boolean): Response {
  const q = new URLSearchParams(params).toString();
  let location: string;
  if (inFragment) location = `${uri.split("#")[0]}#${q}`;
  else location = `${uri}${uri.includes("?") ? "&" : "?"}${q}`;
  return new Response(null, { status: 302, headers: { location, "cache-control": "no-store" } });
}

function userFromHint(ctx: RouteContext, hint: string | null): SandboxUser | undefined {
  const { users } = ctx.core.state;
  if (hint) {
    const email = hint.split(":")[0].toLowerCase();
    for (const u of users.values()) {
      if (u.email.toLowerCase() === email || u.username.toLowerCase() === email) return u;
    }
  }
  return users.get(ctx.core.credentials.user.id);
}

async function authorize(ctx: RouteContext): Promise<Response> {
  const { core, url } = ctx;
  core.counters.authorizeRequests++;
  core.authorizeQueries.push(Object.fromEntries(url.searchParams));
  const q = url.searchParams;
  const client = core.state.clients.get(q.get("client_id") ?? "");
  if (!client) return htmlPage(400, "Invalid request", "Unknown or missing client_id.");
  const redirectUri = q.get("redirect_uri");
  if (!redirectUri || !client.redirectUris.includes(redirectUri)) {
    return htmlPage(400, "Invalid request", "redirect_uri is not registered for this client.");
  }
  const responseType = q.get("response_type");
  const state = q.get("state");
  const implicit = responseType === "token";
  const fail = (error: string, description: string) => {
    const params: Record<string, string> = { error, error_description: description };
    if (state !== null) params.state = state;
    return redirectWith(redirectUri, params, implicit);
  };
  if (responseType !== "token" && responseType !== "code") {
    return fail("unsupported_response_type", "response_type must be 'token' or 'code'");
  }
  if (implicit && !client.grants.includes("implicit")) {
    return fail("unauthorized_client", "client is not authorized for the implicit grant");
  }
  if (!implicit && !client.grants.includes("code") && !client.grants.includes("pkce")) {
    return fail("unauthorized_client", "client is not authorized for the code grant");
  }
  const forced = q.get("sandbox_error");
  if (forced) {
    return fail(forced, q.get("sandbox_error_description") ?? "The request was denied.");
  }
  if (core.authorizeError) {
    return fail(
      core.authorizeError.error,
      core.authorizeError.description ?? "The request was denied.",
    );
  }
  const user = userFromHint(ctx, q.get("login_hint"));
  if (!user) return fail("access_denied", "no user to log in as");
  if (implicit) {
    const lifetime = core.settings.tokenLifetimeSeconds;
    const access = await core.tokens.sign("api", user.id, lifetime, {
      client_id: client.clientId,
      user_id: user.id,
      grant: "implicit",
      org_id: core.state.organization.id,
    });
    bump(core.counters.tokensIssued, "implicit");
    const params: Record<string, string> = {
      access_token: access,
      expires_in: String(lifetime),
      token_type: "bearer",
    };
    if (state !== null) params.state = state;
    return redirectWith(redirectUri, params, true);
  }
  const challenge = q.get("code_challenge") ?? undefined;
  const method = q.get("code_challenge_method") ?? undefined;
  if (challenge !== undefined) {
    if (method !== "S256") return fail("invalid_request", "code_challenge_method must be S256");
    if (!/^[A-Za-z0-9_-]{43}$/.test(challenge)) {
      return fail("invalid_request", "code_challenge is malformed");
    }
  } else if (client.clientSecret === undefined) {
    return fail("invalid_request", "code_challenge is required for public clients");
  }
  const code = core.tokens.createCode({
    clientId: client.clientId,
    redirectUri,
    userId: user.id,
    codeChallenge: challenge,
    codeChallengeMethod: method,
  });
  const params: Record<string, string> = { code };
  if (state !== null) params.state = state;
  return redirectWith(redirectUri, params, false);
}

function logout(ctx: RouteContext): Response {
  const q = ctx.url.searchParams;
  const client = ctx.core.state.clients.get(q.get("client_id") ?? "");
  const redirectUri = q.get("redirect_uri");
  if (client && redirectUri && client.redirectUris.includes(redirectUri)) {
    return new Response(null, { status: 302, headers: { location: redirectUri } });
  }
  return htmlPage(200, "Signed out", "You have been signed out.");
}

/** Login side routes. */
export const loginRoutes: Route[] = [
  { method: "POST", pattern: "/oauth/token", auth: "none", handle: token },
  { method: "GET", pattern: "/oauth/authorize", auth: "none", handle: authorize },
  { method: "GET", pattern: "/authorize", auth: "none", handle: authorize },
  { method: "GET", pattern: "/logout", auth: "none", handle: logout },
];
