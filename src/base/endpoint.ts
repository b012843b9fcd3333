/**
 * The data description of one Platform API operation.
 *
 * Generated API classes hold a table of these (one per operation) and hand them,
 * with the caller's arguments, to {@linkcode PlatformClient.call}. Everything the
 * request core needs to build the HTTP request is here; nothing else is generated.
 *
 * @module
 */

/** HTTP methods used by the Platform API. */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD";

/** Where a parameter travels. */
export type ParamLocation = "path" | "query" | "header" | "body";

/**
 * How an array query parameter is written, as in Swagger 2.0 `collectionFormat`.
 * `multi` repeats the key (`a=1&a=2`); the others join values into one.
 */
export type CollectionFormat = "multi" | "csv" | "ssv" | "tsv" | "pipes";

/**
 * One parameter of an operation.
 *
 * @example
 * ```ts
 * import type { ParamSpec } from "./endpoint.ts";
 * const p: ParamSpec = { name: "edgeGroupId", in: "query", wire: "edgeGroup.id" };
 * ```
 */
export interface ParamSpec {
  /** The JavaScript name: camelCase, reserved words prefixed (`_date`). */
  readonly name: string;
  /** Where the value goes. */
  readonly in: ParamLocation;
  /** The name on the wire when it differs from `name` (`If-Match`, `edgeGroup.id`). */
  readonly wire?: string;
  /** Array format for query parameters; absent means `csv` (only relevant to arrays). */
  readonly format?: CollectionFormat;
  /** Required parameters are positional arguments, in the order they appear in `params`. */
  readonly required?: boolean;
}

/** How the response body is read. */
export type ResponseKind = "json" | "text" | "none";

/** Which credential an operation sends. */
export type AuthKind = "oauth" | "guest" | "webmessaging" | "none";

/**
 * One operation of the Platform API.
 *
 * Required parameters come first in `params`, in positional order (path
 * parameters first, then the other required ones in definition order); the
 * optional ones follow and are read from the call's `opts` object by `name`.
 *
 * @example
 * ```ts
 * import type { Endpoint } from "./endpoint.ts";
 * const getUser: Endpoint = {
 *   name: "getUser",
 *   method: "GET",
 *   path: "/api/v2/users/{userId}",
 *   params: [
 *     { name: "userId", in: "path", required: true },
 *     { name: "expand", in: "query", format: "multi" },
 *   ],
 * };
 * ```
 */
export interface Endpoint {
  /** The official SDK method name (`x-purecloud-method-name`); used in errors and logs. */
  readonly name: string;
  /** HTTP method. */
  readonly method: HttpMethod;
  /** Path template with `{name}` placeholders named by the parameters' wire names. */
  readonly path: string;
  /** Parameters: required (positional) first, then optional (from `opts`). */
  readonly params: readonly ParamSpec[];
  /** Request body media type; absent means `application/json`. */
  readonly contentType?: string;
  /** `Accept` media type; absent means `application/json`. */
  readonly accept?: string;
  /** How to read the response; absent means `json` (an empty body reads as `undefined`). */
  readonly response?: ResponseKind;
  /** Credential to send; absent means `oauth` (bearer access token). */
  readonly auth?: AuthKind;
}

/**
 * Per-call options every generated method accepts in its trailing `opts` object,
 * beside the operation's optional parameters.
 *
 * @example
 * ```ts
 * import type { CallOptions } from "./endpoint.ts";
 * const opts: CallOptions = { timeoutMs: 5_000, customHeaders: { "X-Trace": "1" } };
 * ```
 */
export interface CallOptions {
  /** Extra request headers for this call only. */
  customHeaders?: Record<string, string>;
  /** Cancels the request, and any retry wait, when aborted. */
  signal?: AbortSignal;
  /**
   * Gives up after this many milliseconds (covers retries and their waits), or at most 1/64
   * more: calls that start together share one timer.
   */
  timeoutMs?: number;
}
