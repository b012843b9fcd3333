/**
 * At most one refresh in flight, and bounded waits on it.
 *
 * @module
 */

import { watchAbort } from "../base/abort_watch.ts";

/**
 * Runs at most one task at a time; callers arriving while it runs share its
 * promise (same result, same error).
 *
 * @example
 * ```ts
 * import { SingleFlight } from "./single_flight.ts";
 * const flight = new SingleFlight();
 * let runs = 0;
 * const task = async () => { runs++; await Promise.resolve(); };
 * await Promise.all([flight.run(task), flight.run(task), flight.run(task)]);
 * console.log(runs); // 1
 * ```
 */
export class SingleFlight {
  #current: Promise<void> | undefined;

  /** The task in flight, if any. */
  get current(): Promise<void> | undefined {
    return this.#current;
  }

  /** Starts `task` unless one is in flight; returns the promise of the one in flight. */
  run(task: () => Promise<void>): Promise<void> {
    if (this.#current) return this.#current;
    const promise = (async () => {
      try {
        await task();
      } finally {
        this.#current = undefined;
      }
    })();
    this.#current = promise;
    // Waiters may all have given up (timeout, abort): never an unhandled rejection.
    promise.catch(() => {});
    return promise;
  }
}

/**
 * Waits for `promise` at most `maxMs` milliseconds and until `signal` aborts.
 * Rejects with `onTimeout()` after `maxMs`, with the signal's reason on abort,
 * and otherwise settles as `promise` does.
 *
 * All the waits on one promise share a single timer (its waitroom): in a
 * refresh storm a thousand calls wait on one token request, and a timer each
 * cost more than the rest of their waiting. The timer is cleared when the
 * promise settles or the last waiter leaves.
 *
 * @example
 * ```ts
 * import { waitBounded } from "./single_flight.ts";
 * const value = await waitBounded(Promise.resolve(42), 1_000, undefined, () => new Error("slow"));
 * console.log(value); // 42
 * ```
 */
export function waitBounded<T>(
  promise: Promise<T>,
  maxMs: number,
  signal: AbortSignal | undefined,
  onTimeout: () => Error,
): Promise<T> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  let join = waitrooms.get(promise) as Join<T> | undefined;
  if (!join) waitrooms.set(promise, join = openWaitroom(promise));
  return join(maxMs, signal, onTimeout);
}

type Join<T> = (
  maxMs: number,
  signal: AbortSignal | undefined,
  onTimeout: () => Error,
) => Promise<T>;

/** The open waitroom of each promise waited on (closed when it settles). */
const waitrooms = new WeakMap<Promise<unknown>, Join<unknown>>();

interface Waiter<T> {
  resolve(value: T): void;
  reject(reason: unknown): void;
  /** When it gives up (`performance.now()` time). */
  due: number;
  onTimeout(): Error;
  unwatch: (() => void) | undefined;
}

/**
 * The waiters on `promise`, with one timer armed for the earliest `due`; a
 * promise that settled is waited on in a new room (settled in a microtask).
 */
function openWaitroom<T>(promise: Promise<T>): Join<T> {
  const waiters = new Set<Waiter<T>>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timerDue = Infinity;
  const arm = (due: number) => {
    clearTimeout(timer);
    timerDue = due;
    // A timer may fire up to a millisecond early by this clock: one more.
    timer = due < Infinity ? setTimeout(expire, Math.ceil(due - performance.now()) + 1) : undefined;
  };
  const leave = (waiter: Waiter<T>) => {
    waiter.unwatch?.();
    waiters.delete(waiter);
    if (waiters.size === 0) arm(Infinity);
  };
  // Times out every waiter that is due, then arms the timer for the next one.
  const expire = () => {
    const now = performance.now();
    let next = Infinity;
    for (const waiter of waiters) {
      if (waiter.due <= now) {
        leave(waiter);
        waiter.reject(waiter.onTimeout());
      } else next = Math.min(next, waiter.due);
    }
    arm(next);
  };
  const settle = (tell: (waiter: Waiter<T>) => void) => {
    waitrooms.delete(promise);
    for (const waiter of waiters) {
      leave(waiter);
      tell(waiter);
    }
  };
  promise.then(
    (value) => settle((waiter) => waiter.resolve(value)),
    (reason) => settle((waiter) => waiter.reject(reason)),
  );
  return (maxMs, signal, onTimeout) =>
    new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = {
        resolve,
        reject,
        due: performance.now() + maxMs,
        onTimeout,
        unwatch: signal && watchAbort(signal, () => {
          leave(waiter);
          reject(signal.reason);
        }),
      };
      waiters.add(waiter);
      if (waiter.due < timerDue) arm(waiter.due);
    });
}
