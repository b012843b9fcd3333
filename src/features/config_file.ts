/**
 * Installs config files in every `PlatformClient` of the program: the
 * `configFilePath` setting, the default file
 * (`$HOME/.genesyscloudts/config`, read when present) and live reload. The
 * package root installs it; import this module when the client comes from a
 * per-API entry point. The reader's own code loads when a client first needs
 * it, and only where files exist (Deno, Bun).
 *
 * @example
 * ```ts
 * import "@cxkit/genesys-cloud/config-file";
 * import { PlatformClient } from "@cxkit/genesys-cloud/users";
 * await using client = new PlatformClient({ liveReloadConfig: false });
 * await client.ready; // the default config file, when there is one, is applied
 * ```
 *
 * @module
 */

import { type ConfigFileFeature, installFeature } from "../client/plugins.ts";
import { fileAccess } from "../base/file_system.ts";

export { ConfigFileError, parseConfigFile } from "../config/config_file.ts";

/**
 * The config-file feature as installed; exported for programs that want to
 * name what they install.
 *
 * @example
 * ```ts
 * import { configFileFeature } from "@cxkit/genesys-cloud/config-file";
 * console.log(configFileFeature.available); // true in Deno and Bun
 * ```
 */
export const configFileFeature: ConfigFileFeature = {
  get available() {
    return fileAccess() !== undefined;
  },
  async open(config, report) {
    const files = fileAccess();
    const { ConfigFileSource } = await import("../config/file_source.ts");
    return new ConfigFileSource(config, { files, report });
  },
};

installFeature("configFile", configFileFeature);
