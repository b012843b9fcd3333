/**
 * `PlatformClient`: configuration, credentials, transport and hooks, and the
 * one `call` every generated API method goes through.
 *
 * @module
 */

import { ApiPromise, type ApiPromise as ApiPromiseType, type ApiResponse } from "./api_promise.ts";
import { parseRateLimit } from "./api_promise.ts";
import type { Authenticator } from "./authenticator.ts";
import type { AuthKind, CallOptions, Endpoint } from "./endpoint.ts";
import { AbortedError, ApiError, GenesysCloudError, NetworkError, TimeoutError } from "./errors.ts";
import type { GatewayConfig } from "./regions.ts";
import { buildRequest, type BuiltRequest } from "./request.ts";
import type { HookContext, PostHook, PreHook, Transport } from "./transport.ts";
import { Configuration, type Settings } from "../config/configuration.ts";

/**
 * Options of {@linkcode PlatformClient}: every {@linkcode Settings} field plus
 * the transport and an initial access token.
 *
 * @example
 * ```ts
 * import type { ClientOptions } from "./client.ts";
 * const opts: ClientOptions = { environment: "eu_west_1", accessToken: "token" };
 * ```
 */
export interface ClientOptions extends Settings {
  /** Sends requests; defaults to the global `fetch`. */
  transport?: Transport;
  /** An access token obtained elsewhere. */
  accessToken?: string;
}

/** Credentials the client holds when no login grant manages them. */
class TokenSlots implements Authenticator {
  accessToken: string | undefined;
  guestToken: string | undefined;
  webMessagingToken: string | undefined;

  authorize(kind: AuthKind): Promise<string | undefined> {
    const token = kind === "oauth"
      ? this.accessToken
      : kind === "guest"
      ? this.guestToken
      : kind === "webmessaging"
      ? this.webMessagingToken
      : undefined;
    return Promise.resolve(token ? `Bearer ${token}` : undefined);
  }

  recover(): Promise<boolean> {
    return Promise.resolve(false);
  }
}

let defaultInstance: PlatformClient | undefined;

/**
 * The entry point: holds configuration and credentials and sends every call.
 *
 * @example
 * ```ts
 * import { PlatformClient } from "./client.ts";
 * const client = new PlatformClient({ environment: "mypurecloud.ie" });
 * client.setAccessToken("token-from-elsewhere");
 * console.log(client.config.urls.api); // https://api.mypurecloud.ie
 * ```
 */
export class PlatformClient {
  /** Live configuration; change it with `config.set({...})` or the setters below. */
  readonly config: Configuration;
  #transport: Transport;
  #preHook: PreHook | undefined;
  #postHook: PostHook | undefined;
  #tokens = new TokenSlots();
  #auth: Authenticator = this.#tokens;

  /** Creates a client. Invalid settings throw a `ConfigurationError`. */
  constructor(options: ClientOptions = {}) {
    const { transport, accessToken, ...settings } = options;
    this.config = new Configuration(settings);
    this.#transport = transport ?? ((request) => fetch(request));
    if (accessToken !== undefined) this.setAccessToken(accessToken);
  }

  /**
   * A shared default client, made on first use; generated API classes use it
   * when constructed without a client, as the official SDK's `ApiClient.instance`.
   */
  static get instance(): PlatformClient {
    return defaultInstance ??= new PlatformClient();
  }

  /** Sets the environment (`mypurecloud.ie`) or region (`eu_west_1`). */
  setEnvironment(environment: string): void {
    this.config.set({ environment });
  }

  /** Routes API and login requests through a gateway; `undefined` removes it. */
  setGateway(gateway: GatewayConfig | undefined): void {
    this.config.set({ gateway });
  }

  /** Replaces the transport (the official SDK's `setHttpClient`). */
  setHttpClient(transport: Transport): void {
    if (typeof transport !== "function") {
      throw new TypeError("setHttpClient: transport must be a function (Request) => Response");
    }
    this.#transport = transport;
  }

  /** Runs `hook` before every attempt; `undefined` removes it. */
  setPreHook(hook: PreHook | undefined): void {
    this.#preHook = hook;
  }

  /** Runs `hook` after every attempt that got a response; `undefined` removes it. */
  setPostHook(hook: PostHook | undefined): void {
    this.#postHook = hook;
  }

  /** Sets headers sent with every API request. */
  setDefaultHeaders(headers: Record<string, string>): void {
    this.config.set({ defaultHeaders: { ...headers } });
  }

  /** Uses `token` as the bearer access token. */
  setAccessToken(token: string | undefined): void {
    this.#tokens.accessToken = token || undefined;
  }

  /** Uses `jwt` for `Guest Chat JWT` operations (`/api/v2/webchat/guest/...`). */
  setGuestToken(jwt: string | undefined): void {
    this.#tokens.guestToken = jwt || undefined;
  }

  /** Uses `jwt` for `Webmessaging JWT` operations. */
  setWebMessagingToken(jwt: string | undefined): void {
    this.#tokens.webMessagingToken = jwt || undefined;
  }

