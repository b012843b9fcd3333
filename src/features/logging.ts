/**
 * Installs request logging (the `logging` settings) in every `PlatformClient`
 * of the program. The package root installs it; import this module when the
 * client comes from a per-API entry point. The logger's own code loads the
 * first time something is to be logged, so a client that never logs never
 * loads it.
 *
 * @example
 * ```ts
 * import "@cxkit/genesys-cloud/logging";
 * import { PlatformClient } from "@cxkit/genesys-cloud/users";
 * const client = new PlatformClient({ logging: { logLevel: "debug", logFormat: "json" } });
 * console.log(client.config.values.logging.logLevel); // debug
 * ```
 *
 * @module
 */

import { installFeature, type LoggingFeature } from "../client/plugins.ts";
import { fileAccess } from "../base/file_system.ts";
import { validateLogging } from "../logging/validate.ts";

/**
 * The logging feature as installed; exported for programs that want to name
 * what they install.
 *
 * @example
 * ```ts
 * import { loggingFeature } from "@cxkit/genesys-cloud/logging";
 * loggingFeature.validate({
 *   logLevel: "trace", logFormat: "text", logToConsole: true,
 *   logRequestBody: false, logResponseBody: false,
 * });
 * ```
 */
export const loggingFeature: LoggingFeature = {
  validate: validateLogging,
  async create(settings, secrets) {
    const { Logger } = await import("../logging/logger.ts");
    return new Logger(settings, { append: fileAccess()?.append, secrets });
  },
};

installFeature("logging", loggingFeature);
