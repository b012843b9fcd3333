/**
 * Browser logins: the implicit grant and the PKCE code grant, by redirect or
 * popup, and logout. The first call sends the user to
 * `<login base>/oauth/authorize`; called again on the page the login page
 * redirects back to, the same method completes the login.
 *
 * @module
 */

import type { OperationClient } from "../operations/operation_client.ts";
import type { Endpoint } from "../base/endpoint.ts";
import { ApiError, AuthError, ParameterError } from "../base/errors.ts";
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
import { type AuthSession, webStorage } from "./session.ts";

/**
 * What the browser flows need of a client: its auth session, and a way to
 * call an operation (to check that a stored token still works).
 */
export interface BrowserLoginHost {
  /** The client's auth session. */
  readonly session: AuthSession;
  /** Sends one operation through the client. */
  readonly call: OperationClient["call"];
}

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
 * (`usePopup`); otherwise redirects to the login page. The OAuth `state`
 * sent is always a random nonce kept by this browser; `opts.state` stays in
 * `sessionStorage` (or memory, for a popup) and comes back as `AuthData.state`.
 * Rejects with an `AuthError` for `error`/`error_description` answers and
 * state mismatches (also when this browser started no login: login CSRF).
 *
 * @example
 * ```ts
 * import { PlatformClient } from "../../mod.ts";
 * const client = new PlatformClient({ environment: "mypurecloud.ie" });
 * // In a browser page: redirects to the login page (or opens the popup), and on the way back
 * // resolves with the token and `state`. Elsewhere it refuses:
 * const auth = await client.loginImplicitGrant("client-id", "https://app.example.com/app.html", {
 *   state: "/inbox",
 * }).catch((e) => e.name);
 * console.log(auth); // UnsupportedRuntimeError
 * ```
 */
export async function loginImplicitGrant(
  host: BrowserLoginHost,
  clientId: string,
  redirectUri: string,
  opts: LoginImplicitGrantOptions = {},
): Promise<AuthData> {
  const method = "loginImplicitGrant";
  const page = requireBrowserPage(method);
  // Taken first, so that the token leaves the address bar even if an option is refused.
  const answer = takeAnswer(page, "hash");
  checkOptions(method, clientId, redirectUri, opts);
  const session = host.session;
  session.clientId = clientId;
  if (answer) {
    const saved = takeSavedState(session);
    return await finishImplicit(session, clientId, answer, saved?.nonce, saved?.appState);
  }
  const appState = opts.state || undefined;
  const existing = await usableToken(host, session);
  if (existing) return withState(existing, appState);
  const query = authorizeQuery(clientId, redirectUri, "token", opts);
  const url = authorizeUrl(host, query);
  const config = session.popup("browser login").merged(opts.authPopupConfiguration);
  if (!config.usePopup) return redirect(page, session, url, query.state, appState);
  if (config.useWindowReplace) saveState(session, query.state, appState);
  const { answer: popupAnswer, identifier } = await runAuthPopup(session.popup("browser login"), {
    url,
    query,
    redirectUri,
    config,
  }).finally(() => {
    // Settled: no page reload will use the saved state (a newer login may have replaced it).
    if (config.useWindowReplace) forgetSavedState(session, query.state);
  });
  return await reportPopup(
    session,
    identifier,
    () => finishImplicit(session, clientId, popupAnswer, query.state, appState),
  );
}

/**
 * PKCE authorization code login in a browser page. Without `codeVerifier`, a
 * 128-character verifier is generated and kept in `sessionStorage` until the
 * code comes back. Resolves when the login page redirected back with a code
 * (exchanged at `/oauth/token`), with a stored token that still works, or
 * after the popup (`usePopup`); otherwise redirects to the login page. The
 * OAuth `state` sent is a random nonce; `opts.state` is kept by this browser
 * and returned as `AuthData.state`. An answer whose state is not the nonce
 * this browser kept, or that comes when it kept none, is rejected
 * (`state_mismatch`) before its code is exchanged.
 *
 * @example
 * ```ts
 * import { PlatformClient } from "../../mod.ts";
 * const client = new PlatformClient({ environment: "mypurecloud.ie" });
 * // In a browser page: redirects (or pops up), then exchanges the code; elsewhere it refuses.
 * const auth = await client.loginPKCEGrant("client-id", "https://app.example.com/app.html")
 *   .catch((e) => e.name);
 * console.log(auth); // UnsupportedRuntimeError
 * console.log(auth.tokenExpiryTimeString);
 * ```
 */
