/**
 * The one request engine every client uses: build the request, authorize,
 * send with retries, recover from a 401, read the answer. It knows no client,
 * no configuration class and no auth class: only {@linkcode EngineHost}.
 *
 * @module
 */

import { ApiPromise, type ApiResponse, CallResult } from "./api_promise.ts";
import type { AuthKind, CallOptions, Endpoint } from "../base/endpoint.ts";
import { ApiError, ParameterError } from "../base/errors.ts";
import { isTimeLimit, TIMEOUT_PROBLEM } from "../base/time_limit.ts";
import { untilAborted } from "../base/abort_watch.ts";
import { runIgnoringFailure } from "../base/callback.ts";
import { sleep } from "../base/sleep.ts";
import type { Credentials } from "./credentials.ts";
import {
  bodyFailure,
  carriesBody,
  Deadline,
  isBodyFailure,
  isTransportFailure,
  requestInit,
  toResult,
  transportFailure,
} from "./exchange.ts";
import { buildRequest, type BuiltRequest, type UnknownOptions } from "./request.ts";
import type { ResolvedRetryConfiguration, RetryRules } from "./retry_policy.ts";
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
  /** Retry settings, read by {@linkcode EngineHost.retry}; without them no call is retried. */
  readonly retry?: Readonly<ResolvedRetryConfiguration>;
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
 * import { DEFAULT_RETRY, RETRY_RULES } from "./retry_policy.ts";
 * const host: EngineHost = {
 *   credentials: {
 *     authorizeNow: () => "Bearer t",
 *     authorize: () => Promise.resolve("Bearer t"),
 *     recover: () => Promise.resolve(false),
 *   },
 *   settings: () => ({ timeoutMs: 16_000, retry: DEFAULT_RETRY }),
 *   apiBase: () => "https://api.mypurecloud.com",
 *   send: () => undefined,
 *   retry: RETRY_RULES,
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
  /**
   * The retry rules (`RETRY_RULES` of `retry_policy.ts`). Without them every
   * request is sent once: no retry, and no resend of an HTTP/2 refusal.
   */
  readonly retry?: RetryRules;
}

