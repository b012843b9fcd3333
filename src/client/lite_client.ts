/**
 * `LiteClient`: the small client, for browser bundles and Workers where every
 * kilobyte counts. The generated API classes take it as they take
 * `PlatformClient`; it carries only what a call needs.
 *
 * @module
 */

import type { ApiPromise } from "../http/api_promise.ts";
import type { AuthKind, Endpoint } from "../base/endpoint.ts";
import { ConfigurationError, ParameterError } from "../base/errors.ts";
import { checkedHeaders, HEADER_VALUE_PROBLEM, isHeaderValue } from "../base/header_check.ts";
import { shown } from "../base/shown.ts";
import { baseUrlProblem, environmentHost } from "../base/url.ts";
import { isTimeLimit, TIMEOUT_PROBLEM } from "../base/time_limit.ts";
import { Engine, type EngineSettings } from "../http/engine.ts";
import { transportFailure } from "../http/exchange.ts";
import type { Credentials } from "../http/credentials.ts";
import type {
  ResolvedRetryConfiguration,
  RetryConfiguration,
  RetryRules,
} from "../http/retry_policy.ts";
import type { Transport } from "../http/transport.ts";
import { checkUnknownOptions, type UnknownOptions } from "../http/request.ts";
import type { OperationClient } from "../operations/operation_client.ts";
import { type AuthData, toAuthData } from "../auth/auth_data.ts";
import { basicAuthorization } from "../auth/basic.ts";
import { assertServerRuntime } from "../auth/runtime.ts";
import { requestToken, type TokenSender } from "../auth/token_request.ts";
import type { StoredToken, TokenStore } from "../auth/token_store.ts";
import type { RateLimitOptions } from "../http/pacer.ts";
import { rateLimitFeature, type StoreLogin } from "../auth/fleet.ts";

/**
 * Options of {@linkcode LiteClient}. Every field is optional.
 *
 * @example
 * ```ts
 * import type { LiteClientOptions } from "./lite_client.ts";
 * const options: LiteClientOptions = { environment: "mypurecloud.ie", retry: { retryMax: 3 } };
 * ```
 */
export interface LiteClientOptions {
  /**
   * Environment domain, such as `mypurecloud.ie`. Default `mypurecloud.com`.
   * Region names are not read here (that table stays out of your bundle):
   * pass `REGIONS.eu_west_1` for one.
   */
  environment?: string;
  /** Explicit API base URL (a gateway, a local sandbox); overrides the environment for calls. */
  basePath?: string;
  /** Explicit login base URL; overrides the environment for `/oauth/token`. */
  loginBasePath?: string;
  /** An access token obtained elsewhere (a browser login, a server of yours). */
  accessToken?: string;
  /** Per-call time limit in milliseconds, covering retries and token renewal. Default 16000. */
  timeoutMs?: number;
  /** Headers sent with every API request. */
  defaultHeaders?: Record<string, string>;
  /**
   * Retries of 429 and 5xx (not 501) answers, waiting as `Retry-After` says,
   * and of failed connections for idempotent methods. Default: off (`retryMax` 0).
   * The retry rules are a feature, so that bundles without retries leave them
   * out: add `import "@cxkit/genesys-cloud/retry";` (the package root has it).
   * Without it every request is sent once, an HTTP/2 refusal included (with it,
   * as on `PlatformClient`, a refused stream is sent again at once, once).
   */
  retry?: Pick<
    RetryConfiguration,
    "retryMax" | "retryWaitMin" | "retryWaitMax" | "retryNonIdempotent"
  >;
  /** Sends requests (a Worker's service binding, a test double); defaults to the global `fetch`. */
  transport?: Transport;
  /** Pacing under the server's rate limit, as on `PlatformClient`. Off by default. */
  rateLimit?: RateLimitOptions;
  /**
   * Shares client-credentials tokens through this store: processes starting
   * together on one store make one token request (with `lock`).
   */
  tokenStore?: TokenStore;
  /**
   * What a call does with an option key its operation does not take: `"warn"` (default)
   * sends it without the key and warns once per operation and key (`console.warn`);
   * `"error"` rejects with a `ParameterError`; `"ignore"` sends it without a word.
   */
  unknownOptions?: UnknownOptions;
}

