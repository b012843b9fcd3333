/**
 * `PlatformClient`: configuration, credentials, transport and hooks, and the
 * one `call` every generated API method goes through.
 *
 * @module
 */

import type { ApiPromise } from "../http/api_promise.ts";
import type { Endpoint } from "../base/endpoint.ts";
import { ConfigurationError, GenesysCloudError, ParameterError } from "../base/errors.ts";
import { checkedHeaders, HEADER_VALUE_PROBLEM, isHeaderValue } from "../base/header_check.ts";
import { MissingFeatureError, type PluginSource, requirePlugin } from "../base/plugin.ts";
import type { GatewayConfig } from "../base/regions.ts";
import { SETTLED } from "../base/settled.ts";
import { Engine } from "../http/engine.ts";
import { RETRY_RULES } from "../http/retry_policy.ts";
import type { RateLimitOptions } from "../http/pacer.ts";
import { pacerFor } from "../auth/fleet.ts";
import { transportFailure } from "../http/exchange.ts";
import type { HookContext, PostHook, PreHook, Transport } from "../http/transport.ts";
import type { OperationClient } from "../operations/operation_client.ts";
import { setSharedClient } from "../operations/operation_client.ts";
import type { ClientLogger, LoggingPlugin } from "../logging/plugin.ts";
import type { NetTransport } from "../net/options.ts";
import type { NetPlugin } from "../net/plugin.ts";
import type { ProxyConfig } from "../net/proxy.ts";
import * as auth from "../auth/client_api.ts";
import type {
  AuthData,
  AuthPopupConfiguration,
  AuthPopupStatusListener,
  LoginImplicitGrantOptions,
  LoginPKCEGrantOptions,
  TokenStore,
} from "../auth/client_api.ts";
import type { BrowserLoginHost } from "../auth/browser.ts";
import type { BrowserLoginPlugin } from "../auth/browser_plugin.ts";
import { isBrowserPage } from "../auth/runtime.ts";
import { AuthSession } from "../auth/session.ts";
import { Configuration, type ResolvedSettings, type Settings } from "../config/configuration.ts";
import type { ClientConfigFile, ConfigFilePlugin } from "../config/plugin.ts";
import { type ClientPlugin, clientPlugins } from "./plugins.ts";

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
  /**
   * Plugins for this client besides those registered by the entry points
   * imported (`import "@cxkit/genesys-cloud/logging"` registers `loggingPlugin`).
   */
  plugins?: readonly ClientPlugin[];
  /**
   * Pacing under the server's rate limit (`{ pace: true }`), a cap on calls in
   * flight (`maxConcurrent`) and a budget shared across processes (`store`).
   * Off by default.
   */
  rateLimit?: RateLimitOptions;
  /** Shares tokens through this store (as `setTokenStore(store)`). */
  tokenStore?: TokenStore;
}

let defaultInstance: PlatformClient | undefined;

/** Each client's auth session, for the web deployment JWT (see {@linkcode clientSession}). */
const sessions = new WeakMap<object, AuthSession>();

/**
 * The auth session of `client` (the web deployment JWT installs its
 * credential there). Not part of the package's public API.
 *
 * @example
 * ```ts
 * import { clientSession, PlatformClient } from "./platform_client.ts";
 * const client = new PlatformClient({ accessToken: "t" });
 * console.log(await clientSession(client).authorize("oauth")); // Bearer t
 * ```
 */
export function clientSession(client: PlatformClient): AuthSession {
  const session = sessions.get(client);
  if (!session) throw new ConfigurationError("not a PlatformClient");
  return session;
}

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
export class PlatformClient implements OperationClient {
  /** Live configuration; change it with `config.set({...})` or the setters below. */
  readonly config: Configuration;
  /** The transport given to the constructor or `setHttpClient`: it wins over the others. */
  #transport: Transport | undefined;
  #netKey = netKey({});
  #pendingNet: { key: string; transport: NetTransport | undefined } | undefined;
  /**
   * The proxy/mTLS transport, else the global `fetch`. Still set once `close()`
   * closed it: calls then fail on it rather than go out without the proxy or certificate.
   */
  #netTransport: NetTransport | undefined;
  #preHook: PreHook | undefined;
  #postHook: PostHook | undefined;
  readonly #plugins: PluginSource;
  readonly #session: AuthSession;
  readonly #engine: Engine;
  readonly #send = (request: Request, context: HookContext) => this.send(request, context);
  #logger: ClientLogger | undefined;
  #loggerLoad: Promise<ClientLogger> | undefined;
  /** The config-file plugin, when the client has it and the runtime has files. */
  #files: ConfigFilePlugin | undefined;
  #configFileLoad: Promise<ClientConfigFile> | undefined;
  #configFile: ClientConfigFile | undefined;

