/**
 * The seam between the request core and authentication: which `Authorization`
 * value an operation sends, and whether a 401 can be recovered from.
 *
 * @module
 */

import type { AuthKind } from "../base/endpoint.ts";

/**
 * Supplies credentials to the request core.
 *
 * @example
 * ```ts
 * import type { Authenticator } from "./credentials.ts";
 * const fixed: Authenticator = {
 *   authorize: () => Promise.resolve("Bearer my-token"),
 *   recover: () => Promise.resolve(false),
 * };
 * ```
 */
export interface Authenticator {
  /**
   * The `Authorization` header value for an operation with this auth kind, or
   * `undefined` to send none. May wait for a token refresh in flight.
   */
  authorize(kind: AuthKind, signal?: AbortSignal): Promise<string | undefined>;
  /**
   * Called after a 401 answered a request sent with `used`. Resolves `true`
   * when a different credential is now available and the request should be
   * retried once; `false` to let the 401 surface.
   */
  recover(kind: AuthKind, used: string | undefined, signal?: AbortSignal): Promise<boolean>;
}
