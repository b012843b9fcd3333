/**
 * Logging settings and the records the logger produces.
 *
 * @module
 */

/**
 * How much is logged, as the official SDKs: `trace` (every exchange, with
 * response headers), `debug` (every exchange, without response headers),
 * `error` (failed exchanges only) or `none` (the default).
 */
export type LogLevel = "trace" | "debug" | "error" | "none";

/** Every {@linkcode LogLevel}, most verbose first. */
export const LOG_LEVELS: readonly LogLevel[] = ["trace", "debug", "error", "none"];

/** Output format: `text` (default, a short block per record) or `json` (one object per line). */
export type LogFormat = "text" | "json";

/** Every {@linkcode LogFormat}. */
export const LOG_FORMATS: readonly LogFormat[] = ["text", "json"];

/**
 * One logged HTTP exchange. Which fields are present depends on the level:
 *
 * | field | trace | debug | error |
 * | --- | --- | --- | --- |
 * | `date`, `level`, `method`, `url`, `statusCode`, `correlationId`, `requestHeaders` | yes | yes | yes |
 * | `responseHeaders` | yes | - | yes |
 * | `requestBody` (only with `logRequestBody`) | yes | yes | yes |
 * | `responseBody` (only with `logResponseBody`) | yes | - | yes |
 * | `error` (instead of `statusCode` when no answer came) | - | - | yes |
 *
 * Headers, URLs and bodies are redacted before the record is built.
 */
export interface HttpLogRecord {
  /** ISO 8601 time the answer (or failure) arrived. */
  date: string;
  /** `trace`/`debug` for 2xx answers, `error` for the rest (the calls that end in an error). */
  level: "trace" | "debug" | "error";
  /** HTTP method. */
  method: string;
  /** Request URL, credentials in the query redacted. */
  url: string;
  /** HTTP status; absent when the request got no answer. */
  statusCode?: number;
  /** `inin-correlation-id` of the answer, when present. */
  correlationId?: string;
  /** Request headers (lower-case names). */
  requestHeaders: Record<string, string>;
  /** Response headers (`trace` and `error`). */
  responseHeaders?: Record<string, string>;
  /** Request body (JSON as a value, anything else as text), with `logRequestBody`. */
  requestBody?: unknown;
  /** Response body, with `logResponseBody` (`trace` and `error`). */
  responseBody?: unknown;
  /** Why the request got no answer (network failure). */
  error?: string;
}

/** A message about the client itself, e.g. a config file that was rejected. */
export interface MessageLogRecord {
  /** ISO 8601 time. */
  date: string;
  /** Always `error`. */
  level: "error";
  /** What happened. */
  message: string;
}

/** Anything the logger emits; tell them apart with `"message" in record`. */
export type LogRecord = HttpLogRecord | MessageLogRecord;

/**
 * Receives every record (already redacted) and its formatted line. Errors it
 * throws are swallowed.
 *
 * @example
 * ```ts
 * import type { LogRecord, LogSink } from "./types.ts";
 * const seen: LogRecord[] = [];
 * const sink: LogSink = (record) => seen.push(record);
 * ```
 */
export type LogSink = (record: LogRecord, line: string) => void;

/**
 * Logging settings (the config file's `[logging]` section, in camelCase).
 *
 * @example
 * ```ts
 * import type { LoggingSettings } from "./types.ts";
 * const logging: LoggingSettings = { logLevel: "debug", logFormat: "json", logToConsole: false,
 *   sink: (record) => console.log(record.level) };
 * ```
 */
export interface LoggingSettings {
  /** Default `none`. */
  logLevel?: LogLevel;
  /** Default `text`. */
  logFormat?: LogFormat;
  /** Write records to the console (`console.log`, errors to `console.error`). Default true. */
  logToConsole?: boolean;
  /** Append records to this file (Deno, Bun). No rotation. */
  logFilePath?: string;
  /** Include request bodies (may contain personal data). Default false. */
  logRequestBody?: boolean;
  /** Include response bodies (may contain personal data). Default false. */
  logResponseBody?: boolean;
  /** Also hand every record to this function. */
  sink?: LogSink;
}

/** {@linkcode LoggingSettings} with defaults applied. */
export interface ResolvedLoggingSettings extends LoggingSettings {
  /** Effective level. */
  logLevel: LogLevel;
  /** Effective format. */
  logFormat: LogFormat;
  /** Whether the console gets records. */
  logToConsole: boolean;
  /** Whether request bodies are logged. */
  logRequestBody: boolean;
  /** Whether response bodies are logged. */
  logResponseBody: boolean;
}

/**
 * Logging defaults: level `none`, format `text`, console on, no bodies.
 *
 * @example
 * ```ts
 * import { DEFAULT_LOGGING } from "./types.ts";
 * console.log(DEFAULT_LOGGING.logLevel); // none
 * ```
 */
export const DEFAULT_LOGGING: Readonly<ResolvedLoggingSettings> = /* @__PURE__ */ Object.freeze({
  logLevel: "none",
  logFormat: "text",
  logToConsole: true,
  logRequestBody: false,
  logResponseBody: false,
});
