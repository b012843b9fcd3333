/**
 * Optional parts of `PlatformClient`: request logging, config files, proxy and
 * mTLS, browser login flows. The core knows each one only by the interface
 * below; the code behind it is installed by importing its entry point:
 *
 * | feature | entry point |
 * | --- | --- |
 * | `logging` | `@cxkit/genesys-cloud/logging` |
 * | `configFile` | `@cxkit/genesys-cloud/config-file` |
 * | `net` (proxy, mTLS) | `@cxkit/genesys-cloud/net` |
 * | `browserLogin` | `@cxkit/genesys-cloud/browser-login` |
 *
 * The package root (`@cxkit/genesys-cloud`) installs all four. A program that
 * imports one API from its own entry point (`@cxkit/genesys-cloud/users`) gets
 * the core only, and a bundler leaves out what the program never imports. Using
 * a setting or method whose feature is missing throws a
 * {@linkcode MissingFeatureError} that names the import to add, before anything
 * is changed or sent.
 *
 * @module
 */

import type { Configuration } from "../config/configuration.ts";
import type { ResolvedLoggingSettings } from "../logging/types.ts";
import type { MtlsConfig } from "../net/mtls.ts";
import type { ProxyConfig } from "../net/proxy.ts";
import type { NetOptions, NetTransport } from "../net/options.ts";
import type { AuthData } from "../auth/auth_data.ts";
import type { AuthPopupState } from "../auth/popup_state.ts";
import type { TokenOwner } from "../auth/persisted_store.ts";
import type { TokenStore } from "../auth/token_store.ts";
import type { LoginImplicitGrantOptions, LoginPKCEGrantOptions } from "../auth/login_options.ts";
import type { PlatformClient } from "./platform_client.ts";
import { ConfigurationError } from "../base/errors.ts";

/** One HTTP exchange being logged, as {@linkcode ClientLogger.begin} returns it. */
export interface ClientLogEntry {
  /** Records the answer; returns the response to use (its body stays readable). */
  answered(response: Response): Promise<Response>;
  /** Records a failure without an answer. */
  failed(error: unknown): void;
}

/** What the client needs of a logger. */
export interface ClientLogger {
  /** Applies changed logging settings. */
  configure(settings: Readonly<ResolvedLoggingSettings>): void;
  /** Starts logging an exchange; `undefined` when the level logs nothing. */
  begin(request: Request): Promise<ClientLogEntry | undefined>;
  /** Logs a message of the client's own (a rejected config file). */
  message(text: string): void;
  /** Waits for queued writes. */
  flush(): Promise<void>;
}

/** What the client needs of a config-file source. */
export interface ClientConfigFile {
  /** Settles after the first load; rejects while the file is unusable. */
  readonly ready: Promise<void>;
  /** True when the file is loaded and nothing is due to be checked. */
  readonly current: boolean;
  /** Checks the file for changes when a check is due. */
  checkOnUse(): Promise<void>;
  /** The error that makes the file unusable, if any. */
  readonly error: ConfigurationError | undefined;
  /** Stops watching. */
  close(): Promise<void>;
}

/** Request logging (`logging` settings). */
export interface LoggingFeature {
  /** Checks logging settings; throws a `ConfigurationError` naming the bad field. */
  validate(settings: Readonly<ResolvedLoggingSettings>): void;
  /** Makes the logger of a client; `secrets` lists values never to be written. */
  create(
    settings: Readonly<ResolvedLoggingSettings>,
    secrets: () => readonly (string | undefined)[],
  ): Promise<ClientLogger>;
}

/** Config files (`configFilePath`, the default file, live reload). */
export interface ConfigFileFeature {
  /** Whether this runtime can read files (Deno, Bun). */
  readonly available: boolean;
  /** Opens the config file source of a client's configuration. */
  open(config: Configuration, report: (message: string) => void): Promise<ClientConfigFile>;
}

/** Proxy and mutual TLS (`proxy`, `mtls` settings). */
export interface NetFeature {
  /** Checks a proxy setting; throws a `ConfigurationError`. */
  validateProxy(proxy: ProxyConfig): void;
  /** Checks an mTLS setting; throws a `ConfigurationError` that never quotes the material. */
  validateMtls(mtls: MtlsConfig): void;
  /** Makes a transport for the settings; throws `UnsupportedRuntimeError` where the runtime cannot. */
  createTransport(options: NetOptions): NetTransport;
  /** Reads a PEM file synchronously; `what` names it in errors. */
  readTextFileSync(path: string, what: string): string;
}

