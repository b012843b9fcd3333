/**
 * Argument checks shared by the store adapters: bad input is refused with a
 * {@linkcode ParameterError} before the engine is asked anything.
 *
 * @module
 */

import { ParameterError } from "../base/errors.ts";
import { type StoredToken, toStoredToken } from "../auth/token_store.ts";
import type { RateLimitSeen } from "../http/rate_limit_store.ts";

/**
 * Checks a store key (or another name, such as a lock's owner): a non-empty string.
 *
 * @example
 * ```ts
 * import { checkKey } from "./checks.ts";
 * checkKey("TokenStore.get", "genesys-cloud:login.mypurecloud.com:abc");
 * try {
 *   checkKey("TokenStore.get", "");
 * } catch (e) {
 *   console.log((e as Error).message); // TokenStore.get: parameter "key" must be a non-empty string
 * }
 * ```
 */
export function checkKey(operation: string, key: unknown, name = "key"): asserts key is string {
  if (typeof key !== "string" || key === "") {
    throw new ParameterError(operation, name, "must be a non-empty string");
  }
}

/**
 * Checks a count (`want`, `limit`): an integer from 0.
 *
 * @example
 * ```ts
 * import { checkCount } from "./checks.ts";
 * checkCount("RateLimitStore.take", "want", 3);
 * try {
 *   checkCount("RateLimitStore.take", "want", 1.5);
 * } catch (e) {
 *   console.log((e as Error).message);
 *   // RateLimitStore.take: parameter "want" must be an integer from 0 (got 1.5)
 * }
 * ```
 */
export function checkCount(
  operation: string,
  name: string,
  value: unknown,
): asserts value is number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) {
    throw new ParameterError(operation, name, `must be an integer from 0 (got ${String(value)})`);
  }
}

/**
 * Checks a duration in milliseconds: a finite number above 0 (or from 0 when
 * `zeroAllowed`).
 *
 * @example
 * ```ts
 * import { checkDuration } from "./checks.ts";
 * checkDuration("RateLimitStore.block", "ms", 0, true);
 * try {
 *   checkDuration("TokenStore.lock", "ttlMs", 0);
 * } catch (e) {
 *   console.log((e as Error).message);
 *   // TokenStore.lock: parameter "ttlMs" must be a number of milliseconds above 0 (got 0)
 * }
 * ```
 */
export function checkDuration(
  operation: string,
  name: string,
  value: unknown,
  zeroAllowed = false,
): asserts value is number {
  const ok = typeof value === "number" && Number.isFinite(value) &&
    (zeroAllowed ? value >= 0 : value > 0);
  if (!ok) {
    const range = zeroAllowed ? "from 0" : "above 0";
    throw new ParameterError(
      operation,
      name,
      `must be a number of milliseconds ${range} (got ${String(value)})`,
    );
  }
}

/**
 * Checks a token to store and returns the copy that is stored: only the
 * known, well-typed fields of {@linkcode StoredToken}.
 *
 * @example
 * ```ts
 * import { checkToken } from "./checks.ts";
 * console.log(checkToken("TokenStore.set", { accessToken: "t", expiresIn: 60 }));
 * // { accessToken: "t", expiresIn: 60 }
 * ```
 */
export function checkToken(operation: string, token: unknown): StoredToken {
  const stored = toStoredToken(token);
  if (!stored) {
    throw new ParameterError(
      operation,
      "token",
      "must be a stored token (an object with a non-empty accessToken that can be sent in a header)",
    );
  }
  return stored;
}

/**
 * Milliseconds a token is worth keeping: until its `tokenExpiryTime` (at
 * least 1), or `undefined` when it has none.
 *
 * @example
 * ```ts
 * import { tokenTtlMs } from "./checks.ts";
 * console.log(tokenTtlMs({ accessToken: "t", tokenExpiryTime: 61_000 }, 1_000)); // 60000
 * console.log(tokenTtlMs({ accessToken: "t" }, 1_000)); // undefined
 * ```
 */
export function tokenTtlMs(token: StoredToken, now: number): number | undefined {
  if (token.tokenExpiryTime === undefined) return undefined;
  return Math.max(1, Math.ceil(token.tokenExpiryTime - now));
}

/**
 * Checks the `seen` of `RateLimitStore.take` (absent, or an answer's report:
 * integers `window`, `allowed`, `count` from 0, finite `resetInMs`,
 * `windowMs` from 0) and returns the copy to use: only those fields.
 *
 * @example
 * ```ts
 * import { checkSeen } from "./checks.ts";
 * const seen = { window: 1, allowed: 300, count: 2, resetInMs: 5_000, windowMs: 60_000 };
 * console.log(checkSeen("RateLimitStore.take", seen)?.allowed); // 300
 * try {
 *   checkSeen("RateLimitStore.take", { ...seen, count: -1 });
 * } catch (e) {
 *   console.log((e as Error).message);
 *   // RateLimitStore.take: parameter "seen" must be an answer's report: ...
 * }
 * ```
 */
export function checkSeen(operation: string, seen: unknown): RateLimitSeen | undefined {
  if (seen === undefined || seen === null) return undefined;
  const v = seen as Record<string, unknown>;
  const whole = (n: unknown) => Number.isSafeInteger(n) && (n as number) >= 0;
  const ok = typeof seen === "object" && whole(v.window) && whole(v.allowed) &&
    whole(v.count) && typeof v.resetInMs === "number" && Number.isFinite(v.resetInMs) &&
    typeof v.windowMs === "number" && Number.isFinite(v.windowMs) && v.windowMs >= 0;
  if (!ok) {
    throw new ParameterError(
      operation,
      "seen",
      "must be an answer's report: { window, allowed, count } integers from 0, " +
        "resetInMs a finite number, windowMs a number from 0",
    );
  }
  const { window, allowed, count, resetInMs, windowMs } = v as unknown as RateLimitSeen;
  return { window, allowed, count, resetInMs, windowMs };
}
