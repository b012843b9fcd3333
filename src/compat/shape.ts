/**
 * The names of the official SDK's default export (`platformClient.ApiClient.instance`,
 * `new platformClient.UsersApi()`, `platformClient.PureCloudRegionHosts`,
 * `platformClient.Models.Queue`): the compat entry exports them by name and, as this
 * module's namespace, as its default export. Every optional feature (logging, config
 * files, proxy and mTLS, browser login) is loaded, as the official SDK has them all.
 *
 * @module
 */

// The features first: the shared client below looks its plugins up when it is made.
import "../features/logging.ts";
import "../features/config_file.ts";
import "../features/net.ts";
import "../features/browser_login.ts";
import "./leftovers.ts";
import { PlatformClient } from "../client/platform_client.ts";
import type { OfficialApiClient, OfficialApiClientConstructor } from "./leftovers.ts";

export type {
  ExtendedResponse,
  OfficialApiClient,
  OfficialApiClientConstructor,
  OfficialAuthentications,
  OfficialConfiguration,
  OfficialGateway,
  OfficialLogger,
} from "./leftovers.ts";

/**
 * The shared client, made when this module loads, as the official SDK's `ApiClient`:
 * `ApiClient.instance` is the same client, and every API class made without a client
 * (`new UsersApi()`) sends its calls through it.
 *
 * @example
 * ```ts
 * import { ApiClient, PureCloudRegionHosts } from "./shape.ts";
 * const client = ApiClient.instance;
 * client.setEnvironment(PureCloudRegionHosts.eu_west_1);
 * console.log(client.config.basePath); // https://api.mypurecloud.ie
 * ```
 */
export const ApiClient: OfficialApiClient = PlatformClient.instance as OfficialApiClient;

/**
 * The official SDK's client class: `PlatformClient`, with the official names (see
 * `leftovers.ts`). As a type, the type of `ApiClient.instance`.
 *
 * @example
 * ```ts
 * import { ApiClient, ApiClientClass } from "./shape.ts";
 * const client: ApiClientClass = ApiClient.instance;
 * console.log(client instanceof ApiClientClass); // true
 * ```
 */
export const ApiClientClass: OfficialApiClientConstructor =
  PlatformClient as unknown as OfficialApiClientConstructor;
/** The type of `ApiClient.instance`: a `PlatformClient` with the official names. */
export type ApiClientClass = OfficialApiClient;

export {
  /**
   * The official name of `REGIONS`: region names (`eu_west_1`) to environment domains.
   */
  REGIONS as PureCloudRegionHosts,
} from "../base/regions.ts";

/**
 * Every model type, as the official SDK's `Models` namespace: `platformClient.Models.Queue`.
 */
export type * as Models from "../generated/models/mod.ts";

export * from "../generated/apis/mod.ts";
