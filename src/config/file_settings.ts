/**
 * What a config file can set, and where in a file a problem is, kept apart
 * from the parser (`config_file.ts`, loaded with the config-file feature).
 *
 * @module
 */

import type { GatewayConfig } from "../base/regions.ts";
import type { LoggingSettings } from "../logging/types.ts";
import type { ProxyConfig } from "../net/proxy.ts";
import type { RetryConfiguration } from "../http/retry_policy.ts";

/**
 * Settings a config file can set (a subset of the client's settings).
 *
 * @example
 * ```ts
 * import type { FileSettings } from "./file_settings.ts";
 * const s: FileSettings = { logging: { logLevel: "trace" }, retry: { retryMax: 3 } };
 * ```
 */
export interface FileSettings {
  /** `[logging]`. */
  logging?: LoggingSettings;
  /** `[retry]` (milliseconds). */
  retry?: RetryConfiguration;
  /** `[reauthentication] refresh_access_token`. */
  refreshAccessToken?: boolean;
  /** `[reauthentication] refresh_token_wait_max` (milliseconds). */
  refreshTokenWaitMax?: number;
  /** `[general] live_reload_config`. */
  liveReloadConfig?: boolean;
  /** `[general] host`. */
  environment?: string;
  /** `[proxy]`. */
  proxy?: ProxyConfig;
  /** `[gateway]`. */
  gateway?: GatewayConfig;
}

/** Where in a config file a `ConfigFileError` points. */
export interface ConfigFileLocation {
  /** The file. */
  file: string;
  /** Section name, when the problem is in one. */
  section?: string;
  /** Key name, when the problem is one key. */
  key?: string;
  /** 1-based line (INI only). */
  line?: number;
}
