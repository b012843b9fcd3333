/**
 * What a login resolves to.
 *
 * @module
 */

/**
 * The result of a login or refresh, shaped as the official SDK's `authData`.
 *
 * @example
 * ```ts
 * import type { AuthData } from "./auth_data.ts";
 * function describe(a: AuthData): string {
 *   return `token valid until ${a.tokenExpiryTimeString ?? "unknown"}`;
 * }
 * ```
 */
export interface AuthData {
  /** The bearer access token. */
  accessToken: string;
  /** Refresh token (authorization code grant only). */
  refreshToken?: string;
  /** Lifetime the server gave the token, in seconds. */
  expiresIn?: number;
  /** Expiry in milliseconds since the epoch. */
  tokenExpiryTime?: number;
  /** Expiry as a UTC date string (`Date.prototype.toUTCString`). */
  tokenExpiryTimeString?: string;
  /** The `state` that came back from a browser login (or the one passed in). */
  state?: string;
}

/**
 * Builds {@linkcode AuthData} from a token and its lifetime.
 *
 * @example
 * ```ts
 * import { toAuthData } from "./auth_data.ts";
 * const data = toAuthData({ accessToken: "t", tokenExpiryTime: 0, expiresIn: 60 });
 * console.log(data.tokenExpiryTimeString); // Thu, 01 Jan 1970 00:00:00 GMT
 * ```
 */
export function toAuthData(token: {
  accessToken: string;
  refreshToken?: string;
  expiresIn?: number;
  tokenExpiryTime?: number;
}): AuthData {
  const { accessToken, refreshToken, expiresIn, tokenExpiryTime } = token;
  const data: AuthData = { accessToken };
  if (refreshToken !== undefined) data.refreshToken = refreshToken;
  if (expiresIn !== undefined) data.expiresIn = expiresIn;
  if (tokenExpiryTime !== undefined) {
    data.tokenExpiryTime = tokenExpiryTime;
    data.tokenExpiryTimeString = new Date(tokenExpiryTime).toUTCString();
  }
  return data;
}
