/**
 * The request logger: decides per exchange whether and at which level to
 * log, captures and redacts what the level allows, and hands the record to
 * the console, a file and/or a sink. It never throws into a request.
 *
 * @module
 */

import { FileAppender } from "./file_appender.ts";
import type { AppendFn } from "./file_appender.ts";
import { formatRecord } from "./format.ts";
import {
  credentialOf,
  isSecretFormField,
  redactBody,
  REDACTED,
  redactHeaders,
  redactUrl,
  scrubDeep,
  scrubSecrets,
} from "./redact.ts";
import { runIgnoringFailure } from "../base/callback.ts";
import type {
  HttpLogRecord,
  LogRecord,
  MessageLogRecord,
  ResolvedLoggingSettings,
} from "./types.ts";
import { DEFAULT_LOGGING } from "./types.ts";

/** Where and how the logger writes; every field has a default. */
export interface LoggerOptions {
  /** Appends to files; without it `logFilePath` is ignored. */
  append?: AppendFn;
  /** Extra secret values to scrub from every line (proxy and gateway passwords). */
  secrets?: () => readonly (string | undefined)[];
  /** Console to write to; default the global `console`. */
  console?: Pick<Console, "log" | "error">;
  /** Clock for record dates; default `() => new Date()`. */
  now?: () => Date;
}

/**
 * One exchange being logged: created before the request is sent, completed
 * with the answer or the failure.
 */
export interface LogEntry {
  /** Records the answer; returns the response to use (its body stays readable). */
  answered(response: Response): Promise<Response>;
  /** Records a failure without an answer. */
  failed(error: unknown): void;
}

const RANK = { trace: 3, debug: 2, error: 1, none: 0 } as const;

/**
 * Logs HTTP exchanges and client messages according to {@linkcode ResolvedLoggingSettings}.
 *
 * @example
 * ```ts
 * import { Logger } from "./logger.ts";
 * const records: unknown[] = [];
 * const logger = new Logger({
 *   logLevel: "debug", logFormat: "json", logToConsole: false,
 *   logRequestBody: false, logResponseBody: false, sink: (r) => records.push(r),
 * });
 * const entry = logger.begin(new Request("https://api.mypurecloud.com/api/v2/users/me"));
 * await (await entry)?.answered(new Response("{}", { status: 200 }));
 * console.log(records.length); // 1
 * ```
 */
export class Logger {
  #settings: ResolvedLoggingSettings = { ...DEFAULT_LOGGING };
  #file: FileAppender | undefined;
  readonly #retired = new Set<FileAppender>();
  readonly #options: LoggerOptions;

  /** Creates a logger with `settings`. */
  constructor(settings: ResolvedLoggingSettings = DEFAULT_LOGGING, options: LoggerOptions = {}) {
    this.#options = options;
    this.configure(settings);
  }

  /** The settings in force. */
  get settings(): Readonly<ResolvedLoggingSettings> {
    return this.#settings;
  }

