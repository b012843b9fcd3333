/**
 * Base64 and base64url encoding of bytes, with `btoa` only.
 *
 * @module
 */

/**
 * Encodes bytes as standard base64 (with padding), with `btoa` only.
 *
 * @example
 * ```ts
 * import { base64Encode } from "./base64.ts";
 * console.log(base64Encode(new TextEncoder().encode("é"))); // w6k=
 * ```
 */
export function base64Encode(bytes: Uint8Array): string {
  // A plain loop, not `String.fromCharCode(...chunk)`: spreading a typed array
  // runs the iterator machinery, which costs Bun about a millisecond the first time.
  let binary = "";
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
  return btoa(binary);
}

/**
 * Encodes bytes as base64url without padding (RFC 4648 section 5).
 *
 * @example
 * ```ts
 * import { base64UrlEncode } from "./base64.ts";
 * console.log(base64UrlEncode(new Uint8Array([251, 255]))); // -_8
 * ```
 */
export function base64UrlEncode(bytes: Uint8Array): string {
  return base64Encode(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * Decodes base64url (padding optional) to bytes; throws a `DOMException` on
 * text that is not base64url.
 *
 * @example
 * ```ts
 * import { base64UrlDecode } from "./base64.ts";
 * console.log(base64UrlDecode("-_8")); // Uint8Array(2) [ 251, 255 ]
 * ```
 */
export function base64UrlDecode(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
