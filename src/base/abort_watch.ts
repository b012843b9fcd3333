/**
 * Abort callbacks that cost the same however many share a signal.
 *
 * @module
 */

/** The callbacks watching each signal (each one once), behind its one `abort` listener. */
const watched = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Calls `onAbort` when `signal` aborts, unless the returned function is called
 * first. All the callbacks on one signal share one `abort` listener (which
 * lives as long as the signal): calls that start together share one
 * time-limit signal, and a thousand listeners on one `EventTarget` take
 * quadratic time to remove (20 ms in Deno; 456 ms for ten thousand).
 *
 * @example
 * ```ts
 * import { watchAbort } from "./abort_watch.ts";
 * const controller = new AbortController();
 * const unwatch = watchAbort(controller.signal, () => console.log("not this one"));
 * watchAbort(controller.signal, () => console.log("aborted"));
 * unwatch();
 * controller.abort(); // aborted
 * ```
 */
export function watchAbort(signal: AbortSignal, onAbort: () => void): () => void {
  let callbacks = watched.get(signal);
  if (!callbacks) {
    const all = callbacks = new Set();
    watched.set(signal, all);
    signal.addEventListener("abort", () => all.forEach((callback) => callback()));
  }
  const mine = callbacks;
  mine.add(onAbort);
  return () => mine.delete(onAbort);
}

/**
 * `promise`, or a rejection with the signal's reason once `signal` aborts,
 * whichever comes first. The work behind `promise` goes on (a renewal other
 * calls share, a transport that ignores the signal); only the wait ends, and a
 * later failure of it is handled here.
 *
 * @example
 * ```ts
 * import { untilAborted } from "./abort_watch.ts";
 * const never = new Promise<never>(() => {});
 * const reason = await untilAborted(never, AbortSignal.timeout(10)).catch((e) => e.name);
 * console.log(reason); // TimeoutError
 * ```
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const unwatch = watchAbort(signal, () => reject(signal.reason));
    promise.then(resolve, reject).finally(unwatch);
  });
}
