/**
 * Popup logins: opens the login page in a popup window and waits for the
 * redirect page in it to post back what the login page answered.
 *
 * @module
 */

import { AuthError } from "../base/errors.ts";
import { generatePKCECodeVerifier } from "./pkce.ts";
import type { AuthPopupMessage, CompleteAuthPopupOptions } from "./popup_messages.ts";
import type { AuthPopupConfiguration, AuthPopupState } from "./popup_state.ts";
import { type BrowserPage, requireBrowserPage, type WindowRef } from "./runtime.ts";

/** What the login page sent back to the redirect URI. */
export interface RedirectAnswer {
  /** `access_token` (implicit grant). */
  accessToken?: string;
  /** `expires_in` in seconds (implicit grant). */
  expiresIn?: number;
  /** `code` (PKCE / code grant). */
  code?: string;
  /** `state` as returned. */
  state?: string;
  /** OAuth `error`. */
  error?: string;
  /** OAuth `error_description`. */
  errorDescription?: string;
}

/**
 * Reads an OAuth answer from URL parameters (a query or a fragment);
 * `undefined` when they hold none (no `access_token`, `code` or `error`).
 *
 * @example
 * ```ts
 * import { readRedirectAnswer } from "./popup.ts";
 * const a = readRedirectAnswer(new URLSearchParams("code=abc&state=s1"));
 * console.log(a?.code, a?.state); // abc s1
 * ```
 */
export function readRedirectAnswer(params: URLSearchParams): RedirectAnswer | undefined {
  const answer: RedirectAnswer = {};
  const text = (name: string) => params.get(name) || undefined;
  answer.accessToken = text("access_token");
  answer.code = text("code");
  answer.state = text("state");
  answer.error = text("error");
  answer.errorDescription = text("error_description");
  const expires = Number(params.get("expires_in"));
  if (params.has("expires_in") && Number.isFinite(expires)) answer.expiresIn = expires;
  if (!answer.accessToken && !answer.code && !answer.error) return undefined;
  for (const key of Object.keys(answer) as (keyof RedirectAnswer)[]) {
    if (answer[key] === undefined) delete answer[key];
  }
  return answer;
}

/** What a finished popup produced. */
export interface PopupResult {
  /** The answer the login page sent. */
  answer: RedirectAnswer;
  /** The popup's identifier (for status events). */
  identifier: string;
}

/** Inputs of {@linkcode runAuthPopup}. */
export interface PopupRequest {
  /** The `/oauth/authorize` URL. */
  url: string;
  /** Its query parameters (for `overridePopupUrlAuthParameters`). */
  query: Record<string, string>;
  /** The redirect URI: only messages from its origin are accepted. */
  redirectUri: string;
  /** The effective popup configuration. */
  config: AuthPopupConfiguration;
}

/**
 * Opens the popup and resolves with the answer its redirect page posts back.
 * Rejects with an `AuthError` on timeout (`popup_timeout`), when the browser
 * blocks the popup (`popup_blocked`), when a newer popup replaces this one
 * (`popup_aborted`) or when the identifier does not match. With
 * `useWindowReplace` it reloads the page with the answer and never settles.
 *
 * @example
 * ```ts
 * import { runAuthPopup } from "./popup.ts";
 * import { AuthPopupState } from "./popup_state.ts";
 * const state = new AuthPopupState();
 * // In a browser page this opens the popup and resolves with its answer; elsewhere it refuses.
 * const result = await runAuthPopup(state, {
 *   url: "https://login.mypurecloud.com/oauth/authorize?client_id=x",
 *   query: { client_id: "x" },
 *   redirectUri: "https://app.example.com/popup.html",
 *   config: { usePopup: true, popupTimeout: 60_000 },
 * }).then((r) => r.answer.accessToken !== undefined, (e) => e.name);
 * console.log(result); // UnsupportedRuntimeError outside a browser page
 * ```
 */
