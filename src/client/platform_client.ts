/**
 * `PlatformClient`: configuration, credentials, transport and hooks, and the
 * one `call` every generated API method goes through.
 *
 * @module
 */

import {
  ApiPromise,
  type ApiPromise as ApiPromiseType,
  type ApiResponse,
  type CallResult,
} from "../http/api_promise.ts";
import type { Authenticator } from "../http/credentials.ts";
import type { AuthKind, CallOptions, Endpoint } from "../base/endpoint.ts";
import { ConfigurationError, GenesysCloudError, ParameterError } from "../base/errors.ts";
import { checkedHeaders, HEADER_VALUE_PROBLEM, isHeaderValue } from "../base/header_check.ts";
import { setSharedClient } from "../operations/operation_client.ts";
import {
  carriesBody,
  Deadline,
  isTransportFailure,
  readResponse,
  requestInit,
  toResult,
  transportFailure,
} from "../http/exchange.ts";
import { MAX_TIMEOUT_MS, TIMEOUT_PROBLEM } from "../base/time_limit.ts";
import type { GatewayConfig } from "../base/regions.ts";
import { buildRequest, type BuiltRequest } from "../http/request.ts";
import type { HookContext, PostHook, PreHook, Transport } from "../http/transport.ts";
import { Configuration, type ResolvedSettings, type Settings } from "../config/configuration.ts";
import * as auth from "../auth/client_api.ts";
import type {
  AuthData,
  AuthPopupConfiguration,
  AuthPopupStatusListener,
  LoginImplicitGrantOptions,
  LoginPKCEGrantOptions,
  TokenStore,
} from "../auth/client_api.ts";
import { AuthSession } from "../auth/session.ts";
import type { NetOptions, NetTransport } from "../net/options.ts";
import type { ProxyConfig } from "../net/proxy.ts";
import { isBrowserPage } from "../auth/runtime.ts";
import {
  type ClientConfigFile,
  type ClientLogger,
  type ConfigFileFeature,
  installedFeature,
  MissingFeatureError,
  requireFeature,
} from "./plugins.ts";
import { classifyNetworkError } from "../http/network_errors.ts";
import { isRetryableFailure, isRetryableStatus, retryDelay } from "../http/retry_policy.ts";
import { sleep } from "../base/sleep.ts";
import { SETTLED } from "../base/settled.ts";
import { runIgnoringFailure } from "../base/callback.ts";
import { untilAborted } from "../base/abort_watch.ts";

/**
 * Options of {@linkcode PlatformClient}: every {@linkcode Settings} field plus
 * the transport and an initial access token.
 *
 * @example
 * ```ts
 * import type { ClientOptions } from "./platform_client.ts";
 * const opts: ClientOptions = { environment: "eu_west_1", accessToken: "token" };
 * ```
 */
export interface ClientOptions extends Settings {
  /** Sends requests; defaults to the global `fetch`. */
  transport?: Transport;
  /** An access token obtained elsewhere. */
  accessToken?: string;
}

let defaultInstance: PlatformClient | undefined;

/**
 * The entry point: holds configuration and credentials and sends every call.
 *
 * @example
 * ```ts
 * import { PlatformClient } from "./platform_client.ts";
 * const client = new PlatformClient({ environment: "mypurecloud.ie" });
 * client.setAccessToken("token-from-elsewhere");
 * console.log(client.config.urls.api); // https://api.mypurecloud.ie
 * ```
 */
export class PlatformClient {
  /** Live configuration; change it with `config.set({...})` or the setters below. */
  readonly config: Configuration;
  #transport: Transport;
  #userTransport: boolean;
  #net: NetOptions = {};
  #netKey = netKey({});
  #pendingNet: { key: string; net: NetOptions; transport: NetTransport | undefined } | undefined;
  #netTransport: NetTransport | undefined;
  #preHook: PreHook | undefined;
  #postHook: PostHook | undefined;
  #session: AuthSession = new AuthSession(this);
  #auth: Authenticator = this.#session;
  #logger: ClientLogger | undefined;
  #loggerLoad: Promise<ClientLogger> | undefined;
  /** The config-file feature, when installed and the runtime has files. */
  #files: ConfigFileFeature | undefined;
  #configFileLoad: Promise<ClientConfigFile> | undefined;
  #configFile: ClientConfigFile | undefined;

