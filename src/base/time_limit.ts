/**
 * Time-limit signals shared by the calls that start together.
 *
 * @module
 */

/**
 * Where signals can be shared: Deno, Bun and browser pages. A Cloudflare
 * Worker refuses a signal made while serving another request ("Cannot
 * perform I/O on behalf of a different request"), and its clock stands still
 * between I/O: there, and anywhere not known, each call gets its own.
 */
const SHARED = ["Deno", "Bun", "document"].some((name) => name in globalThis);

/**
 * The longest time limit, in milliseconds (about 24.8 days): timers take a
 * signed 32-bit delay, and a longer one fires at once in some runtimes.
 *
 * @example
 * ```ts
 * import { MAX_TIMEOUT_MS } from "./time_limit.ts";
 * console.log(MAX_TIMEOUT_MS); // 2147483647
 * ```
 */
export const MAX_TIMEOUT_MS = 2_147_483_647;

/**
 * Whether `ms` can be a time limit: a number of milliseconds above 0 that a
 * timer can wait (a longer delay would fire at once).
 *
 * @example
 * ```ts
 * import { isTimeLimit } from "./time_limit.ts";
 * console.log(isTimeLimit(16_000), isTimeLimit(0), isTimeLimit("5")); // true false false
 * ```
 */
export function isTimeLimit(ms: unknown): ms is number {
  return typeof ms === "number" && ms > 0 && ms <= MAX_TIMEOUT_MS;
}

/**
 * Why a time limit was refused, for errors that name the option or parameter
 * before it.
 *
 * @example
 * ```ts
 * import { TIMEOUT_PROBLEM } from "./time_limit.ts";
 * console.log(`timeoutMs ${TIMEOUT_PROBLEM}`);
 * ```
 */
export const TIMEOUT_PROBLEM = "must be a positive number of milliseconds up to 2147483647";

/** The signal being handed out, for which limit, and until when (`performance.now()` time). */
let current: { ms: number; signal: AbortSignal; until: number } | undefined;

/**
 * A signal that aborts (with a `TimeoutError` `DOMException`) at least `ms`
 * and at most `ms` plus 1/64 of it (a quarter second at most) from now.
 *
 * In Deno, Bun and browser pages, calls that start within that slack share
 * one signal and its one timer (elsewhere each call has its own): an
 * `AbortSignal.timeout` per call cost about 1 µs in Deno and Bun, more than a
 * tenth of the client's own work per call, and left a pending timer behind
 * every finished call for as long as its limit (sixteen thousand of them at a
 * thousand calls a second, with the default 16 s).
 *
 * @example
 * ```ts
 * import { timeLimit } from "./time_limit.ts";
 * const a = timeLimit(16_000);
 * console.log(a === timeLimit(16_000), a.aborted); // true false
 * ```
 */
export function timeLimit(ms: number): AbortSignal {
  if (!SHARED) return AbortSignal.timeout(Math.min(ms, MAX_TIMEOUT_MS));
  const now = performance.now();
  // One limit at a time (calls almost all use the configured one): another replaces it.
  if (current?.ms === ms && now < current.until) return current.signal;
  const slack = Math.min(ms / 64, 250);
  const delay = Math.min(Math.ceil(ms + slack), MAX_TIMEOUT_MS);
  current = { ms, signal: AbortSignal.timeout(delay), until: now + slack };
  return current.signal;
}
