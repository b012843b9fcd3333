/**
 * The client's live configuration: one object holding every setting, readable
 * and changeable at run time.
 *
 * Precedence, per setting: a value set in code (constructor options,
 * `config.set`, the client's setters) wins over the config file, which wins
 * over the defaults. `logging` and `retry` are merged field by field (code can
 * set `logLevel` while the file sets `logFormat`); `gateway`, `proxy` and
 * `mtls` are taken whole from the highest layer that has them. A change is
 * validated whole before any of it applies.
 *
 * Durations are milliseconds here (`retryWaitMin`, `retryWaitMax`,
 * `refreshTokenWaitMax`, `timeoutMs`); the config file gives them in seconds.
 *
 * @module
 */

import { ConfigurationError, UnsupportedRuntimeError } from "../base/errors.ts";
import { NO_PLUGINS, type Plugin, type PluginSource, requirePlugin } from "../base/plugin.ts";
import type { LoggingPlugin } from "../logging/plugin.ts";
import type { NetPlugin } from "../net/plugin.ts";
import { checkedHeaders } from "../base/header_check.ts";
import { isTimeLimit, TIMEOUT_PROBLEM } from "../base/time_limit.ts";
import {
  type BaseUrls,
  type GatewayConfig,
  normalizeEnvironment,
  resolveBaseUrls,
  validateGateway,
} from "../base/regions.ts";
import {
  DEFAULT_LOGGING,
  type LoggingSettings,
  type ResolvedLoggingSettings,
} from "../logging/types.ts";
import {
  checkRetry,
  DEFAULT_RETRY,
  type ResolvedRetryConfiguration,
  type RetryConfiguration,
} from "../http/retry_policy.ts";
import { checkUnknownOptions, type UnknownOptions } from "../http/request.ts";
import type { ProxyConfig } from "../net/proxy.ts";
import type { MtlsConfig } from "../net/mtls.ts";
import { isRecord } from "../base/json.ts";

/**
 * Every setting, as plain data. All fields are optional in a change; the
 * effective value of an unset field comes from the file layer, then the defaults.
 *
 * @example
 * ```ts
 * import type { Settings } from "./configuration.ts";
 * const s: Settings = { environment: "eu_west_1", timeoutMs: 10_000 };
 * ```
 */
export interface Settings {
  /** Environment domain (`mypurecloud.ie`) or region name (`eu_west_1`). Default `mypurecloud.com`. */
  environment?: string;
  /** Explicit API base URL (e.g. a local sandbox); overrides the environment for API calls. */
  basePath?: string;
  /** Explicit login base URL; overrides the environment for `/oauth/*`. */
  loginBasePath?: string;
  /** Gateway for API and login requests; wins over base paths and environment. */
  gateway?: GatewayConfig;
  /**
   * Per-call time limit in milliseconds, covering retries. Default 16000 (as the official SDK).
   * A call gets at least this and at most 1/64 more (up to 250 ms): in Deno, Bun and browser
   * pages the calls that start within that span share one timer.
   */
  timeoutMs?: number;
  /** Headers sent with every API request. */
  defaultHeaders?: Record<string, string>;
  /** Refresh an expired token (code grant refresh token, or client credentials re-login). Default true. */
  refreshAccessToken?: boolean;
  /** How long calls wait for a refresh in flight, in milliseconds. Default 10000. */
  refreshTokenWaitMax?: number;
  /** Client-credentials tokens are re-requested this many milliseconds before expiry. Default 300000. */
  tokenRenewalMargin?: number;
  /** Request logging: level, format, destinations, bodies. Default: off. */
  logging?: LoggingSettings;
  /** Retries of 429, 5xx (not 501) and connection failures. Default: off (`retryMax` 0). */
  retry?: RetryConfiguration;
  /** HTTP(S) proxy for every request (Deno, Bun). */
  proxy?: ProxyConfig;
  /** Client certificate for mutual TLS (Deno, Bun). */
  mtls?: MtlsConfig;
  /**
   * Config file to read: INI or JSON. Default `$HOME/.genesyscloudts/config`
   * (`%USERPROFILE%` on Windows), read when present. An explicit path must exist.
   * Not available on Workers and in browsers.
   */
  configFilePath?: string;
  /** Re-read the config file when it changes (within 2 s). Default true. */
  liveReloadConfig?: boolean;
  /**
   * What a call does with an option key its operation does not take (one the API has
   * dropped, a typo): `"warn"` (default) sends it without the key and warns once per
   * operation and key (through the logger when logging is on, else `console.warn`);
   * `"error"` rejects with a `ParameterError`; `"ignore"` sends it without a word.
   */
  unknownOptions?: UnknownOptions;
}

/** Settings with defaults applied. */
export interface ResolvedSettings extends Settings {
  /** Effective environment. */
  environment: string;
  /** Effective per-call time limit, ms. */
  timeoutMs: number;
  /** Whether expired tokens are refreshed. */
  refreshAccessToken: boolean;
  /** How long calls wait for a refresh in flight, ms. */
  refreshTokenWaitMax: number;
  /** Renewal margin of client-credentials tokens, ms. */
  tokenRenewalMargin: number;
  /** Effective logging settings. */
  logging: Readonly<ResolvedLoggingSettings>;
  /** Effective retry settings. */
  retry: Readonly<ResolvedRetryConfiguration>;
  /** Whether the config file is watched. */
  liveReloadConfig: boolean;
  /** What calls do with option keys their operation does not take. */
  unknownOptions: UnknownOptions;
}

