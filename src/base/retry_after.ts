/**
 * Reading the `Retry-After` header.
 *
 * @module
 */

/**
 * Reads a `Retry-After` header (delay seconds or an HTTP date) as
 * milliseconds from `now`; `undefined` when absent or unreadable (negative,
 * garbage). A date in the past gives 0; a huge delay stays huge (the caller
 * gives up rather than retry early).
 *
 * @example
 * ```ts
 * import { parseRetryAfter } from "./retry_after.ts";
 * console.log(parseRetryAfter("3")); // 3000
 * console.log(parseRetryAfter("Wed, 21 Oct 2015 07:28:05 GMT", Date.UTC(2015, 9, 21, 7, 28, 0))); // 5000
 * console.log(parseRetryAfter("-1"), parseRetryAfter("soon")); // undefined undefined
 * ```
 */
export function parseRetryAfter(
  value: string | null,
  now: number = Date.now(),
): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  // A date names a weekday and a month (RFC 9110 IMF-fixdate and its obsolete forms).
  if (!/^[a-z]{3},? .*\d/i.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
