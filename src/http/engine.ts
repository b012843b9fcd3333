/**
 * The one request engine every client uses: build the request, authorize,
 * send with retries, recover from a 401, read the answer. It knows no client,
 * no configuration class and no auth class: only {@linkcode EngineHost}.
 *
 * @module
 */

import { ApiPromise, type ApiResponse, type CallResult } from "./api_promise.ts";
import type { AuthKind, CallOptions, Endpoint } from "../base/endpoint.ts";
import { ParameterError } from "../base/errors.ts";
import { MAX_TIMEOUT_MS, TIMEOUT_PROBLEM } from "../base/time_limit.ts";
import { untilAborted } from "../base/abort_watch.ts";
import { runIgnoringFailure } from "../base/callback.ts";
import { sleep } from "../base/sleep.ts";
import type { Credentials } from "./credentials.ts";
import {
  carriesBody,
  Deadline,
  isBodyFailure,
  isTransportFailure,
  readResponse,
  requestInit,
  toResult,
  transportFailure,
} from "./exchange.ts";
import { classifyNetworkError } from "./network_errors.ts";
import { buildRequest, type BuiltRequest, type UnknownOptions } from "./request.ts";
import {
  isRetryableFailure,
  mayRetryAnswer,
  type ResolvedRetryConfiguration,
  retryDelay,
} from "./retry_policy.ts";
import type { HookContext } from "./transport.ts";
import type { Pacer } from "./pacer.ts";

/**
 * Sends one attempt (hooks, logging, a proxy: whatever the client puts
 * between the engine and the network).
 */
export type Send = (request: Request, context: HookContext) => Promise<Response>;

/** The settings a call reads when it starts. */
export interface EngineSettings {
  /** Per-call time limit in ms (retries and token waits included). */
  readonly timeoutMs: number;
  /** Retry settings. */
  readonly retry: Readonly<ResolvedRetryConfiguration>;
  /** Headers sent with every API request. */
  readonly defaultHeaders?: Readonly<Record<string, string>>;
  /** What a call does with an option key its operation does not take; default `"warn"`. */
  readonly unknownOptions?: UnknownOptions;
}

/**
 * What the engine needs of a client.
 *
 * @example
 * ```ts
 * import type { EngineHost } from "./engine.ts";
 * import { DEFAULT_RETRY } from "./retry_policy.ts";
 * const host: EngineHost = {
 *   credentials: {
 *     authorizeNow: () => "Bearer t",
 *     authorize: () => Promise.resolve("Bearer t"),
 *     recover: () => Promise.resolve(false),
 *   },
 *   settings: () => ({ timeoutMs: 16_000, retry: DEFAULT_RETRY }),
 *   apiBase: () => "https://api.mypurecloud.com",
 *   send: () => undefined,
 * };
 * ```
 */
export interface EngineHost {
  /** Where `Authorization` values come from. */
  readonly credentials: Credentials;
  /** The settings in force now. */
  settings(): Readonly<EngineSettings>;
  /** The API base URL in force now. */
  apiBase(): string;
  /**
   * The pipeline an attempt goes through, or `undefined` when nothing is to
   * see the request: then its parts go straight to `fetch` (the fast path).
   */
  send(settings: Readonly<EngineSettings>): Send | undefined;
  /** A wait before calls can start (a config file being read), or `undefined`. */
  ready?(): Promise<void> | undefined;
  /** Every secret the client holds (tokens, passwords): never shown in an `ApiError`. */
  secrets?(): readonly (string | undefined)[];
  /** Paces calls under the server's budget (the `rateLimit` option), when on. */
  readonly pacer?: Pacer;
  /** Where warnings go (an option key dropped from a call); default `console.warn`. */
  readonly warn?: (message: string) => void;
}

/**
 * Runs calls for a client.
 *
 * @example
 * ```ts
 * import { Engine } from "./engine.ts";
 * import { DEFAULT_RETRY } from "./retry_policy.ts";
 * const engine = new Engine({
 *   credentials: { authorize: () => Promise.resolve(undefined), recover: () => Promise.resolve(false) },
 *   settings: () => ({ timeoutMs: 1_000, retry: DEFAULT_RETRY }),
 *   apiBase: () => "http://127.0.0.1:9",
 *   send: () => undefined,
 * });
 * const endpoint = { name: "getPing", method: "GET", path: "/api/v2/ping", params: [] } as const;
 * await engine.call(endpoint, []).catch((e) => console.log(e.name)); // NetworkError
 * ```
 */
