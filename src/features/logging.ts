/**
 * Request logging for `PlatformClient` (`logging` settings): importing this
 * entry point registers {@linkcode loggingPlugin} for every client made
 * afterwards. The logger's code is loaded the first time something is to be
 * logged.
 *
 * @example
 * ```ts
 * import { PlatformClient } from "../../mod.ts";
 * import { loggingPlugin } from "./logging.ts";
 * const client = new PlatformClient({ plugins: [loggingPlugin], logging: { logLevel: "debug" } });
 * console.log(client.config.values.logging.logLevel); // debug
 * ```
 *
 * @module
 */

import type { LoggingPlugin } from "../logging/plugin.ts";
import { fileAccess } from "../base/file_system.ts";
import { validateLogging } from "../logging/validate.ts";
import { registerPlugin } from "../client/plugins.ts";

/**
 * The logging plugin.
 *
 * @example
 * ```ts
 * import { loggingPlugin } from "./logging.ts";
 * console.log(loggingPlugin.name); // logging
 * ```
 */
export const loggingPlugin: LoggingPlugin = {
  name: "logging",
  entryPoint: "@cxkit/genesys-cloud/logging",
  validate: validateLogging,
  async create(settings, secrets) {
    const { Logger } = await import("../logging/logger.ts");
    return new Logger(settings, { append: fileAccess()?.append, secrets });
  },
};

registerPlugin(loggingPlugin);
