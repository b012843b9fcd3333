/**
 * Token and rate-limit stores on Deno KV (`Deno.openKv()`: a local file, or
 * the same code on Deno Deploy). Every change is an atomic operation that
 * checks the versionstamp it read, retried on conflict.
 *
 * @module
 */

import { ConfigurationError, ParameterError } from "../base/errors.ts";
import { sleep } from "../base/sleep.ts";
import { type StoredToken, toStoredToken } from "../auth/token_store.ts";
import type { RateLimitGrant, RateLimitSeen, RateLimitStore } from "../http/rate_limit_store.ts";
import { blockOn, keepUntil, type RateState, takeFrom, toRateState } from "../http/rate_window.ts";
import {
  checkCount,
  checkDuration,
  checkKey,
  checkSeen,
  checkToken,
  tokenTtlMs,
} from "./checks.ts";
import { guarded, StoreError } from "./store_error.ts";
import type { LockingTokenStore, SharedStores } from "./types.ts";

/** One part of a Deno KV key. */
export type KvKeyPartLike = string | number | bigint | boolean | Uint8Array;

/** An entry read from Deno KV (`Deno.KvEntryMaybe`). */
export interface KvEntryLike {
  /** The value, `null` when absent. */
  value: unknown;
  /** The entry's versionstamp, `null` when absent. */
  versionstamp: string | null;
}

/** The part of `Deno.AtomicOperation` the adapter uses. */
export interface KvAtomicLike {
  /** Fails the commit unless each key still has the versionstamp given. */
  check(...checks: { key: readonly KvKeyPartLike[]; versionstamp: string | null }[]): KvAtomicLike;
  /** Sets a key. */
  set(key: readonly KvKeyPartLike[], value: unknown, options?: { expireIn?: number }): KvAtomicLike;
  /** Deletes a key. */
  delete(key: readonly KvKeyPartLike[]): KvAtomicLike;
  /** Commits; `ok: false` when a check failed. */
  commit(): Promise<{ ok: boolean }>;
}

/** The part of `Deno.Kv` the adapter uses (a `Deno.Kv` is one). */
export interface DenoKvLike {
  /** Reads a key. */
  get(key: readonly KvKeyPartLike[]): Promise<KvEntryLike>;
  /** Writes a key. */
  set(
    key: readonly KvKeyPartLike[],
    value: unknown,
    options?: { expireIn?: number },
  ): Promise<unknown>;
  /** Deletes a key. */
  delete(key: readonly KvKeyPartLike[]): Promise<void>;
  /** Starts an atomic operation. */
  atomic(): KvAtomicLike;
}

/** Options of {@linkcode denoKvStores}. */
export interface DenoKvStoresOptions {
  /**
   * The key prefix every entry is kept under (`[...prefix, "token" | "lock" |
   * "rate", key]`); `["genesys-cloud"]` by default.
   */
  prefix?: readonly KvKeyPartLike[];
  /** The clock (milliseconds since the epoch); `Date.now` by default. */
  now?: () => number;
}

/** How many times a conflicting atomic operation is tried before giving up. */
const MAX_ATTEMPTS = 64;

/** What an attempt answers when another writer came first. */
const CONFLICT = Symbol("conflict");

/**
 * A token store (with `lock`) and a rate-limit store on a Deno KV database,
 * shared by every process that opens the same database.
 *
 * Throws {@linkcode ConfigurationError} when `kv` is not a Deno KV database;
 * each store operation rejects with {@linkcode StoreError} when KV fails (and
 * with `ParameterError` on bad arguments).
 *
 * @example
 * ```ts
 * // deno run --unstable-kv (or "unstable": ["kv"] in deno.json)
 * import { denoKvStores } from "./deno_kv.ts";
 * using kv = await Deno.openKv(":memory:");
 * const { tokenStore, rateLimitStore } = denoKvStores(kv);
 * console.log((await rateLimitStore.take("budget", 5, 3, 60_000)).granted); // 3
 * const release = await tokenStore.lock("login", 10_000);
 * console.log(await tokenStore.lock("login", 10_000)); // undefined: held
 * await release?.();
 * ```
 */
