/**
 * The official SDK's (`purecloud-platform-client-v2`) leftover calls and fields, added to
 * every `PlatformClient` and every client's `config` when this module loads. The compat
 * entry (`@cxkit/genesys-cloud/compat`) and the package root load it; per-API entry points
 * leave it out, which keeps one-API bundles small. Each name does what the official one does
 * when this package has an exact equivalent, and otherwise throws a `ConfigurationError`
 * naming the replacement, in strict and sloppy mode alike (fields are accessors: assigning
 * one is never silently dropped):
 *
 * - `client.setReturnExtendedResponses(true)`: calls resolve to `{ status, headers, body,
 *   error: null, ... }`, as the official SDK's extended responses (failures stay
 *   `ApiError`s, which carry `status`, `headers`, `body` and `text` too). Like the official
 *   `callApi`, this applies to every call of that client, `client.call` included: give a
 *   `WebDeploymentJwt` a client that is not in this mode;
 * - `client.authentications["PureCloud OAuth"].accessToken`: reads and sets the access token;
 * - `client.instance`: the shared client (`ApiClient.instance.instance`, as official);
 * - `client.setGateway({ host, path_params_login, path_params_api, ... })`: the official
 *   field names are read as `pathParamsLogin` and `pathParamsApi`;
 * - `client.setDebugLog(fn)`, `client.setProxyAgent(agent)`: throw, naming the `logging`
 *   settings and `setProxy` (a Node agent cannot carry a proxy for `fetch`); with nothing
 *   (`undefined`, `null`, `false`) they change nothing, as official;
 * - `config.refresh_access_token`, `refresh_token_wait_max` (seconds), `live_reload_config`,
 *   `environment`, `host`, `basePath`, `authUrl`, `gateway`, `configPath`, and
 *   `config.setConfigPath()`, `setEnvironment()`, `setGateway()`: read and change the
 *   settings they stand for;
 * - `config.logger.log_level`, `log_format`, `log_to_console`, `log_file_path`,
 *   `log_request_body`, `log_response_body`, `logLevelEnum`, `logFormatEnum`, `setLogger()`:
 *   the `logging` settings.
 *
 * @module
 */

import { ApiPromise, type ApiResponse } from "../http/api_promise.ts";
import type { Endpoint } from "../base/endpoint.ts";
import { ConfigurationError } from "../base/errors.ts";
import type { GatewayConfig } from "../base/regions.ts";
import { type ClientOptions, PlatformClient } from "../client/platform_client.ts";
import { Configuration, type Settings } from "../config/configuration.ts";
import type { LogFormat, LoggingSettings, LogLevel } from "../logging/types.ts";

/**
 * The official SDK's `config.logger`: its fields read and change the `logging` settings at
 * once (`log_level` is `logging.logLevel`, ...), so `setLogger()` has nothing left to do.
 *
 * @example
 * ```ts
 * import { ApiClient } from "./mod.ts";
 * const logger = ApiClient.instance.config.logger;
 * logger.log_format = logger.logFormatEnum.formats.JSON;
 * logger.setLogger();
 * console.log(ApiClient.instance.config.values.logging.logFormat); // json
 * ```
 */
export interface OfficialLogger {
  /** `logging.logLevel`: `"none"` (default), `"error"`, `"debug"` or `"trace"`. */
  log_level: LogLevel;
  /** `logging.logFormat`: `"text"` (default) or `"json"`. */
  log_format: LogFormat;
  /** `logging.logToConsole`. */
  log_to_console: boolean;
  /** `logging.logFilePath` (Deno, Bun). */
  log_file_path: string | undefined;
  /** `logging.logRequestBody`. */
  log_request_body: boolean;
  /** `logging.logResponseBody`. */
  log_response_body: boolean;
  /** The official levels, as in `logLevelEnum.level.LTrace`. */
  readonly logLevelEnum: {
    /** `LNone`, `LError`, `LDebug`, `LTrace`. */
    readonly level: {
      readonly LNone: "none";
      readonly LError: "error";
      readonly LDebug: "debug";
      readonly LTrace: "trace";
    };
  };
  /** The official formats, as in `logFormatEnum.formats.JSON`. */
  readonly logFormatEnum: {
    /** `JSON`, `TEXT`. */
    readonly formats: { readonly JSON: "json"; readonly TEXT: "text" };
  };
  /** Does nothing: the fields apply when they are assigned. */
  setLogger(): void;
}

