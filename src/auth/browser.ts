/**
 * Browser logins: the implicit grant and the PKCE code grant, by redirect or
 * popup, and logout. The first call sends the user to
 * `<login base>/oauth/authorize`; called again on the page the login page
 * redirects back to, the same method completes the login.
 *
 * @module
 */

import type { PlatformClient } from "../core/client.ts";
import type { Endpoint } from "../core/endpoint.ts";
import { ApiError, AuthError, ParameterError } from "../core/errors.ts";
import type { AuthData } from "./auth_data.ts";
import type {
  LoginGrantOptions,
  LoginImplicitGrantOptions,
  LoginPKCEGrantOptions,
} from "./login_options.ts";
import { requireText } from "./basic.ts";
import { authorizePKCEGrant } from "./grants.ts";
import { computePKCECodeChallenge, generatePKCECodeVerifier } from "./pkce.ts";
import { readRedirectAnswer, type RedirectAnswer, runAuthPopup } from "./popup.ts";
import { type BrowserPage, isBrowserPage, requireBrowserPage } from "./runtime.ts";
import { type AuthSession, sessionOf, webStorage } from "./session.ts";

const TOKENS_ME: Endpoint = {
  name: "getTokensMe",
  method: "GET",
  path: "/api/v2/tokens/me",
  params: [],
};

/**
 * Implicit grant login in a browser page. Resolves with the token from the
 * URL fragment when the login page redirected back, with a stored token that
 * still works (see `setPersistSettings`), or opens the popup
 * (`usePopup`); otherwise redirects to the login page. Rejects with an
 * `AuthError` for `error`/`error_description` answers and state mismatches
 * (also when no state was saved by this browser nor given as `opts.state`).
 *
 * @example
 * ```ts
 * import { PlatformClient } from "../core/client.ts";
 * import { loginImplicitGrant } from "./browser.ts";
 * const client = new PlatformClient({ environment: "mypurecloud.ie" });
 * const auth = await loginImplicitGrant(client, "client-id", location.origin + "/app.html", {
 *   state: "/inbox",
 * });
 * console.log(auth.state); // /inbox
 * ```
 */
export async function loginImplicitGrant(
  client: PlatformClient,
  clientId: string,
  redirectUri: string,
  opts: LoginImplicitGrantOptions = {},
): Promise<AuthData> {
  const method = "loginImplicitGrant";
  const page = requireBrowserPage(method);
  checkOptions(method, clientId, redirectUri, opts);
  const session = sessionOf(client);
  session.clientId = clientId;
  const answer = takeAnswer(page, "hash");
  if (answer) {
    const expected = takeSavedState(session) ?? opts.state;
    return await finishImplicit(session, clientId, answer, expected, opts);
  }
  const existing = await usableToken(client, session);
  if (existing) return withState(existing, opts.state);
  const query = authorizeQuery(clientId, redirectUri, "token", opts);
  const url = authorizeUrl(client, query);
  const config = session.popup("browser login").merged(opts.authPopupConfiguration);
  if (!config.usePopup) return redirect(page, session, url, query.state);
  if (config.useWindowReplace) saveState(session, query.state);
  const { answer: popupAnswer, identifier } = await runAuthPopup(session.popup("browser login"), {
    url,
    query,
    redirectUri,
    config,
  });
  return await reportPopup(
    session,
    identifier,
    () => finishImplicit(session, clientId, popupAnswer, query.state, opts),
  );
}

/**
 * PKCE authorization code login in a browser page. Without `codeVerifier`, a
 * 128-character verifier is generated and kept in `sessionStorage` until the
 * code comes back. Resolves when the login page redirected back with a code
 * (exchanged at `/oauth/token`), with a stored token that still works, or
 * after the popup (`usePopup`); otherwise redirects to the login page. An
 * answer whose state is not the one this browser saved (or `opts.state`),
 * or that comes with no such state at all, is rejected (`state_mismatch`)
 * before its code is exchanged.
 *
 * @example
 * ```ts
 * import { PlatformClient } from "../core/client.ts";
 * import { loginPKCEGrant } from "./browser.ts";
 * const client = new PlatformClient({ environment: "mypurecloud.ie" });
 * const auth = await loginPKCEGrant(client, "client-id", location.origin + "/app.html");
 * console.log(auth.tokenExpiryTimeString);
 * ```
 */
