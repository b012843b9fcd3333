/**
 * Pacing before the 429: a client learns its token's budget from the
 * `inin-ratelimit-*` headers of every answer and holds calls (first in, first
 * out, each still bounded by its own time limit and signal) when the next one
 * would exceed it, releasing them when the window resets. A 429 that still
 * arrives pauses the whole bucket until its `Retry-After`. With a
 * {@linkcode RateLimitStore}, every process on the OAuth client reserves from
 * one shared budget; a store that fails or hangs degrades to local pacing.
 *
 * @module
 */

import { ConfigurationError } from "../base/errors.ts";
import { parseRetryAfter } from "../base/retry_after.ts";
import { sleep } from "../base/sleep.ts";
import type { RateLimitGrant, RateLimitStore } from "./rate_limit_store.ts";

/**
 * The `rateLimit` option of both clients.
 *
 * @example
 * ```ts
 * import type { RateLimitOptions } from "./pacer.ts";
 * const options: RateLimitOptions = { pace: true, maxConcurrent: 8 };
 * ```
 */
export interface RateLimitOptions {
  /** Holds calls that would exceed the budget the server reports. Default `false`. */
  pace?: boolean;
  /** At most this many calls in flight at once. Default: no cap. */
  maxConcurrent?: number;
  /** A budget shared with other processes (`@cxkit/genesys-cloud/stores`). */
  store?: RateLimitStore;
  /** Called once when the store fails and pacing goes on locally (default `console.warn`). */
  onStoreFailure?: (error: unknown) => void;
}

/** The budget assumed before the first answer tells the truth: one call at a time. */
const FIRST_ALLOWED = 1;
/** The window assumed until an answer gives its reset. */
const DEFAULT_WINDOW_MS = 60_000;
/** How long a store may take before the call goes on under local pacing. */
const STORE_TIMEOUT_MS = 2_000;

/**
 * Checks a `rateLimit` option; a `ConfigurationError` naming the bad field.
 *
 * @example
 * ```ts
 * import { checkRateLimit } from "./pacer.ts";
 * checkRateLimit({ pace: true, maxConcurrent: 4 });
 * ```
 */
export function checkRateLimit(options: RateLimitOptions | undefined): void {
  if (options === undefined) return;
  if (typeof options !== "object" || options === null) {
    throw new ConfigurationError("rateLimit must be an object");
  }
  const { pace, maxConcurrent, store, onStoreFailure } = options;
  if (pace !== undefined && typeof pace !== "boolean") {
    throw new ConfigurationError("rateLimit.pace must be a boolean");
  }
  if (maxConcurrent !== undefined && !(Number.isInteger(maxConcurrent) && maxConcurrent >= 1)) {
    throw new ConfigurationError("rateLimit.maxConcurrent must be an integer of at least 1");
  }
  if (
    store !== undefined &&
    (typeof store?.take !== "function" || typeof store?.block !== "function")
  ) {
    throw new ConfigurationError("rateLimit.store must have take() and block() (RateLimitStore)");
  }
  if (onStoreFailure !== undefined && typeof onStoreFailure !== "function") {
    throw new ConfigurationError("rateLimit.onStoreFailure must be a function");
  }
}

/**
 * Paces one client's calls. `acquire` before each attempt; `observe` each
 * answer; the returned release after it.
 *
 * @example
 * ```ts
 * import { Pacer } from "./pacer.ts";
 * const pacer = new Pacer({ pace: true }, () => "the-access-token");
 * const release = await pacer.acquire(AbortSignal.timeout(1_000));
 * pacer.observe(new Response(null, {
 *   headers: { "inin-ratelimit-allowed": "300", "inin-ratelimit-count": "1", "inin-ratelimit-reset": "60" },
 * }));
 * release();
 * console.log(pacer.allowed); // 300
 * ```
 */
export class Pacer {
  readonly #options: RateLimitOptions;
  readonly #credential: () => string;
  /** What the server allows per window (an assumption until an answer says). */
  allowed: number = FIRST_ALLOWED;
  /** Requests counted in the current window: sent by us, or more when the server says so. */
  #used = 0;
  /** When the current window ends (`Date.now()` time); 0 until an answer says. */
  #windowEnd = 0;
  /** The window's length, learnt from the resets seen. */
  #windowMs = DEFAULT_WINDOW_MS;
  /** Until when the bucket is paused after a 429. */
  #pausedUntil = 0;
  #inFlight = 0;
  /** Requests reserved from the store and not sent yet. */
  #tickets = 0;
  /** When those reservations lapse: the store's window they were counted in ends. */
  #ticketsUntil = 0;
  #storeFailed = false;
  /** Calls waiting for a slot, in order. */
  readonly #queue: (() => void)[] = [];
  #draining = false;
  #again = false;
  /** The window end is a guess (made when the last one ended) until an answer gives it. */
  #guessed = false;
  /** Counts our windows: answers are matched to the window their request went out in. */
  #generation = 0;
  /** Ends the drain's wait when no call is left waiting (so no timer outlives them). */
  #wake: AbortController | undefined;