  /** Creates a client. Invalid settings throw a `ConfigurationError`. */
  constructor(options: ClientOptions = {}) {
    const { transport, accessToken, plugins, rateLimit, tokenStore, ...settings } = options;
    if (transport !== undefined) checkTransport(transport, "");
    if (accessToken !== undefined && !isHeaderValue(accessToken)) {
      throw new ConfigurationError(`accessToken ${HEADER_VALUE_PROBLEM}`);
    }
    const source = clientPlugins(plugins);
    const config = new Configuration(settings, source);
    const session = new AuthSession(this, source);
    this.#plugins = source;
    this.config = config;
    this.#session = session;
    sessions.set(this, session);
    if (tokenStore !== undefined) session.setTokenStore(tokenStore);
    this.#engine = new Engine({
      credentials: session,
      settings: () => config.values,
      apiBase: () => config.urls.api,
      send: () => this.#direct(config.values) ? undefined : this.#send,
      ready: () => this.#configured(),
      secrets: () => this.#secrets(),
      pacer: pacerFor(rateLimit, () => session.secrets()[0] ?? ""),
      retry: RETRY_RULES,
      // An option key dropped from a call: to the log when logging is on, else the console.
      warn: (message) =>
        config.values.logging.logLevel === "none" ? console.warn(message) : this.#log(message),
    });
    this.#transport = transport;
    if (accessToken !== undefined) this.setAccessToken(accessToken);
    config.addCheck((values) => this.#prepareNet(values));
    config.onChange((values) => this.#commitNet(values));
    this.#prepareNet(config.values);
    this.#commitNet(config.values);
    const files = source.plugin("configFile") as ConfigFilePlugin | undefined;
    this.#files = files?.available ? files : undefined;
    config.onChange((values) => this.#logger?.configure(values.logging));
  }

  /** The effective settings. */
  get #values(): Readonly<ResolvedSettings> {
    return this.config.values;
  }

  /** Every secret this client holds (errors and logs never show one). */
  #secrets(): (string | undefined)[] {
    const { proxy, gateway } = this.#values;
    return [...this.#session.secrets(), proxy?.auth?.password, gateway?.password];
  }

  /**
   * The logger (logging feature), made the first time something is to be
   * logged: with the default level `none` its code is never loaded.
   */
  #loadLogger(): Promise<ClientLogger> {
    return this.#loggerLoad ??= requirePlugin<LoggingPlugin>(this.#plugins, "logging", "logging")
      .create(this.#values.logging, () => this.#secrets())
      .then((logger) => {
        // Settings changed while it loaded reach it now (the change listener had no logger yet).
        logger.configure(this.#values.logging);
        return this.#logger = logger;
      });
  }

  /** Logs `message` (loading the logger first if needed). */
  #log(message: string): void {
    void this.#loadLogger().then((logger) => logger.message(message));
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
    return this.#configFileLoad ??= files.open(
      this.config,
      (message) => this.#plugins.plugin("logging") ? this.#log(message) : console.error(message),
    ).then((source) => this.#configFile = source);
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
    this.#netTransport?.close();
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
    checkTransport(transport, " (setHttpClient)");
    this.#netTransport?.close();
    this.#netTransport = undefined;
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
   * import { netPlugin } from "../features/net.ts";
   * const client = new PlatformClient({ plugins: [netPlugin] });
   * client.setProxy({ host: "127.0.0.1", port: 3128, auth: { username: "u", password: "p" } });
   * client.setProxy(undefined);
   * ```
   */
  setProxy(proxy: ProxyConfig | undefined): void {
    if (proxy !== undefined) {
      requirePlugin<NetPlugin>(this.#plugins, "net", "setProxy").validateProxy(proxy);
    }
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
    const net = requirePlugin<NetPlugin>(this.#plugins, "net", "setMTLSCertificates");
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
    requirePlugin<NetPlugin>(this.#plugins, "net", "setMTLSContents").validateMtls(mtls);
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
    const { proxy, mtls } = values;
    const transport = !this.#transport && (proxy !== undefined || mtls !== undefined)
      ? requirePlugin<NetPlugin>(this.#plugins, "net", "proxy and mTLS settings")
        .createTransport({ proxy, mtls })
      : undefined;
    this.#pendingNet = { key, transport };
  }

  /** Config listener: switches to the transport {@linkcode #prepareNet} built; the old one is closed. */
  #commitNet(values: Readonly<ResolvedSettings>): void {
    const pending = this.#pendingNet;
    if (!pending || pending.key !== netKey(values)) return;
    this.#pendingNet = undefined;
    this.#netKey = pending.key;
    if (this.#transport) return;
    this.#netTransport?.close();
    this.#netTransport = pending.transport;
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
    return auth.loginClientCredentialsGrant(this.#session, clientId, clientSecret);
  }

  /** SAML2 bearer grant with a base64 assertion; server runtimes only. */
  loginSaml2BearerGrant(
    clientId: string,
    clientSecret: string,
    orgName: string,
    encodedSamlAssertion: string,
  ): Promise<AuthData> {
    return auth.loginSaml2BearerGrant(
      this.#session,
      clientId,
      clientSecret,
      orgName,
      encodedSamlAssertion,
    );
  }

  /** Authorization code grant; keeps the refresh token for transparent refresh. Server only. */
  loginCodeAuthorizationGrant(
    clientId: string,
    clientSecret: string,
    authCode: string,
    redirectUri: string,
  ): Promise<AuthData> {
    return auth.loginCodeAuthorizationGrant(
      this.#session,
      clientId,
      clientSecret,
      authCode,
      redirectUri,
    );
  }

  /** Requests a new token with a refresh token; server runtimes only. */
  refreshCodeAuthorizationGrant(
    clientId: string,
    clientSecret: string,
    refreshToken: string,
  ): Promise<AuthData> {
    return auth.refreshCodeAuthorizationGrant(this.#session, clientId, clientSecret, refreshToken);
  }

  /** Exchanges a PKCE authorization code and its verifier for a token. */
  authorizePKCEGrant(
    clientId: string,
    codeVerifier: string,
    authCode: string,
    redirectUri: string,
  ): Promise<AuthData> {
    return auth.authorizePKCEGrant(this.#session, clientId, codeVerifier, authCode, redirectUri);
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
    const browser = this.#browser("loginImplicitGrant");
    return await browser.loginImplicitGrant(this.#browserHost(), clientId, redirectUri, opts);
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
    const browser = this.#browser("loginPKCEGrant");
    return await browser.loginPKCEGrant(
      this.#browserHost(),
      clientId,
      redirectUri,
      opts,
      codeVerifier,
    );
  }

  /**
   * Forgets the token; in a browser page, then goes to the login server's
   * logout page (which needs the browser-login feature).
   */
  async logout(logoutRedirectUri?: string): Promise<void> {
    const browser = this.#plugins.plugin("browserLogin") as BrowserLoginPlugin | undefined;
    if (browser) return await browser.logout(this.#browserHost(), logoutRedirectUri);
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

  /** The browser-login plugin; a `MissingFeatureError` naming `use` without it. */
  #browser(use: string): BrowserLoginPlugin {
    return requirePlugin<BrowserLoginPlugin>(this.#plugins, "browserLogin", use);
  }

  /** What the browser flows need: the session, and calls through this client. */
  #browserHost(): BrowserLoginHost {
    return { session: this.#session, call: (e, a, o) => this.call(e, a, o) };
  }

  /**
   * Calls one operation: the low-level method every generated method uses.
   * `args` are the required parameters in order (anything after them is
   * ignored), `opts` the optional ones and `CallOptions`.
   */
  call<T>(endpoint: Endpoint, args: readonly unknown[], opts?: object): ApiPromise<T> {
    return this.#engine.call<T>(endpoint, args, opts);
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
      (this.#values.logging.logLevel === "none" ? undefined : await this.#loadLogger());
    // No await without a logger: a token request reaches fetch in the call that asked for it.
    const log = logger ? await logger.begin(req) : undefined;
    let res: Response;
    try {
      res = await (this.#transport ?? this.#netTransport ?? fetch)(req);
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
   * Whether nothing is to see the request (no hooks, log hook, logger, custom
   * or proxy/mTLS transport): then its parts go straight to `fetch`, and no
   * `Request` object is built twice.
   */
  #direct(values: Readonly<ResolvedSettings>): boolean {
    // The proxy and mTLS settings, not the transport made for them: after `close()` released
    // that, calls must fail on it rather than go out without the proxy or certificate.
    return !this.#preHook && !this.#postHook && !values.retry.requestLogHook &&
      !this.#transport && values.proxy === undefined && values.mtls === undefined &&
      values.logging.logLevel === "none";
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

/** A `ConfigurationError` unless `transport` is a function. */
function checkTransport(transport: unknown, where: string): void {
  if (typeof transport !== "function") {
    throw new ConfigurationError(`transport must be a function${where}`);
  }
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
