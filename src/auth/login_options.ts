/**
 * Options of the browser logins (`loginImplicitGrant`, `loginPKCEGrant`), kept
 * apart from their implementation (`browser.ts`, loaded with the browser-login
 * feature) so that the client's types do not reach it.
 *
 * @module
 */

import type { AuthPopupConfiguration } from "./popup_state.ts";

/**
 * Options of `loginImplicitGrant` and `loginPKCEGrant`
 * (the official SDK's names).
 *
 * @example
 * ```ts
 * import type { LoginGrantOptions } from "./login_options.ts";
 * const opts: LoginGrantOptions = { state: "/inbox", login_hint: "jane@example.com:acme" };
 * ```
 */
export interface LoginGrantOptions {
  /** Returned unchanged in `AuthData.state`; checked against what comes back. */
  state?: string;
  /** Organization name for single sign-on; requires `provider`. */
  org?: string;
  /** Identity provider (`okta`, `adfs`, `salesforce`, ...); requires `org`. */
  provider?: string;
  /** Organization id to log in to (Authorized Organizations). */
  target?: string;
  /** `email:orgName`, `email` or `orgName` to prefill the login page. */
  login_hint?: string;
  /** `login` to force the credentials prompt (other values are not sent). */
  prompt?: string;
  /** Popup settings for this login, over the client's. */
  authPopupConfiguration?: AuthPopupConfiguration;
}

/** Options of `loginImplicitGrant`. */
export type LoginImplicitGrantOptions = LoginGrantOptions;

/** Options of `loginPKCEGrant`. */
export type LoginPKCEGrantOptions = LoginGrantOptions;