  /** Applies new settings; a changed file path takes effect for the next record. */
  configure(settings: ResolvedLoggingSettings): void {
    this.#settings = { ...settings };
    const path = settings.logFilePath || undefined;
    if (this.#file?.path !== path) {
      if (this.#file) this.#retired.add(this.#file);
      this.#file = path && this.#options.append
        ? new FileAppender(path, this.#options.append)
        : undefined;
    }
  }

  /**
   * Starts logging one exchange; `undefined` when the level is `none`. The
   * request body is read from a clone when `logRequestBody` is on.
   */
  async begin(request: Request): Promise<LogEntry | undefined> {
    try {
      const settings = this.#settings;
      if (settings.logLevel === "none") return undefined;
      let requestText = "";
      // A form (a token request) is read even when its body is not logged: the values of its
      // secret fields (a code, a refresh token, a verifier) are scrubbed from the answer too,
      // which may echo them.
      const form = /^application\/x-www-form-urlencoded/i.test(
        request.headers.get("content-type") ?? "",
      );
      if ((settings.logRequestBody || form) && request.body !== null && !request.bodyUsed) {
        requestText = await request.clone().text().catch(() => "");
      }
      const secrets: string[] = [];
      if (form) {
        for (const [name, value] of new URLSearchParams(requestText)) {
          if (isSecretFormField(name)) secrets.push(value);
        }
      }
      return new Entry(this, settings, request, requestText, secrets);
    } catch {
      return undefined;
    }
  }

  /**
   * Logs a message about the client itself (such as a rejected config file),
   * whatever the level: messages are not request logs.
   */
  message(text: string): void {
    const record: MessageLogRecord = {
      date: this.#now().toISOString(),
      level: "error",
      message: text,
    };
    this.emit(record, []);
  }

  /** Waits until every queued file write is done. */
  async flush(): Promise<void> {
    const appenders = [...this.#retired, ...(this.#file ? [this.#file] : [])];
    await Promise.all(appenders.map((a) => a.flush()));
    this.#retired.clear();
  }

  /** @internal Writes a finished record to every destination. */
  emit(record: LogRecord, secrets: readonly string[]): void {
    try {
      const settings = this.#settings;
      const known = [
        ...secrets,
        ...(this.#options.secrets?.() ?? []).filter((s): s is string => typeof s === "string"),
      ];
      const line = scrubSecrets(formatRecord(record, settings.logFormat), known);
      const clean = known.length > 0 ? scrubDeep(record, known) : record;
      if (settings.logToConsole) {
        const out = this.#options.console ?? console;
        if (record.level === "error") out.error(line);
        else out.log(line);
      }
      this.#file?.write(line);
      // A failing sink (thrown or rejected) must not break requests.
      const sink = settings.sink;
      if (sink) runIgnoringFailure(() => sink(clean as LogRecord, line));
    } catch {
      // logging never throws into a request
    }
  }

  /** @internal */
  wants(level: "trace" | "debug" | "error"): boolean {
    return RANK[this.#settings.logLevel] >= RANK[level];
  }

  /** @internal */
  now(): Date {
    return this.#now();
  }

  #now(): Date {
    return this.#options.now?.() ?? new Date();
  }
}

class Entry implements LogEntry {
  readonly #logger: Logger;
  readonly #settings: ResolvedLoggingSettings;
  readonly #request: Request;
  readonly #requestText: string;
  /** Values of the request's secret form fields, scrubbed from anything logged. */
  readonly #secrets: string[];

  constructor(
    logger: Logger,
    settings: ResolvedLoggingSettings,
    request: Request,
    requestText: string,
    secrets: string[],
  ) {
    this.#logger = logger;
    this.#settings = settings;
    this.#request = request;
    this.#requestText = requestText;
    this.#secrets = secrets;
  }

  async answered(response: Response): Promise<Response> {
    try {
      const level = !response.ok
        ? "error"
        : this.#logger.wants("trace")
        ? "trace"
        : this.#logger.wants("debug")
        ? "debug"
        : undefined;
      if (level === undefined) return response;
      const withResponse = level !== "debug";
      const logBody = withResponse && this.#settings.logResponseBody;
      let responseText = "";
      if (logBody && response.body !== null) {
        responseText = await response.clone().text().catch(() => "");
      }
      // A token endpoint's answer is redacted as what it is, whatever its content type says.
      const tokenAnswer = isTokenRequest(this.#request);
      const extra = tokenAnswer ? tokensIn(responseText) : [];
      this.#emit(level, {
        statusCode: response.status,
        correlationId: response.headers.get("inin-correlation-id") || undefined,
        responseHeaders: withResponse ? redactHeaders(response.headers) : undefined,
        responseBody: !logBody
          ? undefined
          : tokenAnswer
          ? redactTokenAnswer(responseText)
          : redactBody(responseText, response.headers.get("content-type"), "response"),
      }, extra);
    } catch {
      // logging never throws into a request
    }
    return response;
  }

  failed(error: unknown): void {
    try {
      this.#emit("error", { error: describe(error) });
    } catch {
      // logging never throws into a request
    }
  }

  #emit(
    level: HttpLogRecord["level"],
    answer: Partial<HttpLogRecord>,
    extra: readonly string[] = [],
  ): void {
    const request = this.#request;
    const record: HttpLogRecord = {
      date: this.#logger.now().toISOString(),
      level,
      method: request.method,
      url: redactUrl(request.url),
      statusCode: answer.statusCode,
      correlationId: answer.correlationId,
      requestHeaders: redactHeaders(request.headers),
      responseHeaders: answer.responseHeaders,
      requestBody: this.#settings.logRequestBody
        ? redactBody(this.#requestText, request.headers.get("content-type"), "request")
        : undefined,
      responseBody: answer.responseBody,
      error: answer.error,
    };
    for (const key of Object.keys(record) as (keyof HttpLogRecord)[]) {
      if (record[key] === undefined) delete record[key];
    }
    const secrets = [...this.#secrets, ...extra];
    for (const name of ["authorization", "proxy-authorization"]) {
      const credential = credentialOf(request.headers.get(name));
      if (credential) secrets.push(credential);
    }
    this.#logger.emit(record, secrets);
  }
}

/** Whether `request` goes to a token endpoint (`.../oauth/token`). */
function isTokenRequest(request: Request): boolean {
  try {
    return /\/oauth\/token$/.test(new URL(request.url).pathname);
  } catch {
    return false;
  }
}

/** The token-like values of a token endpoint's answer (JSON whatever its content type). */
function tokensIn(text: string): string[] {
  try {
    const body = JSON.parse(text);
    return Object.entries(body ?? {})
      .filter(([key, value]) =>
        /token|jwt/i.test(key) && !/type/i.test(key) && typeof value === "string"
      )
      .map(([, value]) => value as string);
  } catch {
    return [];
  }
}

/** A token endpoint's answer with its secrets redacted; one that is not JSON is withheld whole. */
function redactTokenAnswer(text: string): unknown {
  if (text === "") return undefined;
  const body = redactBody(text, "application/json", "response");
  return typeof body === "string" ? REDACTED : body;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const detail = cause instanceof Error && cause.message !== error.message
      ? `: ${cause.message}`
      : "";
    return `${error.name}: ${error.message}${detail}`;
  }
  return String(error);
}
