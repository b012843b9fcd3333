/**
 * The budget arithmetic of `RateLimitStore`, as pure functions over a key's
 * state: the Deno KV and Durable Object adapters run it inside their atomic
 * steps (the Redis adapter runs the same steps in Lua), so every adapter
 * answers as `MemoryRateLimitStore` does.
 *
 * @module
 */

import type { RateLimitGrant } from "../http/rate_limit_store.ts";

/** What a store keeps for one key (numbers only: never a token). */
export interface RateState {
  /** When the current window started (milliseconds since the epoch). */
  windowStart: number;
  /** Requests granted in the current window. */
  used: number;
  /** No grant before this time (milliseconds since the epoch); 0 when not blocked. */
  blockedUntil: number;
  /** The window length of the last `take` (0 before any), to know how long to keep the state. */
  windowMs: number;
}

/** A fresh state at `now`. */
function fresh(now: number): RateState {
  return { windowStart: now, used: 0, blockedUntil: 0, windowMs: 0 };
}

/**
 * One `take` at `now`: the new state to store and the grant to answer.
 *
 * @example
 * ```ts
 * import { takeFrom } from "./rate_window.ts";
 * const first = takeFrom(undefined, 1_000, 5, 3, 60_000);
 * console.log(first.grant); // { granted: 3, resetInMs: 60000 }
 * const second = takeFrom(first.state, 2_000, 1, 3, 60_000);
 * console.log(second.grant); // { granted: 0, resetInMs: 59000 }
 * ```
 */
export function takeFrom(
  previous: RateState | undefined,
  now: number,
  want: number,
  limit: number,
  windowMs: number,
): { state: RateState; grant: RateLimitGrant } {
  const state = { ...(previous ?? fresh(now)), windowMs };
  if (now >= state.windowStart + windowMs) {
    state.windowStart = now;
    state.used = 0;
  }
  if (now < state.blockedUntil) {
    return { state, grant: { granted: 0, resetInMs: state.blockedUntil - now } };
  }
  const granted = Math.max(0, Math.min(want, limit - state.used));
  state.used += granted;
  return { state, grant: { granted, resetInMs: state.windowStart + windowMs - now } };
}

/**
 * One `block` of `ms` at `now`: the new state to store.
 *
 * @example
 * ```ts
 * import { blockOn } from "./rate_window.ts";
 * console.log(blockOn(undefined, 1_000, 500).blockedUntil); // 1500
 * ```
 */
export function blockOn(previous: RateState | undefined, now: number, ms: number): RateState {
  const state = { ...(previous ?? fresh(now)) };
  state.blockedUntil = Math.max(state.blockedUntil, now + ms);
  return state;
}

/**
 * Until when a state matters: after the end of its window and of its block
 * it reads as a fresh one, so a store may drop it then. Stores keep it one
 * minute longer, for clocks that differ between processes.
 *
 * @example
 * ```ts
 * import { keepUntil } from "./rate_window.ts";
 * console.log(keepUntil({ windowStart: 0, used: 3, blockedUntil: 0, windowMs: 1_000 })); // 61000
 * ```
 */
export function keepUntil(state: RateState): number {
  return Math.max(state.windowStart + state.windowMs, state.blockedUntil) + KEEP_EXTRA_MS;
}

/** How long a state is kept past the end of its window and block. */
export const KEEP_EXTRA_MS = 60_000;

/**
 * Reads a stored state back; `undefined` when the value is not one (then the
 * key counts as fresh).
 *
 * @example
 * ```ts
 * import { toRateState } from "./rate_window.ts";
 * console.log(toRateState({ windowStart: 1, used: 2, blockedUntil: 0, windowMs: 10 })?.used); // 2
 * console.log(toRateState("garbage")); // undefined
 * ```
 */
export function toRateState(value: unknown): RateState | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const fields = [v.windowStart, v.used, v.blockedUntil, v.windowMs];
  if (!fields.every((f) => typeof f === "number" && Number.isFinite(f))) return undefined;
  return {
    windowStart: v.windowStart as number,
    used: v.used as number,
    blockedUntil: v.blockedUntil as number,
    windowMs: v.windowMs as number,
  };
}
