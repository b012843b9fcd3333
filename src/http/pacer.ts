/**
 * Pacing before the 429: a client learns its token's budget from the
 * `inin-ratelimit-*` headers of every answer and holds calls (first in, first
 * out, each still bounded by its own time limit and signal) when the next one
 * would exceed it, releasing them when the window resets. A 429 that still
 * arrives pauses the whole bucket until its `Retry-After`. With a
 * {@linkcode RateLimitStore}, every process on the OAuth client reserves from
 * one shared budget, which follows the server's window and keeps what answers
 * taught (so a process that has had no answer yet takes under the fleet's
 * budget, and the fleet's very first request goes alone); a store that fails
 * or hangs degrades to local pacing.
 *
 * @module
 */

import { ConfigurationError } from "../base/errors.ts";
import { parseRetryAfter } from "../base/retry_after.ts";
import { sleep } from "../base/sleep.ts";
import type { RateLimitGrant, RateLimitSeen, RateLimitStore } from "./rate_limit_store.ts";
import { edgeMs } from "./rate_window.ts";

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
/**
 * The window a store assumes while no process has had an answer: the first
 * request of the fleet goes alone; if its answer never comes, another goes
 * after this long.
 */
const FIRST_WINDOW_MS = 5_000;
/** How often a call waiting on a store's budget asks again while the fleet knows nothing yet. */
const FIRST_POLL_MS = 50;
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
  /** When those reservations lapse: a little before the store's window they count in ends. */
  #ticketsUntil = 0;
  /** The store's window those reservations count in. */
  #ticketsWindow = 0;
  /** The store's window of the call being granted (0: none, or no store). */
  #window = 0;
  /** An answer has told this process the budget. */
  #learnt = false;
  /** The best report of the latest store window answered, with its end as a time. */
  #seen: { window: number; allowed: number; count: number; resetAt: number } | undefined;
  /** The store window whose first answer was reported at once (the rest ride on takes). */
  #reported = 0;
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
    const window = this.#window;
    let released = false;
    return (answer) => {
      if (released) return;
      released = true;
      this.#inFlight--;
      if (answer) this.#observe(answer, generation === this.#generation, window);
      else if (this.#queue.length > 0) this.#drain();
    };
  }

  /** Whether the budget is the store's: pacing, with a store that has not failed. */
  #shared(): boolean {
    return !!this.#options.pace && !!this.#options.store && !this.#storeFailed;
  }

  /** Takes one reserved request when some are left in time; the call counts in their window. */
  #ticket(now: number): boolean {
    if (this.#tickets <= 0 || now >= this.#ticketsUntil) return false;
    this.#tickets--;
    this.#window = this.#ticketsWindow;
    return true;
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
    if (now < this.#pausedUntil) return false;
    if (this.#shared()) return this.#ticket(now);
    return this.#windowEnd > now && this.#used < this.allowed;
  }

  /** Learns the budget from an answer's headers; a 429 pauses the bucket until `Retry-After`. */
  observe(response: Response): void {
    this.#observe(response, true, this.#window);
  }

  /**
   * Learns from an answer; one to a request sent in an earlier window of ours (in flight when
   * that window ended) says nothing of the current window's end or count.
   */
  #observe(response: Response, current: boolean, window: number): void {
    const headers = response.headers;
    const now = Date.now();
    const allowed = Number(headers.get("inin-ratelimit-allowed") ?? NaN);
    const count = Number(headers.get("inin-ratelimit-count") ?? NaN);
    const reset = Number(headers.get("inin-ratelimit-reset") ?? NaN);
    if (allowed > 0) {
      this.allowed = allowed;
      this.#learnt = true;
    }
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
    if (window > 0 && allowed > 0 && reset >= 0) {
      this.#see(window, allowed, count, now + reset * 1000);
    }
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
    if (this.#shared()) return await this.#storeWait(now);
    if (this.#windowEnd === 0) {
      // The first call learns the budget; the others wait for its answer.
      return this.#inFlight > 0 ? -1 : 0;
    }
    if (now >= this.#windowEnd) {
      // The server's next window starts with its first request: the first answer says when
      // it ends (the guess below only bounds the wait if no answer comes).
      this.#used = 0;
      this.#windowEnd = now + this.#windowMs;
      this.#guessed = true;
      this.#generation++;
    }
    return this.#used >= this.allowed ? Math.max(1, this.#windowEnd - now) : 0;
  }

  /**
   * The same, from the shared budget: a reserved request, else a take from the
   * store (as many as are waiting, up to a twentieth of the budget), else the
   * wait until its window ends, asking again meanwhile (an answer may report
   * an earlier end). A failing store: local pacing from now on.
   */
  async #storeWait(now: number): Promise<number> {
    if (this.#ticket(now)) return 0;
    try {
      const fleet = Math.max(this.allowed, this.#learnt ? 0 : 1);
      const want = Math.max(1, Math.min(this.#queue.length, 10, Math.floor(fleet / 20)));
      const grant = await this.#take(want);
      if (grant.allowed > 0 && !this.#learnt) this.allowed = grant.allowed;
      if (grant.granted > 0) {
        const edge = edgeMs(this.#learnt ? this.#windowMs : FIRST_WINDOW_MS);
        this.#window = grant.window;
        this.#tickets = grant.granted - 1;
        this.#ticketsWindow = grant.window;
        this.#ticketsUntil = Date.now() + grant.resetInMs - edge;
        return 0;
      }
      const poll = grant.allowed > 0
        ? Math.max(FIRST_POLL_MS, edgeMs(this.#windowMs))
        : FIRST_POLL_MS;
      return Math.max(1, Math.min(grant.resetInMs, poll));
    } catch (error) {
      this.#failStore(error);
      return 0;
    }
  }

  /**
   * Reserves `want` requests from the shared budget (0: only reports), with the
   * best report of what answers said. Until this process has had an answer it
   * assumes one request per {@linkcode FIRST_WINDOW_MS}, which the store uses
   * only if no process has had one either.
   */
  async #take(want: number): Promise<RateLimitGrant> {
    const store = this.#options.store!;
    const key = await this.#key();
    const limit = this.#learnt ? this.allowed : FIRST_ALLOWED;
    const windowMs = this.#learnt ? this.#windowMs + edgeMs(this.#windowMs) : FIRST_WINDOW_MS;
    const seen = this.#seen;
    const report: RateLimitSeen | undefined = seen && {
      window: seen.window,
      allowed: seen.allowed,
      count: seen.count,
      resetInMs: Math.round(seen.resetAt - Date.now()),
      windowMs: this.#windowMs,
    };
    return await withTimeout(store.take(key, want, limit, windowMs, report), STORE_TIMEOUT_MS);
  }

  /**
   * Keeps what an answer to a request granted in the store's `window` said;
   * the first answer of each window is reported to the store at once (the
   * fleet learns the budget, and the window's end, from it).
   */
  #see(window: number, allowed: number, count: number, resetAt: number): void {
    if (!this.#shared()) return;
    const seen = this.#seen;
    if (!seen || window > seen.window) this.#seen = { window, allowed, count, resetAt };
    else if (window === seen.window) {
      seen.allowed = allowed;
      seen.count = Math.max(seen.count, count);
      seen.resetAt = Math.min(seen.resetAt, resetAt);
    } else return;
    if (window === this.#reported) return;
    this.#reported = window;
    this.#take(0).catch((error) => this.#failStore(error));
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
