/**
 * The logging plugin's interface: what a client needs of a logger.
 *
 * @module
 */

import type { Plugin } from "../base/plugin.ts";
import type { ResolvedLoggingSettings } from "./types.ts";

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

/**
 * Request logging (`logging` settings), registered by `@cxkit/genesys-cloud/logging`.
 *
 * @example
 * ```ts
 * import type { LoggingPlugin } from "./plugin.ts";
 * const quiet: LoggingPlugin = {
 *   name: "logging",
 *   entryPoint: "@cxkit/genesys-cloud/logging",
 *   validate: () => {},
 *   create: () => Promise.reject(new Error("not in this example")),
 * };
 * ```
 */
export interface LoggingPlugin extends Plugin {
  /** Always `"logging"`. */
  readonly name: "logging";
  /** Checks logging settings; throws a `ConfigurationError` naming the bad field. */
  validate(settings: Readonly<ResolvedLoggingSettings>): void;
  /** Makes the logger of a client; `secrets` lists values never to be written. */
  create(
    settings: Readonly<ResolvedLoggingSettings>,
    secrets: () => readonly (string | undefined)[],
  ): Promise<ClientLogger>;
}
