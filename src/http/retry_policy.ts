/**
 * The retry policy: which answers and failures are worth another attempt, and
 * how long to wait before it. The loop itself lives in the engine, which asks
 * {@linkcode retryWait}; this module only decides.
 *
 * @module
 */

import { classifyNetworkError, isRefusedStream, type NetworkFailure } from "./network_errors.ts";
import { isBodyFailure, isTransportFailure } from "./exchange.ts";
import { parseRetryAfter } from "../base/retry_after.ts";
import { ConfigurationError } from "../base/errors.ts";
import { isRecord } from "../base/json.ts";

export { parseRetryAfter };

/**
 * Called before every attempt of a call with the request about to go out and
 * its attempt number (1 for the first attempt, 2 for the first retry, ...),
 * like the Go SDK's `RequestLogHook`. Errors it throws are ignored.
 *
 * @example
 * ```ts
 * import type { RequestLogHook } from "./retry_policy.ts";
 * const hook: RequestLogHook = (req, attempt) => {
 *   if (attempt > 1) console.log(`${req.method} ${req.url}: retry ${attempt - 1}`);
 * };
 * ```
 */
export type RequestLogHook = (request: Request, attempt: number) => void;

/**
 * How failed requests are retried. Durations are milliseconds (the config
 * file's `[retry]` section gives them in seconds).
 *
 * @example
 * ```ts
 * import type { RetryConfiguration } from "./retry_policy.ts";
 * const retry: RetryConfiguration = { retryMax: 5, retryWaitMin: 500, retryWaitMax: 10_000 };
 * ```
 */
export interface RetryConfiguration {
  /**
   * Shortest wait before a retry, in ms. Default 1000. With 0 the back-off
   * waits are 0 too (only `Retry-After` makes a retry wait), as in the Go SDK.
   */
  retryWaitMin?: number;
  /**
   * Longest wait before a retry, in ms. Default 30000. A `Retry-After` longer than
   * this is never cut short: the call ends at once with the `ApiError` (see its
   * `retryAfterMs`).
   */
  retryWaitMax?: number;
  /** Retries after the first attempt; 0 (the default, as the Go SDK) turns retrying off. */
  retryMax?: number;
  /** Called before every attempt with the request and the attempt number. */
  requestLogHook?: RequestLogHook;
  /**
   * Also retry POST and PATCH after a 5xx answer or a connection that failed
   * once the request may have left. Default `false`: those may have been acted
   * on (a gateway's 502 or 504 can follow the upstream's work), so they are
   * retried only after a 429 or a failure that provably never left. Turn it on
   * only for calls you know to be safe to repeat.
   */
  retryNonIdempotent?: boolean;
}

/** {@linkcode RetryConfiguration} with every default applied. */
export interface ResolvedRetryConfiguration extends RetryConfiguration {
  /** Shortest wait before a retry, in ms. */
  retryWaitMin: number;
  /** Longest wait before a retry, in ms. */
  retryWaitMax: number;
  /** Retries after the first attempt. */
  retryMax: number;
}

/**
 * Defaults: no retries (as the official Go SDK); when `retryMax` is raised,
 * waits run from 1 s to 30 s.
 *
 * @example
 * ```ts
 * import { DEFAULT_RETRY } from "./retry_policy.ts";
 * console.log(DEFAULT_RETRY.retryMax); // 0
 * ```
 */
export const DEFAULT_RETRY: Readonly<ResolvedRetryConfiguration> = /* @__PURE__ */ Object.freeze({
  retryWaitMin: 1_000,
  retryWaitMax: 30_000,
  retryMax: 0,
});

/** Methods that may be sent twice without changing the outcome. */
const IDEMPOTENT = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]);

/**
 * Whether an HTTP status is worth retrying: 429 and every 5xx except 501.
 *
 * @example
 * ```ts
 * import { isRetryableStatus } from "./retry_policy.ts";
 * console.log(isRetryableStatus(503), isRetryableStatus(501), isRetryableStatus(404)); // true false false
 * ```
 */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599 && status !== 501);
}

/**
 * Whether sending `method` twice has the same outcome as sending it once.
 *
 * @example
 * ```ts
 * import { isIdempotent } from "./retry_policy.ts";
 * console.log(isIdempotent("PUT"), isIdempotent("POST")); // true false
 * ```
 */
export function isIdempotent(method: string): boolean {
  return IDEMPOTENT.has(method.toUpperCase());
}

