/**
 * Abort callbacks that cost the same however many share a signal.
 *
 * @module
 */

/** The callbacks watching each signal (each one once), behind its one `abort` listener. */
const watched = new WeakMap<AbortSignal, { callbacks: Set<() => void>; listener: () => void }>();

/**
 * Calls `onAbort` when `signal` aborts, unless the returned function is called
 * first. All the callbacks on one signal share one `abort` listener: calls that
 * start together share one time-limit signal, and a thousand listeners on one
 * `EventTarget` take quadratic time to remove (20 ms in Deno; 456 ms for ten
 * thousand). The listener is removed with the last callback: in Deno a
 * listener on a timeout signal keeps the process alive until the timer fires.
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
  let watch = watched.get(signal);
  if (!watch) {
    const callbacks = new Set<() => void>();
    const listener = () => {
      watched.delete(signal);
      callbacks.forEach((callback) => callback());
    };
    watch = { callbacks, listener };
    watched.set(signal, watch);
    signal.addEventListener("abort", listener, { once: true });
  }
  const mine = watch;
  mine.callbacks.add(onAbort);
  return () => {
    if (!mine.callbacks.delete(onAbort) || mine.callbacks.size > 0) return;
    signal.removeEventListener("abort", mine.listener);
    if (watched.get(signal) === mine) watched.delete(signal);
  };
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