export async function loginPKCEGrant(
  host: BrowserLoginHost,
  clientId: string,
  redirectUri: string,
  opts: LoginPKCEGrantOptions = {},
  codeVerifier?: string,
): Promise<AuthData> {
  const method = "loginPKCEGrant";
  const page = requireBrowserPage(method);
  // Taken first, so that the code leaves the address bar even if an option is refused.
  const answer = takeAnswer(page, "query");
  checkOptions(method, clientId, redirectUri, opts);
  const session = host.session;
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
  if (answer) {
    const saved = takeSavedState(session);
    const verifier = codeVerifier ?? storage?.getItem(verifierKey) ?? undefined;
    storage?.removeItem(verifierKey);
    return await finishPKCE(
      host,
      clientId,
      redirectUri,
      answer,
      saved?.nonce,
      verifier,
      saved?.appState,
    );
  }
  const appState = opts.state || undefined;
  const existing = await usableToken(host, session);
  if (existing) return withState(existing, appState);
  const verifier = codeVerifier ?? generatePKCECodeVerifier(128);
  if (!codeVerifier) storage?.setItem(verifierKey, verifier);
  const challenge = await computePKCECodeChallenge(verifier);
  const query = authorizeQuery(clientId, redirectUri, "code", opts, challenge);
  const url = authorizeUrl(host, query);
  const config = session.popup("browser login").merged(opts.authPopupConfiguration);
  if (!config.usePopup) return redirect(page, session, url, query.state, appState);
  if (config.useWindowReplace) saveState(session, query.state, appState);
  const popupResult = await runAuthPopup(session.popup("browser login"), {
    url,
    query,
    redirectUri,
    config,
  }).finally(() => {
    // Settled: forget what was kept for this login only (a newer one may have replaced it).
    if (!codeVerifier && storage?.getItem(verifierKey) === verifier) {
      storage.removeItem(verifierKey);
    }
    if (config.useWindowReplace) forgetSavedState(session, query.state);
  });
  return await reportPopup(
    session,
    popupResult.identifier,
    () =>
      finishPKCE(
        host,
        clientId,
        redirectUri,
        popupResult.answer,
        query.state,
        verifier,
        appState,
      ),
  );
}

/**
 * Forgets the access token (memory and store); in a browser page, then sends
 * the user to `<login base>/logout` (back to `logoutRedirectUri` when given).
 *
 * @example
 * ```ts
 * import { PlatformClient } from "../../mod.ts";
 * const client = new PlatformClient({ accessToken: "t" });
 * // In a browser page this also goes to the login server's logout page.
 * await client.logout("https://app.example.com/bye.html").catch((e) => console.log(e.name));
 * console.log(client.authData); // undefined
 * ```
 */
export async function logout(host: BrowserLoginHost, logoutRedirectUri?: string): Promise<void> {
  const session = host.session;
  const clientId = session.clientId;
  await session.clear();
  if (!isBrowserPage()) return;
  const query = new URLSearchParams();
  if (clientId) query.set("client_id", clientId);
  if (logoutRedirectUri) query.set("redirect_uri", logoutRedirectUri);
  const page = requireBrowserPage("logout");
  const suffix = query.size > 0 ? `?${query}` : "";
  page.window.location.replace(`${host.session.loginUrl}/logout${suffix}`);
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
  // The state sent is always a random nonce, so that only this browser's request
  // matches the answer; the application's own `opts.state` never leaves it.
  query.state = generatePKCECodeVerifier(43);
  if (opts.org) query.org = opts.org;
  if (opts.provider) query.provider = opts.provider;
  if (opts.target) query.target = opts.target;
  if (opts.login_hint) query.login_hint = opts.login_hint;
  if (opts.prompt === "login") query.prompt = "login";
  return query as Record<string, string> & { state: string };
}

function authorizeUrl(host: BrowserLoginHost, query: Record<string, string>): string {
  return `${host.session.loginUrl}/oauth/authorize?${new URLSearchParams(query)}`;
}

function redirect(
  page: BrowserPage,
  session: AuthSession,
  url: string,
  nonce: string,
  appState: string | undefined,
): Promise<AuthData> {
  saveState(session, nonce, appState);
  page.window.location.replace(url);
  // The page is navigating away; the login completes on the redirect back.
  return new Promise<AuthData>(() => {});
}

/** What this browser keeps until the login page answers: the nonce sent, the app's state. */
interface SavedLogin {
  nonce: string;
  appState: string | undefined;
}

function saveState(session: AuthSession, nonce: string, appState: string | undefined): void {
  const storage = webStorage("sessionStorage");
  storage?.setItem(stateKey(session), nonce);
  if (appState === undefined) storage?.removeItem(appStateKey(session));
  else storage?.setItem(appStateKey(session), appState);
}

function stateKey(session: AuthSession): string {
  return `${session.settingsPrefix}_oauth_state`;
}

function appStateKey(session: AuthSession): string {
  return `${session.settingsPrefix}_oauth_app_state`;
}

function takeSavedState(session: AuthSession): SavedLogin | undefined {
  const storage = webStorage("sessionStorage");
  const nonce = storage?.getItem(stateKey(session)) ?? undefined;
  const appState = storage?.getItem(appStateKey(session)) ?? undefined;
  storage?.removeItem(stateKey(session));
  storage?.removeItem(appStateKey(session));
  return nonce === undefined ? undefined : { nonce, appState };
}

/** Removes the saved state when it is still the one `nonce`'s login saved. */
function forgetSavedState(session: AuthSession, nonce: string): void {
  if (webStorage("sessionStorage")?.getItem(stateKey(session)) === nonce) {
    takeSavedState(session);
  }
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
      description: "no login was started from this browser (no saved state to compare " +
        "with); the answer was rejected",
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
  appState: string | undefined,
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
  return withState(data, appState);
}

async function finishPKCE(
  host: BrowserLoginHost,
  clientId: string,
  redirectUri: string,
  answer: RedirectAnswer,
  expectedState: string | undefined,
  verifier: string | undefined,
  appState: string | undefined,
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
  const data = await authorizePKCEGrant(host.session, clientId, verifier, answer.code, redirectUri);
  return withState(data, appState);
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
  host: BrowserLoginHost,
  session: AuthSession,
): Promise<AuthData | undefined> {
  const token = await session.currentToken();
  if (!token) return undefined;
  try {
    await host.call(TOKENS_ME, []);
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
