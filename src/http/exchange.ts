/**
 * The parts of one HTTP exchange that every client shares: the `fetch` options
 * of an attempt, the call's time limit and how a failure is reported, and how
 * a successful answer becomes a result. `PlatformClient` and
 * `LiteClient` both use them, so a call fails and parses the same way in each.
 *
 * @module
 */

import { CallResult } from "./api_promise.ts";
import type { Endpoint } from "../base/endpoint.ts";
import { AbortedError, GenesysCloudError, NetworkError, TimeoutError } from "../base/errors.ts";
import type { BuiltRequest } from "./request.ts";
import { timeLimit } from "../base/time_limit.ts";
import { redactSecrets } from "../base/redact.ts";

/**
 * Errors thrown by a transport (not by hooks): only these can be network
 * failures worth a retry. The value tells whether the failure came while
 * reading an answer's body.
 */
const failures = new WeakMap<object, boolean>();

/** Marks `error` (when it is an object) as a transport failure; returns it. */
function mark(error: unknown, inBody: boolean): unknown {
  if (typeof error === "object" && error !== null) failures.set(error, inBody);
  return error;
}

/**
 * Marks `error` (thrown by `fetch` or a body read) as a transport failure; returns it.
 *
 * @example
 * ```ts
 * import { isTransportFailure, transportFailure } from "./exchange.ts";
 * const error = transportFailure(new TypeError("connection refused"));
 * console.log(isTransportFailure(error)); // true
 * ```
 */
export function transportFailure(error: unknown): unknown {
  return mark(error, false);
}

/**
 * Whether `error` was marked by {@linkcode transportFailure}.
 *
 * @example
 * ```ts
 * import { isTransportFailure } from "./exchange.ts";
 * console.log(isTransportFailure(new TypeError("thrown by a hook"))); // false
 * ```
 */
export function isTransportFailure(error: unknown): boolean {
  // A `WeakMap` answers `false` for a primitive key.
  return failures.has(error as object);
}

/**
 * The `fetch` options of one attempt: the built parts plus `Authorization`,
 * written into the call's own headers object (made for this call by
 * `buildRequest`, so nothing else sees it); without a credential the headers
 * stay as built.
 *
 * @example
 * ```ts
 * import { requestInit } from "./exchange.ts";
 * const built = {
 *   method: "GET",
 *   url: "https://api.example/x",
 *   headers: { accept: "application/json" },
 *   body: undefined,
 * };
 * console.log(requestInit(built, "Bearer t", AbortSignal.timeout(1000)).headers);
 * ```
 */
export function requestInit(
  built: BuiltRequest,
  authorization: string | undefined,
  signal: AbortSignal,
): RequestInit {
  const { method, headers, body } = built;
  if (authorization) headers.authorization = authorization;
  // Deno's fetch resends, once, any request whose body it can copy (a string, bytes, none)
  // when a connection from its pool closes or resets before the answer, though the server may
  // have read it; it never resends a Blob body. POST and PATCH bodies therefore go as a Blob:
  // the same bytes and content-length on the wire, sent at most once.
  const once = BLOB_BODIES && body && (method === "POST" || method === "PATCH");
  return { method, headers, body: once ? new Blob([body]) : body, signal };
}

/** Deno only: Bun never resends a POST or PATCH; elsewhere the runtime decides. */
const BLOB_BODIES = typeof (globalThis as { Deno?: unknown }).Deno === "object";

/**
 * Combines the caller's signal with the call's time limit, a signal shared
 * with the calls that start at about the same time (`timeLimit`), and maps
 * what a failed call threw to the error its caller sees.
 *
 * @example
 * ```ts
 * import { Deadline } from "./exchange.ts";
 * const deadline = new Deadline(undefined, 16_000);
 * console.log(deadline.signal.aborted); // false
 * ```
 */
export class Deadline {
  /** Aborts when the caller's signal does or the time limit passes. */
  readonly signal: AbortSignal;
  readonly #user: AbortSignal | undefined;
  readonly #timeout: AbortSignal;
  readonly #timeoutMs: number;
  readonly #end: number;

