/**
 * Time for the helpers: a clock (now and an abortable sleep) that tests can replace, and the
 * back-off of polls and re-sends.
 *
 * @module
 */

import { ParameterError } from "../base/errors.ts";
import { sleep } from "../base/sleep.ts";

/**
 * Where the helpers read the time and wait: the system clock by default; a test passes its own
 * (a sleep that records the wait and returns at once, say).
 *
 * @example
 * ```ts
 * import type { JobClock } from "./clock.ts";
 * const waits: number[] = [];
 * const clock: JobClock = { now: () => 0, sleep: (ms) => (waits.push(ms), Promise.resolve()) };
 * ```
 */
export interface JobClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * The system clock: `Date.now()` and timers.
 *
 * @example
 * ```ts
 * import { SYSTEM_CLOCK } from "./clock.ts";
 * await SYSTEM_CLOCK.sleep(1);
 * console.log(SYSTEM_CLOCK.now() > 0); // true
 * ```
 */
export const SYSTEM_CLOCK: JobClock = Object.freeze({ now: () => Date.now(), sleep });

/**
 * How a run polls: waits that start at `initialMs` and grow by `factor` up to `maxMs` (a
 * `Retry-After` on a status answer is waited as it says), a limit on consecutive failed polls
 * and on the whole wait.
 *
 * @example
 * ```ts
 * import type { PollOptions } from "./clock.ts";
 * const poll: PollOptions = { initialMs: 2_000, maxMs: 60_000, timeoutMs: 3_600_000 };
 * ```
 */
export interface PollOptions {
  /** The wait before the first poll, in ms. Default 1000. */
  initialMs?: number;
  /** Each wait is the previous one times this (>= 1). Default 1.5. */
  factor?: number;
  /** The longest wait between polls, in ms (a longer `Retry-After` is still honoured). Default 30000. */
  maxMs?: number;
  /**
   * Polls that may fail in a row with what the request engine retries (429, a 5xx other than
   * 501, a network failure, a call's time limit) before `done()` rejects with that error. The
   * engine's own retries (`retry.retryMax`) come first, within each poll. Default 3.
   */
  maxFailures?: number;
  /**
   * Stop waiting after this many ms: `done()` rejects with a `TimeoutError` (the job goes on;
   * `cancel()` stops it). Default: no limit.
   */
  timeoutMs?: number;
}

/** {@linkcode PollOptions} with defaults applied. */
export interface PollSettings {
  /** See {@linkcode PollOptions.initialMs}. */
  readonly initialMs: number;
  /** See {@linkcode PollOptions.factor}. */
  readonly factor: number;
  /** See {@linkcode PollOptions.maxMs}. */
  readonly maxMs: number;
  /** See {@linkcode PollOptions.maxFailures}. */
  readonly maxFailures: number;
  /** See {@linkcode PollOptions.timeoutMs}. */
  readonly timeoutMs: number;
}

/** Whether `value` is a finite number of at least `min` (or `undefined`). */
function checkNumber(caller: string, name: string, value: unknown, min: number): void {
  if (value !== undefined && (typeof value !== "number" || !(value >= min) || value === Infinity)) {
    throw new ParameterError(caller, name, `must be a finite number >= ${min}, not ${value}`);
  }
}

/**
 * The poll settings of `options`, checked: a `ParameterError` names a bad value.
 *
 * @example
 * ```ts
 * import { pollSettings } from "./clock.ts";
 * console.log(pollSettings("runJob", { initialMs: 500 }).maxMs); // 30000
 * ```
 */
export function pollSettings(caller: string, options: PollOptions | undefined): PollSettings {
  if (options !== undefined && (typeof options !== "object" || options === null)) {
    throw new ParameterError(caller, "poll", "must be an object");
  }
  const o = options ?? {};
  checkNumber(caller, "poll.initialMs", o.initialMs, 0);
  checkNumber(caller, "poll.factor", o.factor, 1);
  checkNumber(caller, "poll.maxMs", o.maxMs, 0);
  checkNumber(caller, "poll.maxFailures", o.maxFailures, 0);
  checkNumber(caller, "poll.timeoutMs", o.timeoutMs, 0);
  const initialMs = o.initialMs ?? 1_000;
  const maxMs = o.maxMs ?? Math.max(30_000, initialMs);
  if (maxMs < initialMs) {
    throw new ParameterError(
      caller,
      "poll.maxMs",
      `must not be below poll.initialMs (${initialMs})`,
    );
  }
  return {
    initialMs,
    factor: o.factor ?? 1.5,
    maxMs,
    maxFailures: Math.floor(o.maxFailures ?? 3),
    timeoutMs: o.timeoutMs ?? Infinity,
  };
}

/**
 * Checks a clock given in options.
 *
 * @example
 * ```ts
 * import { checkClock, SYSTEM_CLOCK } from "./clock.ts";
 * console.log(checkClock("runJob", undefined) === SYSTEM_CLOCK); // true
 * ```
 */
export function checkClock(caller: string, clock: unknown): JobClock {
  if (clock === undefined) return SYSTEM_CLOCK;
  const c = clock as Partial<JobClock> | null;
  if (typeof c?.now !== "function" || typeof c.sleep !== "function") {
    throw new ParameterError(caller, "clock", "must have now() and sleep(ms, signal)");
  }
  return c as JobClock;
}

/**
 * The waits of a back-off: `initialMs`, then each `factor` times the one before, at most
 * `maxMs`.
 *
 * @example
 * ```ts
 * import { Backoff } from "./clock.ts";
 * const b = new Backoff(1_000, 2, 3_000);
 * console.log(b.next(), b.next(), b.next(), b.next()); // 1000 2000 3000 3000
 * ```
 */
export class Backoff {
  #next: number;

  /** Starts at `initialMs`. */
  constructor(initialMs: number, readonly factor: number, readonly maxMs: number) {
    this.#next = initialMs;
  }

  /** The next wait, in ms. */
  next(): number {
    const wait = this.#next;
    this.#next = Math.min(this.maxMs, Math.round(wait * this.factor));
    return wait;
  }
}
