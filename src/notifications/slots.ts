/**
 * A count of channels the client may hold: making a channel takes a slot (waiting, first come
 * first served, while none is free), letting it go frees it. So the client never holds more
 * channels than `maxChannels`, rollovers included.
 *
 * @module
 */

/**
 * A semaphore whose waiters give up when their signal aborts.
 *
 * @example
 * ```ts
 * import { Slots } from "./slots.ts";
 * const slots = new Slots(1);
 * const signal = new AbortController().signal;
 * console.log(await slots.acquire(signal)); // true
 * const second = slots.acquire(signal);
 * slots.release();
 * console.log(await second, slots.used); // true 1
 * slots.release();
 * ```
 */
export class Slots {
  readonly #size: number;
  #used = 0;
  #queue: ((granted: boolean) => void)[] = [];

  /** `size` slots, all free. */
  constructor(size: number) {
    this.#size = size;
  }

  /** Slots taken now. */
  get used(): number {
    return this.#used;
  }

  /** Resolves `true` once a slot is taken, or `false` when `signal` aborts first. */
  acquire(signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(false);
    if (this.#used < this.#size && this.#queue.length === 0) {
      this.#used++;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const grant = (granted: boolean) => {
        signal.removeEventListener("abort", onAbort);
        resolve(granted);
      };
      const onAbort = () => {
        this.#queue = this.#queue.filter((g) => g !== grant);
        resolve(false);
      };
      this.#queue.push(grant);
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Frees a slot: the next waiter takes it. */
  release(): void {
    const next = this.#queue.shift();
    if (next) next(true);
    else this.#used = Math.max(0, this.#used - 1);
  }
}