  /** Starts the time limit of one call (`timeoutMs` milliseconds). */
  constructor(user: AbortSignal | undefined, timeoutMs: number) {
    this.#user = user;
    this.#timeoutMs = timeoutMs;
    this.#end = performance.now() + timeoutMs;
    this.#timeout = timeLimit(timeoutMs);
    this.signal = user ? AbortSignal.any([user, this.#timeout]) : this.#timeout;
  }

  /**
   * Whether waiting `ms` milliseconds (before a retry) would outlast the time
   * limit: then the call ends with what it has instead of a `TimeoutError`.
   */
  outlasts(ms: number): boolean {
    return performance.now() + ms >= this.#end;
  }

  /**
   * The error to throw for `error`: a {@linkcode TimeoutError} once the time
   * limit passed, an {@linkcode AbortedError} when the caller aborted, a
   * {@linkcode NetworkError} for a transport failure (its message without
   * any of `secrets`); else `error` itself.
   */
  explain(
    error: unknown,
    operation: string,
    built: Pick<BuiltRequest, "method" | "url">,
    secrets: readonly string[] = [],
  ): unknown {
    const where = `${operation}: ${built.method} ${built.url}`;
    if (this.#timeout.aborted && !this.#user?.aborted) {
      return new TimeoutError(`${where} timed out after ${this.#timeoutMs} ms`, { cause: error });
    }
    if (this.signal.aborted) {
      return new AbortedError(`${where} was aborted`, { cause: this.#user?.reason ?? error });
    }
    if (error instanceof GenesysCloudError) return error;
    if (error instanceof TypeError && failures.has(error)) {
      // Deno and Bun put the reason (refused, reset, DNS) in `cause`; name it.
      const reason = error.cause instanceof Error ? `: ${error.cause.message}` : "";
      return new NetworkError(
        redactSecrets(`${where} failed: ${error.message}${reason}`, secrets),
        {
          cause: error,
        },
      );
    }
    return error;
  }
}

/**
 * Whether `error` ended the reading of an answer's body (the connection died
 * mid-body): the request reached the server, so only idempotent calls retry.
 *
 * @example
 * ```ts
 * import { isBodyFailure } from "./exchange.ts";
 * console.log(isBodyFailure(new TypeError("reset"))); // false
 * ```
 */
export function isBodyFailure(error: unknown): boolean {
  return failures.get(error as object) === true;
}

/**
 * Marks `error` as a failure while reading an answer's body (a transport
 * failure, and {@linkcode isBodyFailure}) and returns it.
 *
 * @example
 * ```ts
 * import { bodyFailure, isBodyFailure } from "./exchange.ts";
 * console.log(isBodyFailure(bodyFailure(new TypeError("reset")))); // true
 * ```
 */
export function bodyFailure(error: unknown): unknown {
  return mark(error, true);
}

/** Content types whose bodies are parsed as JSON. */
const JSON_CONTENT_TYPE = /\bjson\b|\+json\b/i;

/**
 * Whether a successful answer has a body the caller gets (not `HEAD`, 204 or `@none`).
 *
 * @example
 * ```ts
 * import { carriesBody } from "./exchange.ts";
 * const endpoint = { name: "getUsersMe", method: "GET", path: "/api/v2/users/me", params: [] } as const;
 * console.log(carriesBody(new Response(null, { status: 204 }), endpoint)); // false
 * ```
 */
export function carriesBody(res: Response, endpoint: Endpoint): boolean {
  return endpoint.method !== "HEAD" && res.status !== 204 && endpoint.response !== "none";
}

/**
 * A successful answer's body: JSON parsed (by content type), text, or `undefined` when empty.
 *
 * @example
 * ```ts
 * import { toResult } from "./exchange.ts";
 * const endpoint = { name: "getPing", method: "GET", path: "/api/v2/ping", params: [] } as const;
 * const built = { method: "GET", url: "https://api.example/api/v2/ping", headers: {}, body: undefined };
 * const res = new Response("pong", { headers: { "content-type": "text/plain" } });
 * console.log(toResult(await res.text(), res, endpoint, built).data); // pong
 * ```
 */
export function toResult<T>(
  text: string,
  res: Response,
  endpoint: Endpoint,
  built: BuiltRequest,
): CallResult<T> {
  let data: unknown = text === "" ? undefined : text;
  if (
    data !== undefined && endpoint.response !== "text" &&
    JSON_CONTENT_TYPE.test(res.headers.get("content-type") ?? "application/json")
  ) {
    try {
      data = JSON.parse(text);
    } catch (cause) {
      throw new GenesysCloudError(
        `${endpoint.name}: ${built.method} ${built.url} returned a body that is not valid JSON`,
        { cause },
      );
    }
  }
  return new CallResult(data as T, res.status, res.headers);
}
