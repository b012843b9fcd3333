/**
 * Reconnection waits: exponential, capped, with jitter.
 *
 * @module
 */

/** How waits grow. */
export interface BackoffPolicy {
  /** The first wait, in milliseconds. */
  readonly reconnectMinMs: number;
  /** The longest wait, in milliseconds. */
  readonly reconnectMaxMs: number;
  /** Share of each wait drawn at random, from 0 to 1. */
  readonly reconnectJitter: number;
}

/**
 * The wait before reconnection attempt `attempt` (0 for the first retry):
 * `min(max, min * 2^attempt)`, of which the `jitter` share is drawn at random (`random()` in
 * [0, 1)), so the result is between `(1 - jitter)` and 1 times that.
 *
 * @example
 * ```ts
 * import { backoffDelay } from "./backoff.ts";
 * const policy = { reconnectMinMs: 500, reconnectMaxMs: 30_000, reconnectJitter: 0.5 };
 * console.log(backoffDelay(policy, 0, () => 0)); // 500
 * console.log(backoffDelay(policy, 3, () => 0.5)); // 3000 (4000 less half of its jitter share)
 * console.log(backoffDelay(policy, 20, () => 0)); // 30000
 * ```
 */
export function backoffDelay(
  policy: BackoffPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const base = Math.min(
    policy.reconnectMaxMs,
    policy.reconnectMinMs * 2 ** Math.min(Math.max(0, attempt), 40),
  );
  return Math.round(base * (1 - policy.reconnectJitter * random()));
}
