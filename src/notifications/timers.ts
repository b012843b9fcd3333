/**
 * The client's timers, kept in one place: each can be cancelled, all can be cleared at once,
 * and their number is known (a closed client holds none).
 *
 * @module
 */

/** Longest delay `setTimeout` honours (a longer one fires at once). */
const MAX_DELAY_MS = 2_147_483_647;

/**
 * A set of pending timers.
 *
 * @example
 * ```ts
 * import { Timers } from "./timers.ts";
 * const timers = new Timers();
 * const cancel = timers.after(60_000, () => console.log("never"));
 * console.log(timers.size); // 1
 * cancel();
 * console.log(timers.size); // 0
 * ```
 */
export class Timers {
  readonly #pending = new Map<number, ReturnType<typeof setTimeout>>();
  #next = 0;

  /** Timers pending now. */
  get size(): number {
    return this.#pending.size;
  }

  /** Runs `fn` after `ms`; returns a function that cancels it (a no-op once it ran). */
  after(ms: number, fn: () => void): () => void {
    const key = this.#next++;
    const handle = setTimeout(() => {
      this.#pending.delete(key);
      fn();
    }, Math.min(Math.max(0, ms), MAX_DELAY_MS));
    this.#pending.set(key, handle);
    return () => {
      const h = this.#pending.get(key);
      if (h === undefined) return;
      clearTimeout(h);
      this.#pending.delete(key);
    };
  }

  /**
   * Resolves after `ms`, or at once (resolving `false`) when `signal` aborts; `true` when the
   * time passed. Never rejects, so a closing client leaves no rejected promise behind.
   */
  wait(ms: number, signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onAbort = () => {
        cancel();
        resolve(false);
      };
      const cancel = this.after(ms, () => {
        signal.removeEventListener("abort", onAbort);
        resolve(true);
      });
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Cancels every pending timer. */
  clear(): void {
    for (const handle of this.#pending.values()) clearTimeout(handle);
    this.#pending.clear();
  }
}