  /**
   * A pacer for the `rateLimit` option (checked here: a `ConfigurationError`
   * names a bad field); `credential` gives the token in use, whose SHA-256
   * fingerprint keys the shared store (the token never reaches it).
   */
  constructor(options: RateLimitOptions, credential: () => string) {
    checkRateLimit(options);
    this.#options = options;
    this.#credential = credential;
  }

  #key(): Promise<string> {
    return tokenFingerprint(this.#credential());
  }

  /**
   * Waits (first in, first out) until the call may go out; rejects with the
   * signal's reason when it aborts first. Resolves with the release, to call
   * with the answer once it is in (or without one after a failure).
   */
  acquire(signal: AbortSignal): Promise<(answer?: Response) => void> {
    if (signal.aborted) return Promise.reject(signal.reason);
    // The common case, nothing waiting and room in the budget: no queue, no drain.
    if (this.#queue.length === 0 && this.#free()) {
      this.#used++;
      return Promise.resolve(this.#granted());
    }
    return new Promise<(answer?: Response) => void>((resolve, reject) => {
      const onAbort = () => {
        const i = this.#queue.indexOf(go);
        if (i >= 0) this.#queue.splice(i, 1);
        if (this.#queue.length === 0) this.#wake?.abort();
        reject(signal.reason);
      };
      const go = () => {
        signal.removeEventListener("abort", onAbort);
        resolve(this.#granted());
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.#queue.push(go);
      this.#drain();
    });
  }

  /** Counts a call in flight; returns its release. */
  #granted(): (answer?: Response) => void {
    this.#inFlight++;
    const generation = this.#generation;
    let released = false;
    return (answer) => {
      if (released) return;
      released = true;
      this.#inFlight--;
      if (answer) this.#observe(answer, generation === this.#generation);
      else if (this.#queue.length > 0) this.#drain();
    };
  }

  /**
   * Whether a call may go out at once without asking anyone: under the cap, and
   * (when pacing) in a known window with room, not paused, and no store to ask.
   */
  #free(): boolean {
    const cap = this.#options.maxConcurrent;
    if (cap !== undefined && this.#inFlight >= cap) return false;
    if (!this.#options.pace) return true;
    const now = Date.now();
    return this.#windowEnd > now && now >= this.#pausedUntil && this.#used < this.allowed &&
      (!this.#options.store || this.#storeFailed ||
        (this.#tickets > 0 && now < this.#ticketsUntil && this.#tickets-- > 0));
  }

  /** Learns the budget from an answer's headers; a 429 pauses the bucket until `Retry-After`. */
  observe(response: Response): void {
    this.#observe(response, true);
  }

  /**
   * Learns from an answer; one to a request sent in an earlier window of ours (in flight when
   * that window ended) says nothing of the current window's end or count.
   */
  #observe(response: Response, current: boolean): void {
    const headers = response.headers;
    const now = Date.now();
    const allowed = Number(headers.get("inin-ratelimit-allowed") ?? NaN);
    const count = Number(headers.get("inin-ratelimit-count") ?? NaN);
    const reset = Number(headers.get("inin-ratelimit-reset") ?? NaN);
    if (allowed > 0) this.allowed = allowed;
    if (current && reset >= 0) {
      // `reset` is whole seconds rounded up: every estimate of the end is at or after the true
      // one, so the earliest estimate of a window is the best, and never too early.
      const end = now + reset * 1000;
      if (this.#windowEnd === 0 || this.#guessed || end > this.#windowEnd + 1_000) {
        this.#windowEnd = end;
        this.#guessed = false;
      } else this.#windowEnd = Math.min(this.#windowEnd, end);
      if (reset > 0) {
        this.#windowMs = Math.max(
          reset * 1000,
          this.#windowMs === DEFAULT_WINDOW_MS ? 0 : this.#windowMs,
        );
      }
    }
    if (current && count > this.#used) this.#used = count;
    if (response.status === 429) {
      const wait = parseRetryAfter(headers.get("retry-after")) ??
        Math.max(1_000, this.#windowEnd - now);
      this.#pausedUntil = Math.max(this.#pausedUntil, now + wait);
      const store = this.#options.store;
      if (store && !this.#storeFailed) {
        this.#key().then((key) => store.block(key, wait)).catch((e) => this.#failStore(e));
      }
    }
    if (this.#queue.length > 0) this.#drain();
  }

  /** Lets waiting calls go, in order, as the cap and the budget allow. */
  #drain(): void {
    this.#again = true;
    if (this.#draining) return;
    this.#draining = true;
    void (async () => {
      // Whatever changed while a round ran (a release, an answer) gets a round of its own.
      while (this.#again) {
        this.#again = false;
        await this.#run();
      }
    })().finally(() => {
      this.#draining = false;
    });
  }

  async #run(): Promise<void> {
    while (this.#queue.length > 0) {
      const cap = this.#options.maxConcurrent;
      if (cap !== undefined && this.#inFlight >= cap) return; // a release drains again
      if (this.#options.pace) {
        const wait = await this.#budgetWait();
        if (wait < 0) return; // waiting for an answer to learn the budget
        if (wait > 0) {
          const wake = this.#wake = new AbortController();
          await sleep(wait, wake.signal).catch(() => {});
          this.#wake = undefined;
          continue;
        }
      }
      const go = this.#queue.shift();
      if (!go) return;
      this.#used++;
      go();
    }
  }

  /** Milliseconds until one more call may go out: 0 now, -1 after the next answer. */
  async #budgetWait(): Promise<number> {
    const now = Date.now();
    if (now < this.#pausedUntil) return this.#pausedUntil - now;
    const store = this.#options.store;
    if (this.#windowEnd === 0) {
      if (this.#inFlight > 0) return -1;
      // The first call learns the budget; a shared store counts it without limiting it.
      if (store && !this.#storeFailed) {
        await this.#take(store, 1, Number.MAX_SAFE_INTEGER).catch(() => {});
      }
      return 0;
    }
    if (now >= this.#windowEnd) {
      // The server's next window starts with its first request: the first answer says when
      // it ends (the guess below only bounds the wait if no answer comes).
      this.#used = 0;
      this.#windowEnd = now + this.#windowMs;
      this.#guessed = true;
      this.#generation++;
    }
    if (this.#used >= this.allowed) return Math.max(1, this.#windowEnd - now);
    if (!store || this.#storeFailed) return 0;
    if (this.#tickets > 0 && now < this.#ticketsUntil) {
      this.#tickets--;
      return 0;
    }
    try {
      const want = Math.max(1, Math.min(10, Math.floor(this.allowed / 20)));
      const grant = await this.#take(store, want, this.allowed);
      if (grant.granted > 0) {
        this.#tickets = grant.granted - 1;
        this.#ticketsUntil = Date.now() + grant.resetInMs;
        return 0;
      }
      return Math.max(1, Math.min(grant.resetInMs || 100, this.#windowMs));
    } catch (error) {
      this.#failStore(error);
      return 0;
    }
  }

  /**
   * Reserves from the shared budget. Its windows are a little longer than the
   * server's (which start with their first request, a moment after the
   * reservation): two of them never fall in one of the server's.
   */
  async #take(store: RateLimitStore, want: number, limit: number): Promise<RateLimitGrant> {
    const key = await this.#key();
    const windowMs = this.#windowMs + Math.min(250, this.#windowMs / 10);
    return await withTimeout(store.take(key, want, limit, windowMs), STORE_TIMEOUT_MS);
  }

  #failStore(error: unknown): void {
    if (this.#storeFailed) return;
    this.#storeFailed = true;
    const report = this.#options.onStoreFailure ??
      ((e: unknown) =>
        console.warn(
          `rate-limit store failed; pacing locally from now on: ${(e as Error)?.message ?? e}`,
        ));
    try {
      report(error);
    } catch {
      // a failing report must not fail a call
    }
  }
}

/** `promise`, or a rejection after `ms` milliseconds (its timer cleared either way). */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the store did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

let fingerprinted: { token: string; key: Promise<string> } | undefined;

/**
 * The store key of a credential: `gc:rl:` and the hex SHA-256 of the token
 * (the token itself never reaches a store). The last one is kept.
 *
 * @example
 * ```ts
 * import { tokenFingerprint } from "./pacer.ts";
 * console.log((await tokenFingerprint("t")).length); // 70
 * ```
 */
export function tokenFingerprint(token: string): Promise<string> {
  if (fingerprinted?.token === token) return fingerprinted.key;
  const key = crypto.subtle.digest("SHA-256", new TextEncoder().encode(token)).then((hash) =>
    "gc:rl:" + [...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, "0")).join("")
  );
  fingerprinted = { token, key };
  return key;
}
