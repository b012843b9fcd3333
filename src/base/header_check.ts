/**
 * Checks of header names and values given by users (default headers, custom
 * headers, header parameters, access tokens), so that a bad one is reported
 * as what it is before anything is sent, not as a failed connection.
 *
 * @module
 */

/** An HTTP field name: an RFC 9110 token. */
const NAME = /^[\w!#$%&'*+.^`|~-]+$/;
/**
 * A field value `fetch` accepts: no control character but tab (Deno refuses the
 * others when the request is sent), and no character above U+00FF.
 */
// deno-lint-ignore no-control-regex
const VALUE = /^[^\0-\x08\n-\x1f\x7f\u0100-\uffff]*$/;

/**
 * Whether `value` can be sent as an HTTP header value.
 *
 * @example
 * ```ts
 * import { isHeaderValue } from "./header_check.ts";
 * console.log(isHeaderValue("Bearer abc"), isHeaderValue("a\r\nb"), isHeaderValue("€")); // true false false
 * ```
 */
export function isHeaderValue(value: unknown): value is string {
  return typeof value === "string" && VALUE.test(value);
}

/**
 * Why a header value (a token, say) was refused, for errors that name the
 * option, parameter or header before it (the value itself is never quoted).
 *
 * @example
 * ```ts
 * import { HEADER_VALUE_PROBLEM } from "./header_check.ts";
 * console.log(`accessToken ${HEADER_VALUE_PROBLEM}`);
 * ```
 */
export const HEADER_VALUE_PROBLEM =
  "must be a string without control characters or characters above U+00FF";

/**
 * What is wrong with a header, or `undefined` when it can be sent. The value
 * is never quoted (it may be a secret), nor a name that is not a token (it may
 * be a whole `Name: value` line).
 *
 * @example
 * ```ts
 * import { headerProblem } from "./header_check.ts";
 * console.log(headerProblem("x-team", "blue")); // undefined
 * console.log(headerProblem("x-team", 7)); // header "x-team" must be a string without line breaks...
 * ```
 */
export function headerProblem(name: string, value: unknown): string | undefined {
  if (!NAME.test(name)) {
    return "a header name is not an HTTP token";
  }
  if (!isHeaderValue(value)) return `header "${name}" ${HEADER_VALUE_PROBLEM}`;
}

/**
 * Checks every header of `headers` (a plain object) and returns a copy of it;
 * throws what `fail` makes of the first problem.
 *
 * @example
 * ```ts
 * import { checkedHeaders } from "./header_check.ts";
 * const h = checkedHeaders({ "x-team": "blue" }, (problem) => new TypeError(problem));
 * console.log(h); // { "x-team": "blue" }
 * ```
 */
export function checkedHeaders(
  headers: unknown,
  fail: (problem: string) => Error,
): Record<string, string> {
  if (typeof headers !== "object" || headers === null || Array.isArray(headers)) {
    throw fail("must be an object of header names and values");
  }
  const copy: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const problem = headerProblem(name, value);
    if (problem) throw fail(problem);
    copy[name] = value;
  }
  return copy;
}
