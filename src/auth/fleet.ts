/**
 * Where the rate-limit feature plugs into the engine. The pacer itself
 * (`pacer.ts`) and the shared-store login are loaded only by programs that
 * import `@cxkit/genesys-cloud/ratelimit` (the package root and
 * `@cxkit/genesys-cloud/stores` import it): the core, and every one-API
 * bundle, stays without them.
 *
 * @module
 */

import { ConfigurationError } from "../base/errors.ts";
import type { Pacer, RateLimitOptions } from "../http/pacer.ts";
import type { StoredToken } from "./token_store.ts";

/**
 * What the rate-limit feature provides.
 *
 * @example
 * ```ts
 * import type { RateLimitFeature } from "./fleet.ts";
 * const names = (feature: RateLimitFeature) => feature.entryPoint;
 * ```
 */
export interface RateLimitFeature {
  /** Always `"rateLimit"`. */
  readonly name: "rateLimit";
  /** The entry point that registers it. */
  readonly entryPoint: string;
  /**
   * A pacer for a client's `rateLimit` option (`undefined` when it asks for no
   * pacing and no cap); `key` gives the current credential.
   */
  createPacer(options: RateLimitOptions, key: () => string): Pacer | undefined;
  /**
   * `LiteClient`'s `tokenStore`, checked (a `ConfigurationError` when it is no
   * `TokenStore`): returns how a client-credentials login goes through it, so
   * that processes starting together make one token request.
   */
  liteStore(store: unknown, loginUrl: string, lockMs: number): StoreLogin;
}

/**
 * A client-credentials login through a shared token store: `request` makes the
 * token request when the store holds no usable token.
 */
export type StoreLogin = (
  clientId: string,
  clientSecret: string,
  request: () => Promise<StoredToken>,
) => Promise<StoredToken>;

let registered: RateLimitFeature | undefined;

/**
 * Registers the rate-limit feature (its entry point does).
 *
 * @example
 * ```ts
 * import { registerRateLimit } from "./fleet.ts";
 * console.log(typeof registerRateLimit); // function
 * ```
 */
export function registerRateLimit(feature: RateLimitFeature): void {
  registered = feature;
}

/**
 * The rate-limit feature; without it, a `ConfigurationError` naming `use` and
 * the import to add.
 *
 * @example
 * ```ts
 * import { rateLimitFeature } from "./fleet.ts";
 * try {
 *   rateLimitFeature("rateLimit");
 * } catch (e) {
 *   console.log((e as Error).name); // ConfigurationError, unless the feature is loaded
 * }
 * ```
 */
export function rateLimitFeature(use: string): RateLimitFeature {
  if (registered) return registered;
  // A ConfigurationError (as MissingFeatureError is) that `LiteClient` bundles can carry
  // without the plugin table.
  throw new ConfigurationError(
    `${use} needs the rateLimit feature: add \`import "@cxkit/genesys-cloud/ratelimit";\``,
  );
}

/**
 * The pacer for a `rateLimit` option, or `undefined` when it asks for nothing.
 *
 * @example
 * ```ts
 * import { pacerFor } from "./fleet.ts";
 * console.log(pacerFor(undefined, () => "")); // undefined
 * ```
 */
export function pacerFor(
  options: RateLimitOptions | undefined,
  key: () => string,
): Pacer | undefined {
  if (options === undefined) return undefined;
  return rateLimitFeature("the rateLimit option").createPacer(options, key);
}