/** The defaults. */
export const DEFAULT_SETTINGS: Readonly<ResolvedSettings> = /* @__PURE__ */ Object.freeze({
  environment: "mypurecloud.com",
  timeoutMs: 16_000,
  refreshAccessToken: true,
  refreshTokenWaitMax: 10_000,
  tokenRenewalMargin: 300_000,
  logging: DEFAULT_LOGGING,
  retry: DEFAULT_RETRY,
  liveReloadConfig: true,
  unknownOptions: "warn",
});

/** Settings merged field by field across layers. */
const GROUPS = ["logging", "retry"] as const;

/** Which layer a change goes to. */
export type SettingsLayer = "code" | "file";

/**
 * Live settings with the precedence code > file > defaults.
 *
 * @example
 * ```ts
 * import { Configuration } from "./configuration.ts";
 * const config = new Configuration({ environment: "eu_west_1" });
 * console.log(config.urls.api); // https://api.mypurecloud.ie
 * config.set({ timeoutMs: 5_000 });
 * console.log(config.values.timeoutMs); // 5000
 * ```
 */
export class Configuration {
  #code: Settings = {};
  #file: Settings = {};
  #values: ResolvedSettings = { ...DEFAULT_SETTINGS };
  #urls: BaseUrls;
  #listeners = new Set<(values: ResolvedSettings) => void>();
  #checks = new Set<(values: Readonly<ResolvedSettings>) => void>();
  readonly #plugins: PluginSource;

  /**
   * Creates a configuration; `settings` are code-layer values. `plugins`
   * check the settings they serve (logging, proxy, mTLS, config files); a
   * setting whose plugin is missing is a `MissingFeatureError`.
   */
  constructor(settings: Settings = {}, plugins: PluginSource = NO_PLUGINS) {
    this.#plugins = plugins;
    this.#urls = resolveBaseUrls(this.#values);
    this.set(settings);
    // Official-SDK code sets fields on its config object (`config.refresh_access_token = false`):
    // here a new field throws a TypeError (in strict mode) instead of changing nothing; the
    // compat entry (`@cxkit/genesys-cloud/compat`) makes the official names work. Settings
    // change through `set`.
    Object.preventExtensions(this);
  }

  /** The effective settings (a frozen snapshot; replaced on every change). */
  get values(): Readonly<ResolvedSettings> {
    return this.#values;
  }

  /** The API and login base URLs for the effective settings. */
  get urls(): BaseUrls {
    return this.#urls;
  }

