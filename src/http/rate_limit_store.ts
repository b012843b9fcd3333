/**
 * A request budget shared by every process that uses one OAuth client: the
 * interface the pacer reserves from. Adapters for Deno KV, Redis and Durable
 * Objects are in `@cxkit/genesys-cloud/stores`; {@linkcode MemoryRateLimitStore}
 * shares a budget within one process.
 *
 * @module
 */

import {
  blockOn,
  type RateLimitGrant,
  type RateLimitSeen,
  type RateState,
  takeFrom,
} from "./rate_window.ts";

export type { RateLimitGrant, RateLimitSeen } from "./rate_window.ts";

/**
 * A budget of requests per window, kept for a key (derived from the token's
 * fingerprint, never the token), following the server's windows. Each
 * operation is atomic across every process that shares the store.
 *
 * Semantics, which every adapter follows (`rate_window.ts` holds them as
 * pure functions): a key keeps its window (start, end, and whether the end is
 * a guess), the requests granted in it, those granted near its end, a block,
 * and what answers taught: the allowed count and the window's length.
 * `take(key, want, limit, windowMs, seen)` first learns from `seen`: its
 * `allowed` (and `windowMs`) always; its end (replacing a guess, else the
 * earlier) and its count (when higher) only when `seen.window` is the current
 * window. A window that has ended is followed by a new one at `now`, lasting
 * the learnt length plus an edge (`windowMs` when nothing is learnt yet), and
 * counting the requests granted near the previous end. Then, unless blocked,
 * it grants `min(want, allowed - used)`, where `allowed` is the learnt one or,
 * before any answer, the caller's `limit` (1: the first request of a fleet
 * goes alone and finds out the budget for everyone). `block(key, ms)` holds
 * every grant for `ms`.
 *
 * @example
 * ```ts
 * import type { RateLimitStore } from "./rate_limit_store.ts";
 * const unlimited: RateLimitStore = {
 *   take: (_key, want) => Promise.resolve({ granted: want, resetInMs: 0, window: 1, allowed: 0 }),
 *   block: () => Promise.resolve(),
 * };
 * console.log((await unlimited.take("k", 3, 300, 60_000)).granted); // 3
 * ```
 */
export interface RateLimitStore {
  /**
   * Takes up to `want` requests for `key` in the server's current window,
   * after learning from `seen`; `limit` and `windowMs` are what the caller
   * assumes while no answer has taught the store.
   */
  take(
    key: string,
    want: number,
    limit: number,
    windowMs: number,
    seen?: RateLimitSeen,
  ): Promise<RateLimitGrant>;
  /** No request for `key` is granted for the next `ms` milliseconds (after a 429). */
  block(key: string, ms: number): Promise<void>;
}

/**
 * A {@linkcode RateLimitStore} in process memory.
 *
 * @example
 * ```ts
 * import { MemoryRateLimitStore } from "./rate_limit_store.ts";
 * const store = new MemoryRateLimitStore();
 * const first = await store.take("k", 5, 1, 1_000); // nothing learnt: 1 finds out
 * console.log(first.granted); // 1
 * console.log((await store.take("k", 5, 1, 1_000)).granted); // 0
 * // Its answer said 300 a minute: every taker gets the rest.
 * const seen = { window: first.window, allowed: 300, count: 1, resetInMs: 60_000, windowMs: 60_000 };
 * console.log((await store.take("k", 5, 1, 1_000, seen)).granted); // 5
 * ```
 */
export class MemoryRateLimitStore implements RateLimitStore {
  readonly #keys = new Map<string, RateState>();
  readonly #now: () => number;

  /** A store; `now` is the clock (milliseconds), `Date.now` by default. */
  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** See {@linkcode RateLimitStore.take}. */
  take(
    key: string,
    want: number,
    limit: number,
    windowMs: number,
    seen?: RateLimitSeen,
  ): Promise<RateLimitGrant> {
    const { state, grant } = takeFrom(
      this.#keys.get(key),
      this.#now(),
      want,
      limit,
      windowMs,
      seen,
    );
    this.#keys.set(key, state);
    return Promise.resolve(grant);
  }

  /** See {@linkcode RateLimitStore.block}. */
  block(key: string, ms: number): Promise<void> {
    this.#keys.set(key, blockOn(this.#keys.get(key), this.#now(), ms));
    return Promise.resolve();
  }
}
