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

export { PlatformClient } from "./src/client/platform_client.ts";
export type { ClientOptions } from "./src/client/platform_client.ts";
export { ApiBase } from "./src/operations/api_base.ts";
export { LiteClient } from "./src/client/lite_client.ts";
export type { LiteClientOptions } from "./src/client/lite_client.ts";
export { setSharedClient } from "./src/operations/operation_client.ts";
export type { OperationClient } from "./src/operations/operation_client.ts";
export { installOperations, parseOperation } from "./src/operations/operations.ts";
export type { OperationTable } from "./src/operations/operations.ts";
export { ApiPromise, parseRateLimit } from "./src/http/api_promise.ts";
export type { ApiResponse, RateLimit } from "./src/http/api_promise.ts";
export type {
  AuthKind,
  CallOptions,
  CollectionFormat,
  Endpoint,
  HttpMethod,
  ParamLocation,
  ParamSpec,
  ResponseKind,
} from "./src/base/endpoint.ts";
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
} from "./src/base/errors.ts";
export type {
  ApiErrorBody,
  ApiErrorDetail,
  ApiErrorHeaders,
  ApiErrorInit,
  ApiErrorLimit,
  AuthErrorInit,
} from "./src/base/errors.ts";
export { normalizeEnvironment, REGIONS, resolveBaseUrls } from "./src/base/regions.ts";
export type { BaseUrls, GatewayConfig, Region, UrlSettings } from "./src/base/regions.ts";
export type { HookContext, PostHook, PreHook, Transport } from "./src/http/transport.ts";
export type { Authenticator, Credentials } from "./src/http/credentials.ts";
export { FEATURE_ENTRY_POINTS, MissingFeatureError, requirePlugin } from "./src/base/plugin.ts";
export type { Plugin, PluginName, PluginSource } from "./src/base/plugin.ts";
export { clientPlugins, registeredPlugin, registerPlugin } from "./src/client/plugins.ts";
export type { ClientPlugin } from "./src/client/plugins.ts";
export type { ClientLogEntry, ClientLogger, LoggingPlugin } from "./src/logging/plugin.ts";
export type { NetPlugin } from "./src/net/plugin.ts";
export type { ClientConfigFile, ConfigFilePlugin, ConfigReportLevel } from "./src/config/plugin.ts";
export type { BrowserLoginPlugin } from "./src/auth/browser_plugin.ts";
export type { BrowserLoginHost } from "./src/auth/browser.ts";
export type { AuthSession, BrowserStatePlugin, Renewal, SessionHost } from "./src/auth/session.ts";
export type { TokenRequest, TokenResponse, TokenSender } from "./src/auth/token_request.ts";
export { Engine } from "./src/http/engine.ts";
export type { RateLimitOptions } from "./src/http/pacer.ts";
export type { RateLimitGrant, RateLimitSeen, RateLimitStore } from "./src/http/rate_limit_store.ts";
export type { RateLimitFeature, StoreLogin } from "./src/auth/fleet.ts";
export type { EngineHost, EngineSettings, Send } from "./src/http/engine.ts";
export type { UnknownOptions } from "./src/http/request.ts";
export { Configuration, DEFAULT_SETTINGS } from "./src/config/configuration.ts";
export type { ResolvedSettings, Settings, SettingsLayer } from "./src/config/configuration.ts";
export { patch, PatchBuilder } from "./src/operations/patch.ts";
export type { Patch } from "./src/operations/patch.ts";
export { paginate } from "./src/operations/paginate.ts";
export type { PageItem, PageLike, PaginateOptions } from "./src/operations/paginate.ts";
export type { NetOptions, NetTransport } from "./src/net/options.ts";
export type { ProxyAuth, ProxyConfig } from "./src/net/proxy.ts";
export type { MtlsConfig } from "./src/net/mtls.ts";
export { ProxyError } from "./src/net/errors.ts";
export type { RuntimeGlobals } from "./src/net/runtime.ts";
export type { AuthData } from "./src/auth/auth_data.ts";
export { TokenRefreshTimeoutError, TokenRequestError } from "./src/auth/errors.ts";
export type {
  LoginGrantOptions,
  LoginImplicitGrantOptions,
  LoginPKCEGrantOptions,
} from "./src/auth/login_options.ts";
export {
  computePKCECodeChallenge,
  generatePKCECodeVerifier,
  PKCE_VERIFIER_CHARSET,
} from "./src/auth/pkce.ts";
export type { AuthPopupMessage, CompleteAuthPopupOptions } from "./src/auth/popup_messages.ts";
export { DEFAULT_AUTH_POPUP_CONFIGURATION } from "./src/auth/popup_state.ts";
export type {
  AuthPopupConfiguration,
  AuthPopupState,
  AuthPopupStatus,
  AuthPopupStatusListener,
} from "./src/auth/popup_state.ts";
export type { TokenOwner } from "./src/auth/persisted_store.ts";
export { isBrowserPage } from "./src/auth/runtime.ts";
export type { WebMessagingCredential } from "./src/auth/session.ts";
export {
  MemoryTokenStore,
  parseStoredToken,
  tokenStoreKey,
  WebStorageTokenStore,
} from "./src/auth/token_store.ts";
export type { StoredToken, TokenStore, WebStorageLike } from "./src/auth/token_store.ts";
export { TOKEN_OPERATION } from "./src/auth/token_request.ts";
export type {
  WebDeploymentCodeExchange,
  WebDeploymentOAuthParameters,
} from "./src/auth/web_deployment_exchange.ts";
export type { ConfigFileLocation, FileSettings } from "./src/config/file_settings.ts";
export { DEFAULT_LOGGING, LOG_FORMATS, LOG_LEVELS } from "./src/logging/types.ts";
export type {
  HttpLogRecord,
  LogFormat,
  LoggingSettings,
  LogLevel,
  LogRecord,
  LogSink,
  MessageLogRecord,
  ResolvedLoggingSettings,
} from "./src/logging/types.ts";
export {
  checkRetry,
  DEFAULT_RETRY,
  isIdempotent,
  isRetryableStatus,
  mayRetryAnswer,
  parseRetryAfter,
  RETRY_RULES,
  retryWait,
} from "./src/http/retry_policy.ts";
export type {
  RequestLogHook,
  ResolvedRetryConfiguration,
  RetryConfiguration,
  RetryRules,
  RetryWait,
} from "./src/http/retry_policy.ts";