  /** Creates a client. Invalid settings throw a `ConfigurationError`. */
  constructor(options: ClientOptions = {}) {
    const { transport, accessToken, ...settings } = options;
    if (transport !== undefined && typeof transport !== "function") {
      throw new ConfigurationError("transport must be a function");
    }
    if (accessToken !== undefined && !isHeaderValue(accessToken)) {
      throw new ConfigurationError(`accessToken ${HEADER_VALUE_PROBLEM}`);
    }
    this.config = new Configuration(settings);
    this.#transport = transport ?? ((request) => fetch(request));
    this.#userTransport = transport !== undefined;
    if (accessToken !== undefined) this.setAccessToken(accessToken);
    this.config.addCheck((values) => this.#prepareNet(values));
    this.config.onChange((values) => this.#commitNet(values));
    this.#prepareNet(this.config.values);
    this.#commitNet(this.config.values);
    const files = installedFeature("configFile");
    this.#files = files?.available ? files : undefined;
    this.config.onChange((values) => this.#logger?.configure(values.logging));
  }

  /**
   * The logger (logging feature), made the first time something is to be
   * logged: with the default level `none` its code is never loaded.
   */
  #loadLogger(): Promise<ClientLogger> {
    return this.#loggerLoad ??= requireFeature("logging", "logging").create(
      this.config.values.logging,
      () => {
        const { proxy, gateway } = this.config.values;
        return [proxy?.auth?.password, gateway?.password];
      },
    ).then((logger) => {
      // Settings changed while it loaded reach it now (the change listener had no logger yet).
      logger.configure(this.config.values.logging);
      return this.#logger = logger;
    });
  }

  /**
   * The config-file reader (config-file feature), opened on first use and
   * only where files exist (Deno, Bun). Its messages (a rejected file
   * version) go to the logger when the logging feature is there, else to
   * `console.error`.
   */
  #fileSource(): Promise<ClientConfigFile> | undefined {
    const files = this.#files;
    if (!files) return undefined;
    return this.#configFileLoad ??= files.open(this.config, (message) => {
      if (installedFeature("logging")) {
        void this.#loadLogger().then((logger) => logger.message(message));
      } else console.error(message);
    }).then((source) => this.#configFile = source);
  }

  /**
   * Settles once the config file has been read (see `configFilePath`); rejects
   * with a `ConfigurationError` naming the file, section and key when the file
   * cannot be used. Calls wait for it by themselves; await it to see file
   * settings in `config.values` or to fail fast on a bad file.
   */
  get ready(): Promise<void> {
    // Loaded and nothing due: an already fulfilled promise callers can see through.
    if (this.#configFile?.current) return SETTLED;
    return this.#fileSource()?.then((source) => source.ready) ?? SETTLED;
  }

  /**
   * Stops config-file watching, closes the proxy/mTLS HTTP client and flushes
   * the log file. Idempotent. A client that is never closed does not keep the
   * process alive; closing is for tidy shutdowns and tests.
   *
   * @example
   * ```ts
   * import { PlatformClient } from "./platform_client.ts";
   * const client = new PlatformClient({ liveReloadConfig: true });
   * await client.close();
   * ```
   */
  async close(): Promise<void> {
    if (this.#configFileLoad) await (await this.#configFileLoad).close();
    this.#pendingNet?.transport?.close();
    this.#pendingNet = undefined;
    this.#releaseNetTransport();
    if (this.#loggerLoad) await (await this.#loggerLoad).flush();
  }

  /** `await using client = new PlatformClient()` closes it at the end of the scope. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /**
   * A shared default client, made on first use; generated API classes use it
   * when constructed without a client, as the official SDK's `ApiClient.instance`.
   */
  static get instance(): PlatformClient {
    if (!defaultInstance) {
      defaultInstance = new PlatformClient();
      setSharedClient(defaultInstance);
    }
    return defaultInstance;
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
      throw new ConfigurationError("transport must be a function (setHttpClient)");
    }
    this.#releaseNetTransport();
    this.#userTransport = true;
    this.#transport = transport;
  }

  /**
   * Sends every request (API and login) through an HTTP(S) proxy; `undefined`
   * removes it. Needs Deno or Bun (`UnsupportedRuntimeError` elsewhere). A
   * transport given to `setHttpClient` or the constructor is left alone.
   *
   * @example
   * ```ts
   * import { PlatformClient } from "./platform_client.ts";
   * const client = new PlatformClient();
   * client.setProxy({ host: "127.0.0.1", port: 3128, auth: { username: "u", password: "p" } });
   * client.setProxy(undefined);
   * ```
   */
  setProxy(proxy: ProxyConfig | undefined): void {
    if (proxy !== undefined) requireFeature("net", "setProxy").validateProxy(proxy);
    this.config.set({ proxy: proxy === undefined ? undefined : { ...proxy } });
  }

  /**
   * Reads a client certificate, its private key and optionally a CA
   * certificate from PEM files (Deno, Bun), synchronously as the official SDK
   * does, and uses them for mutual TLS from the next request on, as
   * {@linkcode PlatformClient.setMTLSContents}. A file that cannot be read is
   * a `ConfigurationError` naming it; nothing is applied then.
   *
   * @example
   * ```ts
   * import { PlatformClient } from "./platform_client.ts";
   * const client = new PlatformClient();
   * try {
   *   client.setMTLSCertificates("client.crt", "client.key", "ca.crt");
   * } catch (e) {
   *   console.log((e as Error).name); // ConfigurationError: there are no such files here
   * }
   * ```
   */
  setMTLSCertificates(certPath: string, keyPath: string, caPath?: string): void {
    const net = requireFeature("net", "setMTLSCertificates");
    this.setMTLSContents(
      net.readTextFileSync(certPath, "mTLS certificate"),
      net.readTextFileSync(keyPath, "mTLS private key"),
      caPath ? net.readTextFileSync(caPath, "mTLS CA certificate") : undefined,
    );
  }

  /**
   * Presents the client certificate `cert` (PEM) with its unencrypted private
   * `key` (PEM) to servers that ask for one, and trusts the CA certificates in
   * `ca` (PEM) besides the runtime's own. Applies to API and login requests.
   * Needs Deno or Bun (`UnsupportedRuntimeError` elsewhere); malformed PEM
   * throws a `ConfigurationError` that never quotes the material.
   *
   * @example
   * ```ts
   * import { PlatformClient } from "./platform_client.ts";
   * const client = new PlatformClient();
   * const [cert, key] = ["-----BEGIN CERTIFICATE-----...", "-----BEGIN PRIVATE KEY-----..."];
   * try {
   *   client.setMTLSContents(cert, key);
   * } catch (e) {
   *   console.log((e as Error).name); // ConfigurationError: these are not real PEM blocks
   * }
   * ```
   */
  setMTLSContents(cert: string, key: string, ca?: string): void {
    const mtls = ca === undefined || ca === "" ? { cert, key } : { cert, key, ca };
    requireFeature("net", "setMTLSContents").validateMtls(mtls);
    this.config.set({ mtls });
  }

  /** Stops presenting a client certificate (undoes the `setMTLS*` methods). */
  clearMTLS(): void {
    this.config.set({ mtls: undefined });
  }

  /**
   * Config check: builds the transport for changed proxy/mTLS settings (code
   * or config file) before the change applies, so a runtime that rejects them
   * rejects the change and the working transport stays.
   */
  #prepareNet(values: Readonly<ResolvedSettings>): void {
    const key = netKey(values);
    if (key === this.#netKey) return;
    this.#pendingNet?.transport?.close();
    const net: NetOptions = { proxy: values.proxy, mtls: values.mtls };
    const wanted = net.proxy !== undefined || net.mtls !== undefined;
    const transport = !this.#userTransport && wanted
      ? requireFeature("net", "proxy and mTLS settings").createTransport(net)
      : undefined;
    this.#pendingNet = { key, net, transport };
  }

  /** Config listener: switches to the transport {@linkcode #prepareNet} built; the old one is closed. */
  #commitNet(values: Readonly<ResolvedSettings>): void {
    const pending = this.#pendingNet;
    if (!pending || pending.key !== netKey(values)) return;
    this.#pendingNet = undefined;
    this.#netKey = pending.key;
    this.#net = pending.net;
    if (this.#userTransport) return;
    this.#releaseNetTransport();
    this.#netTransport = pending.transport;
    this.#transport = pending.transport ?? ((request) => fetch(request));
  }

  /** Closes the `Deno.HttpClient` behind the proxy/mTLS transport, if one was made. */
  #releaseNetTransport(): void {
    this.#netTransport?.close();
    this.#netTransport = undefined;
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
    const fail = (problem: string) => new ConfigurationError(`defaultHeaders: ${problem}`);
    this.config.set({ defaultHeaders: checkedHeaders(headers, fail) });
  }

  /** Uses `token` as the bearer access token (`undefined` or `""` forgets it). */
  setAccessToken(token: string | undefined): void {
    this.#session.setAccessToken(checkedToken("setAccessToken", "token", token));
  }

  /** Uses `jwt` for `Guest Chat JWT` operations (`/api/v2/webchat/guest/...`). */
  setGuestToken(jwt: string | undefined): void {
    this.#session.setGuestToken(checkedToken("setGuestToken", "jwt", jwt));
  }

  /** Uses `jwt` for `Webmessaging JWT` operations. */
  setWebMessagingToken(jwt: string | undefined): void {
    this.#session.setWebMessagingToken(checkedToken("setWebMessagingToken", "jwt", jwt));
  }

  // ---- login grants (implemented in src/auth/) ----

  /**
   * The access token in use and its expiry, kept current through renewals
   * and refreshes, like the official SDK's `authData` (with the refresh token
   * of an authorization code grant); `undefined` before a login or
   * `setAccessToken`. A copy: changing it changes nothing.
   *
   * @example
   * ```ts
   * import { PlatformClient } from "./platform_client.ts";
   * const client = new PlatformClient({ accessToken: "abc" });
   * console.log(client.authData?.accessToken); // abc
   * ```
   */
  get authData(): AuthData | undefined {
    return this.#session.authData;
  }

  /** Client credentials grant; server runtimes only (a secret must never ship to a page). */
  loginClientCredentialsGrant(clientId: string, clientSecret: string): Promise<AuthData> {
    return auth.loginClientCredentialsGrant(this, clientId, clientSecret);
  }

  /** SAML2 bearer grant with a base64 assertion; server runtimes only. */
  loginSaml2BearerGrant(
    clientId: string,
    clientSecret: string,
    orgName: string,
    encodedSamlAssertion: string,
  ): Promise<AuthData> {
    return auth.loginSaml2BearerGrant(this, clientId, clientSecret, orgName, encodedSamlAssertion);
  }

  /** Authorization code grant; keeps the refresh token for transparent refresh. Server only. */
  loginCodeAuthorizationGrant(
    clientId: string,
    clientSecret: string,
    authCode: string,
    redirectUri: string,
  ): Promise<AuthData> {
    return auth.loginCodeAuthorizationGrant(this, clientId, clientSecret, authCode, redirectUri);
  }

  /** Requests a new token with a refresh token; server runtimes only. */
  refreshCodeAuthorizationGrant(
    clientId: string,
    clientSecret: string,
    refreshToken: string,
  ): Promise<AuthData> {
    return auth.refreshCodeAuthorizationGrant(this, clientId, clientSecret, refreshToken);
  }

  /** Exchanges a PKCE authorization code and its verifier for a token. */
  authorizePKCEGrant(
    clientId: string,
    codeVerifier: string,
    authCode: string,
    redirectUri: string,
  ): Promise<AuthData> {
    return auth.authorizePKCEGrant(this, clientId, codeVerifier, authCode, redirectUri);
  }

  /** A random PKCE code verifier of 43 to 128 characters. */
  generatePKCECodeVerifier(length: number): string {
    return auth.generatePKCECodeVerifier(length);
  }

  /** The S256 PKCE code challenge (base64url SHA-256) of a verifier. */
  computePKCECodeChallenge(codeVerifier: string): Promise<string> {
    return auth.computePKCECodeChallenge(codeVerifier);
  }

  /**
   * Browser implicit grant: redirects (or pops up) to log in, completes on the
   * way back. Needs the browser-login feature (`@cxkit/genesys-cloud/browser-login`).
   */
  async loginImplicitGrant(
    clientId: string,
    redirectUri: string,
    opts?: LoginImplicitGrantOptions,
  ): Promise<AuthData> {
    const browser = requireFeature("browserLogin", "loginImplicitGrant");
    return await browser.loginImplicitGrant(this, clientId, redirectUri, opts);
  }

  /**
   * Browser PKCE grant: redirects (or pops up) to log in, completes on the way
   * back. Needs the browser-login feature (`@cxkit/genesys-cloud/browser-login`).
   */
  async loginPKCEGrant(
    clientId: string,
    redirectUri: string,
    opts?: LoginPKCEGrantOptions,
    codeVerifier?: string,
  ): Promise<AuthData> {
    const browser = requireFeature("browserLogin", "loginPKCEGrant");
    return await browser.loginPKCEGrant(this, clientId, redirectUri, opts, codeVerifier);
  }

  /**
   * Forgets the token; in a browser page, then goes to the login server's
   * logout page (which needs the browser-login feature).
   */
  async logout(logoutRedirectUri?: string): Promise<void> {
    const browser = installedFeature("browserLogin");
    if (browser) return await browser.logout(this, logoutRedirectUri);
    if (isBrowserPage()) throw new MissingFeatureError("browserLogin", "logout in a browser page");
    await this.#session.clear();
  }

  /**
   * `true`: keeps the access token in `localStorage` under `<prefix>_auth_data`,
   * marked with the client id and login host it is for. Part of browser login:
   * needs the `@cxkit/genesys-cloud/browser-login` entry point (or the root).
   */
  setPersistSettings(persist: boolean, prefix?: string): void {
    this.#session.setPersistSettings(persist, prefix);
  }

  /**
   * Shares tokens through `store` (Deno KV, Web Storage...). Under `key` when
   * given; else only client-credentials tokens are stored, under the login
   * host, the client id and a SHA-256 fingerprint of the credentials (so a
   * wrong secret never finds a token). Tokens of user logins and
   * `setAccessToken` are shared only under a key the app gives.
   */
  setTokenStore(store: TokenStore | undefined, key?: string): void {
    this.#session.setTokenStore(store, key);
  }

  /** Replaces the popup login configuration (`usePopup`, `popupTimeout`, ...). */
  setAuthPopupConfiguration(config: AuthPopupConfiguration): void {
    this.#session.popup("setAuthPopupConfiguration").set(config);
  }

  /** Changes some fields of the popup login configuration. */
  updateAuthPopupConfiguration(config: AuthPopupConfiguration): void {
    this.#session.popup("updateAuthPopupConfiguration").update(config);
  }

  /** The popup login configuration. */
  getAuthPopupConfiguration(): AuthPopupConfiguration {
    return this.#session.popup("getAuthPopupConfiguration").get();
  }

  /** Receives popup login progress (INIT, AUTHENTICATED, TIMEOUT, AUTH_ERROR, ABORTED, ...). */
  addAuthPopupStatusListener(listener: AuthPopupStatusListener): void {
    this.#session.popup("addAuthPopupStatusListener").addListener(listener);
  }

  /** Removes a popup status listener. */
  removeAuthPopupStatusListener(listener: AuthPopupStatusListener): void {
    this.#session.popup("removeAuthPopupStatusListener").removeListener(listener);
  }

  /** Removes every popup status listener. */
  removeAllAuthPopupStatusListeners(): void {
    this.#session.popup("removeAllAuthPopupStatusListeners").removeAllListeners();
  }

  /**
   * Calls one operation: the low-level method every generated method uses.
   * `args` are the required parameters in order (anything after them is
   * ignored), `opts` the optional ones and {@linkcode CallOptions}.
   */
  call<T>(
    endpoint: Endpoint,
    args: readonly unknown[],
    opts?: object,
  ): ApiPromiseType<T> {
    // `#execute` settles with a `CallResult`, which `ApiPromise` turns into the
    // full `ApiResponse` only when `withResponse()` asks.
    const result = this.#execute<T>(endpoint, args, opts as CallOptions | undefined);
    return new ApiPromise<T>(result as unknown as Promise<ApiResponse<T>>);
  }

  /**
   * Sends one request through the pre-hook, the transport and the post-hook,
   * with no authentication, retry or body parsing. Login requests use it.
   * Every request goes through here, so this is where exchanges are logged
   * (with redaction). Waits for the config file first.
   */
  async send(request: Request, context: HookContext): Promise<Response> {
    const configuring = this.#configured();
    if (configuring) await configuring;
    let req = request;
    if (this.#preHook) req = hookResult("pre-hook", req, await this.#preHook(req, context));
    const logger = this.#logger ??
      (this.config.values.logging.logLevel === "none" ? undefined : await this.#loadLogger());
    // No await without a logger: a token request reaches fetch in the call that asked for it.
    const log = logger ? await logger.begin(req) : undefined;
    let res: Response;
    try {
      res = await this.#transport(req);
    } catch (error) {
      transportFailure(error);
      log?.failed(error);
      throw error;
    }
    if (log) res = await log.answered(res);
    if (this.#postHook) {
      const answered = res;
      try {
        res = hookResult("post-hook", answered, await this.#postHook(answered, req, context));
        // A replaced answer is not read: release its connection (a stream the new one reads
        // from cannot be cancelled, and is not).
        if (res !== answered && !answered.bodyUsed) answered.body?.cancel().catch(() => {});
      } catch (error) {
        if (!answered.bodyUsed) await answered.body?.cancel().catch(() => {});
        throw error;
      }
    }
    return res;
  }

  /** Waits for the config file's first load; throws its error while the file is unusable. */
  #configured(): Promise<void> | undefined {
    // Fast path, no await: no file access here, or the file is loaded and current.
    if (!this.#files || this.#configFile?.current) return undefined;
    return this.#configuredSlow();
  }

  async #configuredSlow(): Promise<void> {
    const source = this.#configFile ?? await this.#fileSource();
    if (!source) return;
    await source.ready.catch(() => {});
    await source.checkOnUse();
    const error = source.error;
    if (error) throw error;
  }

  /**
   * One call, as a promise that never throws synchronously. The synchronous
   * part (building and checking the request) and the asynchronous one
   * (`#exchange`) are apart so that the async function every call runs stays
   * small: Bun's (JavaScriptCore's) optimizing compilers spend far less time on it.
   */
  #execute<T>(
    endpoint: Endpoint,
    args: readonly unknown[],
    opts: CallOptions | undefined,
  ): Promise<CallResult<T>> {
    const configuring = this.#configured();
    if (configuring) return configuring.then(() => this.#start<T>(endpoint, args, opts));
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
    const values = this.config.values;
    const built = buildRequest(endpoint, args, opts, this.config.urls.api, values.defaultHeaders);
    const timeoutMs = opts?.timeoutMs ?? values.timeoutMs;
    if (typeof timeoutMs !== "number" || !(timeoutMs > 0 && timeoutMs <= MAX_TIMEOUT_MS)) {
      throw new ParameterError(
        endpoint.name,
        "timeoutMs",
        TIMEOUT_PROBLEM,
      );
    }
    const deadline = new Deadline(opts?.signal, timeoutMs);
    const kind = endpoint.auth ?? "oauth";
    // Known at once in the common case (no refresh in flight or due): no promise to wait for.
    const authorization = this.#session.authorizeNow(kind);
    const current = this.config.values;
    if (authorization === null || current.retry.retryMax >= 1 || !this.#direct(current)) {
      return this.#exchange<T>(endpoint, built, deadline, kind, authorization);
    }
    return this.#exchangeDirect<T>(endpoint, built, deadline, kind, authorization);
  }

  /** Authorizes (waiting for a refresh if need be), sends with retries, reads the answer. */
  async #exchange<T>(
    endpoint: Endpoint,
    built: BuiltRequest,
    deadline: Deadline,
    kind: AuthKind,
    known: string | undefined | null,
  ): Promise<CallResult<T>> {
    try {
      // The time limit and the caller's signal end the call even when a hook, a transport or
      // a body stream pays no heed to `request.signal`.
      return await untilAborted(
        this.#authorizeSendRead<T>(endpoint, built, deadline, kind, known),
        deadline.signal,
      );
    } catch (error) {
      throw deadline.explain(error, endpoint.name, built);
    }
  }

  async #authorizeSendRead<T>(
    endpoint: Endpoint,
    built: BuiltRequest,
    deadline: Deadline,
    kind: AuthKind,
    known: string | undefined | null,
  ): Promise<CallResult<T>> {
    // Always one await here, as before the direct path existed: hooks and log
    // hooks keep seeing the request a tick after the call.
    const authorization =
      await (known !== null ? known : this.#auth.authorize(kind, deadline.signal));
    const res = await this.#attempt(built, authorization, endpoint.name, deadline);
    return await this.#finish<T>(res, endpoint, built, kind, authorization, deadline);
  }

  /**
   * The common case, what `#exchange` does when the credential is known, no
   * retry is allowed and nothing watches the request: one `fetch`, and the
   * body read, in one small async function.
   */
  async #exchangeDirect<T>(
    endpoint: Endpoint,
    built: BuiltRequest,
    deadline: Deadline,
    kind: AuthKind,
    authorization: string | undefined,
  ): Promise<CallResult<T>> {
    try {
      let res: Response;
      try {
        res = await fetch(built.url, requestInit(built, authorization, deadline.signal));
      } catch (error) {
        throw transportFailure(error);
      }
      if (res.status === 401 && kind !== "none") {
        return await this.#finish<T>(res, endpoint, built, kind, authorization, deadline);
      }
      if (!carriesBody(res, endpoint)) return await readResponse<T>(res, endpoint, built);
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

  /** Recovers from a 401 when the credential can change, then reads the answer. */
  async #finish<T>(
    res: Response,
    endpoint: Endpoint,
    built: BuiltRequest,
    kind: AuthKind,
    used: string | undefined,
    deadline: Deadline,
  ): Promise<CallResult<T>> {
    const answer = res.status === 401 && kind !== "none"
      ? await this.#after401(res, built, kind, used, endpoint.name, deadline)
      : res;
    return await readResponse<T>(answer, endpoint, built);
  }

  /**
   * A 401 answered the call: when the authenticator has a different
   * credential now, the call goes out once more with it; else the 401 stays.
   */
  async #after401(
    res: Response,
    built: BuiltRequest,
    kind: AuthKind,
    used: string | undefined,
    operation: string,
    deadline: Deadline,
  ): Promise<Response> {
    const signal = deadline.signal;
    let recovered: boolean;
    try {
      recovered = await this.#auth.recover(kind, used, signal);
    } catch (error) {
      await res.body?.cancel();
      throw error;
    }
    if (!recovered) return res;
    await res.body?.cancel();
    const authorization = await this.#auth.authorize(kind, signal);
    return await this.#attempt(built, authorization, operation, deadline);
  }

  /**
   * Whether nothing is to see the request (no hooks, log hook, logger, custom
   * or proxy/mTLS transport): then its parts go straight to `fetch`, and no
   * `Request` object is built twice.
   */
  #direct(values: Readonly<ResolvedSettings>): boolean {
    // The proxy and mTLS settings, not the transport made for them: after `close()` released
    // that, calls must fail on it rather than go out without the proxy or certificate.
    return !this.#preHook && !this.#postHook && !values.retry.requestLogHook &&
      !this.#userTransport && this.#net.proxy === undefined && this.#net.mtls === undefined &&
      values.logging.logLevel === "none";
  }

  /**
   * Sends the request, retrying per the `retry` settings: 429 and 5xx (not
   * 501) answers, and failures without an answer when the request provably
   * never left or the method is idempotent. Waits end at once when the call's
   * signal aborts; a wait that would outlast its time limit is not begun (the
   * answer or failure at hand is the call's result, not a `TimeoutError`).
   */
  async #attempt(
    built: BuiltRequest,
    authorization: string | undefined,
    operation: string,
    deadline: Deadline,
  ): Promise<Response> {
    const signal = deadline.signal;
    const init = requestInit(built, authorization, signal);
    for (let attempt = 1;; attempt++) {
      const values = this.config.values;
      const retry = values.retry;
      const request = this.#direct(values) ? undefined : new Request(built.url, init);
      // A failing log hook (thrown or rejected) does not fail the call.
      const hook = retry.requestLogHook;
      if (request && hook) runIgnoringFailure(() => hook(request, attempt));
      let response: Response;
      try {
        if (request) response = await this.send(request, { operation, attempt });
        else {
          try {
            response = await fetch(built.url, init);
          } catch (error) {
            throw transportFailure(error);
          }
        }
      } catch (error) {
        const wait = retryDelay({ retry: attempt, config: retry });
        const retryable = !signal.aborted && attempt <= retry.retryMax &&
          isTransportFailure(error) && !deadline.outlasts(wait) &&
          isRetryableFailure(built.method, classifyNetworkError(error));
        if (!retryable) throw error;
        await sleep(wait, signal);
        continue;
      }
      if (attempt > retry.retryMax || !isRetryableStatus(response.status)) return response;
      const wait = retryDelay({ retry: attempt, config: retry, response });
      if (deadline.outlasts(wait)) return response;
      await response.body?.cancel();
      await sleep(wait, signal);
    }
  }
}