/**
 * Whether an answer may be retried: a 429 always (the server did not act on
 * it); a 5xx except 501 only for idempotent methods, unless
 * `retryNonIdempotent` widens that.
 *
 * @example
 * ```ts
 * import { DEFAULT_RETRY, mayRetryAnswer } from "./retry_policy.ts";
 * console.log(mayRetryAnswer("POST", 429, DEFAULT_RETRY), mayRetryAnswer("POST", 502, DEFAULT_RETRY)); // true false
 * console.log(mayRetryAnswer("GET", 502, DEFAULT_RETRY)); // true
 * ```
 */
export function mayRetryAnswer(
  method: string,
  status: number,
  config: RetryConfiguration,
): boolean {
  if (status === 429) return true;
  return isRetryableStatus(status) && (isIdempotent(method) || config.retryNonIdempotent === true);
}

/**
 * Whether a request that failed without an HTTP answer may be sent again.
 * Requests that never reached the server (refused connection, DNS failure)
 * are always safe to resend; when the request may have reached the server
 * only idempotent methods are resent, so a POST or PATCH never creates twice.
 * Certificate problems and blocked ports are never retried.
 *
 * @example
 * ```ts
 * import { isRetryableFailure } from "./retry_policy.ts";
 * console.log(isRetryableFailure("POST", "not-sent"), isRetryableFailure("POST", "maybe-sent")); // true false
 * ```
 */
export function isRetryableFailure(
  method: string,
  failure: NetworkFailure,
  config?: RetryConfiguration,
): boolean {
  if (failure === "not-sent" || failure === "refused") return true;
  if (failure === "maybe-sent") return isIdempotent(method) || config?.retryNonIdempotent === true;
  return false;
}

/** Inputs of {@linkcode retryDelay}. */
export interface RetryDelayInput {
  /** The retry about to happen: 1 for the first retry. */
  retry: number;
  /** Effective retry settings. */
  config: ResolvedRetryConfiguration;
  /** The answer being retried, when there was one. */
  response?: Response;
  /** Random number in [0, 1); defaults to `Math.random`. */
  random?: () => number;
  /** Current time in ms since the epoch; defaults to `Date.now`. */
  now?: () => number;
}

/**
 * Milliseconds to wait before retry number `retry`. The server's
 * `Retry-After` (on any answer) is the wait, never shortened: when it is
 * longer than `retryWaitMax` the caller gives up instead of retrying early.
 * Otherwise the wait is exponential backoff with jitter: a random value
 * between `retryWaitMin` and `min(retryWaitMax, retryWaitMin * 2^retry)`.
 *
 * @example
 * ```ts
 * import { DEFAULT_RETRY, retryDelay } from "./retry_policy.ts";
 * const config = { ...DEFAULT_RETRY, retryWaitMin: 100, retryWaitMax: 1_000 };
 * console.log(retryDelay({ retry: 1, config, random: () => 0 })); // 100
 * console.log(retryDelay({ retry: 3, config, random: () => 0.5 })); // 450 (between 100 and 800)
 * const busy = new Response(null, { status: 429, headers: { "retry-after": "5" } });
 * console.log(retryDelay({ retry: 1, config, response: busy })); // 5000: more than retryWaitMax
 * ```
 */
export function retryDelay(input: RetryDelayInput): number {
  const { retry, config, response } = input;
  const min = Math.min(config.retryWaitMin, config.retryWaitMax);
  const max = config.retryWaitMax;
  const after = response &&
    parseRetryAfter(response.headers.get("retry-after"), (input.now ?? Date.now)());
  if (after !== undefined) return after;
  const ceiling = Math.min(max, min * 2 ** Math.max(1, retry));
  const jitter = (input.random ?? Math.random)();
  return Math.floor(min + jitter * (ceiling - min));
}

/**
 * The engine's one question: after attempt `attempt` ended with `failure` (a
 * failed connection, a body cut off) or with `answer`, how long to wait before
 * the next attempt, or `undefined` to end the call with what it has. Answers
 * wait as `Retry-After` says, never less; one that asks for more than
 * `retryWaitMax` is not retried.
 *
 * @example
 * ```ts
 * import { DEFAULT_RETRY, retryWait } from "./retry_policy.ts";
 * const config = { ...DEFAULT_RETRY, retryMax: 2 };
 * const busy = new Response(null, { status: 503, headers: { "retry-after": "2" } });
 * console.log(retryWait("GET", 1, config, undefined, busy)); // 2000
 * console.log(retryWait("POST", 1, config, undefined, busy)); // undefined: it may have acted
 * console.log(retryWait("GET", 3, config, undefined, busy)); // undefined: retries spent
 * ```
 */
