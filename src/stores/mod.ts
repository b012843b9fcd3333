/**
 * Shared token and rate-limit stores for fleets: many processes or Workers on
 * one OAuth client share one token, one login (a lock) and one request budget
 * through an engine they already run.
 *
 * - {@linkcode denoKvStores}: Deno KV (`Deno.openKv()`, local or on Deno Deploy).
 * - {@linkcode redisStores}: Redis, through your own npm `redis` or `ioredis` client.
 * - {@linkcode durableObjectStores}: Cloudflare Durable Objects of the class
 *   {@linkcode GenesysCloudStoreObject} (export it from your Worker).
 *
 * Each returns `{ tokenStore, rateLimitStore }`. A failing engine rejects with
 * {@linkcode StoreError}.
 *
 * @example
 * ```ts
 * // deno run --unstable-kv (or "unstable": ["kv"] in deno.json)
 * import { denoKvStores } from "./mod.ts";
 * using kv = await Deno.openKv(":memory:");
 * const { tokenStore, rateLimitStore } = denoKvStores(kv);
 * await tokenStore.set("app", { accessToken: "t", tokenExpiryTime: Date.now() + 60_000 });
 * console.log((await tokenStore.get("app"))?.accessToken); // t
 * const { granted, resetInMs } = await rateLimitStore.take("budget", 2, 300, 60_000);
 * console.log(granted, resetInMs); // 2 60000
 * ```
 *
 * @module
 */

// Stores are for fleets: loading them loads the rate-limit feature that uses them.
import "../features/ratelimit.ts";

export type { RateLimitGrant, RateLimitSeen, RateLimitStore } from "../http/rate_limit_store.ts";
export type { StoredToken, TokenStore } from "../auth/token_store.ts";
export type { LockingTokenStore, SharedStores } from "./types.ts";
export { type StoreEngine, StoreError } from "./store_error.ts";
export { ConfigurationError, GenesysCloudError, ParameterError } from "../base/errors.ts";
export {
  type DenoKvLike,
  denoKvStores,
  type DenoKvStoresOptions,
  type KvAtomicLike,
  type KvEntryLike,
  type KvKeyPartLike,
} from "./deno_kv.ts";
export {
  type IoRedisClientLike,
  type NodeRedisClientLike,
  type RedisClientLike,
  redisStores,
  type RedisStoresOptions,
} from "./redis.ts";
export {
  type DurableObjectNamespaceLike,
  durableObjectStores,
  type DurableObjectStoresOptions,
  type DurableObjectStubLike,
} from "./durable_object.ts";
export {
  type DurableObjectStateLike,
  type DurableObjectStorageLike,
  GenesysCloudStoreObject,
  type StoreAnswer,
  type StoreRequest,
} from "./store_object.ts";