/**
 * What a hook leaves to send or read: the `Request` (pre-hook) or `Response`
 * (post-hook) it returned, or the one it got. A hook that returns something
 * else, or reads the body, is a mistake of the program's, not a failed
 * connection (which retries would repeat).
 */
function hookResult<T extends Request | Response>(
  hook: "pre-hook" | "post-hook",
  given: T,
  returned: unknown,
): T {
  const type = given instanceof Request ? Request : Response;
  if (returned !== undefined && returned !== null && !(returned instanceof type)) {
    throw new GenesysCloudError(`the ${hook} must return a ${type.name} or nothing`);
  }
  const result = (returned ?? given) as T;
  if (result.bodyUsed) {
    throw new GenesysCloudError(`the ${hook} read the body: read a clone() instead`);
  }
  return result;
}

/** `token`, or `undefined` for `""`; a `ParameterError` when a header cannot carry it. */
function checkedToken(method: string, parameter: string, token: unknown): string | undefined {
  if (token && !isHeaderValue(token)) {
    throw new ParameterError(method, parameter, HEADER_VALUE_PROBLEM);
  }
  return (token || undefined) as string | undefined;
}

/** Identifies proxy/mTLS settings, secrets included (never shown anywhere). */
function netKey(values: Pick<Settings, "proxy" | "mtls">): string {
  const { proxy, mtls } = values;
  return JSON.stringify([
    proxy?.host,
    proxy?.port,
    proxy?.protocol,
    proxy?.auth?.username,
    proxy?.auth?.password,
    mtls?.cert,
    mtls?.key,
    mtls?.ca,
  ]);
}
