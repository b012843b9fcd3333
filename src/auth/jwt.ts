/**
 * Reading the expiry of the JWTs the platform issues (guest chat, web
 * messaging), with `jose`'s `decodeJwt` (no signature check: the platform
 * verifies them; the client only needs `exp`).
 *
 * @module
 */

import { decodeJwt } from "jose/jwt/decode";

/** Expiry facts of a JWT, in milliseconds since the epoch. */
export interface JwtTimes {
  /** `exp * 1000`, when present. */
  expiresAt?: number;
  /** `iat * 1000`, when present. */
  issuedAt?: number;
}

/**
 * Reads `exp` and `iat` of a JWT; empty when the value is not a JWT.
 *
 * @example
 * ```ts
 * import { jwtTimes } from "./jwt.ts";
 * console.log(jwtTimes("not-a-jwt")); // {}
 * ```
 */
export function jwtTimes(jwt: string): JwtTimes {
  try {
    const claims = decodeJwt(jwt);
    const times: JwtTimes = {};
    if (typeof claims.exp === "number") times.expiresAt = claims.exp * 1000;
    if (typeof claims.iat === "number") times.issuedAt = claims.iat * 1000;
    return times;
  } catch {
    return {};
  }
}
