/**
 * Config files for `PlatformClient` (`configFilePath`, the default
 * `~/.genesyscloudts/config`, live reload; Deno and Bun): importing this
 * entry point registers {@linkcode configFilePlugin} for every client made
 * afterwards.
 *
 * @example
 * ```ts
 * import { PlatformClient } from "../../mod.ts";
 * import { configFilePlugin } from "./config_file.ts";
 * const client = new PlatformClient({ plugins: [configFilePlugin], liveReloadConfig: false });
 * await client.ready;
 * await client.close();
 * ```
 *
 * @module
 */

import type { ConfigFilePlugin } from "../config/plugin.ts";
import { fileAccess } from "../base/file_system.ts";
import { registerPlugin } from "../client/plugins.ts";

export { ConfigFileError, parseConfigFile } from "../config/config_file.ts";

/**
 * The config-file plugin.
 *
 * @example
 * ```ts
 * import { configFilePlugin } from "./config_file.ts";
 * console.log(configFilePlugin.available); // true in Deno and Bun
 * ```
 */
export const configFilePlugin: ConfigFilePlugin = {
  name: "configFile",
  entryPoint: "@cxkit/genesys-cloud/config-file",
  get available() {
    return fileAccess() !== undefined;
  },
  async open(config, report) {
    const files = fileAccess();
    const { ConfigFileSource } = await import("../config/file_source.ts");
    return new ConfigFileSource(config, { files, report });
  },
};

registerPlugin(configFilePlugin);
