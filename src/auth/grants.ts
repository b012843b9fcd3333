/**
 * The token grants: client credentials, SAML2 bearer, authorization code
 * (+ refresh) and the PKCE code exchange. Each installs the token on the
 * client and resolves to its {@linkcode AuthData}.
 *
 * @module
 */

import type { AuthData } from "./auth_data.ts";
import { requireText } from "./basic.ts";
import { requirePKCECodeVerifier } from "./pkce.ts";
import { assertServerRuntime } from "./runtime.ts";
import type { AuthSession } from "./session.ts";
import { requestToken } from "./token_request.ts";

/** The SAML2 bearer `grant_type`. */
export const SAML2_BEARER_GRANT = "urn:ietf:params:oauth:grant-type:saml2-bearer";

/**
 * Client credentials grant (server runtimes only; rejects in a browser page
 * with an `UnsupportedRuntimeError`). The client keeps the credentials and
 * re-requests a token `tokenRenewalMargin` before expiry, when a call needs
 * it. A usable token already in the client's token store is reused.
 *
 * @example
 * ```ts
 * import { loginClientCredentialsGrant } from "./grants.ts";
 * import { AuthSession } from "./session.ts";
 * // A session whose token endpoint answers every request with a token (a stand-in server).
 * const session = new AuthSession({
 *   config: {
 *     urls: { login: "https://login.mypurecloud.ie" },
 *     values: { timeoutMs: 5_000, refreshAccessToken: true, tokenRenewalMargin: 0, refreshTokenWaitMax: 1_000 },
 *   },
 *   send: () => Promise.resolve(Response.json({ access_token: "t", expires_in: 3600, refresh_token: "r" })),
 * });
 * const auth = await loginClientCredentialsGrant(session, "client-id", "client-secret");
 * console.log(auth.tokenExpiryTimeString);
 * ```
 */
export async function loginClientCredentialsGrant(
  session: AuthSession,
  clientId: string,
  clientSecret: string,
): Promise<AuthData> {
  const method = "loginClientCredentialsGrant";
  checkServerGrant(method, { clientId, clientSecret });
  return await session.login({ grant: "client_credentials", clientId, clientSecret }, method, true);
}

/**
 * SAML2 bearer grant (server runtimes only): exchanges a base64 SAML
 * assertion for an access token. The token cannot be renewed without a new
 * assertion.
 *
 * @example
 * ```ts
 * import { loginSaml2BearerGrant } from "./grants.ts";
 * import { AuthSession } from "./session.ts";
 * // A session whose token endpoint answers every request with a token (a stand-in server).
 * const session = new AuthSession({
 *   config: {
 *     urls: { login: "https://login.mypurecloud.ie" },
 *     values: { timeoutMs: 5_000, refreshAccessToken: true, tokenRenewalMargin: 0, refreshTokenWaitMax: 1_000 },
 *   },
 *   send: () => Promise.resolve(Response.json({ access_token: "t", expires_in: 3600, refresh_token: "r" })),
 * });
 * await loginSaml2BearerGrant(session, "client-id", "client-secret", "my-org", "PHNhbWw6...");
 * ```
 */
export async function loginSaml2BearerGrant(
  session: AuthSession,
  clientId: string,
  clientSecret: string,
  orgName: string,
  encodedSamlAssertion: string,
): Promise<AuthData> {
  const method = "loginSaml2BearerGrant";
  checkServerGrant(method, { clientId, clientSecret, orgName, encodedSamlAssertion });
  const answer = await requestToken(session.sender, {
    method,
    form: { grant_type: SAML2_BEARER_GRANT, orgName, assertion: encodedSamlAssertion },
    basic: { clientId, clientSecret },
    secrets: [encodedSamlAssertion],
  });
  return await session.install(answer, clientId);
}

/**
 * Authorization code grant (server runtimes only). The refresh token is kept:
 * with `refreshAccessToken` on (the default), an expired or rejected token is
 * refreshed transparently.
 *
 * @example
 * ```ts
 * import { loginCodeAuthorizationGrant } from "./grants.ts";
 * import { AuthSession } from "./session.ts";
 * // A session whose token endpoint answers every request with a token (a stand-in server).
 * const session = new AuthSession({
 *   config: {
 *     urls: { login: "https://login.mypurecloud.ie" },
 *     values: { timeoutMs: 5_000, refreshAccessToken: true, tokenRenewalMargin: 0, refreshTokenWaitMax: 1_000 },
 *   },
 *   send: () => Promise.resolve(Response.json({ access_token: "t", expires_in: 3600, refresh_token: "r" })),
 * });
 * const auth = await loginCodeAuthorizationGrant(
 *   session, "client-id", "client-secret", "code-from-redirect", "https://app.example.com/cb",
 * );
 * console.log(auth.refreshToken !== undefined);
 * ```
 */
