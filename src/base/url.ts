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
 * emoji, `10.1` read as `10.0.0.1`) or refuse (NUL, U+FFFD, bidi controls)
 * is refused, and so are empty labels and labels that start or end with `-`.
 *
 * @example
 * ```ts
 * import { hostProblem } from "./url.ts";
 * console.log(hostProblem("gw.example.com"), hostProblem("[::1]")); // undefined undefined
 * console.log(hostProblem("127.0.")); // is not a bare host name (ASCII, an IDN as punycode xn--...) or a whole IP address
 * ```
 */
export function hostProblem(host: string): string | undefined {
  let parsed: string | undefined;
  try {
    parsed = new URL(`http://${host}/`).host;
  } catch {
    // not a host at all
  }
  const labels = host[0] === "[" ? [] : host.split(".");
  if (
    parsed !== host.toLowerCase() || labels.some((l) => !/^[a-z\d]([a-z\d-]*[a-z\d])?$/i.test(l))
  ) {
    return "is not a bare host name (ASCII, an IDN as punycode xn--...) or a whole IP address";
  }
}

/**
 * The environment domain an `environment` setting names, or `undefined` when
 * it names none: a scheme, a trailing slash and an `api.` or `login.` host
 * prefix are dropped (`https://api.mypurecloud.de/` is `mypurecloud.de`); the
 * rest must be a dotted host as {@linkcode hostProblem} accepts, with an
 * optional port. Both clients read `environment` through it.
 *
 * @example
 * ```ts
 * import { environmentHost } from "./url.ts";
 * console.log(environmentHost("https://api.MyPureCloud.de/")); // mypurecloud.de
 * console.log(environmentHost("eu_west_1")); // undefined
 * ```
 */
export function environmentHost(value: string): string | undefined {
  const host = value.trim().replace(/^[a-z]+:\/\//i, "")
    .replace(/\/+$/, "").replace(/^(api|login)\./i, "");
  if (!host.includes(".") || hostProblem(host.replace(/:\d+$/, ""))) return undefined;
  return host.toLowerCase();
}

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
