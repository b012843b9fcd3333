/**
 * The config-file plugin's interface.
 *
 * @module
 */

import type { ConfigurationError } from "../base/errors.ts";
import type { Plugin } from "../base/plugin.ts";
import type { Configuration } from "./configuration.ts";

/**
 * How much a config-file message matters: `warn` (an empty file kept out) or
 * `error` (a file rejected, a check failed, the API or login host changed).
 */
export type ConfigReportLevel = "warn" | "error";

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

/**
 * Config files (`configFilePath`, the default file, live reload), registered
 * by `@cxkit/genesys-cloud/config-file`.
 *
 * @example
 * ```ts
 * import type { ConfigFilePlugin } from "./plugin.ts";
 * const none: ConfigFilePlugin = {
 *   name: "configFile",
 *   entryPoint: "@cxkit/genesys-cloud/config-file",
 *   available: false,
 *   open: () => Promise.reject(new Error("no files here")),
 * };
 * console.log(none.available); // false
 * ```
 */
export interface ConfigFilePlugin extends Plugin {
  /** Always `"configFile"`. */
  readonly name: "configFile";
  /** Whether this runtime can read files (Deno, Bun). */
  readonly available: boolean;
  /**
   * Opens the config file source of a client's configuration. `report`
   * receives its messages with their level (`error` when omitted).
   */
  open(
    config: Configuration,
    report: (message: string, level?: ConfigReportLevel) => void,
  ): Promise<ClientConfigFile>;
}
