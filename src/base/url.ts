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
