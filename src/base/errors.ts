/**
 * Typed errors raised by the client. Every error names the problem, the
 * operation and the URL where there is one, and never carries a credential.
 *
 * @module
 */

import { isRecord, parseJson } from "./json.ts";

import { redactSecrets } from "./redact.ts";
import { parseRetryAfter } from "./retry_after.ts";

/**
 * Base class of every error this package throws, so one `instanceof` catches all.
 *
 * @example
 * ```ts
 * import { GenesysCloudError } from "./errors.ts";
 * try {
 *   throw new GenesysCloudError("boom");
 * } catch (e) {
 *   if (e instanceof GenesysCloudError) console.log(e.message);
 * }
 * ```
 */
export class GenesysCloudError extends Error {
  /** The class's name, set as a string so that it survives minification (`err.name === "ApiError"`). */
  override name = "GenesysCloudError";
  /** Creates the error; `options.cause` keeps the underlying error. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** One item of the `details` array of a Genesys Cloud error body. */
export interface ApiErrorDetail {
  /** Error code of this detail. */
  errorCode?: string;
  /** Field the detail is about. */
  fieldName?: string;
  /** Entity id the detail is about. */
  entityId?: string;
  /** Entity name the detail is about. */
  entityName?: string;
  /** Anything else the server sent. */
  [key: string]: unknown;
}

/**
 * A rate limit named by an error body (`limit` of {@linkcode ApiErrorBody}).
 */
export interface ApiErrorLimit {
  /** The limit's key, e.g. `client.credentials.token.rate.per.minute`. */
  key?: string;
  /** The limit's namespace, e.g. `platform.api`. */
  namespace?: string;
  /** The limit's value. */
  value?: number;
}

/**
 * The error body the Platform API answers failures with: the definition's
 * `ErrorBody` (a test checks these fields against it). Every field is
 * optional: a gateway may answer with something else.
 *
 * @example
 * ```ts
 * import type { ApiErrorBody } from "./errors.ts";
 * const body: ApiErrorBody = { code: "bad.request", messageParams: { field: "name" } };
 * console.log(body.messageParams?.field); // name
 * ```
 */
export interface ApiErrorBody {
  /** Human-readable message. */
  message?: string;
  /** Error code, e.g. `not.found`. */
  code?: string;
  /** HTTP status the server meant. */
  status?: number;
  /** Entity id the error is about. */
  entityId?: string;
  /** Entity name the error is about. */
  entityName?: string;
  /** The message with `{placeholders}` that `messageParams` fill. */
  messageWithParams?: string;
  /** Values of the placeholders of `messageWithParams`. */
  messageParams?: Record<string, string>;
  /** Correlation context of the failure. */
  contextId?: string;
  /** Details of the failure. */
  details?: ApiErrorDetail[];
  /** Nested errors. */
  errors?: ApiErrorBody[];
  /** The limit that was hit (rate limits). */
  limit?: ApiErrorLimit;
}

/** Fields of an {@linkcode ApiError}, for constructing one. */
export interface ApiErrorInit {
  /** HTTP status. */
  status: number;
  /** Operation name (`getUser`), when the call came from a generated method. */
  operation?: string;
  /** HTTP method. */
  method: string;
  /** Request URL (never contains a credential). */
  url: string;
  /** Response headers. */
  headers: Headers;
  /** Raw response body text. */
  body: string;
  /**
   * Secrets the client holds (tokens, passwords): removed, in every form, from
   * the body, the headers and the message, since a server may echo them.
   */
  secrets?: readonly (string | undefined)[];
}

/**
 * A non-2xx answer from the Platform API. Fields come from the Genesys Cloud
 * error body (`code`, `message`, `contextId`, `details`, `errors`) and the
 * response headers (`inin-correlation-id`).
 *
 * @example
 * ```ts
 * import { ApiError } from "./errors.ts";
 * const err = new ApiError({
 *   status: 404, method: "GET", url: "https://api.mypurecloud.com/api/v2/users/x",
 *   headers: new Headers(), body: '{"code":"not.found","message":"User not found"}',
 * });
 * console.log(err.status, err.code); // 404 not.found
 * ```
 */
export class ApiError extends GenesysCloudError {
  /** Always `"ApiError"`, also in minified bundles (where class names are renamed). */
  override name = "ApiError";
  /** HTTP status code. */
  declare readonly status: number;
  /** Genesys error code, e.g. `not.found`, `bad.request`, `conflict`. */
  declare readonly code: string | undefined;
  /** The `message` of the error body; `undefined` when the body has none. */
  declare readonly serverMessage: string | undefined;
  /** Genesys `contextId` of the failure. */
  declare readonly contextId: string | undefined;
  /** Value of the `inin-correlation-id` response header. */
  declare readonly correlationId: string | undefined;
  /**
   * The server's `Retry-After` in milliseconds, when the answer has one (a
   * 429 or 503): the call was not retried because that wait was longer than
   * `retryWaitMax` or the call's time left, or retries are off.
   */
  declare readonly retryAfterMs: number | undefined;
  /** Genesys `details` array. */
  declare readonly details: ApiErrorDetail[];
  /** Genesys `errors` array (nested errors). */
  declare readonly errors: unknown[];
  /**
   * The `messageWithParams` of the error body (a message with `{placeholders}`), as the
   * server sent it: at the top level, as in the official SDK's errors.
   */
  declare readonly messageWithParams: string | undefined;
  /** The `messageParams` of the error body (the placeholders' values), as the server sent them. */
  declare readonly messageParams: Record<string, string> | undefined;
  /**
   * Response headers: a `Headers` (`err.headers.get("retry-after")`) that also answers bracket
   * access with own lower-case properties, as official errors' plain objects do
   * (`err.headers["retry-after"]`, `hasOwnProperty("retry-after")`). A header named like a
   * `Headers` method (`get`, `has`, ...) is read with `get()` only.
   */
  declare readonly headers: ApiErrorHeaders;
  /**
   * The error body, typed as the definition's `ErrorBody`: the parsed JSON
   * when the body is a JSON object (so `err.body.code` reads as in the
   * official SDK), else `{}` (the raw text is in {@linkcode ApiError.text}).
   */
  declare readonly body: ApiErrorBody;
  /** Raw response body text. */
  declare readonly text: string;
  /** Parsed JSON body, when the body was JSON; else `undefined`. */
  declare readonly data: unknown;
  /** Operation name, when known. */
  declare readonly operation: string | undefined;
  /** HTTP method. */
  declare readonly method: string;
  /** Request URL. */
  declare readonly url: string;