/**
 * The retry feature, as `LiteClient` takes it: the rules, and the settings
 * they read from the `retry` option.
 *
 * @example
 * ```ts
 * import type { LiteRetry } from "./lite_client.ts";
 * import { checkRetry, DEFAULT_RETRY, RETRY_RULES } from "../http/retry_policy.ts";
 * const feature: LiteRetry = {
 *   ...RETRY_RULES,
 *   resolve(options) {
 *     const settings = { ...DEFAULT_RETRY, ...(options as object) };
 *     checkRetry(settings);
 *     return settings;
 *   },
 * };
 * ```
 */
export interface LiteRetry extends RetryRules {
  /** The `retry` option with defaults filled in; throws a `ConfigurationError` on a bad one. */
  resolve(options: unknown): ResolvedRetryConfiguration;
}

let liteRetry: LiteRetry | undefined;

/**
 * Gives every `LiteClient` made from now on its retry rules: what
 * `import "@cxkit/genesys-cloud/retry"` does.
 *
 * @example
 * ```ts
 * import { registerLiteRetry } from "./lite_client.ts";
 * import { retryPlugin } from "../features/retry.ts";
 * registerLiteRetry(retryPlugin);
 * ```
 */
export function registerLiteRetry(feature: LiteRetry): void {
  liteRetry = feature;
}

/** Client-credentials tokens are renewed this long before they expire (at most half their life). */
const RENEWAL_MARGIN_MS = 300_000;
/** After a failed renewal of a still valid token, the next attempt waits this long. */
const RENEW_RETRY_MS = 30_000;
/** After a 401 renewed the token, another 401 does not renew it again for this long. */
const REJECTED_RENEWAL_INTERVAL_MS = 10_000;
/** A token this close to its expiry may be refused as expired already. */
const EXPIRY_SKEW_MS = 5_000;

/**
 * The small client: a call, its time limit and retries, typed errors and
 * `withResponse()`, an access token or a client-credentials login renewed
 * before it expires and after a 401. For logging, config files, hooks, proxy,
 * mTLS, token stores and the other grants use `PlatformClient`: the API
 * classes take either.
 *
 * @example
 * ```ts
 * import { LiteClient } from "./lite_client.ts";
 * import { UsersApi } from "../generated/apis/users.js";
 * const client = new LiteClient({ environment: "mypurecloud.ie", accessToken: "token" });
 * const users = new UsersApi(client);
 * console.log(typeof users.getUsersMe); // function
 * ```
 */
export class LiteClient implements OperationClient {
  readonly #credentials: LiteCredentials;
  readonly #engine: Engine;

