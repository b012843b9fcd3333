/**
 * Turns an {@linkcode Endpoint} and a call's arguments into the parts of an
 * HTTP request, validating arguments before anything is sent.
 *
 * @module
 */

import type { CallOptions, Endpoint, ParamSpec } from "../base/endpoint.ts";
import { ConfigurationError, GenesysCloudError, ParameterError } from "../base/errors.ts";
import { checkedHeaders, HEADER_VALUE_PROBLEM, isHeaderValue } from "../base/header_check.ts";
import { appendQuery, encodePathSegment, stringifyParam } from "../base/url.ts";

/** The parts of a request; a fresh `Request` is made from them for every attempt. */
export interface BuiltRequest {
  /** HTTP method. */
  method: string;
  /** Absolute URL. */
  url: string;
  /** Headers, names in lower case; the engine sets `authorization` for each attempt. */
  headers: Record<string, string>;
  /** Serialized body, when there is one. */
  body: string | undefined;
}

const CALL_OPTION_KEYS = new Set(["customHeaders", "signal", "timeoutMs"]);

/**
 * What a call does with an option key its operation does not take (one the API has dropped
 * since the code was written, or a typo): `"error"` rejects with a `ParameterError` and sends
 * nothing; `"warn"` (the clients' default) sends the call without the key and warns once per
 * operation and key; `"ignore"` sends it without a word. TypeScript flags such a key at
 * compile time whatever the setting.
 *
 * @example
 * ```ts
 * import type { UnknownOptions } from "./request.ts";
 * const strict: UnknownOptions = "error";
 * ```
 */
export type UnknownOptions = "error" | "warn" | "ignore";

/**
 * Throws a `ConfigurationError` unless `value` is an {@linkcode UnknownOptions} value.
 *
 * @example
 * ```ts
 * import { checkUnknownOptions } from "./request.ts";
 * checkUnknownOptions("warn");
 * ```
 */
export function checkUnknownOptions(value: unknown): void {
  if (value !== "error" && value !== "warn" && value !== "ignore") {
    throw new ConfigurationError('unknownOptions must be "error", "warn" or "ignore"');
  }
}

/** The operations and option keys warned about already (`"<operation> <key>"`), in this process. */
const warned = new Set<string>();

/**
 * Builds the request for one call. `args` are the positional (required)
 * parameters in order; `opts` holds optional parameters by name plus the
 * {@linkcode CallOptions}. Throws {@linkcode ParameterError} for a missing
 * required parameter or an unrepresentable path value. An option key the
 * operation does not take is a `ParameterError` too, unless `unknownOptions`
 * says `"warn"` (the call goes without it, and `warn`, by default
 * `console.warn`, hears of it once per operation and key) or `"ignore"`.
 *
 * @example
 * ```ts
 * import { buildRequest } from "./request.ts";
 * const r = buildRequest(
 *   { name: "getUser", method: "GET", path: "/api/v2/users/{userId}", params: [
 *     { name: "userId", in: "path", required: true },
 *     { name: "expand", in: "query", format: "multi" },
 *   ] },
 *   ["a/b"], { expand: ["presence", "groups"] }, "https://api.mypurecloud.com",
 * );
 * console.log(r.url); // https://api.mypurecloud.com/api/v2/users/a%2Fb?expand=presence&expand=groups
 * ```
 */