export async function loginPKCEGrant(
  client: PlatformClient,
  clientId: string,
  redirectUri: string,
  opts: LoginPKCEGrantOptions = {},
  codeVerifier?: string,
): Promise<AuthData> {
  const method = "loginPKCEGrant";
  const page = requireBrowserPage(method);
  checkOptions(method, clientId, redirectUri, opts);
  const session = sessionOf(client);
  session.clientId = clientId;
  const storage = webStorage("sessionStorage");
  if (!storage && !codeVerifier) {
    throw new ParameterError(
      method,
      "codeVerifier",
      "is required when sessionStorage is not available to keep a generated one",
    );
  }
  const verifierKey = `${session.settingsPrefix}_pkce_code_verifier`;
  const answer = takeAnswer(page, "query");
  if (answer) {
    const expected = takeSavedState(session) ?? opts.state;
    const verifier = codeVerifier ?? storage?.getItem(verifierKey) ?? undefined;
    storage?.removeItem(verifierKey);
    return await finishPKCE(client, clientId, redirectUri, answer, expected, verifier, opts);
  }
  const existing = await usableToken(client, session);
  if (existing) return withState(existing, opts.state);
  const verifier = codeVerifier ?? generatePKCECodeVerifier(128);
  if (!codeVerifier) storage?.setItem(verifierKey, verifier);
  const challenge = await computePKCECodeChallenge(verifier);
  const query = authorizeQuery(clientId, redirectUri, "code", opts, challenge);
  const url = authorizeUrl(client, query);
  const config = session.popup("browser login").merged(opts.authPopupConfiguration);
  if (!config.usePopup) return redirect(page, session, url, query.state);
  if (config.useWindowReplace) saveState(session, query.state);
  const popupResult = await runAuthPopup(session.popup("browser login"), {
    url,
    query,
    redirectUri,
    config,
  })
    .catch((error) => {
      storage?.removeItem(verifierKey);
      throw error;
    });
  storage?.removeItem(verifierKey);
  return await reportPopup(
    session,
    popupResult.identifier,
    () =>
      finishPKCE(client, clientId, redirectUri, popupResult.answer, query.state, verifier, opts),
  );
}

/**
 * Forgets the access token (memory and store); in a browser page, then sends
 * the user to `<login base>/logout` (back to `logoutRedirectUri` when given).
 *
 * @example
 * ```ts
 * import { PlatformClient } from "../core/client.ts";
 * import { logout } from "./browser.ts";
 * const client = new PlatformClient();
 * await logout(client, "https://app.example.com/bye.html");
 * ```
 */
export async function logout(client: PlatformClient, logoutRedirectUri?: string): Promise<void> {
  const session = sessionOf(client);
  const clientId = session.clientId;
  await session.clear();
  if (!isBrowserPage()) return;
  const query = new URLSearchParams();
  if (clientId) query.set("client_id", clientId);
  if (logoutRedirectUri) query.set("redirect_uri", logoutRedirectUri);
  const page = requireBrowserPage("logout");
  const suffix = query.size > 0 ? `?${query}` : "";
  page.window.location.replace(`${client.config.urls.login}/logout${suffix}`);
}

function checkOptions(
  method: string,
  clientId: string,
  redirectUri: string,
  opts: LoginGrantOptions,
): void {
  requireText(method, "clientId", clientId);
  requireText(method, "redirectUri", redirectUri);
  if (opts.org && !opts.provider) {
    throw new ParameterError(method, "opts.provider", "must be set when opts.org is set");
  }
  if (opts.provider && !opts.org) {
    throw new ParameterError(method, "opts.org", "must be set when opts.provider is set");
  }
}

function authorizeQuery(
  clientId: string,
  redirectUri: string,
  responseType: "token" | "code",
  opts: LoginGrantOptions,
  challenge?: string,
): Record<string, string> & { state: string } {
  const query: Record<string, string> = {
    client_id: clientId,
    redirect_uri: redirectUri,
    response_type: responseType,
  };
  if (challenge) {
    query.code_challenge = challenge;
    query.code_challenge_method = "S256";
  }
  // A state is always sent (a random one when the application gives none) so
  // the answer can be matched to this browser's request.
  query.state = opts.state ?? generatePKCECodeVerifier(43);
  if (opts.org) query.org = opts.org;
  if (opts.provider) query.provider = opts.provider;
  if (opts.target) query.target = opts.target;
  if (opts.login_hint) query.login_hint = opts.login_hint;
  if (opts.prompt === "login") query.prompt = "login";
  return query as Record<string, string> & { state: string };
}

function authorizeUrl(client: PlatformClient, query: Record<string, string>): string {
  return `${client.config.urls.login}/oauth/authorize?${new URLSearchParams(query)}`;
}

