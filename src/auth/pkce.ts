/**
 * PKCE (RFC 7636): code verifiers from `crypto.getRandomValues` and S256
 * code challenges from `crypto.subtle`.
 *
 * @module
 */

import { GenesysCloudError, ParameterError } from "../base/errors.ts";
import { base64UrlEncode } from "./basic.ts";

/** The RFC 7636 unreserved characters a code verifier is made of (66 of them). */
export const PKCE_VERIFIER_CHARSET =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

/** Bytes at or above this are rejected, so `byte % 66` is uniform (198 = 3 * 66). */
const UNBIASED_LIMIT = 198; // 256 - (256 % PKCE_VERIFIER_CHARSET.length)
const VERIFIER_PATTERN = /^[A-Za-z0-9\-._~]{43,128}$/;

/**
 * A random PKCE code verifier of `length` characters (43 to 128) from the
 * RFC 7636 unreserved set. Every character is uniformly distributed
 * (rejection sampling, no modulo bias). Throws a {@linkcode ParameterError}
 * for any other length.
 *
 * @example
 * ```ts
 * import { generatePKCECodeVerifier } from "./pkce.ts";
 * const verifier = generatePKCECodeVerifier(128);
 * console.log(verifier.length); // 128
 * ```
 */
export function generatePKCECodeVerifier(length: number): string {
  const method = "generatePKCECodeVerifier";
  if (!Number.isInteger(length) || length < 43 || length > 128) {
    throw new ParameterError(
      method,
      "length",
      `must be an integer from 43 to 128 (RFC 7636), got ${String(length)}`,
    );
  }
  let out = "";
  // Each byte is kept with probability 198/256; 64 batches fail to fill only with
  // a probability far below 2^-1000.
  for (let batch = 0; batch < 64 && out.length < length; batch++) {
    const bytes = crypto.getRandomValues(new Uint8Array(length * 2));
    for (const b of bytes) {
      if (b >= UNBIASED_LIMIT) continue;
      out += PKCE_VERIFIER_CHARSET[b % PKCE_VERIFIER_CHARSET.length];
      if (out.length === length) break;
    }
  }
  if (out.length !== length) {
    throw new GenesysCloudError(`${method}: crypto.getRandomValues returned unusable bytes`);
  }
  return out;
}

/**
 * The S256 code challenge of a verifier: base64url (no padding) of its
 * SHA-256 digest. Rejects with a {@linkcode ParameterError} when the verifier
 * is not 43-128 unreserved characters.
 *
 * @example
 * ```ts
 * import { computePKCECodeChallenge } from "./pkce.ts";
 * // RFC 7636 appendix B
 * const challenge = await computePKCECodeChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
 * console.log(challenge); // E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM
 * ```
 */
export async function computePKCECodeChallenge(verifier: string): Promise<string> {
  requirePKCECodeVerifier("computePKCECodeChallenge", verifier);
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return base64UrlEncode(new Uint8Array(digest));
}

/**
 * Throws a {@linkcode ParameterError} naming `codeVerifier` (never quoting
 * it) unless `verifier` is 43 to 128 RFC 7636 unreserved characters.
 *
 * @example
 * ```ts
 * import { requirePKCECodeVerifier } from "./pkce.ts";
 * requirePKCECodeVerifier("myMethod", "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"); // fine
 * try {
 *   requirePKCECodeVerifier("myMethod", "short");
 * } catch (e) {
 *   console.log((e as Error).message); // myMethod: parameter "codeVerifier" must be 43 to 128 ...
 * }
 * ```
 */
export function requirePKCECodeVerifier(
  method: string,
  verifier: unknown,
): asserts verifier is string {
  if (typeof verifier !== "string" || !VERIFIER_PATTERN.test(verifier)) {
    throw new ParameterError(
      method,
      "codeVerifier",
      "must be 43 to 128 characters from A-Z a-z 0-9 - . _ ~ (RFC 7636)",
    );
  }
}