export function runAuthPopup(state: AuthPopupState, request: PopupRequest): Promise<PopupResult> {
  let page: BrowserPage;
  try {
    page = requireBrowserPage("popup login");
  } catch (error) {
    return Promise.reject(error);
  }
  state.abortActive?.("a newer popup login started");
  const config = request.config;
  const identifier = randomIdentifier(16);
  const expectedOrigin = new URL(request.redirectUri, page.window.location.href).origin;
  state.emit("INIT", "Authorization popup starting", identifier);

  return new Promise<PopupResult>((resolve, reject) => {
    let popup: WindowRef | null = null;
    const timers: {
      timeout?: ReturnType<typeof setTimeout>;
      notify?: ReturnType<typeof setInterval>;
    } = {};
    const finish = () => {
      clearTimeout(timers.timeout);
      clearInterval(timers.notify);
      page.window.removeEventListener("message", onMessage);
      if (state.abortActive === abort) state.abortActive = undefined;
    };
    const fail = (status: "ERROR" | "TIMEOUT" | "ABORTED", error: AuthError) => {
      finish();
      closePopup(popup, config);
      state.emit(status, error.message, identifier);
      reject(error);
    };
    const abort = (reason: string) =>
      fail("ABORTED", new AuthError({ error: "popup_aborted", description: reason }));
    const onMessage = (event: MessageEvent) => {
      // Only the popup this login opened may answer it (not an older popup, not another window).
      if (popup === null || event.source !== (popup as unknown)) return;
      if (event.origin !== expectedOrigin) return;
      const data = event.data as Partial<AuthPopupMessage> | null;
      if (typeof data !== "object" || data === null) return;
      if (data.name !== "gc_auth_popup" || data.type !== "message") return;
      if (config.usePopupIdentifier && data.identifier && data.identifier !== identifier) {
        fail(
          "ERROR",
          new AuthError({
            error: "popup_identifier_mismatch",
            description: "the popup answered with another popup's identifier",
          }),
        );
        return;
      }
      finish();
      const params = messageParams(data);
      const answer = readRedirectAnswer(params) ?? {
        error: "InvalidAuthParams",
        errorDescription: "the popup's redirect URL carries no access_token, code or error",
      };
      if (config.useWindowReplace && !answer.error) {
        state.emit("REDIRECTING", "Authorization popup completed", identifier);
        closePopup(popup, config);
        const base = config.overrideWindowReplaceUri ??
          `${page.window.location.origin}${page.window.location.pathname}`;
        page.window.location.replace(`${base}${data.search ?? ""}${data.hash ?? ""}`);
        return;
      }
      closePopup(popup, config);
      resolve({ answer, identifier });
    };

    page.window.addEventListener("message", onMessage);
    state.abortActive = abort;
    try {
      popup = page.window.open(popupUrl(request), config.popupTarget, config.popupWindowFeatures);
    } catch (error) {
      const kind = error instanceof Error ? ` (${error.name})` : "";
      fail(
        "ERROR",
        new AuthError({
          error: "popup_blocked",
          description: `the browser refused to open the login popup${kind}; ` +
            "check overridePopupUrl",
        }),
      );
      return;
    }
    if (!popup) {
      fail(
        "ERROR",
        new AuthError({
          error: "popup_blocked",
          description: "the browser did not open the login popup (popup blocker?)",
        }),
      );
      return;
    }
    const timeoutMs = config.popupTimeout ?? 120_000;
    timers.timeout = setTimeout(() => {
      fail(
        "TIMEOUT",
        new AuthError({
          error: "popup_timeout",
          description: `the login popup did not answer within ${timeoutMs} ms`,
        }),
      );
    }, timeoutMs);
    if (config.notifyPopup) {
      const message: AuthPopupMessage = { name: "gc_auth_popup", type: "notify" };
      if (config.usePopupIdentifier) message.identifier = identifier;
      timers.notify = setInterval(() => {
        try {
          popup?.postMessage(message, expectedOrigin);
        } catch {
          // The popup is on another origin (still on the login page): try again later.
        }
      }, 1_000);
    }
  });
}