export function denoKvStores(kv: DenoKvLike, options: DenoKvStoresOptions = {}): SharedStores {
  checkKv(kv);
  const prefix = options.prefix ?? ["genesys-cloud"];
  if (!Array.isArray(prefix) || !prefix.every(isKeyPart)) {
    throw new ParameterError("denoKvStores", "prefix", "must be an array of Deno KV key parts");
  }
  const db = new Db(kv, prefix, options.now ?? Date.now);
  return { tokenStore: new KvTokenStore(db), rateLimitStore: new KvRateLimitStore(db) };
}

function isKeyPart(part: unknown): boolean {
  return ["string", "number", "bigint", "boolean"].includes(typeof part) ||
    part instanceof Uint8Array;
}

function checkKv(kv: unknown): asserts kv is DenoKvLike {
  const v = kv as Record<string, unknown> | null | undefined;
  if (typeof v?.then === "function") {
    throw new ConfigurationError(
      "denoKvStores needs a Deno KV database, not a promise of one: `await Deno.openKv()` first",
    );
  }
  const methods = ["get", "set", "delete", "atomic"];
  if (typeof v !== "object" || v === null || !methods.every((m) => typeof v[m] === "function")) {
    throw new ConfigurationError(
      "denoKvStores needs a Deno KV database (what `await Deno.openKv()` gives; " +
        `it has get, set, delete and atomic); got ${v === null ? "null" : typeof v}`,
    );
  }
}

/** What an atomic step decided: the value to write (or delete), and what to answer. */
type Step<T> =
  | { result: T; write?: undefined }
  | { result: T; write: "set"; value: unknown; expireIn?: number }
  | { result: T; write: "delete" };

/** The database, its prefix and clock, and the read-check-write loop. */
class Db {
  constructor(
    readonly kv: DenoKvLike,
    readonly prefix: readonly KvKeyPartLike[],
    readonly now: () => number,
  ) {}

  key(kind: string, key: string): KvKeyPartLike[] {
    return [...this.prefix, kind, key];
  }

  /**
   * Runs `work`, again after a short random pause when it reports a conflict
   * or SQLite answers "database is locked" (a local file opened by several
   * processes), at most {@linkcode MAX_ATTEMPTS} times; any other error
   * becomes a {@linkcode StoreError}.
   */
  run<T>(operation: string, work: () => Promise<T | typeof CONFLICT>): Promise<T> {
    return guarded("Deno KV", operation, () => this.#retrying(operation, work));
  }

  async #retrying<T>(operation: string, work: () => Promise<T | typeof CONFLICT>): Promise<T> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      try {
        const result = await work();
        if (result !== CONFLICT) return result;
      } catch (error) {
        if (!(error instanceof Error && /database is (locked|busy)/i.test(error.message))) {
          throw error;
        }
      }
      await sleep(Math.random() * Math.min(2 ** attempt, 50));
    }
    throw new StoreError(
      "Deno KV",
      operation,
      `the entry kept changing or the database stayed locked for ${MAX_ATTEMPTS} attempts`,
    );
  }

  /**
   * Reads `key`, lets `decide` pick a change from its value, and commits the
   * change only if the entry is unchanged since the read; else starts over.
   */
  atomically<T>(
    operation: string,
    key: KvKeyPartLike[],
    decide: (value: unknown, now: number) => Step<T>,
  ): Promise<T> {
    return this.run(operation, async () => {
      const entry = await this.kv.get(key);
      const step = decide(entry.value, this.now());
      if (!step.write) return step.result;
      let op = this.kv.atomic().check({ key, versionstamp: entry.versionstamp });
      op = step.write === "set"
        ? op.set(key, step.value, step.expireIn === undefined ? {} : { expireIn: step.expireIn })
        : op.delete(key);
      return (await op.commit()).ok ? step.result : CONFLICT;
    });
  }
}

