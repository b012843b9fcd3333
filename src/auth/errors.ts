/**
 * Errors specific to logins and token refreshes. The OAuth failures
 * themselves are {@linkcode AuthError}s from the request core.
 *
 * @module
 */

import { AuthError } from "../base/errors.ts";

/**
 * The token endpoint (`<login>/oauth/token`) refused a grant or answered
 * something unusable. Carries the OAuth `error`, the server's description,
 * the grant type and the URL; never the secret, code, assertion or tokens.
 *
 * @example
 * ```ts
 * import { TokenRequestError } from "./errors.ts";
 * const e = new TokenRequestError({
 *   grant: "client_credentials",
 *   url: "https://login.mypurecloud.com/oauth/token",
 *   error: "invalid_client",
 *   description: "client not found",
 *   status: 401,
 * });
 * console.log(e.message);
 * // client_credentials grant failed: invalid_client: client not found (HTTP 401, POST https://login.mypurecloud.com/oauth/token)
 * ```
 */
export class TokenRequestError extends AuthError {
  /** Always `"TokenRequestError"`, also in minified bundles (where class names are renamed). */
  override name = "TokenRequestError";
  /** The `grant_type` that was requested. */
  declare readonly grant: string;
  /** The token endpoint URL. */
  declare readonly url: string;
  /** Builds the error; `description` must already be free of credentials. */
  constructor(init: {
    grant: string;
    url: string;
    error: string;
    description?: string;
    status?: number;
    cause?: unknown;
  }) {
    const status = init.status === undefined ? "" : `HTTP ${init.status}, `;
    super(
      init,
      `${init.grant} grant failed: ${init.error}${
        init.description ? `: ${init.description}` : ""
      } (${status}POST ${init.url})`,
    );
    this.grant = init.grant;
    this.url = init.url;
  }
}

/**
 * A call waited longer than `refreshTokenWaitMax` for the token refresh in
 * flight; the call was not sent. The refresh itself keeps going and later
 * calls use its result.
 *
 * @example
 * ```ts
 * import { TokenRefreshTimeoutError } from "./errors.ts";
 * const e = new TokenRefreshTimeoutError(10_000);
 * console.log(e.error, e.waitedMs); // refresh_timeout 10000
 * ```
 */
export class TokenRefreshTimeoutError extends AuthError {
  /** Always `"TokenRefreshTimeoutError"`, also in minified bundles (where class names are renamed). */
  override name = "TokenRefreshTimeoutError";
  /** How long the call waited, in milliseconds. */
  declare readonly waitedMs: number;
  /** Builds the error for a wait of `waitedMs` milliseconds. */
  constructor(waitedMs: number) {
    super({
      error: "refresh_timeout",
      description: `the token refresh did not finish within ${waitedMs} ms ` +
        "(refreshTokenWaitMax); the call was not sent",
    });
    this.waitedMs = waitedMs;
  }
}
