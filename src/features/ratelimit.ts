/**
 * Rate limits and fleets: importing this entry point registers the feature
 * behind the `rateLimit` option of `PlatformClient` and `LiteClient` (pacing
 * under the server's budget, `maxConcurrent`, a budget shared through
 * `rateLimit.store`) and `LiteClient`'s `tokenStore`. The package root and
 * `@cxkit/genesys-cloud/stores` import it; a one-API program that paces
 * imports it too.
 *
 * @example
 * ```ts
 * import "./ratelimit.ts";
 * import { LiteClient } from "../client/lite_client.ts";
 * const client = new LiteClient({ accessToken: "t", rateLimit: { pace: true, maxConcurrent: 8 } });
 * console.log(typeof client.call); // function
 * ```
 *
 * @module
 */

import { checkRateLimit, Pacer } from "../http/pacer.ts";
import { type RateLimitFeature, registerRateLimit } from "../auth/fleet.ts";
import { loginThroughStore } from "../auth/store_login.ts";
import { clientCredentialsStoreKey, type TokenStore } from "../auth/token_store.ts";
import { ConfigurationError } from "../base/errors.ts";

export { MemoryRateLimitStore } from "../http/rate_limit_store.ts";
export type { RateLimitGrant, RateLimitSeen, RateLimitStore } from "../http/rate_limit_store.ts";
export type { RateLimitOptions } from "../http/pacer.ts";

/** How close to its expiry a stored token is renewed rather than adopted (at most half its life). */
const RENEWAL_MARGIN_MS = 300_000;

/**
 * The rate-limit feature.
 *
 * @example
 * ```ts
 * import { rateLimitPlugin } from "./ratelimit.ts";
 * console.log(rateLimitPlugin.entryPoint); // @cxkit/genesys-cloud/ratelimit
 * ```
 */
export const rateLimitPlugin: RateLimitFeature = {
  name: "rateLimit",
  entryPoint: "@cxkit/genesys-cloud/ratelimit",
  createPacer(options, credential) {
    checkRateLimit(options);
    return options.pace || options.maxConcurrent ? new Pacer(options, credential) : undefined;
  },
  liteStore(store, loginUrl, lockMs) {
    if (typeof (store as TokenStore | null)?.get !== "function") {
      throw new ConfigurationError("tokenStore must be a TokenStore (get, set, delete)");
    }
    const tokens = store as TokenStore;
    const fresh = (token: { tokenExpiryTime?: number; expiresIn?: number }) =>
      (token.tokenExpiryTime ?? Infinity) - Date.now() >
        Math.min(RENEWAL_MARGIN_MS, (token.expiresIn ?? 0) * 500);
    return async (clientId, clientSecret, request) => {
      const key = await clientCredentialsStoreKey(clientId, clientSecret, loginUrl);
      return await loginThroughStore(
        tokens,
        key,
        async () => {
          const token = await request();
          await tokens.set(key, token).catch(() => {});
          return token;
        },
        fresh,
        lockMs,
      );
    };
  },
};

registerRateLimit(rateLimitPlugin);