export class Engine {
  readonly #host: EngineHost;

  /** An engine for `host`. */
  constructor(host: EngineHost) {
    this.#host = host;
  }

  /**
   * Calls one operation: `args` are its required parameters in order, `opts`
   * the optional ones and {@linkcode CallOptions}.
   */
  call<T>(endpoint: Endpoint, args: readonly unknown[], opts?: object): ApiPromise<T> {
    // The result settles with a `CallResult`, which `ApiPromise` turns into the full
    // `ApiResponse` only when `withResponse()` asks.
    const result = this.#execute<T>(endpoint, args, opts as CallOptions | undefined);
    return new ApiPromise<T>(result as unknown as Promise<ApiResponse<T>>);
  }

  /** One call, as a promise that never throws synchronously. */
  #execute<T>(
    endpoint: Endpoint,
    args: readonly unknown[],
    opts: CallOptions | undefined,
  ): Promise<CallResult<T>> {
    const waiting = this.#host.ready?.();
    if (waiting) return waiting.then(() => this.#start<T>(endpoint, args, opts));
    try {
      return this.#start<T>(endpoint, args, opts);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Builds and checks the request (throwing `ParameterError`s), then starts the exchange. */
  #start<T>(
    endpoint: Endpoint,
    args: readonly unknown[],
    opts: CallOptions | undefined,
  ): Promise<CallResult<T>> {
    const host = this.#host;
    const settings = host.settings();
    const built = buildRequest(
      endpoint,
      args,
      opts,
      host.apiBase(),
      settings.defaultHeaders,
      settings.unknownOptions ?? "warn",
      host.warn,
    );
    const timeoutMs = opts?.timeoutMs ?? settings.timeoutMs;
    if (typeof timeoutMs !== "number" || !(timeoutMs > 0 && timeoutMs <= MAX_TIMEOUT_MS)) {
      throw new ParameterError(endpoint.name, "timeoutMs", TIMEOUT_PROBLEM);
    }
    const deadline = new Deadline(opts?.signal, timeoutMs);
    const kind = endpoint.auth ?? "oauth";
    // Known at once in the common case (no renewal in flight or due): no promise to wait for.
    const known = host.credentials.authorizeNow?.(kind) ?? null;
    // The common case goes straight to `fetch`: the credential is known, no retry is allowed
    // and nothing (hook, logger, proxy) is to see the request.
    const direct = known !== null && settings.retry.retryMax < 1 && !host.send(settings) &&
      !host.pacer;
    return this.#run<T>(endpoint, built, deadline, kind, known, direct);
  }

  /** Runs the call and maps what it threw to the error its caller sees. */
  async #run<T>(
    endpoint: Endpoint,
    built: BuiltRequest,
    deadline: Deadline,
    kind: AuthKind,
    known: string | undefined | null,
    direct: boolean,
  ): Promise<CallResult<T>> {
    const signal = deadline.signal;
    try {
      // The time limit and the caller's signal end the call even when a hook, a transport,
      // a token renewal or a body stream pays no heed to `request.signal`.
      if (!direct) {
        return await untilAborted(this.#full<T>(endpoint, built, deadline, kind, known), signal);
      }
      let res: Response;
      try {
        res = await fetch(built.url, requestInit(built, known ?? undefined, signal));
      } catch (error) {
        // An HTTP/2 refusal proves the request was not processed: the full path sends it once
        // more (Deno's fetch resends only the bodies it can copy, and POST bodies are Blobs).
        if (signal.aborted || classifyNetworkError(error) !== "refused") {
          throw transportFailure(error);
        }
        return await untilAborted(this.#full<T>(endpoint, built, deadline, kind, known), signal);
      }
      if (res.status === 401 || !carriesBody(res, endpoint)) {
        return await untilAborted(
          this.#finish<T>(res, endpoint, built, deadline, kind, known ?? undefined),
          signal,
        );
      }
      // The common answer's body is read here: no async function (and its promise) per call.
      let text: string;
      try {
        text = await res.text();
      } catch (error) {
        throw transportFailure(error);
      }
      return toResult<T>(text, res, endpoint, built);
    } catch (error) {
      throw deadline.explain(error, endpoint.name, built);
    }
  }

  /** Authorizes (waiting for a renewal if need be), sends with retries, reads the answer. */
  async #full<T>(
    endpoint: Endpoint,
    built: BuiltRequest,
    deadline: Deadline,
    kind: AuthKind,
    known: string | undefined | null,
  ): Promise<CallResult<T>> {
    // Always one await here: hooks and log hooks see the request a tick after the call.
    const signal = deadline.signal;
    const used = await (known !== null ? known : this.#host.credentials.authorize(kind, signal));
    for (let read = 1;; read++) {
      const res = await this.#attempt(built, used, endpoint.name, deadline);
      try {
        return await this.#finish<T>(res, endpoint, built, deadline, kind, used);
      } catch (error) {
        // An answer whose body was cut off is sent again, as a failed connection would be:
        // for idempotent methods only (the server has acted on the request).
        const retry = this.#host.settings().retry;
        const wait = retryDelay({ retry: read, config: retry });
        if (
          !isBodyFailure(error) || read > retry.retryMax || signal.aborted ||
          !isRetryableFailure(built.method, "maybe-sent", retry) || deadline.outlasts(wait)
        ) {
          throw error;
        }
        await sleep(wait, signal);
      }
    }
  }

  /**
   * Reads the answer; after a 401, when the credentials have a different
   * value now, the call goes out once more with it first.
   */
  async #finish<T>(
    res: Response,
    endpoint: Endpoint,
    built: BuiltRequest,
    deadline: Deadline,
    kind: AuthKind,
    used: string | undefined,
  ): Promise<CallResult<T>> {
    if (res.status === 401 && kind !== "none") {
      const credentials = this.#host.credentials;
      const signal = deadline.signal;
      let recovered: boolean;
      try {
        recovered = await credentials.recover(kind, used, signal);
      } catch (error) {
        await res.body?.cancel();
        throw error;
      }
      if (recovered) {
        await res.body?.cancel();
        const authorization = await credentials.authorize(kind, signal);
        res = await this.#attempt(built, authorization, endpoint.name, deadline);
      }
    }
    // The token sent and the client's secrets never show in the error, whatever the server echoes.
    const token = used?.replace(/^\S+\s+/, "");
    return await readResponse<T>(res, endpoint, built, () => [
      token,
      ...(this.#host.secrets?.() ?? []),
    ]);
  }

  /**
   * Sends the request, retrying per the `retry` settings (see
   * `mayRetryAnswer` and `isRetryableFailure`). A wait never ends before the
   * server's `Retry-After`: when that is longer than `retryWaitMax` or than
   * the call's time left, the answer at hand is the call's result. Waits end
   * at once when the call's signal aborts.
   */
  async #attempt(
    built: BuiltRequest,
    authorization: string | undefined,
    operation: string,
    deadline: Deadline,
  ): Promise<Response> {
    const signal = deadline.signal;
    const init = requestInit(built, authorization, signal);
    let refusalResent = false;
    for (let attempt = 1;; attempt++) {
      const settings = this.#host.settings();
      const retry = settings.retry;
      const send = this.#host.send(settings);
      const release = await this.#host.pacer?.acquire(signal);
      let response: Response;
      try {
        if (send) {
          const request = new Request(built.url, init);
          // A failing log hook (thrown or rejected) does not fail the call.
          const hook = retry.requestLogHook;
          if (hook) runIgnoringFailure(() => hook(request, attempt));
          response = await send(request, { operation, attempt });
        } else {
          try {
            response = await fetch(built.url, init);
          } catch (error) {
            throw transportFailure(error);
          }
        }
      } catch (error) {
        release?.();
        // An HTTP/2 refusal proves the request was not processed: once per call it goes again
        // at once, retries on or off.
        if (
          !refusalResent && !signal.aborted && isTransportFailure(error) &&
          classifyNetworkError(error) === "refused"
        ) {
          refusalResent = true;
          continue;
        }
        const wait = retryDelay({ retry: attempt, config: retry });
        const retryable = !signal.aborted && attempt <= retry.retryMax &&
          isTransportFailure(error) && !deadline.outlasts(wait) &&
          isRetryableFailure(built.method, classifyNetworkError(error), retry);
        if (!retryable) throw error;
        await sleep(wait, signal);
        continue;
      }
      release?.(response);
      if (attempt > retry.retryMax || !mayRetryAnswer(built.method, response.status, retry)) {
        return response;
      }
      const wait = retryDelay({ retry: attempt, config: retry, response });
      if (wait > retry.retryWaitMax || deadline.outlasts(wait)) return response;
      await response.body?.cancel();
      await sleep(wait, signal);
    }
  }
}