/**
 * The official SDK's gateway fields: `path_params_login` and `path_params_api` are read as
 * `pathParamsLogin` and `pathParamsApi`.
 */
export interface OfficialGateway extends GatewayConfig {
  /** The official name of `pathParamsLogin`. */
  path_params_login?: string;
  /** The official name of `pathParamsApi`. */
  path_params_api?: string;
}

/** A client's `config` with the official SDK's field names (see the module's documentation). */
export interface OfficialConfiguration extends Configuration {
  /** `refreshAccessToken`. */
  refresh_access_token: boolean;
  /** `refreshTokenWaitMax`, in seconds (the official unit). */
  refresh_token_wait_max: number;
  /** `liveReloadConfig`. */
  live_reload_config: boolean;
  /** The `environment` setting. */
  environment: string;
  /** The config file's `[general] host`: the `environment` setting. */
  host: string;
  /** The API base URL in force; assigning it sets the `basePath` setting. */
  basePath: string;
  /** The login base URL in force; assigning it sets `loginBasePath`. */
  authUrl: string;
  /** The `gateway` setting. */
  gateway: OfficialGateway | undefined;
  /** `configFilePath`. */
  configPath: string | undefined;
  /** Request logging, under the official names. */
  readonly logger: OfficialLogger;
  /** Sets `configFilePath` (`""` clears it). */
  setConfigPath(path: string | undefined): void;
  /** Sets the environment (a domain or a region name). */
  setEnvironment(environment: string): void;
  /** Sets or removes the gateway (official field names taken). */
  setGateway(gateway: OfficialGateway | undefined): void;
}

/** What a call resolves to after `setReturnExtendedResponses(true)`, as in the official SDK. */
export interface ExtendedResponse<T = unknown> {
  /** HTTP status. */
  status: number;
  /** Not kept by this package: always `undefined`. */
  statusText: undefined;
  /** Response headers: a `Headers` that also answers `headers["inin-correlation-id"]`. */
  headers: Headers & { readonly [name: string]: string | undefined };
  /** The parsed body. */
  body: T;
  /** Always `undefined`, as in the official SDK (whose HTTP client has no `text`). */
  text: undefined;
  /** Always `null` (a failure rejects with an `ApiError`). */
  error: null;
}

/** The official SDK's `authentications` object of a client. */
export interface OfficialAuthentications {
  /** The OAuth credential: `accessToken` reads and sets the client's access token. */
  readonly "PureCloud OAuth": { readonly type: "oauth2"; accessToken: string | undefined };
}

/**
 * A `PlatformClient` with the official SDK's leftover calls and fields (see the module's
 * documentation): the type of `ApiClient.instance`.
 *
 * @example
 * ```ts
 * import { ApiClient } from "./mod.ts";
 * const client = ApiClient.instance;
 * client.authentications["PureCloud OAuth"].accessToken = "token";
 * console.log(client.authData?.accessToken); // token
 * ```
 */
export interface OfficialApiClient extends PlatformClient {
  /** Its `config`, with the official field names. */
  readonly config: OfficialConfiguration;
  /** The shared client, as the official `ApiClient.instance.instance`. */
  readonly instance: OfficialApiClient;
  /** The official credentials object: `["PureCloud OAuth"].accessToken`. */
  readonly authentications: OfficialAuthentications;
  /**
   * `true`: calls resolve to an {@linkcode ExtendedResponse} (`{ status, headers, body,
   * error: null }`) instead of the body; `false` (default): to the body.
   */
  setReturnExtendedResponses(returnExtended: boolean): void;
  /**
   * Throws a `ConfigurationError` naming the replacement (`logging` settings with a `sink`)
   * unless `debugLog` is empty.
   */
  setDebugLog(debugLog?: unknown, maxLines?: number): void;
  /**
   * Throws a `ConfigurationError` naming the replacement (`setProxy`) unless `agent` is
   * empty, which removes the proxy.
   */
  setProxyAgent(agent?: unknown): void;
  /** Sets or removes the gateway; the official field names are taken. */
  setGateway(gateway: OfficialGateway | undefined): void;
}