  /** Builds the error from the response parts. */
  constructor(init: ApiErrorInit) {
    const scrub = (text: string) => redactSecrets(text, init.secrets ?? []);
    const text = scrub(init.body);
    // A copy (the response's own `Headers` stay as they are), redacted.
    const headers = new Headers();
    for (const [name, value] of init.headers) headers.append(name, scrub(value));
    const data = parseJson(text);
    const body: ApiErrorBody = isRecord(data) ? data : {};
    const code = textOf(body.code);
    const serverMessage = textOf(body.message);
    const correlationId = headers.get("inin-correlation-id") ?? undefined;
    const where = `${init.operation ? init.operation + ": " : ""}${init.method} ${init.url}`;
    const what = [code, serverMessage].filter(Boolean).join(": ") || "request failed";
    super(
      `${init.status} ${what} (${where}${
        correlationId ? `, correlation id ${correlationId}` : ""
      })`,
    );
    // Own properties over the (already redacted) headers; never over a `Headers` method.
    for (const [name, value] of headers) {
      if (!(name in headers)) (headers as unknown as Record<string, string>)[name] = value;
    }
    Object.assign(this, {
      status: init.status,
      code,
      serverMessage,
      contextId: textOf(body.contextId),
      correlationId,
      retryAfterMs: parseRetryAfter(headers.get("retry-after")),
      details: listOf(body.details),
      errors: listOf(body.errors),
      messageWithParams: body.messageWithParams,
      messageParams: body.messageParams,
      headers,
      body,
      text,
      data,
      operation: init.operation,
      method: init.method,
      url: init.url,
    });
  }

  /**
   * What `console.log(err)` shows in Deno, Bun and Node (all three read this symbol):
   * `ApiError: ` and the message, one line with the status, code, server message, operation,
   * method, URL and correlation id.
   */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return String(this);
  }
}

/**
 * The headers of an {@linkcode ApiError}: a `Headers` whose lower-case names are also own
 * properties (`err.headers["retry-after"]`), as the official SDK's errors carry them.
 *
 * @example
 * ```ts
 * import { ApiError } from "./errors.ts";
 * const err = new ApiError({
 *   status: 429, method: "GET", url: "https://api.mypurecloud.com/api/v2/users",
 *   headers: new Headers({ "Retry-After": "3" }), body: "",
 * });
 * if (err.headers.hasOwnProperty("retry-after")) console.log(err.headers["retry-after"]); // 3
 * console.log(err.headers.get("retry-after")); // 3
 * ```
 */
export type ApiErrorHeaders = Headers & { readonly [name: string]: string | undefined };

/**
 * The request never got an HTTP answer: DNS failure, refused or reset
 * connection, TLS failure. `cause` holds the runtime's error.
 *
 * @example
 * ```ts
 * import { NetworkError } from "./errors.ts";
 * const e = new NetworkError("GET http://127.0.0.1:1/ failed", { cause: new TypeError("refused") });
 * console.log(e.cause);
 * ```
 */