// ROOT-ONLY EXPORTS. Everything above is also re-exported by every per-API entry point
// (tools/codegen reads this file up to this line); what follows is exported from the package
// root only, so that a program importing one API does not load it. The package root installs
// every optional feature (see src/client/plugins.ts); per-API entry points install none.
export * from "./src/features/logging.ts";
export * from "./src/features/config_file.ts";
export * from "./src/features/net.ts";
export * from "./src/features/browser_login.ts";
export * from "./src/features/ratelimit.ts";
export * from "./src/features/retry.ts";
export {
  NOTIFICATION_TOPIC_PATTERNS,
  NOTIFICATION_TOPICS_SOURCE,
  NotificationChannelLimitError,
  NotificationClient,
  NotificationConnectionError,
  NotificationError,
  NotificationOverflowError,
  NotificationSubscription,
  NotificationTopicError,
} from "./src/notifications/mod.ts";
export type {
  MatchingPayloads,
  NotificationClientEvents,
  NotificationClientOptions,
  NotificationEvent,
  NotificationEventMetadata,
  NotificationGap,
  NotificationPayload,
  NotificationState,
  NotificationStateChange,
  NotificationStateReason,
  NotificationStats,
  NotificationTopic,
  NotificationTopicPayloads,
  OverflowPolicy,
  SubscriptionSettings,
} from "./src/notifications/mod.ts";
export {
  BULK_OPERATIONS,
  BulkAbortedError,
  DataAvailabilityError,
  dataAvailableUntil,
  JOB_FAMILIES,
  JobFailedError,
  JobRun,
  JobWaitingError,
  runBulk,
  runJob,
  SYSTEM_CLOCK,
} from "./src/jobs/mod.ts";
export type {
  BulkArgs,
  BulkEntityOf,
  BulkItemError,
  BulkItemOf,
  BulkItemResult,
  BulkOperation,
  BulkOperationSpec,
  BulkReport,
  JobArgs,
  JobClock,
  JobFailedErrorInit,
  JobFamilySpec,
  JobOperation,
  JobPageOf,
  JobRecordOf,
  JobStateKind,
  JobStatus,
  JobStatusOf,
  PollOptions,
  RunBulkOptions,
  RunJobOptions,
} from "./src/jobs/mod.ts";
export { checkRateLimit, Pacer, tokenFingerprint } from "./src/http/pacer.ts";
export { loginThroughStore } from "./src/auth/store_login.ts";
export { WebDeploymentJwt } from "./src/client/web_deployment.ts";
export {
  denoKvStores,
  durableObjectStores,
  GenesysCloudStoreObject,
  redisStores,
  StoreError,
} from "./src/stores/mod.ts";
export type {
  DenoKvLike,
  DurableObjectNamespaceLike,
  LockingTokenStore,
  RedisClientLike,
  SharedStores,
  StoreEngine,
} from "./src/stores/mod.ts";
export * from "./src/generated/apis/mod.ts";
// Models named like another export of the root come as `<Name>Model` (`SettingsModel`):
// the generator picks the names (see src/generated/models/mod.ts).
export type * from "./src/generated/models/mod.ts";
export * from "./src/generated/definition.ts";
// The official SDK's names and default export (`platformClient.ApiClient.instance`, ...), and
// its leftover calls and fields on every PlatformClient: see src/compat/mod.ts.
export { ApiClient, ApiClientClass, default, PureCloudRegionHosts } from "./src/compat/mod.ts";
export type {
  ExtendedResponse,
  Models,
  OfficialApiClient,
  OfficialApiClientConstructor,
  OfficialAuthentications,
  OfficialConfiguration,
  OfficialGateway,
  OfficialLogger,
} from "./src/compat/mod.ts";
