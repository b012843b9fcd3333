/**
 * The one redaction of known secrets, used by errors and logs alike: every
 * form a secret can take in text (as is, URL-encoded, form-encoded, JSON
 * string, base64 and base64url) is replaced by {@linkcode REDACTED}.
 *
 * @module
 */

import { base64Encode, base64UrlEncode } from "./base64.ts";

/** What a redacted secret reads as. */
export const REDACTED = "[REDACTED]";

/**
 * The forms `secret` can take in text: as is, `encodeURIComponent`,
 * `application/x-www-form-urlencoded` (`~` as `%7E`, space as `+`), inside a
 * JSON string, base64 and base64url.
 *
 * @example
 * ```ts
 * import { secretForms } from "./redact.ts";
 * console.log(secretForms("a~b c").includes("a%7Eb+c")); // true
 * ```
 */
export function secretForms(secret: string): string[] {
  const bytes = new TextEncoder().encode(secret);
  const base64 = base64Encode(bytes);
  return [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ v: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
    base64,
    base64.replace(/=+$/, ""),
    base64UrlEncode(bytes),
  ];
}

/**
 * `text` with every form of every secret (of 4 characters or more) replaced
 * by {@linkcode REDACTED}; longer forms first, so that no part of one is left.
 *
 * @example
 * ```ts
 * import { redactSecrets } from "./redact.ts";
 * const token = "tok~en/123";
 * console.log(redactSecrets(`a=${encodeURIComponent(token)} b=${btoa(token)}`, [token]));
 * // a=[REDACTED] b=[REDACTED]
 * ```
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret === "string" && secret.length >= 4) {
      for (const form of secretForms(secret)) forms.add(form);
    }
  }
  let out = text;
  for (const form of [...forms].sort((a, b) => b.length - a.length)) {
    if (form.length >= 4) out = out.split(form).join(REDACTED);
  }
  return out;
}