  /** Creates a client; a bad option throws a `ConfigurationError` naming it. */
  constructor(options: LiteClientOptions = {}) {
    const { environment = "mypurecloud.com", basePath, loginBasePath, timeoutMs = 16_000 } =
      options;
    // As PlatformClient reads it (`https://api.mypurecloud.de/` is `mypurecloud.de`).
    const env = String(environment);
    const host = environmentHost(env);
    if (!host) {
      throw new ConfigurationError(
        `environment ${shown(env)} is not a domain (for a region name, pass REGIONS.<name>)`,
      );
    }
    const api = base(basePath, "basePath") ?? `https://api.${host}`;
    const login = base(loginBasePath, "loginBasePath") ?? `https://login.${host}`;
    if (!isTimeLimit(timeoutMs)) {
      throw new ConfigurationError(`timeoutMs ${TIMEOUT_PROBLEM}`);
    }
    const defaultHeaders = options.defaultHeaders === undefined ? undefined : checkedHeaders(
      options.defaultHeaders,
      (problem) => new ConfigurationError(`defaultHeaders: ${problem}`),
    );
    // With the retry feature loaded, refused HTTP/2 streams are sent again even when the
    // `retry` option is not set.
    const retrying = liteRetry;
    if (options.retry !== undefined && !retrying) {
      throw new ConfigurationError(
        'the retry option needs the retry feature: add `import "@cxkit/genesys-cloud/retry";`',
      );
    }
    const retry = options.retry === undefined ? undefined : retrying!.resolve(options.retry);
    const { unknownOptions = "warn", transport, rateLimit, tokenStore, accessToken } = options;
    checkUnknownOptions(unknownOptions);
    const settings: EngineSettings = { timeoutMs, retry, defaultHeaders, unknownOptions };
    if (transport !== undefined && typeof transport !== "function") {
      throw new ConfigurationError("transport must be a function");
    }
    // What the transport throws is a failed connection (retried as the engine's rules say).
    const send: Transport | undefined = transport && (async (request) => {
      try {
        return await transport(request);
      } catch (error) {
        throw transportFailure(error);
      }
    });
    // Both need the rate-limit feature (`@cxkit/genesys-cloud/ratelimit`).
    const fleet = rateLimit === undefined && tokenStore === undefined
      ? undefined
      : rateLimitFeature("LiteClient's rateLimit or tokenStore");
    const credentials = this.#credentials = new LiteCredentials(
      {
        config: { urls: { login }, values: { timeoutMs } },
        send: (request) => (send ?? fetch)(request),
      },
      tokenStore === undefined ? undefined : fleet!.liteStore(tokenStore, login, timeoutMs),
    );
    this.#engine = new Engine({
      pacer: rateLimit === undefined
        ? undefined
        : fleet!.createPacer(rateLimit, () => credentials.secrets()[0] ?? ""),
      credentials,
      settings: () => settings,
      apiBase: () => api,
      send: () => send,
      secrets: () => credentials.secrets(),
      retry: retrying,
    });
    if (accessToken) {
      if (!isHeaderValue(accessToken)) {
        throw new ConfigurationError(`accessToken ${HEADER_VALUE_PROBLEM}`);
      }
      this.setAccessToken(accessToken);
    }
  }

  /**
   * Calls send this token from now on (no renewal: a new one must be set);
   * `undefined` or `""` forgets it, as on `PlatformClient`.
   */
  setAccessToken(token: string | undefined): void {
    if (token && !isHeaderValue(token)) {
      throw new ParameterError("setAccessToken", "token", HEADER_VALUE_PROBLEM);
    }
    this.#credentials.setToken(token);
  }

  /**
   * Logs in with the client credentials grant (server runtimes and Workers:
   * never in a browser page, where the secret would ship to every visitor).
   * Once it succeeded, the token is renewed the same way before it expires
   * and after a 401.
   */
  // deno-lint-ignore require-await -- async so that a bad argument rejects, never throws
  async loginClientCredentialsGrant(clientId: string, clientSecret: string): Promise<AuthData> {
    const method = "loginClientCredentialsGrant";
    assertServerRuntime(method);
    // Checks both (non-empty text, no ':' in the id) before anything changes.
    basicAuthorization(clientId, clientSecret, method);
    return this.#credentials.login(clientId, clientSecret);
  }

  /**
   * Calls one operation: the low-level method every generated method uses.
   * `args` are the required parameters in order, `opts` the optional ones and
   * the per-call options (`signal`, `timeoutMs`, `customHeaders`).
   */
  call<T>(endpoint: Endpoint, args: readonly unknown[], opts?: object): ApiPromise<T> {
    return this.#engine.call<T>(endpoint, args, opts);
  }
}

/**
 * `LiteClient`'s credentials: a given token, or a client-credentials login
 * renewed ahead of expiry and after a 401 (once per call, and not again on a
 * 401 within 10 s of a 401 renewal unless the token is at its expiry).
 */
class LiteCredentials implements Credentials {
  readonly #sender: TokenSender;
  /** The `Authorization` value calls send. */
  #authorization: string | undefined;
  /** When the token is due for renewal (`Date.now()` time). */
  #renewAt = Infinity;
  /** When the token expires (`Date.now()` time; `Infinity` when unknown). */
  #expiresAt = Infinity;
  /** Gets a new token (a client-credentials login); absent for a given token. */
  #renew: (() => Promise<AuthData>) | undefined;
  /** When a 401 last made a renewal (`Date.now()` time). */
  #renewedOn401At = -Infinity;
  /** Counts credential changes: a login answered after a later change is not applied. */
  #generation = 0;
  /** The client secret of the login in use. */
  #secret: string | undefined;

  /** Logs in through the client's token store, when it has one. */
  readonly #storeLogin: StoreLogin | undefined;

  constructor(sender: TokenSender, storeLogin: StoreLogin | undefined) {
    this.#sender = sender;
    this.#storeLogin = storeLogin;
  }

