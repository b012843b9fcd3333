/**
 * The budget arithmetic of `RateLimitStore`, as pure functions over a key's
 * state: `MemoryRateLimitStore`, the Deno KV and the Durable Object adapters
 * run it inside their atomic steps (the Redis adapter runs the same steps in
 * Lua), so every adapter answers alike.
 *
 * The store's window follows the server's: a new one opens with the first
 * `take` after the last one ended, its end guessed until an answer to a
 * request granted in it reports the server's (`seen`); from then on the
 * earliest end reported counts (the server rounds its reset up, so every
 * report is at or after the true end). What answers taught (the allowed
 * count, the window's length) is kept for every process, including one that
 * has not had an answer yet.
 *
 * @module
 */

/** What `RateLimitStore.take` granted. */
export interface RateLimitGrant {
  /** How many of the requests asked for may be sent now (0 to `want`). */
  granted: number;
  /** Milliseconds until the window ends (or the block does). */
  resetInMs: number;
  /** The window the grant counts in; send it back in `seen` with its answer. */
  window: number;
  /** The allowed requests per window an answer reported; 0 until one did. */
  allowed: number;
}

/**
 * What an answer to a request granted in `window` reported (the
 * `inin-ratelimit-*` headers), passed to `RateLimitStore.take`.
 */
export interface RateLimitSeen {
  /** The `window` of the grant the request was sent under. */
  window: number;
  /** `inin-ratelimit-allowed`. */
  allowed: number;
  /** `inin-ratelimit-count`. */
  count: number;
  /** Milliseconds from now until the server's window ends (from `inin-ratelimit-reset`). */
  resetInMs: number;
  /** The server's window length, as learnt from the resets (milliseconds). */
  windowMs: number;
}

/** What a store keeps for one key (numbers only: never a token). */
export interface RateState {
  /** When the current window opened (milliseconds since the epoch): its id in grants. */
  windowStart: number;
  /** When it ends: a guess while `guessed` is 1, else the earliest end the server reported. */
  windowEnd: number;
  /** 1 while `windowEnd` is a guess, 0 once an answer reported it. */
  guessed: number;
  /** Requests granted in the window (or more, when the server counted more). */
  used: number;
  /** Of those, the ones granted close to its end: they may land in the server's next window. */
  late: number;
  /** No grant before this time (milliseconds since the epoch); 0 when not blocked. */
  blockedUntil: number;
  /** The allowed requests per window the server reported; 0 until one did. */
  allowed: number;
  /** The server's window length reported with it (milliseconds); 0 until then. */
  windowMs: number;
}

/** The fields of a {@linkcode RateState}, in the order stores keep them. */
export const RATE_FIELDS = [
  "windowStart",
  "windowEnd",
  "guessed",
  "used",
  "late",
  "blockedUntil",
  "allowed",
  "windowMs",
] as const;

/**
 * The edge of a window of `windowMs`: grants this close to its end count in
 * the next window too, and a guessed end after a learnt length is this much
 * later (at most 250 ms, a tenth of short windows).
 *
 * @example
 * ```ts
 * import { edgeMs } from "./rate_window.ts";
 * console.log(edgeMs(60_000), edgeMs(2_000)); // 250 200
 * ```
 */
export function edgeMs(windowMs: number): number {
  return Math.min(250, Math.ceil(windowMs / 10));
}

/** A state before any take. */
function fresh(): RateState {
  return {
    windowStart: 0,
    windowEnd: 0,
    guessed: 1,
    used: 0,
    late: 0,
    blockedUntil: 0,
    allowed: 0,
    windowMs: 0,
  };
}