export async function loginCodeAuthorizationGrant(
  session: AuthSession,
  clientId: string,
  clientSecret: string,
  authCode: string,
  redirectUri: string,
): Promise<AuthData> {
  const method = "loginCodeAuthorizationGrant";
  checkServerGrant(method, { clientId, clientSecret, authCode, redirectUri });
  const answer = await requestToken(session.sender, {
    method,
    form: { grant_type: "authorization_code", code: authCode, redirect_uri: redirectUri },
    basic: { clientId, clientSecret },
    secrets: [authCode],
  });
  const renewal = answer.refresh_token
    ? {
      grant: "refresh_token" as const,
      clientId,
      clientSecret,
      refreshToken: answer.refresh_token,
    }
    : undefined;
  return await session.install(answer, clientId, renewal);
}

/**
 * Requests a new token with a refresh token (server runtimes only), for
 * applications that set `refreshAccessToken: false` and refresh themselves.
 *
 * @example
 * ```ts
 * import { refreshCodeAuthorizationGrant } from "./grants.ts";
 * import { AuthSession } from "./session.ts";
 * // A session whose token endpoint answers every request with a token (a stand-in server).
 * const session = new AuthSession({
 *   config: {
 *     urls: { login: "https://login.mypurecloud.ie" },
 *     values: { timeoutMs: 5_000, refreshAccessToken: true, tokenRenewalMargin: 0, refreshTokenWaitMax: 1_000 },
 *   },
 *   send: () => Promise.resolve(Response.json({ access_token: "t", expires_in: 3600, refresh_token: "r" })),
 * });
 * const next = await refreshCodeAuthorizationGrant(session, "client-id", "secret", "refresh-token");
 * console.log(next.refreshToken); // the new (rotated) refresh token
 * ```
 */
export async function refreshCodeAuthorizationGrant(
  session: AuthSession,
  clientId: string,
  clientSecret: string,
  refreshToken: string,
): Promise<AuthData> {
  const method = "refreshCodeAuthorizationGrant";
  checkServerGrant(method, { clientId, clientSecret, refreshToken });
  return await session.login(
    { grant: "refresh_token", clientId, clientSecret, refreshToken },
    method,
    false,
  );
}

/**
 * Completes a PKCE login: exchanges the code with its verifier (public
 * client: `client_id` in the form, no secret). Works in every runtime. A
 * verifier that is not 43 to 128 RFC 7636 characters is a `ParameterError`
 * (nothing is sent).
 *
 * @example
 * ```ts
 * import { authorizePKCEGrant } from "./grants.ts";
 * import { AuthSession } from "./session.ts";
 * // A session whose token endpoint answers every request with a token (a stand-in server).
 * const session = new AuthSession({
 *   config: {
 *     urls: { login: "https://login.mypurecloud.ie" },
 *     values: { timeoutMs: 5_000, refreshAccessToken: true, tokenRenewalMargin: 0, refreshTokenWaitMax: 1_000 },
 *   },
 *   send: () => Promise.resolve(Response.json({ access_token: "t", expires_in: 3600, refresh_token: "r" })),
 * });
 * await authorizePKCEGrant(session, "client-id", "the-verifier-of-43-or-more-characters-xxxxxxxx", "code", "https://app/cb");
 * ```
 */
export async function authorizePKCEGrant(
  session: AuthSession,
  clientId: string,
  codeVerifier: string,
  authCode: string,
  redirectUri: string,
): Promise<AuthData> {
  const method = "authorizePKCEGrant";
  requireText(method, "clientId", clientId);
  requirePKCECodeVerifier(method, codeVerifier);
  requireText(method, "authCode", authCode);
  requireText(method, "redirectUri", redirectUri);
  const answer = await requestToken(session.sender, {
    method,
    form: {
      grant_type: "authorization_code",
      code: authCode,
      code_verifier: codeVerifier,
      client_id: clientId,
      redirect_uri: redirectUri,
    },
    secrets: [authCode, codeVerifier],
  });
  return await session.install(answer, clientId);
}

/**
 * The checks of a grant with a client secret, in order: a server runtime
 * (`UnsupportedRuntimeError` in a browser page), then each of `texts` a
 * non-empty string (a `ParameterError` naming the first that is not).
 */
function checkServerGrant(method: string, texts: Record<string, unknown>): void {
  assertServerRuntime(method);
  for (const name in texts) requireText(method, name, texts[name]);
}