export function buildRequest(
  endpoint: Endpoint,
  args: readonly unknown[],
  opts: object | undefined,
  baseUrl: string,
  defaultHeaders?: Record<string, string>,
  unknownOptions?: UnknownOptions,
  warn?: (message: string) => void,
): BuiltRequest {
  const options = (opts ?? NO_OPTIONS) as Record<string, unknown> & CallOptions;
  if (typeof options !== "object") {
    throw new ParameterError(endpoint.name, "opts", "must be an object");
  }
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new ParameterError(endpoint.name, "signal", "must be an AbortSignal");
  }
  let path = endpoint.path;
  let query: string[] | undefined;
  const headers: Record<string, string> = {};
  if (defaultHeaders) {
    for (const k in defaultHeaders) headers[k.toLowerCase()] = defaultHeaders[k];
  }
  let body: string | undefined;
  let positional = 0;

  const params = endpoint.params;
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    let value: unknown;
    if (p.required) {
      value = args[positional++];
      if (value === undefined || value === null || value === "") {
        throw new ParameterError(endpoint.name, p.name, "is required");
      }
    } else {
      value = options[p.name];
      if (value === undefined || value === null) continue;
    }
    try {
      if (p.in === "path") {
        path = path.replace(`{${p.wire ?? p.name}}`, pathSegment(endpoint, p, value));
      } else if (p.in === "query") {
        appendQuery(query ??= [], p.wire ?? p.name, value, p.format);
      } else if (p.in === "header") {
        const text = stringifyParam(value);
        if (!isHeaderValue(text)) {
          throw new ParameterError(
            endpoint.name,
            p.name,
            HEADER_VALUE_PROBLEM,
          );
        }
        headers[(p.wire ?? p.name).toLowerCase()] = text;
      } else if (p.in === "body") {
        body = jsonText(value);
      }
    } catch (error) {
      throw unsendable(endpoint, p, error);
    }
  }

  // Only the optional parameters are options (no `opts`, nothing to check).
  if (opts) checkOptions(endpoint, options, unknownOptions, warn);

  headers.accept = endpoint.accept ?? "application/json";
  if (body !== undefined) headers["content-type"] = endpoint.contentType ?? "application/json";
  if (options.customHeaders) {
    const custom = checkedHeaders(
      options.customHeaders,
      (problem) => new ParameterError(endpoint.name, "customHeaders", `is invalid: ${problem}`),
    );
    for (const k in custom) headers[k.toLowerCase()] = custom[k];
  }
  const url = query?.length ? `${baseUrl}${path}?${query.join("&")}` : `${baseUrl}${path}`;
  return { method: endpoint.method, url, headers, body };
}

/**
 * The JSON text of a body. A string that is JSON text already (what
 * `JSON.stringify(event)` gives, and what the operations whose body is typed
 * `string` expect) is sent as it is, as the official SDKs do; any other string
 * is sent as a JSON string.
 */
function jsonText(body: unknown): string {
  if (typeof body === "string") {
    try {
      JSON.parse(body);
      return body;
    } catch {
      // Not JSON text: a JSON string literal below.
    }
  }
  return JSON.stringify(body);
}

/**
 * A value that cannot be written into a request (an invalid `Date`, a lone
 * surrogate, a `BigInt` or a cycle in a body) as a {@linkcode ParameterError}
 * naming the parameter; this package's own errors pass as they are.
 */
function unsendable(endpoint: Endpoint, p: ParamSpec, error: unknown): Error {
  if (error instanceof GenesysCloudError) return error;
  const why = error instanceof Error ? error.message : String(error);
  return new ParameterError(endpoint.name, p.name, `cannot be sent: ${why}`);
}

/** `opts` when the caller gives none (never written). */
const NO_OPTIONS: Readonly<Record<string, unknown>> = Object.freeze({});

/**
 * Deals with each key of `options` the operation does not take, as `mode` says (no mode:
 * `"error"`).
 */
function checkOptions(
  endpoint: Endpoint,
  options: Record<string, unknown>,
  mode: UnknownOptions | undefined,
  warn = console.warn,
): void {
  const name = endpoint.name;
  for (const key of Object.keys(options)) {
    if (
      mode === "ignore" || options[key] === undefined || CALL_OPTION_KEYS.has(key) ||
      endpoint.params.some((p) => !p.required && p.name === key)
    ) {
      continue;
    }
    const problem = "is not an option of this operation";
    if (mode !== "warn") throw new ParameterError(name, key, problem);
    if (!warned.has(`${name} ${key}`)) {
      warned.add(`${name} ${key}`);
      warn(`${name}: "${key}" ${problem}: sent without it`);
    }
  }
}

function pathSegment(endpoint: Endpoint, p: ParamSpec, value: unknown): string {
  const segment = encodePathSegment(value);
  if (segment === undefined) {
    throw new ParameterError(endpoint.name, p.name, `cannot be "${String(value)}" (a dot segment)`);
  }
  return segment;
}