export class NetworkError extends GenesysCloudError {
  /** Always `"NetworkError"`, also in minified bundles (where class names are renamed). */
  override name = "NetworkError";
}

/**
 * The call did not finish within its `timeoutMs`.
 *
 * @example
 * ```ts
 * import { TimeoutError } from "./errors.ts";
 * console.log(new TimeoutError("getUser timed out after 5000 ms").name); // TimeoutError
 * ```
 */
export class TimeoutError extends GenesysCloudError {
  /** Always `"TimeoutError"`, also in minified bundles (where class names are renamed). */
  override name = "TimeoutError";
}

/**
 * The caller's `AbortSignal` fired. `cause` is the signal's reason.
 *
 * @example
 * ```ts
 * import { AbortedError } from "./errors.ts";
 * console.log(new AbortedError("getUser was aborted").name); // AbortedError
 * ```
 */
export class AbortedError extends GenesysCloudError {
  /** Always `"AbortedError"`, also in minified bundles (where class names are renamed). */
  override name = "AbortedError";
}

/**
 * An argument is missing or unusable; raised before anything is sent.
 *
 * @example
 * ```ts
 * import { ParameterError } from "./errors.ts";
 * const e = new ParameterError("getUser", "userId", "is required");
 * console.log(e.message); // getUser: parameter "userId" is required
 * ```
 */
export class ParameterError extends GenesysCloudError {
  /** Always `"ParameterError"`, also in minified bundles (where class names are renamed). */
  override name = "ParameterError";
  /** The operation that was called. */
  declare readonly operation: string;
  /** The parameter at fault. */
  declare readonly parameter: string;
  /** Builds `"<operation>: parameter "<parameter>" <problem>"`. */
  constructor(operation: string, parameter: string, problem: string) {
    super(`${operation}: parameter "${parameter}" ${problem}`);
    this.operation = operation;
    this.parameter = parameter;
  }
}

/**
 * A configuration value is invalid (bad region, port out of range, unknown
 * log level, malformed config file). Nothing of the rejected change is applied.
 *
 * @example
 * ```ts
 * import { ConfigurationError } from "./errors.ts";
 * console.log(new ConfigurationError('unknown region "mars_1"').message);
 * ```
 */
export class ConfigurationError extends GenesysCloudError {
  /** Always `"ConfigurationError"`, also in minified bundles (where class names are renamed). */
  override name = "ConfigurationError";
}

/**
 * The current runtime cannot do what was asked (a proxy in a browser, files on
 * Workers, client credentials in a page).
 *
 * @example
 * ```ts
 * import { UnsupportedRuntimeError } from "./errors.ts";
 * console.log(new UnsupportedRuntimeError("proxies need Deno or Bun").name);
 * ```
 */
export class UnsupportedRuntimeError extends GenesysCloudError {
  /** Always `"UnsupportedRuntimeError"`, also in minified bundles (where class names are renamed). */
  override name = "UnsupportedRuntimeError";
}

/** Fields of an {@linkcode AuthError}. */
export interface AuthErrorInit {
  /** OAuth error code (`invalid_client`, `invalid_grant`, `access_denied`, ...). */
  error: string;
  /** Human description from the server, when given. */
  description?: string;
  /** HTTP status of the token response, when there was one. */
  status?: number;
  /** Underlying error. */
  cause?: unknown;
}

/**
 * A login or token refresh failed. Carries the OAuth `error` and
 * `description`; never the client secret, assertion, code or tokens.
 *
 * @example
 * ```ts
 * import { AuthError } from "./errors.ts";
 * const e = new AuthError({ error: "invalid_client", description: "client not found", status: 401 });
 * console.log(e.message); // invalid_client: client not found (HTTP 401)
 * ```
 */
export class AuthError extends GenesysCloudError {
  /** Always `"AuthError"`, also in minified bundles (where class names are renamed). */
  override name = "AuthError";
  /** OAuth error code. */
  declare readonly error: string;
  /** Server's description. */
  declare readonly description: string | undefined;
  /** HTTP status, when the server answered. */
  declare readonly status: number | undefined;
  /** Builds the error; the message is `error: description (HTTP status)`. */
  /** `message` replaces the default one (the error, its description and the status). */
  constructor(init: AuthErrorInit, message?: string) {
    const status = init.status === undefined ? "" : ` (HTTP ${init.status})`;
    super(message ?? `${init.error}${init.description ? `: ${init.description}` : ""}${status}`, {
      cause: init.cause,
    });
    this.error = init.error;
    this.description = init.description;
    this.status = init.status;
  }
}

/** `v` when it is a string, else `undefined`. */
function textOf(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

/** `v` when it is an array, else `[]`. */
function listOf<T>(v: T[] | undefined): T[] {
  return Array.isArray(v) ? v : [];
}
