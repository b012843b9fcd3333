/**
 * Token and rate-limit stores on Redis, through the user's own connected
 * client (npm `redis` v4/v5 or `ioredis`): every operation is one Lua script
 * (`EVAL`), so it is atomic on the server, and time is the server's clock.
 *
 * @module
 */

import { ConfigurationError, ParameterError } from "../base/errors.ts";
import { parseStoredToken, type StoredToken } from "../auth/token_store.ts";
import type { RateLimitGrant, RateLimitSeen, RateLimitStore } from "../http/rate_limit_store.ts";
import { KEEP_EXTRA_MS, RATE_FIELDS } from "../http/rate_window.ts";
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

/** The `eval` of npm `redis` (node-redis v4 and v5): `eval(script, { keys, arguments })`. */
export interface NodeRedisClientLike {
  /** Runs a Lua script. */
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/** The `eval` of `ioredis`: `eval(script, numKeys, ...keys, ...args)`. */
export interface IoRedisClientLike {
  /** Runs a Lua script. */
  eval(script: string, numKeys: number, ...keysAndArgs: string[]): Promise<unknown>;
  /** Present on ioredis clients (and clusters): how the adapter tells the two apart. */
  defineCommand(...args: never[]): unknown;
}

/** A connected Redis client of either library. */
export type RedisClientLike = NodeRedisClientLike | IoRedisClientLike;

/** Options of {@linkcode redisStores}. */
export interface RedisStoresOptions {
  /**
   * Prefix of every Redis key (`<prefix>token:<key>`, `<prefix>lock:<key>`,
   * `<prefix>rate:<key>`); `"genesys-cloud:"` by default.
   */
  prefix?: string;
  /**
   * Which library's `eval` signature to use. By default: `ioredis` when the
   * client has `defineCommand`, else `redis`.
   */
  library?: "redis" | "ioredis";
}

/** The server's time in milliseconds, as the first lines of a script. */
const NOW = `
if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

/** Reads the state of KEYS[1] (a fresh one when absent): the fields of RateState. */
const READ_STATE = `
local s = redis.call('HMGET', KEYS[1], ${RATE_FIELDS.map((f) => `'${f}'`).join(", ")})
${
  RATE_FIELDS.map((f, i) => `local ${f} = tonumber(s[${i + 1}]) or ${f === "guessed" ? 1 : 0}`)
    .join("\n")
}
`;

/** Writes the state back, kept until its window and block end plus KEEP_EXTRA_MS. */
const WRITE_STATE = `
redis.call('HSET', KEYS[1], ${RATE_FIELDS.map((f) => `'${f}', ${f}`).join(", ")})
redis.call('PEXPIREAT', KEYS[1], math.max(windowEnd, blockedUntil) + ${KEEP_EXTRA_MS})
`;

/**
 * take: ARGV = want, limit, windowMs, then (when an answer is reported) seen's window, allowed,
 * count, resetInMs, windowMs; returns { granted, resetInMs, window, allowed }. The steps of
 * takeFrom() (rate_window.ts), line for line.
 */
const TAKE = `${NOW}${READ_STATE}
local want = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local askedMs = tonumber(ARGV[3])
local function edge(ms) return math.min(250, math.ceil(ms / 10)) end
if ARGV[4] then
  local seenWindow, seenAllowed = tonumber(ARGV[4]), tonumber(ARGV[5])
  local seenCount, seenReset, seenMs = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
  if seenAllowed > 0 then
    allowed = seenAllowed
    if seenMs > 0 then windowMs = seenMs end
  end
  if seenWindow == windowStart and now < windowEnd then
    local e = now + math.max(0, seenReset)
    if guessed == 1 then windowEnd = e else windowEnd = math.min(windowEnd, e) end
    guessed = 0
    used = math.max(used, seenCount)
  end
end
local learnt = allowed > 0 and windowMs > 0
if now >= windowEnd then
  local length = askedMs
  if learnt then length = windowMs + edge(windowMs) end
  local carry = 0
  if now < windowEnd + length then carry = late end
  windowStart = now
  windowEnd = now + length
  guessed = 1
  used = carry
  late = 0
end
local granted = 0
local reset = blockedUntil - now
if now >= blockedUntil then
  local cap = allowed
  if cap == 0 then cap = limit end
  granted = math.max(0, math.min(want, cap - used))
  used = used + granted
  local zone = askedMs
  if learnt then zone = windowMs end
  if now >= windowEnd - edge(zone) then late = late + granted end
  reset = windowEnd - now
end
${WRITE_STATE}
return { granted, reset, windowStart, allowed }
`;

/** block: ARGV = ms. Same steps as blockOn(). */
const BLOCK = `${NOW}${READ_STATE}
blockedUntil = math.max(blockedUntil, now + tonumber(ARGV[1]))
${WRITE_STATE}
return 1
`;

/** lock: ARGV = owner, ttlMs; returns 1 when taken. Redis removes it at its expiry. */
const LOCK = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0
`;

/** release: ARGV = owner; deletes the lock only if the caller still holds it. */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

const GET = `return redis.call('GET', KEYS[1])`;
/** set: ARGV = JSON, ttlMs ("" for none). */
const SET = `
if ARGV[2] == '' then return redis.call('SET', KEYS[1], ARGV[1]) end
return redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
`;
const DELETE = `return redis.call('DEL', KEYS[1])`;

/**
 * A token store (with `lock`) and a rate-limit store on Redis, shared by every
 * process whose client talks to the same server. Pass your own connected
 * client (npm `redis` v4/v5 or `ioredis`); `src/` gains no dependency.
 *
 * Throws {@linkcode ConfigurationError} when `client` has no `eval`; each store
 * operation rejects with {@linkcode StoreError} when Redis fails (and with
 * `ParameterError` on bad arguments).
 *
 * @example
 * ```ts
 * // With npm `redis`; an ioredis client (`new Redis(url)`) is passed the same way.
 * import { createClient } from "npm:redis@5.12.4";
 * import { redisStores } from "./redis.ts";
 * const url = Deno.env.get("REDIS_URL"); // redis://127.0.0.1:6379, say
 * if (url) {
 *   const client = await createClient({ url }).connect();
 *   const { tokenStore, rateLimitStore } = redisStores(client, { prefix: "myapp:" });
 *   console.log((await rateLimitStore.take("budget", 5, 3, 60_000)).granted); // 3 (a new key)
 *   const release = await tokenStore.lock("login", 10_000);
 *   await release?.();
 *   client.destroy();
 * }
 * ```
 */
export function redisStores(
  client: RedisClientLike,
  options: RedisStoresOptions = {},
): SharedStores {
  const c = client as unknown as Record<string, unknown> | null | undefined;
  if (typeof c !== "object" || c === null || typeof c.eval !== "function") {
    throw new ConfigurationError(
      "redisStores needs a connected Redis client with eval (npm redis v4/v5 or ioredis); got " +
        (c === null ? "null" : typeof c),
    );
  }
  const prefix = options.prefix ?? "genesys-cloud:";
  if (typeof prefix !== "string") {
    throw new ParameterError("redisStores", "prefix", "must be a string");
  }
  const library = options.library ?? (typeof c.defineCommand === "function" ? "ioredis" : "redis");
  if (library !== "redis" && library !== "ioredis") {
    throw new ParameterError("redisStores", "library", 'must be "redis" or "ioredis"');
  }
  const run: Eval = library === "ioredis"
    ? (script, key, args) => (client as IoRedisClientLike).eval(script, 1, key, ...args)
    : (script, key, args) =>
      (client as NodeRedisClientLike).eval(script, { keys: [key], arguments: args });
  const redis = new Scripts(run, prefix);
  return { tokenStore: new RedisTokenStore(redis), rateLimitStore: new RedisRateLimitStore(redis) };
}

/** Runs `script` on one key with string arguments. */
type Eval = (script: string, key: string, args: string[]) => Promise<unknown>;

/** The client's `eval`, the key prefix, and errors turned into StoreError. */
class Scripts {
  constructor(readonly run: Eval, readonly prefix: string) {}

