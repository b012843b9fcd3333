/**
 * What every adapter factory of `@cxkit/genesys-cloud/stores` returns.
 *
 * @module
 */

import type { TokenStore } from "../auth/token_store.ts";
import type { RateLimitStore } from "../http/rate_limit_store.ts";

/**
 * A {@linkcode TokenStore} that has the optional `lock` (for the login
 * single-flight across processes).
 *
 * @example
 * ```ts
 * import type { LockingTokenStore } from "./types.ts";
 * async function once(store: LockingTokenStore): Promise<boolean> {
 *   const release = await store.lock("login", 10_000);
 *   if (!release) return false; // another process logs in
 *   try {
 *     // ... the token request ...
 *     return true;
 *   } finally {
 *     await release();
 *   }
 * }
 * ```
 */
export interface LockingTokenStore extends TokenStore {
  /** See {@linkcode TokenStore.lock}. */
  lock(key: string, ttlMs: number): Promise<(() => Promise<void>) | undefined>;
}

/**
 * The two stores an adapter gives: pass `tokenStore` to `setTokenStore()` (or
 * the clients' `tokenStore` option) and `rateLimitStore` as `rateLimit.store`.
 *
 * @example
 * ```ts
 * import type { SharedStores } from "./types.ts";
 * function describe(stores: SharedStores): string {
 *   return typeof stores.tokenStore.lock === "function" ? "locks" : "no locks";
 * }
 * ```
 */
export interface SharedStores {
  /** Tokens and login locks. */
  tokenStore: LockingTokenStore;
  /** The shared request budget. */
  rateLimitStore: RateLimitStore;
}
