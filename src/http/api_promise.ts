/**
 * The promise every API call returns: await it for the body, or call
 * `.withResponse()` for the body with status, headers, correlation id and
 * rate-limit figures.
 *
 * @module
 */

/** The `inin-ratelimit-*` response headers, parsed. */
export interface RateLimit {
  /** `inin-ratelimit-allowed`: requests allowed in the window. */
  allowed: number;
  /** `inin-ratelimit-count`: requests used in the window. */
  count: number;
  /** `inin-ratelimit-reset`: seconds until the window resets. */
  reset: number;
}

/**
 * A response with its parsed body.
 *
 * @example
 * ```ts
 * import type { ApiResponse } from "./api_promise.ts";
 * function show(r: ApiResponse<unknown>) {
 *   console.log(r.status, r.correlationId, r.rateLimit?.count);
 * }
 * ```
 */
export interface ApiResponse<T> {
  /** Parsed body (`undefined` for empty bodies, `HEAD` and 204). */
  data: T;
  /** HTTP status. */
  status: number;
  /** Response headers. */
  headers: Headers;
  /** `inin-correlation-id`, the id Genesys support asks for. */
  correlationId: string | undefined;
  /** Parsed `inin-ratelimit-*` headers, when all three are present. */
  rateLimit: RateLimit | undefined;
}

/**
 * Parses the `inin-ratelimit-allowed`, `-count` and `-reset` headers.
 *
 * @example
 * ```ts
 * import { parseRateLimit } from "./api_promise.ts";
 * const h = new Headers({
 *   "inin-ratelimit-allowed": "300", "inin-ratelimit-count": "2", "inin-ratelimit-reset": "60",
 * });
 * console.log(parseRateLimit(h)); // { allowed: 300, count: 2, reset: 60 }
 * ```
 */
export function parseRateLimit(headers: Headers): RateLimit | undefined {
  const limit: Record<string, number> = {};
  for (const name of ["allowed", "count", "reset"]) {
    const text = headers.get(`inin-ratelimit-${name}`)?.trim();
    // All three finite numbers, or no rate limit at all.
    if (!text || !Number.isFinite(limit[name] = Number(text))) return undefined;
  }
  return limit as unknown as RateLimit;
}

/**
 * What a call settles with: the parsed body, the status and the headers. The
 * {@linkcode ApiResponse} (correlation id, rate limit) is made from it only
 * when `withResponse()` asks, so calls that only want the body never read
 * those headers. Internal: `PlatformClient.call` makes these.
 */
export class CallResult<T> {
  /** The body, with the status and headers of its response. */
  constructor(readonly data: T, readonly status: number, readonly headers: Headers) {}

  /** The full response, as `withResponse()` gives it. */
  toApiResponse(): ApiResponse<T> {
    const headers = this.headers;
    return {
      data: this.data,
      status: this.status,
      headers,
      correlationId: headers.get("inin-correlation-id") ?? undefined,
      rateLimit: parseRateLimit(headers),
    };
  }
}

const fullOf = <T>(r: ApiResponse<T> | CallResult<T>): ApiResponse<T> =>
  r instanceof CallResult ? r.toApiResponse() : r;
const ignore = () => {};

/**
 * A `Promise` of the response body that can also give the whole response.
 * The request starts when the method is called, whether or not it is awaited.
 *
 * @example
 * ```ts
 * import { ApiPromise } from "./api_promise.ts";
 * const p = new ApiPromise(Promise.resolve({
 *   data: { id: "1" }, status: 200, headers: new Headers(), correlationId: "c", rateLimit: undefined,
 * }));
 * console.log((await p).id, (await p.withResponse()).status); // 1 200
 * ```
 */
export class ApiPromise<T> extends Promise<T> {
  /** Derived promises (`then`, `catch`) are plain promises. */
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  readonly #response: Promise<ApiResponse<T> | CallResult<T>>;
  #full: Promise<ApiResponse<T>> | undefined;

  /** Wraps a promise of the full response. */
  constructor(response: Promise<ApiResponse<T>>) {
    let settle: ((value: T) => void) | undefined;
    let fail: ((reason: unknown) => void) | undefined;
    super((resolve, reject) => {
      settle = resolve;
      fail = reject;
    });
    // `PlatformClient.call` passes a promise of a `CallResult` (see `fullOf`).
    this.#response = response;
    (response as Promise<ApiResponse<T> | CallResult<T>>).then((r) => settle!(r.data), fail);
  }

  /** Resolves to the body together with status, headers, correlation id and rate limit. */
  withResponse(): Promise<ApiResponse<T>> {
    if (this.#full === undefined) {
      // Whoever asks for the whole response handles the failure there.
      Promise.prototype.then.call(this, undefined, ignore);
      this.#full = this.#response.then(fullOf);
    }
    return this.#full;
  }
}

// `await` and `Promise.resolve` take an `ApiPromise` as the native promise it
// is (its state is the body) instead of calling `then` in an extra job.
// (The class's own `constructor` property stays non-enumerable.)
ApiPromise.prototype.constructor = Promise;
