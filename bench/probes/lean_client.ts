/**
 * A size probe, not part of the package: the smallest client that does what the bundle fixture
 * (`bench/fixtures/users_login_call.ts`) does, built on the package's own generated Users table,
 * request builder, error classes, retry policy, shared time limit and `ApiPromise`. It answers
 * one question: can "client + one API + login + one call" be 40x smaller than the official SDK
 * after gzip at all, or only without `PlatformClient`? `deno run -A bench/probes/lean_size.ts`
 * bundles that program on it and prints its size.
 *
 * What it does: client credentials login; a token refreshed before it expires and after a 401
 * (one refresh at a time); retries on 429 and 5xx when enabled (`retryMax`), waiting as
 * `Retry-After` says; the shared time
 * limit and the caller's abort signal; typed errors; `withResponse()`. What it leaves out, and
 * `PlatformClient` has: every other grant, configuration files, logging, hooks, proxy, mTLS,
 * retries of failed connections, token stores, regions by name.
 *
 * @module
 */

import { installOperations } from "../../src/core/operations.ts";
import { buildRequest } from "../../src/core/request.ts";
import type { Endpoint } from "../../src/core/endpoint.ts";
import {
  AbortedError,
  ApiError,
  AuthError,
  NetworkError,
  TimeoutError,
} from "../../src/core/errors.ts";
import { ApiPromise, type ApiResponse, CallResult } from "../../src/core/api_promise.ts";
import { timeLimit } from "../../src/core/time_limit.ts";
import { DEFAULT_RETRY, isRetryableStatus, retryDelay } from "../../src/retry/policy.ts";

/** Per-call options the probe reads. */
interface ProbeOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** The probe's client: what the fixture's program needs, nothing more. */
export class LeanClient {
  readonly #api: string;
  readonly #login: string;
  #authorization = "";
  #expiresAt = 0;
  #refresh: (() => Promise<void>) | undefined;
  #pending: Promise<void> | undefined;
  readonly #retry: typeof DEFAULT_RETRY;

  constructor(options: {
    environment?: string;
    basePath?: string;
    loginBasePath?: string;
    /** Retries of 429 and 5xx answers (none by default, as in `PlatformClient`). */
    retryMax?: number;
  }) {
    this.#retry = { ...DEFAULT_RETRY, retryMax: options.retryMax ?? DEFAULT_RETRY.retryMax };
    const env = options.environment ?? "mypurecloud.com";
    this.#api = options.basePath ?? `https://api.${env}`;
    this.#login = options.loginBasePath ?? `https://login.${env}`;
  }

  /** Logs in with client credentials; later refreshes log in the same way. */
  loginClientCredentialsGrant(clientId: string, clientSecret: string): Promise<void> {
    const login = async () => {
      const res = await fetch(`${this.#login}/oauth/token`, {
        method: "POST",
        headers: {
          authorization: `Basic ${btoa(`${clientId}:${clientSecret}`)}`,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: "grant_type=client_credentials",
        signal: timeLimit(16_000),
      });
      const body = await res.json().catch(() => ({}));
      if (!res.ok || typeof body.access_token !== "string") {
        throw new AuthError({ error: body.error ?? "login failed", status: res.status });
      }
      this.#authorization = `Bearer ${body.access_token}`;
      this.#expiresAt = Date.now() + (Number(body.expires_in) || 0) * 1000 - 60_000;
    };
    this.#refresh = () => this.#pending ??= login().finally(() => this.#pending = undefined);
    return this.#refresh();
  }

  /** The method every generated API method calls. */
  call<T>(endpoint: Endpoint, args: readonly unknown[], opts?: object): ApiPromise<T> {
    const result = this.#run<T>(endpoint, args, opts as ProbeOptions | undefined);
    return new ApiPromise<T>(result as unknown as Promise<ApiResponse<T>>);
  }

  async #run<T>(
    endpoint: Endpoint,
    args: readonly unknown[],
    opts: ProbeOptions | undefined,
  ): Promise<CallResult<T>> {
    const built = buildRequest(endpoint, args, opts, this.#api);
    const limit = timeLimit(opts?.timeoutMs ?? 16_000);
    const signal = opts?.signal ? AbortSignal.any([opts.signal, limit]) : limit;
    if (this.#refresh && Date.now() > this.#expiresAt) await this.#refresh();
    let refreshed = false;
    for (let attempt = 1;; attempt++) {
      let res: Response;
      try {
        res = await fetch(built.url, {
          method: built.method,
          headers: { ...built.headers, authorization: this.#authorization },
          body: built.body,
          signal,
        });
      } catch (cause) {
        const where = `${endpoint.name}: ${built.method} ${built.url}`;
        if (limit.aborted) throw new TimeoutError(`${where} timed out`, { cause });
        if (signal.aborted) throw new AbortedError(`${where} was aborted`, { cause });
        throw new NetworkError(`${where} failed`, { cause });
      }
      if (res.status === 401 && this.#refresh && !refreshed) {
        refreshed = true;
        await res.body?.cancel();
        await this.#refresh();
        continue;
      }
      if (attempt <= this.#retry.retryMax && isRetryableStatus(res.status)) {
        const wait = retryDelay({ retry: attempt, config: this.#retry, response: res });
        await res.body?.cancel();
        await new Promise((resolve) => setTimeout(resolve, wait));
        continue;
      }
      const text = await res.text();
      if (!res.ok) {
        throw new ApiError({
          status: res.status,
          operation: endpoint.name,
          method: built.method,
          url: built.url,
          headers: res.headers,
          body: text,
        });
      }
      return new CallResult(text ? JSON.parse(text) as T : undefined as T, res.status, res.headers);
    }
  }
}

/**
 * A class with the operations of `table` (a generated operation table) on the probe's client.
 *
 * @example
 * ```ts
 * import { LeanClient, leanApi } from "./lean_client.ts";
 * const Ping = leanApi("getPing GET /api/v2/ping");
 * console.log(typeof (new Ping(new LeanClient({})) as unknown as { getPing: unknown }).getPing);
 * ```
 */
export function leanApi(
  table: string,
): new (client: LeanClient) => { readonly client: LeanClient } {
  class Api {
    constructor(readonly client: LeanClient) {}
  }
  installOperations(Api.prototype, table);
  return Api;
}
