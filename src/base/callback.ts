/**
 * Runs callbacks of the user's (log sinks, log hooks) whose failure must not
 * change what a call does.
 *
 * @module
 */

/**
 * Calls `run` and ignores its failure, thrown or, when it returns a promise
 * (an `async` sink), rejected: a rejection nobody handles would end a Deno
 * process.
 *
 * @example
 * ```ts
 * import { runIgnoringFailure } from "./callback.ts";
 * runIgnoringFailure(async () => {
 *   throw new Error("the log backend is down");
 * }); // nothing thrown, nothing unhandled
 * ```
 */
export function runIgnoringFailure(run: () => unknown): void {
  try {
    const result = run() as PromiseLike<unknown> | undefined;
    if (typeof result?.then === "function") Promise.resolve(result).catch(() => {});
  } catch {
    // ignored: see above
  }
}