/**
 * The constructor of {@linkcode OfficialApiClient}: `PlatformClient` itself (this module
 * gives it the official names).
 */
export interface OfficialApiClientConstructor {
  /** A new client (the official SDK has one per program: use `instance`). */
  new (options?: ClientOptions): OfficialApiClient;
  /** The shared client. */
  readonly instance: OfficialApiClient;
}

/** The clients whose calls resolve to an {@linkcode ExtendedResponse}. */
const extended = new WeakSet<object>();
/** Each client's `authentications` object (the same one every time it is read). */
const authentications = new WeakMap<object, OfficialAuthentications>();
/** Each configuration's `logger` object. */
const loggers = new WeakMap<object, OfficialLogger>();

/** A `ConfigurationError` saying that `call` has no equivalent here, and what replaced it. */
function replaced(call: string, use: string): ConfigurationError {
  return new ConfigurationError(`${call} has no equivalent in this package: use ${use}`);
}

/** A copy of `headers` that also answers bracket access (own lower-case properties). */
function bracketHeaders(headers: Headers): ExtendedResponse["headers"] {
  const copy = new Headers(headers) as Headers & Record<string, string>;
  for (const [name, value] of copy) if (!(name in copy)) copy[name] = value;
  return copy;
}

/** `gateway` with the official field names read as this package's. */
function gatewayOf(gateway: OfficialGateway | undefined): GatewayConfig | undefined {
  if (!gateway || typeof gateway !== "object") return gateway;
  const { path_params_login, path_params_api, ...rest } = gateway;
  const out: GatewayConfig = { ...rest };
  if (path_params_login !== undefined) out.pathParamsLogin ??= path_params_login;
  if (path_params_api !== undefined) out.pathParamsApi ??= path_params_api;
  // The official SDK's "no port" is -1.
  if (out.port !== undefined && out.port < 0) delete out.port;
  return out;
}

/** `log_level` as `logLevel`. */
const camelCase = (name: string) => name.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());

/** A property that is read and assigned through these functions (never silently dropped). */
function accessor(get: () => unknown, set: (value: unknown) => void): PropertyDescriptor {
  return { get, set, configurable: true };
}

/**
 * The official config fields: `name` or `name=setting` (else the setting is `name` in
 * camelCase). `refresh_token_wait_max` is in seconds; `basePath` and `authUrl` read the
 * base URLs in force.
 */
const CONFIG_FIELDS = "refresh_access_token refresh_token_wait_max live_reload_config " +
  "environment host=environment basePath authUrl=loginBasePath gateway configPath=configFilePath";

/** The official `config.logger` fields: each is the `logging` field of its camelCase name. */
const LOGGER_FIELDS =
  "log_level log_format log_to_console log_file_path log_request_body log_response_body";

/** The `config.logger` of `config`: its fields are accessors of the `logging` settings. */
function officialLogger(config: Configuration): OfficialLogger {
  const logger = {
    logLevelEnum: { level: { LNone: "none", LError: "error", LDebug: "debug", LTrace: "trace" } },
    logFormatEnum: { formats: { JSON: "json", TEXT: "text" } },
    setLogger() {},
  };
  for (const name of LOGGER_FIELDS.split(" ")) {
    const key = camelCase(name) as keyof LoggingSettings;
    Object.defineProperty(logger, name, {
      ...accessor(
        () => config.values.logging[key],
        (value) => config.set({ logging: { [key]: value } }),
      ),
      enumerable: true,
    });
  }
  return Object.preventExtensions(logger) as unknown as OfficialLogger;
}

/** The `authentications` of `client`: `["PureCloud OAuth"].accessToken` is its token. */
function officialAuthentications(client: PlatformClient): OfficialAuthentications {
  const oauth = { type: "oauth2" };
  Object.defineProperty(oauth, "accessToken", {
    ...accessor(
      () => client.authData?.accessToken,
      (token) => client.setAccessToken((token ?? undefined) as string | undefined),
    ),
    enumerable: true,
  });
  return Object.freeze({
    "PureCloud OAuth": Object.preventExtensions(
      oauth,
    ) as OfficialAuthentications["PureCloud OAuth"],
  });
}

