/**
 * Code written for the official SDK (`purecloud-platform-client-v2`) runs with only its
 * import changed: the default export has the official shape (`ApiClient` with `.instance`,
 * every `*Api` class, made without arguments on the shared client, `PureCloudRegionHosts`,
 * the types `ApiClientClass` and `Models`), the same names are exported by name (for
 * `require()` and `import * as`), and every `PlatformClient` and its `config` answer the
 * official leftover calls and fields (`setReturnExtendedResponses`,
 * `authentications["PureCloud OAuth"].accessToken`, `config.refresh_access_token`,
 * `config.logger.log_level`, ...), or throw naming what replaced them. The package root
 * exports the same; per-API entry points leave all of it out.
 *
 * @example
 * ```ts
 * import platformClient from "./mod.ts";
 *
 * const client = platformClient.ApiClient.instance;
 * client.setEnvironment(platformClient.PureCloudRegionHosts.eu_west_1);
 * client.setAccessToken("<access token>");
 * const usersApi = new platformClient.UsersApi();
 * const queue: platformClient.Models.Queue = { name: "Support" };
 * console.log(typeof usersApi.getUsersMe, queue.name); // function Support
 * ```
 *
 * @module
 */

import * as platformClient from "./shape.ts";

export * from "./shape.ts";

/**
 * The official SDK's default export: `import platformClient from
 * "@cxkit/genesys-cloud/compat"`, then `platformClient.ApiClient.instance`,
 * `new platformClient.UsersApi()`, `platformClient.Models.Queue` as in official code.
 */
export default platformClient;
