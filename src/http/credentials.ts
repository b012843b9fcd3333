/**
 * The seam between the request engine and authentication: which
 * `Authorization` value an operation sends, and whether a 401 can be recovered
 * from. The engine knows credentials only through this interface.
 *
 * @module
 */

import type { AuthKind } from "../base/endpoint.ts";

/**
 * Supplies credentials to the request engine.
 *
 * @example
 * ```ts
 * import type { Credentials } from "./credentials.ts";
 * const fixed: Credentials = {
 *   authorizeNow: () => "Bearer my-token",
 *   authorize: () => Promise.resolve("Bearer my-token"),
 *   recover: () => Promise.resolve(false),
 * };
 * console.log(fixed.authorizeNow?.("oauth")); // Bearer my-token
 * ```
 */
export interface Credentials {
  /**
   * The `Authorization` value when it is known without waiting (no renewal in
   * flight or due): a string, or `undefined` to send none; `null` means "ask
   * {@linkcode Credentials.authorize}". Lets a call skip a promise in the
   * common case; whatever it answers, `authorize` would have answered the same.
   */
  authorizeNow?(kind: AuthKind): string | undefined | null;
  /**
   * The `Authorization` header value for an operation with this auth kind, or
   * `undefined` to send none. May wait for a token renewal in flight.
   */
  authorize(kind: AuthKind, signal?: AbortSignal): Promise<string | undefined>;
  /**
   * Called after a 401 answered a request sent with `used`. Resolves `true`
   * when a different credential is now available and the request should be
   * sent once more; `false` to let the 401 surface.
   */
  recover(kind: AuthKind, used: string | undefined, signal?: AbortSignal): Promise<boolean>;
}

/**
 * The former name of {@linkcode Credentials}.
 *
 * @example
 * ```ts
 * import type { Authenticator } from "./credentials.ts";
 * const none: Authenticator = {
 *   authorize: () => Promise.resolve(undefined),
 *   recover: () => Promise.resolve(false),
 * };
 * ```
 */
export type Authenticator = Credentials;