  /** The token and the client secret of the login: never shown in an error. */
  secrets(): (string | undefined)[] {
    return [this.#authorization?.slice(7), this.#secret];
  }

  setToken(token: string | undefined): void {
    this.#generation++;
    this.#authorization = token ? `Bearer ${token}` : undefined;
    this.#renew = undefined;
    this.#renewAt = this.#expiresAt = Infinity;
  }

  login(clientId: string, clientSecret: string): Promise<AuthData> {
    const generation = ++this.#generation;
    const request = async (): Promise<StoredToken> => {
      const answer = await requestToken(this.#sender, {
        method: "loginClientCredentialsGrant",
        form: { grant_type: "client_credentials" },
        basic: { clientId, clientSecret },
        secrets: [clientSecret],
      });
      return {
        accessToken: answer.access_token,
        expiresIn: answer.expires_in,
        tokenExpiryTime: answer.expires_in === undefined
          ? undefined
          : Date.now() + answer.expires_in * 1000,
      };
    };
    /** This login (or a renewal of it) in flight: calls that need it share it. */
    let running: Promise<AuthData> | undefined;
    const login = (): Promise<AuthData> => running ??= apply().finally(() => running = undefined);
    const apply = async (): Promise<AuthData> => {
      // Through a shared store, a usable token is adopted, and processes starting together
      // make one token request.
      const token = await (this.#storeLogin?.(clientId, clientSecret, request) ?? request());
      const now = Date.now();
      const lifeMs = token.tokenExpiryTime === undefined ? undefined : token.tokenExpiryTime - now;
      // A token set or a login started since this one began wins; a renewal of the
      // login in use applies (a later login that failed changed nothing).
      if (generation === this.#generation || this.#renew === login) {
        this.#authorization = `Bearer ${token.accessToken}`;
        this.#secret = clientSecret;
        this.#renew = login;
        this.#expiresAt = lifeMs === undefined ? Infinity : now + lifeMs;
        this.#renewAt = this.#expiresAt - Math.min(RENEWAL_MARGIN_MS, (lifeMs ?? 0) / 2);
      }
      return toAuthData({
        accessToken: token.accessToken,
        expiresIn: lifeMs === undefined ? undefined : Math.floor(lifeMs / 1000),
        tokenExpiryTime: token.tokenExpiryTime,
      });
    };
    // Always a new token request: a login in flight for other credentials is never joined
    // (it may fail, a wrong secret, while the credentials in use still renew).
    return login();
  }

  authorizeNow(kind: AuthKind): string | undefined | null {
    if (kind === "none") return undefined;
    if (kind !== "oauth" || (this.#renew && Date.now() >= this.#renewAt)) return null;
    return this.#authorization;
  }

  async authorize(kind: AuthKind, signal?: AbortSignal): Promise<string | undefined> {
    if (kind === "none") return undefined;
    if (kind !== "oauth") {
      throw new ConfigurationError(
        `this operation needs a ${kind} token, which LiteClient does not hold: use PlatformClient`,
      );
    }
    const renew = this.#renew;
    if (renew && Date.now() >= this.#renewAt) {
      try {
        await renew();
      } catch (error) {
        // A renewal ahead of expiry failed: the token still works, so use it and try later.
        if (signal?.aborted || Date.now() >= this.#expiresAt) throw error;
        if (this.#renew === renew) {
          this.#renewAt = Math.min(Date.now() + RENEW_RETRY_MS, this.#expiresAt);
        }
      }
    }
    return this.#authorization;
  }

  async recover(kind: AuthKind, used: string | undefined): Promise<boolean> {
    const renewer = this.#renew;
    if (kind !== "oauth" || !renewer) return false;
    // A token renewed since this one went out is simply used.
    if (this.#authorization !== used) return true;
    const now = Date.now();
    // A server that refuses every new token must not make the client storm its token
    // endpoint: no second 401 renewal within the interval, unless the token is at its expiry.
    if (
      now - this.#renewedOn401At < REJECTED_RENEWAL_INTERVAL_MS &&
      now < this.#expiresAt - EXPIRY_SKEW_MS
    ) {
      return false;
    }
    await renewer();
    this.#renewedOn401At = Date.now();
    return true;
  }
}

/** Checks an explicit base URL (`http` or `https`, nothing after the path); `undefined` when unset. */
function base(url: string | undefined, field: string): string | undefined {
  if (url === undefined) return undefined;
  const problem = baseUrlProblem(String(url));
  if (problem) throw new ConfigurationError(`${field} ${problem}`);
  return url.replace(/\/+$/, "");
}