function popupUrl(request: PopupRequest): string {
  const { config } = request;
  if (!config.overridePopupUrl) return request.url;
  const params: Record<string, string> = {
    ...(config.overridePopupUrlAuthParameters ? request.query : {}),
    ...(config.overridePopupUrlParameters ?? {}),
  };
  const query = new URLSearchParams(params).toString();
  return query ? `${config.overridePopupUrl}?${query}` : config.overridePopupUrl;
}

function messageParams(data: Partial<AuthPopupMessage>): URLSearchParams {
  if (data.auth && typeof data.auth === "object") {
    return new URLSearchParams(data.auth as Record<string, string>);
  }
  const params = new URLSearchParams(typeof data.search === "string" ? data.search : "");
  const hash = new URLSearchParams(
    typeof data.hash === "string" ? data.hash.replace(/^#/, "") : "",
  );
  for (const [k, v] of hash) params.set(k, v);
  return params;
}

function closePopup(popup: WindowRef | null, config: AuthPopupConfiguration) {
  if (!popup || config.autoClosePopup === false) return;
  const close = () => {
    try {
      if (!popup.closed) popup.close();
    } catch {
      // Already gone.
    }
  };
  const delay = config.autoClosePopupDelay ?? 0;
  if (delay > 0) setTimeout(close, delay);
  else close();
}

/** Drops the login answer from the page's URL (history), keeping the rest of it. */
function removeAnswerFromUrl(page: BrowserPage): void {
  const { location, history } = page.window;
  const url = new URL(location.href);
  if (readRedirectAnswer(new URLSearchParams(url.hash.replace(/^#/, "")))) url.hash = "";
  for (const name of ANSWER_QUERY_PARAMS) url.searchParams.delete(name);
  try {
    history.replaceState(history.state, "", url.href.replace(/#$/, ""));
  } catch {
    // A page that may not rewrite its URL still completes the login.
  }
}

const ANSWER_QUERY_PARAMS = ["code", "state", "error", "error_description", "session_state", "iss"];

function randomIdentifier(length: number): string {
  return generatePKCECodeVerifier(43).slice(0, length);
}

/**
 * Call this on the popup's redirect page: posts the login answer (the page's
 * query and fragment) to the window that opened it, which is waiting in
 * `loginImplicitGrant`/`loginPKCEGrant` with `usePopup: true`, and removes
 * the answer (code, token, state) from this page's address bar.
 *
 * @example
 * ```ts
 * // popup.html, the redirect URI of the popup login (outside a browser page it throws)
 * import { completeAuthPopup } from "./popup.ts";
 * try {
 *   completeAuthPopup();
 * } catch (e) {
 *   console.log((e as Error).name); // UnsupportedRuntimeError
 * }
 * ```
 */
export function completeAuthPopup(options: CompleteAuthPopupOptions = {}): void {
  const page = requireBrowserPage("completeAuthPopup");
  const opener = page.window.opener;
  if (!opener) {
    throw new AuthError({
      error: "popup_no_opener",
      description: "completeAuthPopup runs on a page no window opened (window.opener is null)",
    });
  }
  const message: AuthPopupMessage = {
    name: "gc_auth_popup",
    type: "message",
    hash: page.window.location.hash,
    search: page.window.location.search,
  };
  removeAnswerFromUrl(page);
  const target = options.targetOrigin ?? page.window.location.origin;
  if (!options.waitForNotify) {
    opener.postMessage(message, target);
    return;
  }
  const onNotify = (event: MessageEvent) => {
    if (event.source !== (opener as unknown)) return;
    if (target !== "*" && event.origin !== target) return;
    const data = event.data as Partial<AuthPopupMessage> | null;
    if (typeof data !== "object" || data === null) return;
    if (data.name !== "gc_auth_popup" || data.type !== "notify") return;
    page.window.removeEventListener("message", onNotify);
    const reply: AuthPopupMessage = { ...message };
    if (typeof data.identifier === "string") reply.identifier = data.identifier;
    opener.postMessage(reply, event.origin);
  };
  page.window.addEventListener("message", onNotify);
}