export function retryWait(
  method: string,
  attempt: number,
  config: Readonly<ResolvedRetryConfiguration>,
  failure: unknown,
  answer?: Response,
): number | undefined {
  if (attempt > config.retryMax) return undefined;
  if (answer) {
    if (!mayRetryAnswer(method, answer.status, config)) return undefined;
    const wait = retryDelay({ retry: attempt, config, response: answer });
    return wait <= config.retryWaitMax ? wait : undefined;
  }
  // A body cut off came after the server had the request: as a connection that may have left.
  const kind = isBodyFailure(failure)
    ? "maybe-sent"
    : isTransportFailure(failure) && classifyNetworkError(failure);
  return kind && isRetryableFailure(method, kind, config)
    ? retryDelay({ retry: attempt, config })
    : undefined;
}

/** The signature of {@linkcode retryWait}. */
export type RetryWait = typeof retryWait;

/**
 * What a client gives the engine to retry by. Without them the engine sends
 * every request once.
 *
 * @example
 * ```ts
 * import { RETRY_RULES } from "./retry_policy.ts";
 * console.log(RETRY_RULES.refused(new TypeError("fetch failed"))); // false
 * ```
 */
export interface RetryRules {
  /** The wait before the next attempt, or `undefined` to stop (see {@linkcode retryWait}). */
  readonly wait: RetryWait;
  /**
   * Whether a failed attempt was an HTTP/2 refusal, which proves the server did
   * not process the request: sent again at once, once per call, whatever the
   * retry settings.
   */
  readonly refused: (error: unknown) => boolean;
}

/**
 * The retry rules both clients use (`PlatformClient` always; `LiteClient`
 * with `@cxkit/genesys-cloud/retry`).
 *
 * @example
 * ```ts
 * import { DEFAULT_RETRY, RETRY_RULES } from "./retry_policy.ts";
 * const busy = new Response(null, { status: 429, headers: { "retry-after": "1" } });
 * console.log(RETRY_RULES.wait("POST", 1, { ...DEFAULT_RETRY, retryMax: 1 }, undefined, busy)); // 1000
 * ```
 */
export const RETRY_RULES: RetryRules = { wait: retryWait, refused: isRefusedStream };

/**
 * Throws a `ConfigurationError` naming the first bad field of resolved retry
 * settings (both clients check theirs with it).
 *
 * @example
 * ```ts
 * import { checkRetry, DEFAULT_RETRY } from "./retry_policy.ts";
 * checkRetry({ ...DEFAULT_RETRY, retryMax: 3 });
 * try {
 *   checkRetry({ ...DEFAULT_RETRY, retryMax: 1.5 });
 * } catch (error) {
 *   console.log((error as Error).message); // retry.retryMax must be an integer >= 0, got 1.5
 * }
 * ```
 */
export function checkRetry(r: Readonly<ResolvedRetryConfiguration>): void {
  if (!isRecord(r)) throw new ConfigurationError("retry must be an object");
  const fail = (problem: string) => new ConfigurationError(`retry.${problem}`);
  const { retryWaitMin, retryWaitMax, retryMax, retryNonIdempotent, requestLogHook } = r;
  for (const [key, ms] of [["retryWaitMin", retryWaitMin], ["retryWaitMax", retryWaitMax]]) {
    // `Number.isFinite` is false for anything that is not a number (no conversion).
    if (!Number.isFinite(ms) || (ms as number) < 0) {
      throw fail(`${key} must be a number of milliseconds >= 0, got ${ms}`);
    }
  }
  if (retryWaitMin > retryWaitMax) {
    throw fail(
      `retryWaitMin (${retryWaitMin} ms) must not exceed retry.retryWaitMax (${retryWaitMax} ms)`,
    );
  }
  if (!Number.isInteger(retryMax) || retryMax < 0) {
    throw fail(`retryMax must be an integer >= 0, got ${retryMax}`);
  }
  if (retryNonIdempotent !== undefined && typeof retryNonIdempotent !== "boolean") {
    throw fail("retryNonIdempotent must be a boolean");
  }
  if (requestLogHook !== undefined && typeof requestLogHook !== "function") {
    throw fail("requestLogHook must be a function (request, attempt) => void");
  }
}