/**
 * One `take` at `now` (see `RateLimitStore.take`): the new state to store and
 * the grant to answer.
 *
 * @example
 * ```ts
 * import { takeFrom } from "./rate_window.ts";
 * // Nothing learnt: the caller's limit (1: one request finds out the budget).
 * const first = takeFrom(undefined, 1_000, 5, 1, 5_000);
 * console.log(first.grant); // { granted: 1, resetInMs: 5000, window: 1000, allowed: 0 }
 * // Its answer: 300 allowed, 1 counted, the server's window ends in 60 s.
 * const seen = { window: 1_000, allowed: 300, count: 1, resetInMs: 60_000, windowMs: 60_000 };
 * const next = takeFrom(first.state, 1_100, 5, 1, 5_000, seen);
 * console.log(next.grant); // { granted: 5, resetInMs: 60000, window: 1000, allowed: 300 }
 * ```
 */
export function takeFrom(
  previous: RateState | undefined,
  now: number,
  want: number,
  limit: number,
  windowMs: number,
  seen?: RateLimitSeen,
): { state: RateState; grant: RateLimitGrant } {
  const state = { ...(previous ?? fresh()) };
  if (seen) {
    if (seen.allowed > 0) {
      state.allowed = seen.allowed;
      state.windowMs = seen.windowMs > 0 ? seen.windowMs : state.windowMs;
    }
    // Only an answer to a request granted in this window tells of this window.
    if (seen.window === state.windowStart && now < state.windowEnd) {
      const end = now + Math.max(0, seen.resetInMs);
      state.windowEnd = state.guessed ? end : Math.min(state.windowEnd, end);
      state.guessed = 0;
      state.used = Math.max(state.used, seen.count);
    }
  }
  const learnt = state.allowed > 0 && state.windowMs > 0;
  if (now >= state.windowEnd) {
    const length = learnt ? state.windowMs + edgeMs(state.windowMs) : windowMs;
    // Late grants may have opened the server's next window: they count in it while it can last.
    const carry = now < state.windowEnd + length ? state.late : 0;
    Object.assign(state, {
      windowStart: now,
      windowEnd: now + length,
      guessed: 1,
      used: carry,
      late: 0,
    });
  }
  const answer = (granted: number, resetInMs: number) => ({
    state,
    grant: { granted, resetInMs, window: state.windowStart, allowed: state.allowed },
  });
  if (now < state.blockedUntil) return answer(0, state.blockedUntil - now);
  const granted = Math.max(0, Math.min(want, (state.allowed || limit) - state.used));
  state.used += granted;
  if (now >= state.windowEnd - edgeMs(learnt ? state.windowMs : windowMs)) state.late += granted;
  return answer(granted, state.windowEnd - now);
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
  const state = { ...(previous ?? fresh()) };
  state.blockedUntil = Math.max(state.blockedUntil, now + ms);
  return state;
}

/**
 * Until when a state should be kept: what it learnt (the allowed count)
 * matters to processes that start later, so a store keeps it at least
 * {@linkcode KEEP_EXTRA_MS} past the end of its window and of its block.
 *
 * @example
 * ```ts
 * import { keepUntil, takeFrom } from "./rate_window.ts";
 * const { state } = takeFrom(undefined, 0, 1, 3, 1_000);
 * console.log(keepUntil(state)); // 3601000
 * ```
 */
export function keepUntil(state: RateState): number {
  return Math.max(state.windowEnd, state.blockedUntil) + KEEP_EXTRA_MS;
}

/** How long a state is kept past the end of its window and block (one hour). */
export const KEEP_EXTRA_MS = 3_600_000;

/**
 * Reads a stored state back; `undefined` when the value is not one (then the
 * key counts as fresh).
 *
 * @example
 * ```ts
 * import { takeFrom, toRateState } from "./rate_window.ts";
 * console.log(toRateState(takeFrom(undefined, 0, 2, 3, 10).state)?.used); // 2
 * console.log(toRateState("garbage")); // undefined
 * ```
 */
export function toRateState(value: unknown): RateState | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (!RATE_FIELDS.every((f) => typeof v[f] === "number" && Number.isFinite(v[f]))) {
    return undefined;
  }
  return Object.fromEntries(RATE_FIELDS.map((f) => [f, v[f]])) as unknown as RateState;
}