/** Tokens under `[...prefix, "token", key]`, locks under `[...prefix, "lock", key]`. */
class KvTokenStore implements LockingTokenStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  async get(key: string): Promise<StoredToken | undefined> {
    checkKey("TokenStore.get", key);
    const entry = await this.#db.run("get", () => this.#db.kv.get(this.#db.key("token", key)));
    return toStoredToken(entry.value);
  }

  async set(key: string, token: StoredToken): Promise<void> {
    checkKey("TokenStore.set", key);
    const stored = checkToken("TokenStore.set", token);
    const expireIn = tokenTtlMs(stored, this.#db.now());
    const options = expireIn ? { expireIn } : {};
    await this.#db.run("set", () => this.#db.kv.set(this.#db.key("token", key), stored, options));
  }

  async delete(key: string): Promise<void> {
    checkKey("TokenStore.delete", key);
    await this.#db.run("delete", () => this.#db.kv.delete(this.#db.key("token", key)));
  }

  async lock(key: string, ttlMs: number): Promise<(() => Promise<void>) | undefined> {
    checkKey("TokenStore.lock", key);
    checkDuration("TokenStore.lock", "ttlMs", ttlMs);
    const owner = crypto.randomUUID();
    const lockKey = this.#db.key("lock", key);
    const ms = Math.ceil(ttlMs);
    const taken = await this.#db.atomically("lock", lockKey, (value, now) => {
      // The expiry time decides, not KV's own expiry (which may delete the entry late).
      if (liveLock(value, now)) return { result: false };
      const lock = { owner, expiresAt: now + ms };
      return { result: true, write: "set", value: lock, expireIn: ms };
    });
    if (!taken) return undefined;
    return () =>
      this.#db.atomically("release", lockKey, (value) => {
        // Only the caller's own lock: after its expiry another holder may have it.
        if (lockOwner(value) !== owner) return { result: undefined };
        return { result: undefined, write: "delete" };
      });
  }
}

/** The owner of the lock stored as `value` (expired or not), if it is a lock. */
function lockOwner(value: unknown): string | undefined {
  const owner = (value as { owner?: unknown } | null)?.owner;
  return typeof owner === "string" ? owner : undefined;
}

/** Whether `value` is a lock that has not expired at `now`. */
function liveLock(value: unknown, now: number): boolean {
  const expiresAt = (value as { expiresAt?: unknown } | null)?.expiresAt;
  return lockOwner(value) !== undefined && typeof expiresAt === "number" && expiresAt > now;
}

/** Budgets under `[...prefix, "rate", key]`: a `RateState` (numbers only). */
class KvRateLimitStore implements RateLimitStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  async take(
    key: string,
    want: number,
    limit: number,
    windowMs: number,
    seen?: RateLimitSeen,
  ): Promise<RateLimitGrant> {
    checkKey("RateLimitStore.take", key);
    checkCount("RateLimitStore.take", "want", want);
    checkCount("RateLimitStore.take", "limit", limit);
    checkDuration("RateLimitStore.take", "windowMs", windowMs);
    const report = checkSeen("RateLimitStore.take", seen);
    return await this.#db.atomically("take", this.#db.key("rate", key), (value, now) => {
      const { state, grant } = takeFrom(toRateState(value), now, want, limit, windowMs, report);
      return { result: grant, ...this.#write(state, now) };
    });
  }

  async block(key: string, ms: number): Promise<void> {
    checkKey("RateLimitStore.block", key);
    checkDuration("RateLimitStore.block", "ms", ms, true);
    await this.#db.atomically("block", this.#db.key("rate", key), (value, now) => {
      return { result: undefined, ...this.#write(blockOn(toRateState(value), now, ms), now) };
    });
  }

  #write(state: RateState, now: number) {
    return { write: "set" as const, value: state, expireIn: Math.ceil(keepUntil(state) - now) };
  }
}
