/**
 * A standards-only TypeScript client for the Genesys Cloud Platform API, for
 * Deno, Bun, Cloudflare Workers and browsers.
 *
 * @example
 * ```ts
 * import { PlatformClient } from "@cxkit/genesys-cloud";
 * const client = new PlatformClient({ environment: "mypurecloud.ie" });
 * client.setAccessToken("token");
 * ```
 *
 * @module
 */

export { PlatformClient } from "./src/core/client.ts";
export type { ClientOptions } from "./src/core/client.ts";
export { ApiBase } from "./src/core/api_base.ts";
export { ApiPromise, parseRateLimit } from "./src/core/api_promise.ts";
export type { ApiResponse, RateLimit } from "./src/core/api_promise.ts";
export type {
  AuthKind,
  CallOptions,
  CollectionFormat,
  Endpoint,
  HttpMethod,
  ParamLocation,
  ParamSpec,
  ResponseKind,
} from "./src/core/endpoint.ts";
export {
  AbortedError,
  ApiError,
  AuthError,
  ConfigurationError,
  GenesysCloudError,
  NetworkError,
  ParameterError,
  TimeoutError,
  UnsupportedRuntimeError,
} from "./src/core/errors.ts";
export type { ApiErrorDetail, ApiErrorInit, AuthErrorInit } from "./src/core/errors.ts";
export { normalizeEnvironment, REGIONS, resolveBaseUrls } from "./src/core/regions.ts";
export type { BaseUrls, GatewayConfig, Region, UrlSettings } from "./src/core/regions.ts";
export type { HookContext, PostHook, PreHook, Transport } from "./src/core/transport.ts";
export type { Authenticator } from "./src/core/authenticator.ts";
export { Configuration, DEFAULT_SETTINGS } from "./src/config/configuration.ts";
export type { ResolvedSettings, Settings, SettingsLayer } from "./src/config/configuration.ts";
export { patch, PatchBuilder } from "./src/helpers/patch.ts";
export type { Patch } from "./src/helpers/patch.ts";
export { paginate } from "./src/helpers/paginate.ts";
export type { PageLike, PaginateOptions } from "./src/helpers/paginate.ts";