  call(operation: string, script: string, kind: string, key: string, args: string[]) {
    return guarded(
      "Redis",
      operation,
      () => this.run(script, `${this.prefix}${kind}:${key}`, args),
    );
  }
}

class RedisTokenStore implements LockingTokenStore {
  readonly #redis: Scripts;

  constructor(redis: Scripts) {
    this.#redis = redis;
  }

  async get(key: string): Promise<StoredToken | undefined> {
    checkKey("TokenStore.get", key);
    const text = await this.#redis.call("get", GET, "token", key, []);
    return typeof text === "string" ? parseStoredToken(text) : undefined;
  }

  async set(key: string, token: StoredToken): Promise<void> {
    checkKey("TokenStore.set", key);
    const stored = checkToken("TokenStore.set", token);
    const ttl = tokenTtlMs(stored, Date.now());
    await this.#redis.call("set", SET, "token", key, [JSON.stringify(stored), ttl ? `${ttl}` : ""]);
  }

  async delete(key: string): Promise<void> {
    checkKey("TokenStore.delete", key);
    await this.#redis.call("delete", DELETE, "token", key, []);
  }

  async lock(key: string, ttlMs: number): Promise<(() => Promise<void>) | undefined> {
    checkKey("TokenStore.lock", key);
    checkDuration("TokenStore.lock", "ttlMs", ttlMs);
    const owner = crypto.randomUUID();
    const taken = await this.#redis.call("lock", LOCK, "lock", key, [owner, `${Math.ceil(ttlMs)}`]);
    if (taken !== 1) return undefined;
    return async () => {
      await this.#redis.call("release", RELEASE, "lock", key, [owner]);
    };
  }
}

class RedisRateLimitStore implements RateLimitStore {
  readonly #redis: Scripts;

  constructor(redis: Scripts) {
    this.#redis = redis;
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
    const args = [`${want}`, `${limit}`, `${Math.ceil(windowMs)}`];
    if (report) {
      const { window, allowed, count, resetInMs, windowMs: learnt } = report;
      args.push(...[window, allowed, count, Math.round(resetInMs), Math.round(learnt)].map(String));
    }
    const answer = await this.#redis.call("take", TAKE, "rate", key, args);
    if (
      !Array.isArray(answer) || answer.length !== 4 || !answer.every((n) => Number.isFinite(n))
    ) {
      throw new StoreError("Redis", "take", "the script answered something other than 4 numbers");
    }
    const [granted, resetInMs, window, allowed] = answer as number[];
    return { granted, resetInMs: Math.max(0, resetInMs), window, allowed };
  }

  async block(key: string, ms: number): Promise<void> {
    checkKey("RateLimitStore.block", key);
    checkDuration("RateLimitStore.block", "ms", ms, true);
    await this.#redis.call("block", BLOCK, "rate", key, [`${Math.ceil(ms)}`]);
  }
}