/**
 * Runs calls for a client.
 *
 * @example
 * ```ts
 * import { Engine } from "./engine.ts";
 * const engine = new Engine({
 *   credentials: { authorize: () => Promise.resolve(undefined), recover: () => Promise.resolve(false) },
 *   settings: () => ({ timeoutMs: 1_000 }),
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
    const options = opts as CallOptions | undefined;
    const waiting = this.#host.ready?.();
    // A promise that never throws synchronously. It settles with a `CallResult`, which
    // `ApiPromise` turns into the full `ApiResponse` only when `withResponse()` asks.
    let result: Promise<CallResult<T>>;
    try {
      result = waiting
        ? waiting.then(() => this.#start<T>(endpoint, args, options))
        : this.#start<T>(endpoint, args, options);
    } catch (error) {
      result = Promise.reject(error);
    }
    return new ApiPromise<T>(result as unknown as Promise<ApiResponse<T>>);
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
    if (!isTimeLimit(timeoutMs)) {
      throw new ParameterError(endpoint.name, "timeoutMs", TIMEOUT_PROBLEM);
    }
    const deadline = new Deadline(opts?.signal, timeoutMs);
    const kind = endpoint.auth ?? "oauth";
    // Known at once in the common case (no renewal in flight or due): no promise to wait for.
    const known = host.credentials.authorizeNow?.(kind) ?? null;
    // Nothing but `fetch` sees the request (no hook, logger or proxy) and the credential is
    // known: `fetch`, the body read, the pacer's queue and the retry waits all heed the
    // signal, so the call needs no watch of its own.
    const send = host.send(settings);
    const plain = known !== null && !send;
    const done = this.#loop<T>(endpoint, built, deadline, kind, known, plain, settings, send);
    if (plain) return done;
    // The time limit and the caller's signal end the call even when a hook, a transport or
    // a token renewal pays no heed to `request.signal`.
    return untilAborted(done, deadline.signal).catch((error) => {
      throw deadline.explain(error, endpoint.name, built);
    });
  }

  /**
   * The one request loop: authorize, send (through the client's pipeline, or
   * straight to `fetch`), resend what may go again, recover a 401 once, read.
   */
  async #loop<T>(
    endpoint: Endpoint,
    built: BuiltRequest,
    deadline: Deadline,
    kind: AuthKind,
    known: string | undefined | null,
    plain: boolean,
    settings: Readonly<EngineSettings>,
    send: Send | undefined,
  ): Promise<CallResult<T>> {
    const host = this.#host;
    const { credentials, pacer, retry: rules } = host;
    const { signal } = deadline;
    const method = built.method;
    try {
      // Hooks and log hooks see the request a tick after the call, never inside it.
      let used = plain
        ? known ?? undefined
        : await (known !== null ? known : credentials.authorize(kind, signal));
      let refusalResent = false;
      let recovered = false;
      let again = false;
      for (let attempt = 1;; attempt++) {
        // The first attempt goes as the call started; another reads the settings in force.
        if (again) send = host.send(settings = host.settings());
        again = true;
        const retry = settings.retry;
        const init = requestInit(built, used, signal);
        const release = pacer && await pacer.acquire(signal);
        let res: Response;
        try {
          if (send) {
            const request = new Request(built.url, init);
            // A failing log hook (thrown or rejected) does not fail the call.
            const hook = retry?.requestLogHook;
            if (hook) runIgnoringFailure(() => hook(request, attempt));
            res = await send(request, { operation: endpoint.name, attempt });
          } else {
            try {
              res = await fetch(built.url, init);
            } catch (error) {
              throw transportFailure(error);
            }
          }
        } catch (error) {
          release?.();
          // An HTTP/2 refusal proves the request was not processed: once per call it goes
          // again at once, retries on or off.
          if (
            !refusalResent && !signal.aborted && isTransportFailure(error) &&
            rules?.refused(error)
          ) {
            refusalResent = true;
            continue;
          }
          const wait = retry && rules?.wait(method, attempt, retry, error);
          if (wait === undefined || signal.aborted || deadline.outlasts(wait)) throw error;
          await sleep(wait, signal);
          continue;
        }
        release?.(res);
        if (res.status === 401 && kind !== "none" && !recovered) {
          // A token renewal may pay no heed to the signal: watched.
          recovered = await untilAborted(credentials.recover(kind, used, signal), signal).catch(
            async (error) => {
              await res.body?.cancel();
              throw error;
            },
          );
          if (recovered) {
            await res.body?.cancel();
            used = await untilAborted(credentials.authorize(kind, signal), signal);
            attempt--;
            continue;
          }
        }
        // Never before `Retry-After`: a wait past the cap or the time left ends the call with
        // this answer.
        const wait = retry && rules?.wait(method, attempt, retry, undefined, res);
        if (wait !== undefined && !deadline.outlasts(wait)) {
          await res.body?.cancel();
          await sleep(wait, signal);
          continue;
        }
        try {
          // The body is read here, with no async function (and its promise) per call; a
          // connection that dies in the middle of it is a body failure.
          const read = !res.ok || carriesBody(res, endpoint);
          let text = "";
          if (read) {
            try {
              text = await res.text();
            } catch (error) {
              throw bodyFailure(error);
            }
          } else await res.body?.cancel();
          if (!res.ok) {
            // The token sent and the client's secrets never show in an error, whatever the
            // server echoes.
            throw new ApiError({
              status: res.status,
              operation: endpoint.name,
              method,
              url: built.url,
              headers: res.headers,
              body: text,
              secrets: [used?.replace(/^\S+\s+/, ""), ...(host.secrets?.() ?? [])],
            });
          }
          return read
            ? toResult<T>(text, res, endpoint, built)
            : new CallResult(undefined as T, res.status, res.headers);
        } catch (error) {
          // An answer whose body was cut off is sent again, as a failed connection would be:
          // for idempotent methods only (the server has acted on the request).
          const wait = isBodyFailure(error) && retry
            ? rules?.wait(method, attempt, retry, error)
            : undefined;
          if (wait === undefined || signal.aborted || deadline.outlasts(wait)) throw error;
          await sleep(wait, signal);
        }
      }
    } catch (error) {
      throw deadline.explain(error, endpoint.name, built);
    }
  }
}
