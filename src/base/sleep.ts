/**
 * An abortable wait for retry back-off.
 *
 * @module
 */

import { MAX_TIMEOUT_MS } from "./time_limit.ts";
import { watchAbort } from "./abort_watch.ts";

/**
 * Resolves after `ms` milliseconds, or rejects with the signal's reason as
 * soon as `signal` aborts; the timer and the listener are removed either way.
 *
 * @example
 * ```ts
 * import { sleep } from "./sleep.ts";
 * const controller = new AbortController();
 * const waiting = sleep(60_000, controller.signal);
 * controller.abort(new Error("stop"));
 * await waiting.catch((e) => console.log(e.message)); // stop
 * ```
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const unwatch = signal && watchAbort(signal, () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
    const timer = setTimeout(() => {
      unwatch?.();
      resolve();
    }, Math.min(Math.max(0, ms), MAX_TIMEOUT_MS)); // a longer delay would fire at once
  });
}
