/**
 * The client's live configuration: one object holding every setting, readable
 * and changeable at run time. Values set in code win over values from a config
 * file, which win over the defaults. A change is validated whole before any of
 * it applies.
 *
 * @module
 */

import { ConfigurationError } from "../core/errors.ts";
import {
  type BaseUrls,
  type GatewayConfig,
  normalizeEnvironment,
  resolveBaseUrls,
  validateGateway,
} from "../core/regions.ts";

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
  /** Per-call time limit in milliseconds, covering retries. Default 16000 (as the official SDK). */
  timeoutMs?: number;
  /** Headers sent with every API request. */
  defaultHeaders?: Record<string, string>;
  /** Refresh an expired token (code grant refresh token, or client credentials re-login). Default true. */
  refreshAccessToken?: boolean;
  /** How long calls wait for a refresh in flight, in milliseconds. Default 10000. */
  refreshTokenWaitMax?: number;
  /** Client-credentials tokens are re-requested this many milliseconds before expiry. Default 300000. */
  tokenRenewalMargin?: number;
}

/** Settings with defaults applied. */
export type ResolvedSettings =
  & Required<
    Pick<
      Settings,
      | "environment"
      | "timeoutMs"
      | "refreshAccessToken"
      | "refreshTokenWaitMax"
      | "tokenRenewalMargin"
    >
  >
  & Settings;

/** The defaults. */
export const DEFAULT_SETTINGS: Readonly<ResolvedSettings> = Object.freeze({
  environment: "mypurecloud.com",
  timeoutMs: 16_000,
  refreshAccessToken: true,
  refreshTokenWaitMax: 10_000,
  tokenRenewalMargin: 300_000,
});

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

  /** Creates a configuration; `settings` are code-layer values. */
  constructor(settings: Settings = {}) {
    this.#urls = resolveBaseUrls(this.#values);
    this.set(settings);
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
    const next = mergeLayer(layer === "code" ? this.#code : this.#file, change);
    const code = layer === "code" ? next : this.#code;
    const file = layer === "file" ? next : this.#file;
    const values = effective(code, file);
    validateSettings(values);
    const urls = resolveBaseUrls(values);
    this.#code = code;
    this.#file = file;
    this.#values = Object.freeze(values);
    this.#urls = urls;
    for (const listener of this.#listeners) listener(this.#values);
  }

  /** Replaces the whole file layer (used when a config file is (re)loaded). */
  replaceFileLayer(settings: Settings): void {
    const values = effective(this.#code, settings);
    validateSettings(values);
    const urls = resolveBaseUrls(values);
    this.#file = { ...settings };
    this.#values = Object.freeze(values);
    this.#urls = urls;
    for (const listener of this.#listeners) listener(this.#values);
  }

  /** Calls `listener` after every applied change; returns a function that unsubscribes. */
  onChange(listener: (values: Readonly<ResolvedSettings>) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

function mergeLayer(layer: Settings, change: Settings): Settings {
  const out: Record<string, unknown> = { ...layer };
  for (const [k, v] of Object.entries(change)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out as Settings;
}

function effective(code: Settings, file: Settings): ResolvedSettings {
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const layer of [file, code]) {
    for (const [k, v] of Object.entries(layer)) if (v !== undefined) out[k] = v;
  }
  return out as unknown as ResolvedSettings;
}

/**
 * Checks effective settings and throws a {@linkcode ConfigurationError} naming
 * the first bad field.
 *
 * @example
 * ```ts
 * import { validateSettings } from "./configuration.ts";
 * validateSettings({ environment: "mypurecloud.com", timeoutMs: 1000 });
 * ```
 */
export function validateSettings(s: ResolvedSettings): void {
  normalizeEnvironment(s.environment);
  if (s.gateway !== undefined) validateGateway(s.gateway);
  if (!Number.isFinite(s.timeoutMs) || s.timeoutMs <= 0) {
    throw new ConfigurationError(`timeoutMs must be a positive number, got ${s.timeoutMs}`);
  }
  if (typeof s.refreshAccessToken !== "boolean") {
    throw new ConfigurationError("refreshAccessToken must be a boolean");
  }
  for (const key of ["refreshTokenWaitMax", "tokenRenewalMargin"] as const) {
    if (!Number.isFinite(s[key]) || s[key] < 0) {
      throw new ConfigurationError(`${key} must be a number of milliseconds >= 0, got ${s[key]}`);
    }
  }
  if (s.defaultHeaders !== undefined) {
    for (const [k, v] of Object.entries(s.defaultHeaders)) {
      if (typeof v !== "string") {
        throw new ConfigurationError(`defaultHeaders["${k}"] must be a string`);
      }
    }
  }
}