/** Browser login flows (implicit and PKCE grants, redirect or popup; logout). */
export interface BrowserLoginFeature {
  /** See `PlatformClient.loginImplicitGrant`. */
  loginImplicitGrant(
    client: PlatformClient,
    clientId: string,
    redirectUri: string,
    opts?: LoginImplicitGrantOptions,
  ): Promise<AuthData>;
  /** See `PlatformClient.loginPKCEGrant`. */
  loginPKCEGrant(
    client: PlatformClient,
    clientId: string,
    redirectUri: string,
    opts?: LoginPKCEGrantOptions,
    codeVerifier?: string,
  ): Promise<AuthData>;
  /** See `PlatformClient.logout`. */
  logout(client: PlatformClient, logoutRedirectUri?: string): Promise<void>;
  /** A client's popup login state (configuration, status listeners, the popup in progress). */
  createPopupState(): AuthPopupState;
  /** The `setPersistSettings` token store on `storage`, its entries marked with `owner()`. */
  createPersistedStore(storage: Storage, owner: () => TokenOwner): TokenStore;
}

/** Every optional feature, by name. */
export interface ClientFeatures {
  /** Request logging. */
  logging: LoggingFeature;
  /** Config files. */
  configFile: ConfigFileFeature;
  /** Proxy and mTLS. */
  net: NetFeature;
  /** Browser login flows. */
  browserLogin: BrowserLoginFeature;
}

/** The entry point that installs each feature. */
export const FEATURE_ENTRY_POINTS: Readonly<Record<keyof ClientFeatures, string>> = {
  logging: "@cxkit/genesys-cloud/logging",
  configFile: "@cxkit/genesys-cloud/config-file",
  net: "@cxkit/genesys-cloud/net",
  browserLogin: "@cxkit/genesys-cloud/browser-login",
};

/**
 * A setting or method was used whose feature is not installed: the program
 * imports the client from a per-API entry point and not the feature's entry
 * point. `feature` names the feature, `entryPoint` the import that installs it.
 *
 * @example
 * ```ts
 * import { PlatformClient } from "./platform_client.ts";
 * import { MissingFeatureError } from "./plugins.ts";
 * try {
 *   new PlatformClient({ logging: { logLevel: "debug" } });
 * } catch (e) {
 *   // Without `import "@cxkit/genesys-cloud/logging"` somewhere in the program:
 *   if (e instanceof MissingFeatureError) console.log(e.entryPoint);
 * }
 * ```
 */
export class MissingFeatureError extends ConfigurationError {
  /** Always `"MissingFeatureError"`, also in minified bundles. */
  override name = "MissingFeatureError";
  /** The missing feature. */
  readonly feature: keyof ClientFeatures;
  /** The import that installs it. */
  readonly entryPoint: string;

  /** Creates the error; `use` says what needed the feature (`logging.logLevel "debug"`). */
  constructor(feature: keyof ClientFeatures, use: string) {
    const entryPoint = FEATURE_ENTRY_POINTS[feature];
    super(
      `${use} needs the ${feature} feature, which this program has not loaded: add ` +
        `\`import "${entryPoint}";\` (importing from "@cxkit/genesys-cloud" loads every feature)`,
    );
    this.feature = feature;
    this.entryPoint = entryPoint;
  }
}

const installed: Partial<ClientFeatures> = {};

/**
 * Installs a feature for every client; the feature entry points call it when
 * imported. Installing a feature again replaces it.
 *
 * @example
 * ```ts
 * import { installFeature, installedFeature } from "./plugins.ts";
 * installFeature("configFile", {
 *   available: false,
 *   open: () => Promise.reject(new Error("no files here")),
 * });
 * console.log(installedFeature("configFile")?.available); // false
 * ```
 */
export function installFeature<K extends keyof ClientFeatures>(
  name: K,
  feature: ClientFeatures[K],
): void {
  installed[name] = feature;
}

/**
 * The installed feature `name`, or `undefined`.
 *
 * @example
 * ```ts
 * import { installedFeature } from "./plugins.ts";
 * console.log(typeof installedFeature("net")); // "undefined" until net is imported
 * ```
 */
export function installedFeature<K extends keyof ClientFeatures>(
  name: K,
): ClientFeatures[K] | undefined {
  return installed[name];
}

/**
 * The installed feature `name`; throws a {@linkcode MissingFeatureError} saying
 * that `use` needs it when it is not installed.
 *
 * @example
 * ```ts
 * import { requireFeature } from "./plugins.ts";
 * try {
 *   requireFeature("browserLogin", "loginImplicitGrant");
 * } catch (e) {
 *   console.log((e as Error).name); // MissingFeatureError, unless browser-login is imported
 * }
 * ```
 */
export function requireFeature<K extends keyof ClientFeatures>(
  name: K,
  use: string,
): ClientFeatures[K] {
  const feature = installed[name];
  if (feature === undefined) throw new MissingFeatureError(name, use);
  return feature;
}