  /**
   * Applies a change to a layer (`code` by default). Keys set to `undefined`
   * are removed from that layer. Throws {@linkcode ConfigurationError} and
   * changes nothing when the result would be invalid.
   */
  set(change: Settings, layer: SettingsLayer = "code"): void {
    const next = merged(layer === "code" ? this.#code : this.#file, change, false);
    if (layer === "code") this.#apply(next, this.#file);
    else this.#apply(this.#code, next);
  }

  /** The values one layer holds (a copy). */
  layer(name: SettingsLayer): Settings {
    return structuredCopy(name === "code" ? this.#code : this.#file);
  }

  /** Replaces the whole file layer (used when a config file is (re)loaded). */
  replaceFileLayer(settings: Settings): void {
    this.#apply(this.#code, { ...settings });
  }

  /** Validates and checks the settings of these layers, then makes them current. */
  #apply(code: Settings, file: Settings): void {
    const values = effective(code, file);
    validateSettings(values, this.#plugins);
    const urls = resolveBaseUrls(values);
    for (const check of this.#checks) check(values);
    this.#code = code;
    this.#file = file;
    this.#values = Object.freeze(values);
    this.#urls = urls;
    for (const listener of this.#listeners) listener(this.#values);
  }

  /**
   * Runs `check` on every proposed change, after validation and before it
   * applies; a check that throws rejects the change (nothing applies). The
   * client uses it to build a proxy/mTLS transport before committing to it.
   * Returns a function that removes the check.
   */
  addCheck(check: (values: Readonly<ResolvedSettings>) => void): () => void {
    this.#checks.add(check);
    return () => this.#checks.delete(check);
  }

  /** Calls `listener` after every applied change; returns a function that unsubscribes. */
  onChange(listener: (values: Readonly<ResolvedSettings>) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

/**
 * `base` with `change` over it, field by field within `logging` and `retry`.
 * A key set to `undefined` is removed (a change to a layer), or skipped when
 * `keep` (layers over the defaults).
 */
function merged(base: object, change: object, keep: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(change)) {
    if (v === undefined) {
      if (!keep) delete out[k];
    } else if ((GROUPS as readonly string[]).includes(k) && isRecord(v)) {
      out[k] = merged((out[k] ?? {}) as object, v, keep);
    } else out[k] = v;
  }
  return out;
}

function effective(code: Settings, file: Settings): ResolvedSettings {
  const out = merged(merged(DEFAULT_SETTINGS, file, true), code, true);
  for (const k of GROUPS) Object.freeze(out[k]);
  hideSecrets(out);
  return out as unknown as ResolvedSettings;
}

/**
 * Copies `proxy`, `mtls` and `gateway` with their secrets (proxy password,
 * private key, gateway password) as non-enumerable properties: readable by the
 * client, absent from `JSON.stringify` and `Deno.inspect` of the values.
 */
function hideSecrets(values: Record<string, unknown>): void {
  for (const [name, secret] of [["proxy"], ["mtls", "key"], ["gateway", "password"]]) {
    const value = values[name];
    if (!isRecord(value)) continue;
    const copy = copyOwn(value);
    if (name === "proxy" && isRecord(copy.auth)) {
      copy.auth = concealed(copyOwn(copy.auth), "password");
    }
    values[name] = concealed(copy, secret);
  }
}

function copyOwn(value: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.getOwnPropertyNames(value)) {
    out[key] = (value as Record<string, unknown>)[key];
  }
  return out;
}

/** `value` frozen, its `secret` field (if any) not enumerable. */
function concealed(value: Record<string, unknown>, secret?: string): Record<string, unknown> {
  if (secret && secret in value) Object.defineProperty(value, secret, { enumerable: false });
  return Object.freeze(value);
}

function structuredCopy(layer: Settings): Settings {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(layer)) {
    out[k] = isRecord(v) ? copyOwn(v) : v;
  }
  hideSecrets(out);
  return out as Settings;
}

/**
 * Checks effective settings and throws a {@linkcode ConfigurationError} naming
 * the first bad field.
 *
 * @example
 * ```ts
 * import { DEFAULT_SETTINGS, validateSettings } from "./configuration.ts";
 * validateSettings({ ...DEFAULT_SETTINGS, timeoutMs: 1000 });
 * ```
 */
export function validateSettings(s: ResolvedSettings, plugins: PluginSource = NO_PLUGINS): void {
  normalizeEnvironment(s.environment);
  if (s.gateway !== undefined) validateGateway(s.gateway);
  const { timeoutMs, configFilePath: path } = s;
  if (!isTimeLimit(timeoutMs)) {
    throw new ConfigurationError(`timeoutMs ${TIMEOUT_PROBLEM}, got ${timeoutMs}`);
  }
  for (const key of ["refreshAccessToken", "liveReloadConfig"] as const) {
    if (typeof s[key] !== "boolean") throw new ConfigurationError(`${key} must be a boolean`);
  }
  checkUnknownOptions(s.unknownOptions);
  checkDurations(s, ["refreshTokenWaitMax", "tokenRenewalMargin"], "");
  if (s.defaultHeaders !== undefined) {
    checkedHeaders(
      s.defaultHeaders,
      (problem) => new ConfigurationError(`defaultHeaders: ${problem}`),
    );
  }
  validateLogging(s.logging, plugins);
  // The frozen defaults are valid: no need to run (and, the first time, compile) the checks.
  if (s.retry !== DEFAULT_RETRY) checkRetry(s.retry);
  if (s.proxy !== undefined) {
    requirePlugin<NetPlugin>(plugins, "net", "the proxy setting").validateProxy(s.proxy);
  }
  if (s.mtls !== undefined) {
    requirePlugin<NetPlugin>(plugins, "net", "the mtls setting").validateMtls(s.mtls);
  }
  if (path !== undefined) {
    if (typeof path !== "string" || path.trim() === "") {
      throw new ConfigurationError("configFilePath must be a non-empty string");
    }
    if (
      !requirePlugin<Plugin & { available: boolean }>(plugins, "configFile", "configFilePath")
        .available
    ) {
      throw new UnsupportedRuntimeError(
        "configFilePath needs Deno or Bun: this runtime cannot read files; pass settings in code",
      );
    }
  }
}

/**
 * Logging settings are checked by the logging feature; without it, only
 * `logLevel: "none"` (nothing logged) is accepted.
 */
function validateLogging(l: ResolvedLoggingSettings, plugins: PluginSource): void {
  if (!isRecord(l)) throw new ConfigurationError("logging must be an object");
  const plugin = plugins.plugin("logging") as LoggingPlugin | undefined;
  if (plugin) plugin.validate(l);
  else if (l.logLevel !== "none") {
    requirePlugin(plugins, "logging", `logging.logLevel ${JSON.stringify(l.logLevel)}`);
  }
}

/** Throws unless each of `keys` of `values` is a finite number of milliseconds, at least 0. */
function checkDurations<T>(values: T, keys: readonly (keyof T & string)[], prefix: string): void {
  for (const key of keys) {
    const ms = values[key];
    // `Number.isFinite` is false for anything that is not a number (no conversion).
    if (!Number.isFinite(ms) || (ms as number) < 0) {
      throw new ConfigurationError(
        `${prefix}${key} must be a number of milliseconds >= 0, got ${ms}`,
      );
    }
  }
}
