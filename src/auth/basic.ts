/**
 * HTTP Basic client authentication for the token endpoint, and base64 helpers.
 *
 * @module
 */

import { ParameterError } from "../base/errors.ts";
import { base64Encode } from "../base/base64.ts";

export { base64Encode, base64UrlEncode } from "../base/base64.ts";

/**
 * The `Authorization` header value for HTTP Basic client authentication:
 * `Basic base64(utf8(clientId ":" clientSecret))`. Non-ASCII characters are
 * encoded as UTF-8 (plain `btoa` would throw on them).
 *
 * Throws a {@linkcode ParameterError} for an empty id or secret, or an id
 * containing `:` (RFC 7617 forbids it: the server could not split the pair).
 *
 * @example
 * ```ts
 * import { basicAuthorization } from "./basic.ts";
 * console.log(basicAuthorization("client", "sécret")); // Basic Y2xpZW50OnPDqWNyZXQ=
 * ```
 */
export function basicAuthorization(
  clientId: string,
  clientSecret: string,
  method = "login",
): string {
  requireText(method, "clientId", clientId);
  requireText(method, "clientSecret", clientSecret);
  if (clientId.includes(":")) {
    throw new ParameterError(method, "clientId", "must not contain ':' (HTTP Basic separator)");
  }
  return `Basic ${base64Encode(new TextEncoder().encode(`${clientId}:${clientSecret}`))}`;
}

/**
 * Throws a {@linkcode ParameterError} unless `value` is a non-empty string.
 * The value itself never appears in the message.
 *
 * @example
 * ```ts
 * import { requireText } from "./basic.ts";
 * requireText("loginClientCredentialsGrant", "clientId", "abc");
 * ```
 */
export function requireText(method: string, name: string, value: unknown): asserts value is string {
  if (typeof value !== "string" || value === "") {
    throw new ParameterError(method, name, "is required and must be a non-empty string");
  }
}
