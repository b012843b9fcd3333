/**
 * What the PKCE page and its server share: the page config, the result the
 * page shows, and its storage prefix.
 *
 * @module
 */

/** What serve.ts answers at `./config.json`. */
export interface PageConfig {
  /** API base URL. */
  apiBase: string;
  /** Login base URL. */
  loginBase: string;
  /** The public (no secret) OAuth client. */
  clientId: string;
  /** This page's URL, registered as a redirect URI of the client. */
  redirectUri: string;
}

/** What the page shows in `#result` (and what the test reads). */
export interface PageResult {
  /** `login`: came back from the login page; `restored`: token from localStorage. */
  how: "login" | "restored";
  /** Name of the signed-in user (`UsersApi.getUsersMe`). */
  signedInAs: string;
  /** Their id. */
  userId: string;
  /** The `state` given to the login, as returned. */
  state: string | undefined;
  /** Whether `<prefix>_auth_data` is in localStorage. */
  persisted: boolean;
  /** What a page cannot do, and the error each attempt raised. */
  limits: { attempt: string; error: string; unsupported: boolean; message: string }[];
}

/** localStorage keys start with this (`setPersistSettings(true, PREFIX)`). */
export const PREFIX = "pkce_example";
