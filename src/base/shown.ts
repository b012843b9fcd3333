/**
 * How error messages show a value the user gave, unless it may carry
 * credentials.
 *
 * @module
 */

/**
 * `value` quoted, or a note in its place when it holds an `@` (a
 * `user:password@host` part), so that no password reaches an error message.
 *
 * @example
 * ```ts
 * import { shown } from "./shown.ts";
 * console.log(shown("gw.example.com")); // "gw.example.com"
 * console.log(shown("user:hunter2@gw.example.com")); // (value hidden: it contains '@')
 * ```
 */
export function shown(value: string): string {
  return value.includes("@") ? "(value hidden: it contains '@')" : `"${value}"`;
}
