/**
 * At most one refresh in flight, and bounded waits on it.
 *
 * @module
 */

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
 * and otherwise settles as `promise` does. Its timer is always cleared.
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
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      cleanup();
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(onTimeout());
    }, maxMs);
    const cleanup = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        cleanup();
        resolve(value);
      },
      (error) => {
        cleanup();
        reject(error);
      },
    );
  });
}
