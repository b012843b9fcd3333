/**
 * Reading the expiry of the JWTs the platform issues (guest chat, web
 * messaging): the payload, base64url-decoded (no signature check: the
 * platform verifies them; the client only needs `exp`). A JWT library's
 * decoder would do the same with about 1 KB more in every bundle.
 *
 * @module
 */

import { base64UrlDecode } from "../base/base64.ts";

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
 * const payload = btoa(JSON.stringify({ exp: 2_000_000_000 })).replace(/=+$/, "");
 * console.log(jwtTimes(`e30.${payload}.sig`)); // { expiresAt: 2000000000000 }
 * ```
 */
export function jwtTimes(jwt: string): JwtTimes {
  try {
    // A JWS in compact form: header.payload.signature, the payload a JSON object.
    const parts = jwt.split(".");
    if (parts.length !== 3) return {};
    const claims = JSON.parse(new TextDecoder().decode(base64UrlDecode(parts[1])));
    if (typeof claims !== "object" || claims === null) return {};
    const times: JwtTimes = {};
    if (typeof claims.exp === "number") times.expiresAt = claims.exp * 1000;
    if (typeof claims.iat === "number") times.issuedAt = claims.iat * 1000;
    return times;
  } catch {
    return {};
  }
}
