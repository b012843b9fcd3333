/**
 * Path and query building: every path parameter is exactly one segment, and
 * query values follow the definition's collection formats.
 *
 * @module
 */

import type { CollectionFormat } from "./endpoint.ts";

/** A value a query or path parameter can take. */
export type ParamValue = string | number | boolean | Date | bigint;

/**
 * Percent-encodes a value as one path segment. Returns `undefined` for `.`
 * and `..`, which no URL can carry as a literal segment.
 *
 * @example
 * ```ts
 * import { encodePathSegment } from "./url.ts";
 * console.log(encodePathSegment("a/b?c#d e")); // a%2Fb%3Fc%23d%20e
 * ```
 */
export function encodePathSegment(value: unknown): string | undefined {
  const text = stringifyParam(value);
  if (text === "." || text === "..") return undefined;
  // Ids are almost always letters, digits and `-`: nothing to encode (a test is cheaper).
  return UNRESERVED.test(text) ? text : encodeURIComponent(text);
}

/** Characters `encodeURIComponent` leaves as they are (a subset: not `!'()*`). */
const UNRESERVED = /^[\w.~-]*$/;

/**
 * Writes a parameter value as text: dates as ISO 8601, everything else with `String`.
 *
 * @example
 * ```ts
 * import { stringifyParam } from "./url.ts";
 * console.log(stringifyParam(new Date(0))); // 1970-01-01T00:00:00.000Z
 * ```
 */
export function stringifyParam(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object" && value !== null) return JSON.stringify(value);
  return String(value);
}

const JOINERS: Record<Exclude<CollectionFormat, "multi">, string> = {
  csv: ",",
  ssv: " ",
  tsv: "\t",
  pipes: "|",
};

/**
 * Appends one query parameter to `parts` as encoded `key=value` strings.
 * `null`/`undefined` (and such array items) are dropped; `false` and `0` are sent.
 * Arrays repeat the key for `multi` and are joined otherwise.
 *
 * @example
 * ```ts
 * import { appendQuery } from "./url.ts";
 * const parts: string[] = [];
 * appendQuery(parts, "expand", ["a", "b"], "multi");
 * appendQuery(parts, "id", ["1", "2"], "csv");
 * console.log(parts.join("&")); // expand=a&expand=b&id=1%2C2
 * ```
 */
export function appendQuery(
  parts: string[],
  key: string,
  value: unknown,
  format: CollectionFormat = "csv",
): void {
  if (value === undefined || value === null) return;
  const k = encodeURIComponent(key);
  if (Array.isArray(value)) {
    const items = value.filter((v) => v !== undefined && v !== null).map(stringifyParam);
    if (format === "multi") {
      for (const item of items) parts.push(`${k}=${encodeURIComponent(item)}`);
    } else if (items.length > 0) {
      parts.push(`${k}=${encodeURIComponent(items.join(JOINERS[format]))}`);
    }
    return;
  }
  parts.push(`${k}=${encodeURIComponent(stringifyParam(value))}`);
}

/**
 * Why `host` cannot be a URL's host, or `undefined` when it can: an ASCII
 * host name (letters, digits and hyphens in dot-separated labels; an IDN as
 * punycode, `xn--...`), a dotted IPv4 address, or a bracketed IPv6 address.
 * Anything the URL parser would map to another name (fullwidth letters,
 * U+FFFD, bidi controls, NUL, emoji) or read as an incomplete address
 * (`127.0.`, `10.1`) is refused.
 *
 * @example
 * ```ts
 * import { hostProblem } from "./url.ts";
 * console.log(hostProblem("gw.example.com"), hostProblem("[::1]")); // undefined undefined
 * console.log(hostProblem("127.0.")); // is not a complete host name or IP address
 * ```
 */
export function hostProblem(host: string): string | undefined {
  if (/^\[[0-9a-f:.]+\]$/i.test(host)) {
    try {
      return new URL(`http://${host}/`).host === host.toLowerCase() ? undefined : IPV6_PROBLEM;
    } catch {
      return IPV6_PROBLEM;
    }
  }
  if (!/^[\x21-\x7e]+$/.test(host)) {
    return "must be an ASCII host name or IP address (an IDN as punycode, xn--...)";
  }
  const labels = host.split(".");
  if (labels.some((l) => !/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i.test(l))) {
    return "is not a complete host name or IP address";
  }
  // A host whose last label is a number is an IPv4 address to the URL parser: it must be whole.
  if (/^\d+$/.test(labels[labels.length - 1])) {
    const whole = labels.length === 4 && labels.every((l) => /^\d{1,3}$/.test(l) && +l < 256);
    if (!whole) return "is not a complete host name or IP address";
  }
  return undefined;
}

const IPV6_PROBLEM = "is not an IPv6 address";

/**
 * Why `url` cannot be a base URL (absolute `http` or `https`, no query,
 * fragment or credentials, a host as {@linkcode hostProblem} accepts), or
 * `undefined`. Never quotes the URL (it may hold credentials).
 *
 * @example
 * ```ts
 * import { baseUrlProblem } from "./url.ts";
 * console.log(baseUrlProblem("http://127.0.0.1:8080/api")); // undefined
 * console.log(baseUrlProblem("https://ｅxample.com")); // has a host that must be an ASCII host name ...
 * ```
 */
export function baseUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "is not an absolute URL";
  }
  // `new URL` drops an empty `?` or `#`; the URL is used as written, so they count too.
  if (
    !/^https?:$/.test(parsed.protocol) || /[?#]/.test(url) || parsed.username || parsed.password
  ) {
    return "must be an absolute http or https URL without query, fragment or credentials";
  }
  // The host as written, not as the URL parser maps it (fullwidth letters, U+FFFD...).
  const authority = url.replace(/^[a-z]+:\/\//i, "").split("/")[0];
  const host = authority.startsWith("[")
    ? authority.slice(0, authority.indexOf("]") + 1)
    : authority.replace(/:\d*$/, "");
  const problem = hostProblem(host);
  return problem && `has a host that ${problem}`;
}
