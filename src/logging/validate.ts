/**
 * Checking logging settings.
 *
 * @module
 */

import { ConfigurationError, UnsupportedRuntimeError } from "../base/errors.ts";
import { fileAccess } from "../base/file_system.ts";
import { LOG_FORMATS, LOG_LEVELS, type ResolvedLoggingSettings } from "./types.ts";

/**
 * Throws a {@linkcode ConfigurationError} naming the first bad field of
 * effective logging settings, or an {@linkcode UnsupportedRuntimeError} for a
 * log file where the runtime cannot write files.
 *
 * @example
 * ```ts
 * import { validateLogging } from "./validate.ts";
 * import { DEFAULT_LOGGING } from "./types.ts";
 * validateLogging({ ...DEFAULT_LOGGING, logLevel: "debug" });
 * try {
 *   validateLogging({ ...DEFAULT_LOGGING, logFormat: "xml" as "json" });
 * } catch (e) {
 *   console.log((e as Error).message); // logging.logFormat must be one of text, json, got "xml"
 * }
 * ```
 */
export function validateLogging(l: Readonly<ResolvedLoggingSettings>): void {
  if (typeof l !== "object" || l === null || Array.isArray(l)) {
    throw new ConfigurationError("logging must be an object");
  }
  if (!LOG_LEVELS.includes(l.logLevel)) {
    throw new ConfigurationError(
      `logging.logLevel must be one of ${LOG_LEVELS.join(", ")}, got ${JSON.stringify(l.logLevel)}`,
    );
  }
  if (!LOG_FORMATS.includes(l.logFormat)) {
    throw new ConfigurationError(
      `logging.logFormat must be one of ${LOG_FORMATS.join(", ")}, got ${
        JSON.stringify(l.logFormat)
      }`,
    );
  }
  for (const key of ["logToConsole", "logRequestBody", "logResponseBody"] as const) {
    if (typeof l[key] !== "boolean") {
      throw new ConfigurationError(`logging.${key} must be a boolean`);
    }
  }
  if (l.logFilePath !== undefined) {
    if (typeof l.logFilePath !== "string" || l.logFilePath.trim() === "") {
      throw new ConfigurationError("logging.logFilePath must be a non-empty string");
    }
    if (!fileAccess()?.append) {
      throw new UnsupportedRuntimeError(
        "logging.logFilePath needs Deno or Bun: this runtime cannot write files; use a sink",
      );
    }
  }
  if (l.sink !== undefined && typeof l.sink !== "function") {
    throw new ConfigurationError("logging.sink must be a function (record, line) => void");
  }
}
