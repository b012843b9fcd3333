/**
 * Removes credentials from what the logger writes: headers, URLs, form and
 * JSON bodies, and any known secret value wherever it appears.
 *
 * @module
 */

import { REDACTED, redactSecrets } from "../base/redact.ts";

/** What replaces a secret. */
export { REDACTED };

const SECRET_HEADERS = new Set([
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
]);

/** Form and query fields that carry credentials (OAuth token requests and redirects). */
const SECRET_FORM_FIELDS = new Set([
  "client_secret",
  "access_token",
  "refresh_token",
  "id_token",
  "assertion",
  "code",
  "code_verifier",
  "password",
  "token",
]);

/** JSON (and form) field names that look like credentials. */
const SECRET_FIELD_PATTERN =
  /token|secret|passw(or)?d|assertion|verifier|credential|^jwt$|^authorization$|^cookie$/i;

/**
 * Whether a form or query field holds a credential.
 *
 * @example
 * ```ts
 * import { isSecretFormField } from "./redact.ts";
 * console.log(isSecretFormField("client_secret"), isSecretFormField("grant_type")); // true false
 * ```
 */
export function isSecretFormField(name: string): boolean {
  return SECRET_FORM_FIELDS.has(name.toLowerCase()) || isSecretField(name);
}

/** Field names that look like credentials (`token_type` is not one). */
function isSecretField(name: string): boolean {
  return SECRET_FIELD_PATTERN.test(name) && !/^token_?type$/i.test(name);
}

/**
 * Headers as a plain object with lower-case names; `Authorization`,
 * `Proxy-Authorization`, `Cookie` and `Set-Cookie` become `[REDACTED]`.
 *
 * @example
 * ```ts
 * import { redactHeaders } from "./redact.ts";
 * const h = redactHeaders(new Headers({ Authorization: "Bearer abc", Accept: "application/json" }));
 * console.log(h); // { accept: "application/json", authorization: "[REDACTED]" }
 * ```
 */
export function redactHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of headers) {
    out[name] = SECRET_HEADERS.has(name) ? REDACTED : value;
  }
  return out;
}

/**
 * A URL with credential-bearing query parameters and any user-info removed.
 *
 * @example
 * ```ts
 * import { redactUrl } from "./redact.ts";
 * console.log(redactUrl("https://app.example/cb?code=abc&state=1"));
 * // https://app.example/cb?code=%5BREDACTED%5D&state=1
 * ```
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  let changed = false;
  if (parsed.username || parsed.password) {
    parsed.username = "";
    parsed.password = "";
    changed = true;
  }
  if (parsed.search) {
    const params = new URLSearchParams(parsed.search);
    const names = [...new Set(params.keys())].filter(isSecretFormField);
    if (names.length > 0) {
      for (const name of names) params.set(name, REDACTED);
      parsed.search = params.toString();
      changed = true;
    }
  }
  return changed ? parsed.toString() : url;
}

/** Which way a body travels; an OAuth `code` is only secret in what we send. */
export type BodyDirection = "request" | "response";

/**
 * A body ready for a log record: JSON becomes a value with credential-looking
 * fields replaced, a form body a string with credential fields replaced,
 * anything else the text as is (known secret values are scrubbed later, from
 * the whole line). Empty bodies give `undefined`.
 *
 * @example
 * ```ts
 * import { redactBody } from "./redact.ts";
 * console.log(redactBody("grant_type=client_credentials&client_secret=s3cr3t",
 *   "application/x-www-form-urlencoded", "request"));
 * // grant_type=client_credentials&client_secret=%5BREDACTED%5D
 * console.log(redactBody('{"access_token":"t","expires_in":86399}', "application/json", "response"));
 * // { access_token: "[REDACTED]", expires_in: 86399 }
 * ```
 */
export function redactBody(
  text: string,
  contentType: string | null,
  direction: BodyDirection,
): unknown {
  if (text === "") return undefined;
  const type = (contentType ?? "").toLowerCase();
  const trimmed = text.trimStart();
  if (/json/.test(type) || ((!type || type.startsWith("text/")) && /^[[{]/.test(trimmed))) {
    try {
      return redactJson(JSON.parse(text), direction, 0);
    } catch {
      // not JSON after all: fall through
    }
  }
  if (type.includes("application/x-www-form-urlencoded") || (!type && looksLikeForm(text))) {
    return redactForm(text);
  }
  return text;
}

function looksLikeForm(text: string): boolean {
  return /^[\w.%+-]+=[^&\s]*(&[\w.%+-]+=[^&\s]*)*$/.test(text);
}

function redactForm(text: string): string {
  const params = new URLSearchParams(text);
  const names = [...new Set(params.keys())].filter(isSecretFormField);
  if (names.length === 0) return text;
  for (const name of names) params.set(name, REDACTED);
  return params.toString();
}

function redactJson(value: unknown, direction: BodyDirection, depth: number): unknown {
  if (depth > 64) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => redactJson(v, direction, depth + 1));
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const secret = isSecretField(key) ||
      (direction === "request" && (key === "code" || key === "code_verifier"));
    out[key] = secret && v !== null && v !== "" ? REDACTED : redactJson(v, direction, depth + 1);
  }
  return out;
}

/**
 * `text` with every form of every secret replaced (see `redactSecrets`, the
 * one redaction errors use too).
 *
 * @example
 * ```ts
 * import { scrubSecrets } from "./redact.ts";
 * console.log(scrubSecrets("code=abc%7E123", ["abc~123"])); // code=[REDACTED]
 * ```
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  return redactSecrets(text, secrets);
}

/**
 * A copy of `value` with {@linkcode scrubSecrets} applied to every string in
 * it (numbers and other values are kept: a record stays what it was, whatever
 * a secret looks like).
 *
 * @example
 * ```ts
 * import { scrubDeep } from "./redact.ts";
 * console.log(scrubDeep({ url: "/x?k=hunter2", total: 2 }, ["hunter2"]));
 * // { url: "/x?k=[REDACTED]", total: 2 }
 * ```
 */
export function scrubDeep<T>(value: T, secrets: readonly string[]): T {
  if (typeof value === "string") return scrubSecrets(value, secrets) as T;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, secrets)) as T;
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = scrubDeep(v, secrets);
    return out as T;
  }
  return value;
}

/**
 * The credential inside an `Authorization`-style value (`Bearer x` gives `x`),
 * for scrubbing it from anywhere else in a record.
 *
 * @example
 * ```ts
 * import { credentialOf } from "./redact.ts";
 * console.log(credentialOf("Bearer abc.def")); // abc.def
 * ```
 */
export function credentialOf(value: string | null): string | undefined {
  if (!value) return undefined;
  const match = /^\s*\S+\s+(\S+)\s*$/.exec(value);
  return match ? match[1] : value.trim() || undefined;
}
