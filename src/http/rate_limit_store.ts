/**
 * A request budget shared by every process that uses one OAuth client: the
 * interface the pacer reserves from. Adapters for Deno KV, Redis and Durable
 * Objects are in `@cxkit/genesys-cloud/stores`; {@linkcode MemoryRateLimitStore}
 * shares a budget within one process.
 *
 * @module
 */

/** What {@linkcode RateLimitStore.take} granted. */
export interface RateLimitGrant {
  /** How many of the requests asked for may be sent now (0 to `want`). */
  granted: number;
  /** Milliseconds until the window resets (or the block ends); 0 when unknown. */
  resetInMs: number;
}

/**
 * A budget of requests per window, kept for a key (derived from the token's
 * fingerprint, never the token). Each operation is atomic across every
 * process that shares the store.
 *
 * Semantics, which every adapter follows: a key holds `{ windowStart, used,
 * blockedUntil }`. `take` starts a new window (`windowStart = now, used = 0`)
 * when `now >= windowStart + windowMs`; then, unless `now < blockedUntil`,
 * grants `min(want, limit - used)` and adds it to `used`. `block` sets
 * `blockedUntil = max(blockedUntil, now + ms)` and, when the block outlasts the
 * window, moves the window to start when the block ends.
 *
 * @example
 * ```ts
 * import type { RateLimitStore } from "./rate_limit_store.ts";
 * const unlimited: RateLimitStore = {
 *   take: (_key, want) => Promise.resolve({ granted: want, resetInMs: 0 }),
 *   block: () => Promise.resolve(),
 * };
 * console.log((await unlimited.take("k", 3, 300, 60_000)).granted); // 3
 * ```
 */
export interface RateLimitStore {
  /**
   * Takes up to `want` requests of the `limit` the window of `windowMs`
   * allows for `key`.
   */
  take(key: string, want: number, limit: number, windowMs: number): Promise<RateLimitGrant>;
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
 * console.log((await store.take("k", 5, 3, 1_000)).granted); // 3
 * console.log((await store.take("k", 1, 3, 1_000)).granted); // 0
 * ```
 */
export class MemoryRateLimitStore implements RateLimitStore {
  readonly #keys = new Map<string, { windowStart: number; used: number; blockedUntil: number }>();
  readonly #now: () => number;

  /** A store; `now` is the clock (milliseconds), `Date.now` by default. */
  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** See {@linkcode RateLimitStore.take}. */
  take(key: string, want: number, limit: number, windowMs: number): Promise<RateLimitGrant> {
    const now = this.#now();
    let state = this.#keys.get(key);
    if (!state) this.#keys.set(key, state = { windowStart: now, used: 0, blockedUntil: 0 });
    if (now >= state.windowStart + windowMs) {
      state.windowStart = now;
      state.used = 0;
    }
    if (now < state.blockedUntil) {
      return Promise.resolve({ granted: 0, resetInMs: state.blockedUntil - now });
    }
    const granted = Math.max(0, Math.min(want, limit - state.used));
    state.used += granted;
    return Promise.resolve({ granted, resetInMs: state.windowStart + windowMs - now });
  }

  /** See {@linkcode RateLimitStore.block}. */
  block(key: string, ms: number): Promise<void> {
    const now = this.#now();
    const state = this.#keys.get(key) ?? { windowStart: now, used: 0, blockedUntil: 0 };
    state.blockedUntil = Math.max(state.blockedUntil, now + ms);
    this.#keys.set(key, state);
    return Promise.resolve();
  }
}