function redirect(
  page: BrowserPage,
  session: AuthSession,
  url: string,
  state: string,
): Promise<AuthData> {
  saveState(session, state);
  page.window.location.replace(url);
  // The page is navigating away; the login completes on the redirect back.
  return new Promise<AuthData>(() => {});
}

function saveState(session: AuthSession, state: string): void {
  webStorage("sessionStorage")?.setItem(stateKey(session), state);
}

function stateKey(session: AuthSession): string {
  return `${session.settingsPrefix}_oauth_state`;
}

function takeSavedState(session: AuthSession): string | undefined {
  const storage = webStorage("sessionStorage");
  const saved = storage?.getItem(stateKey(session)) ?? undefined;
  storage?.removeItem(stateKey(session));
  return saved;
}

/** Reads the login answer from the URL and removes its parameters from the address bar. */
function takeAnswer(page: BrowserPage, where: "hash" | "query"): RedirectAnswer | undefined {
  const location = page.window.location;
  const source = where === "hash" ? location.hash.replace(/^#/, "") : location.search;
  const params = new URLSearchParams(source);
  const answer = readRedirectAnswer(params);
  if (!answer) return undefined;
  const url = new URL(location.href);
  if (where === "hash") {
    url.hash = "";
  } else {
    for (const name of ["code", "state", "error", "error_description", "session_state", "iss"]) {
      url.searchParams.delete(name);
    }
  }
  page.window.history.replaceState(page.window.history.state, "", url.href.replace(/#$/, ""));
  return answer;
}

function checkAnswer(answer: RedirectAnswer, expectedState: string | undefined): void {
  if (answer.error) {
    throw new AuthError({ error: answer.error, description: answer.errorDescription });
  }
  if (expectedState === undefined) {
    // No login was started from this browser: an answer planted by someone else (login CSRF).
    throw new AuthError({
      error: "state_mismatch",
      description: "no login was started from this browser (no saved state and no " +
        "opts.state to compare with); the answer was rejected",
    });
  }
  if (answer.state !== expectedState) {
    throw new AuthError({
      error: "state_mismatch",
      description: "the state returned by the login page is not the one this browser sent; " +
        "the answer was rejected",
    });
  }
}

async function finishImplicit(
  session: AuthSession,
  clientId: string,
  answer: RedirectAnswer,
  expectedState: string | undefined,
  opts: LoginGrantOptions,
): Promise<AuthData> {
  checkAnswer(answer, expectedState);
  if (!answer.accessToken) {
    throw new AuthError({
      error: "invalid_response",
      description: "the implicit grant answer has no access_token",
    });
  }
  const data = await session.install(
    { access_token: answer.accessToken, expires_in: answer.expiresIn },
    clientId,
    undefined,
  );
  return withState(data, answer.state ?? opts.state);
}

async function finishPKCE(
  client: PlatformClient,
  clientId: string,
  redirectUri: string,
  answer: RedirectAnswer,
  expectedState: string | undefined,
  verifier: string | undefined,
  opts: LoginGrantOptions,
): Promise<AuthData> {
  checkAnswer(answer, expectedState);
  if (!answer.code) {
    throw new AuthError({ error: "invalid_response", description: "the answer has no code" });
  }
  if (!verifier) {
    throw new AuthError({
      error: "missing_code_verifier",
      description: "no PKCE code verifier: pass the one used to start the login, or keep " +
        "sessionStorage available between the redirect and the return",
    });
  }
  const data = await authorizePKCEGrant(client, clientId, verifier, answer.code, redirectUri);
  return withState(data, answer.state ?? opts.state);
}

async function reportPopup(
  session: AuthSession,
  identifier: string,
  finish: () => Promise<AuthData>,
): Promise<AuthData> {
  try {
    const data = await finish();
    session.popup("browser login").emit(
      "AUTHENTICATED",
      "Authorization popup completed",
      identifier,
    );
    return data;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    session.popup("browser login").emit("AUTH_ERROR", `Auth error: ${message}`, identifier);
    throw error;
  }
}

/** A set or persisted token, when the platform still accepts it. */
async function usableToken(
  client: PlatformClient,
  session: AuthSession,
): Promise<AuthData | undefined> {
  const token = await session.currentToken();
  if (!token) return undefined;
  try {
    await client.call(TOKENS_ME, []);
    return token;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      await session.clear();
      return undefined;
    }
    throw error;
  }
}

function withState(data: AuthData, state: string | undefined): AuthData {
  return state === undefined ? data : { ...data, state };
}
