/**
 * Lenient JSON reading for answers whose body may be anything (error bodies,
 * token answers): a value or `undefined`, never an exception.
 *
 * @module
 */

/**
 * The JSON value of `text`, or `undefined` when it is empty or not JSON.
 *
 * @example
 * ```ts
 * import { parseJson } from "./json.ts";
 * console.log(parseJson('{"code":"bad.request"}'), parseJson("<html>")); // { code: "bad.request" } undefined
 * ```
 */
export function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Whether `v` is a JSON object (not `null`, not an array).
 *
 * @example
 * ```ts
 * import { isRecord } from "./json.ts";
 * console.log(isRecord({}), isRecord([]), isRecord(null)); // true false false
 * ```
 */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