  /**
   * Calls one operation: the low-level method every generated method uses.
   * `args` are the required parameters in order, `opts` the optional ones and
   * {@linkcode CallOptions}.
   */
  call<T>(
    endpoint: Endpoint,
    args: readonly unknown[],
    opts?: object,
  ): ApiPromiseType<T> {
    return new ApiPromise<T>(this.#execute<T>(endpoint, args, opts as CallOptions | undefined));
  }

  /**
   * Sends one request through the pre-hook, the transport and the post-hook,
   * with no authentication, retry or body parsing. Login requests use it.
   */
  async send(request: Request, context: HookContext): Promise<Response> {
    let req = request;
    if (this.#preHook) req = (await this.#preHook(req, context)) ?? req;
    let res = await this.#transport(req);
    if (this.#postHook) res = (await this.#postHook(res, req, context)) ?? res;
    return res;
  }

  async #execute<T>(
    endpoint: Endpoint,
    args: readonly unknown[],
    opts: CallOptions | undefined,
  ): Promise<ApiResponse<T>> {
    const values = this.config.values;
    const built = buildRequest(endpoint, args, opts, this.config.urls.api, values.defaultHeaders);
    const deadline = new Deadline(opts?.signal, opts?.timeoutMs ?? values.timeoutMs);
    const kind = endpoint.auth ?? "oauth";
    try {
      let authorization = await this.#auth.authorize(kind, deadline.signal);
      let res = await this.#attempt(built, authorization, endpoint.name, deadline.signal);
      if (res.status === 401 && kind !== "none") {
        if (await this.#auth.recover(kind, authorization, deadline.signal)) {
          await res.body?.cancel();
          authorization = await this.#auth.authorize(kind, deadline.signal);
          res = await this.#attempt(built, authorization, endpoint.name, deadline.signal);
        }
      }
      return await readResponse<T>(res, endpoint, built);
    } catch (error) {
      throw deadline.explain(error, endpoint.name, built);
    } finally {
      deadline.clear();
    }
  }

  async #attempt(
    built: BuiltRequest,
    authorization: string | undefined,
    operation: string,
    signal: AbortSignal,
  ): Promise<Response> {
    const headers = new Headers(built.headers);
    if (authorization) headers.set("Authorization", authorization);
    const request = new Request(built.url, {
      method: built.method,
      headers,
      body: built.body,
      signal,
    });
    return await this.send(request, { operation, attempt: 1 });
  }
}

/** Combines the caller's signal with the call's time limit. */
class Deadline {
  readonly #controller = new AbortController();
  readonly #user: AbortSignal | undefined;
  readonly #timer: ReturnType<typeof setTimeout>;
  readonly #timeoutMs: number;
  #timedOut = false;
  readonly #onAbort = () => this.#controller.abort(this.#user?.reason);

  constructor(user: AbortSignal | undefined, timeoutMs: number) {
    this.#user = user;
    this.#timeoutMs = timeoutMs;
    this.#timer = setTimeout(() => {
      this.#timedOut = true;
      this.#controller.abort();
    }, timeoutMs);
    if (user?.aborted) this.#controller.abort(user.reason);
    else user?.addEventListener("abort", this.#onAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  clear(): void {
    clearTimeout(this.#timer);
    this.#user?.removeEventListener("abort", this.#onAbort);
  }

  /** Maps what a failed call threw to the error the caller sees. */
  explain(error: unknown, operation: string, built: BuiltRequest): unknown {
    const where = `${operation}: ${built.method} ${built.url}`;
    if (this.#timedOut) {
      return new TimeoutError(`${where} timed out after ${this.#timeoutMs} ms`, { cause: error });
    }
    if (this.#controller.signal.aborted) {
      return new AbortedError(`${where} was aborted`, { cause: this.#user?.reason ?? error });
    }
    if (error instanceof GenesysCloudError) return error;
    if (error instanceof TypeError) {
      return new NetworkError(`${where} failed: ${error.message}`, { cause: error });
    }
    return error;
  }
}

async function readResponse<T>(
  res: Response,
  endpoint: Endpoint,
  built: BuiltRequest,
): Promise<ApiResponse<T>> {
  if (!res.ok) {
    const body = await res.text();
    throw new ApiError({
      status: res.status,
      operation: endpoint.name,
      method: built.method,
      url: built.url,
      headers: res.headers,
      body,
    });
  }
  let data: unknown;
  if (endpoint.method === "HEAD" || res.status === 204 || endpoint.response === "none") {
    await res.body?.cancel();
  } else {
    const text = await res.text();
    if (endpoint.response === "text" || text === "") {
      data = text === "" ? undefined : text;
    } else if (/\bjson\b|\+json\b/i.test(res.headers.get("content-type") ?? "application/json")) {
      try {
        data = JSON.parse(text);
      } catch (cause) {
        throw new GenesysCloudError(
          `${endpoint.name}: ${built.method} ${built.url} returned a body that is not valid JSON`,
          { cause },
        );
      }
    } else {
      data = text;
    }
  }
  return {
    data: data as T,
    status: res.status,
    headers: res.headers,
    correlationId: res.headers.get("inin-correlation-id") ?? undefined,
    rateLimit: parseRateLimit(res.headers),
  };
}