/** Adds the official config fields, `logger` and methods to every `Configuration`. */
function installConfiguration(): void {
  const fields: PropertyDescriptorMap = {};
  for (const field of CONFIG_FIELDS.split(" ")) {
    const [name, setting] = field.split("=");
    const key = (setting ?? camelCase(name)) as keyof Settings;
    const seconds = name === "refresh_token_wait_max";
    fields[name] = accessor(
      function (this: Configuration) {
        if (name === "basePath") return this.urls.api;
        if (name === "authUrl") return this.urls.login;
        const value = this.values[key];
        return seconds ? (value as number) / 1000 : value;
      },
      function (this: Configuration, value: unknown) {
        const applied = seconds && typeof value === "number"
          ? value * 1000
          : name === "gateway"
          ? gatewayOf(value as OfficialGateway)
          : value === ""
          ? undefined
          : value;
        this.set({ [key]: applied });
      },
    );
  }
  fields.logger = {
    get(this: Configuration): OfficialLogger {
      let logger = loggers.get(this);
      if (!logger) loggers.set(this, logger = officialLogger(this));
      return logger;
    },
    configurable: true,
  };
  const methods: Partial<OfficialConfiguration> = {
    setConfigPath(this: Configuration, path: string | undefined) {
      this.set({ configFilePath: path || undefined });
    },
    setEnvironment(this: Configuration, environment: string) {
      this.set({ environment });
    },
    setGateway(this: Configuration, gateway: OfficialGateway | undefined) {
      this.set({ gateway: gatewayOf(gateway) });
    },
  };
  for (const [name, value] of Object.entries(methods)) {
    fields[name] = { value, writable: true, configurable: true };
  }
  Object.defineProperties(Configuration.prototype, fields);
}

/** Adds the official leftover calls and fields to every `PlatformClient`. */
function installClient(): void {
  const proto = PlatformClient.prototype;
  const call = proto.call;
  const methods: Partial<OfficialApiClient> = {
    setReturnExtendedResponses(this: PlatformClient, returnExtended: boolean) {
      if (returnExtended) extended.add(this);
      else extended.delete(this);
    },
    setDebugLog(this: PlatformClient, debugLog?: unknown) {
      if (debugLog) {
        throw replaced(
          "setDebugLog",
          'config.set({ logging: { logLevel: "trace", logToConsole: false, sink: (record, line) => ... } })',
        );
      }
    },
    setProxyAgent(this: PlatformClient, agent?: unknown) {
      if (agent) {
        throw replaced(
          "setProxyAgent (a Node agent cannot carry a proxy for fetch)",
          "setProxy({ host, port, protocol, auth: { username, password } })",
        );
      }
      this.config.set({ proxy: undefined });
    },
    setGateway(this: PlatformClient, gateway: OfficialGateway | undefined) {
      this.config.set({ gateway: gatewayOf(gateway) });
    },
  };
  /** Every call goes through here: after `setReturnExtendedResponses(true)`, extended. */
  function officialCall(
    this: PlatformClient,
    endpoint: Endpoint,
    args: readonly unknown[],
    opts?: object,
  ): ApiPromise<unknown> {
    const result = call.call(this, endpoint, args, opts);
    if (!extended.has(this)) return result;
    return new ApiPromise(
      result.withResponse().then((response): ApiResponse<unknown> => {
        const data: ExtendedResponse = {
          status: response.status,
          statusText: undefined,
          headers: bracketHeaders(response.headers),
          body: response.data,
          text: undefined,
          error: null,
        };
        return { ...response, data };
      }),
    );
  }
  const fields: PropertyDescriptorMap = {
    instance: { get: () => PlatformClient.instance, configurable: true },
    authentications: {
      get(this: PlatformClient): OfficialAuthentications {
        let found = authentications.get(this);
        if (!found) authentications.set(this, found = officialAuthentications(this));
        return found;
      },
      configurable: true,
    },
  };
  for (const [name, value] of Object.entries({ ...methods, call: officialCall })) {
    fields[name] = { value, writable: true, configurable: true };
  }
  Object.defineProperties(proto, fields);
}

installConfiguration();
installClient();
