/**
 * The client's credentials and their lifecycle: the {@linkcode Authenticator}
 * the request core asks for every call's `Authorization` header.
 *
 * One refresh at most is in flight; calls that need a new token wait for it
 * (at most `refreshTokenWaitMax`), then go out once with the new token. No
 * timers run in the background: renewals happen when a call asks.
 *
 * @module
 */

import { jwtTimes } from "./jwt.ts";
import type { Credentials } from "../http/credentials.ts";
import type { AuthKind } from "../base/endpoint.ts";
import { AuthError } from "../base/errors.ts";
import { type AuthData, toAuthData } from "./auth_data.ts";
import { TokenRefreshTimeoutError, TokenRequestError } from "./errors.ts";
import type { AuthPopupState } from "./popup_state.ts";
import type { TokenOwner } from "./persisted_store.ts";
import { NO_PLUGINS, type Plugin, type PluginSource, requirePlugin } from "../base/plugin.ts";
import { SingleFlight, waitBounded } from "./single_flight.ts";
import { loginThroughStore } from "./store_login.ts";
import {
  requestToken,
  type TokenRequest,
  type TokenResponse,
  type TokenSender,
} from "./token_request.ts";
import {
  clientCredentialsStoreKey,
  MemoryTokenStore,
  type StoredToken,
  type TokenStore,
  toStoredToken,
} from "./token_store.ts";

/**
 * What a session needs of the browser-login plugin (`BrowserLoginPlugin`):
 * the popup state and the `setPersistSettings` store.
 */
export interface BrowserStatePlugin extends Plugin {
  /** A client's popup login state (configuration, status listeners, the popup in progress). */
  createPopupState(): AuthPopupState;
  /** The `setPersistSettings` token store on `storage`, its entries marked with `owner()`. */
  createPersistedStore(storage: Storage, owner: () => TokenOwner): TokenStore;
}

/** What a session needs of its client: a token sender with the auth settings. */
export interface SessionHost extends TokenSender {
  /** The login URL and the settings the session reads. */
  readonly config: {
    readonly urls: { readonly login: string };
    readonly values: {
      readonly timeoutMs: number;
      readonly refreshAccessToken: boolean;
      readonly tokenRenewalMargin: number;
      readonly refreshTokenWaitMax: number;
    };
  };
}

/** How a session gets a new access token without the user. */
export type Renewal =
  | {
    grant: "client_credentials";
    clientId: string;
    clientSecret: string;
    refreshToken?: undefined;
  }
  | { grant: "refresh_token"; clientId: string; clientSecret: string; refreshToken: string };

/** A source of web messaging JWTs (see `WebDeploymentJwt`). */
export interface WebMessagingCredential {
  /** The `Authorization` value to send, refreshing first when due. */
  authorization(signal?: AbortSignal): Promise<string | undefined>;
  /** After a 401 with `used`: true when a different JWT is now available. */
  recover(used: string | undefined, signal?: AbortSignal): Promise<boolean>;
}

/** The token in use: as stored, and when and why it was obtained. */
interface CurrentToken extends StoredToken {
  obtainedAt: number;
  /** Obtained because a call got a 401: a 401 on it soon after is not refreshed again. */
  after401: boolean;
  /** `Bearer <accessToken>`, made once (every call sends it). */
  bearer?: string;
}

type Freshness = "fresh" | "renew" | "expired";
type RenewReason = "missing" | "renew" | "expired" | "rejected";

/** A token obtained because of a 401 is not renewed again on a 401 for this long. */
const REJECTED_RENEWAL_INTERVAL_MS = 10_000;
/** How close to its known expiry a rejected token counts as simply expired (clock skew, latency). */
const EXPIRY_SKEW_MS = 5_000;
/** After a failed renewal of a still valid token, the next attempt waits this long. */
const RENEW_RETRY_MS = 30_000;

/**
 * Holds a client's access token (and how to renew it), its guest chat and web
 * messaging JWTs, its token store and browser login settings.
 *
 * @example
 * ```ts
 * import { AuthSession } from "./session.ts";
 * const host = {
 *   config: {
 *     urls: { login: "https://login.mypurecloud.com" },
 *     values: {
 *       timeoutMs: 16_000,
 *       refreshAccessToken: true,
 *       tokenRenewalMargin: 300_000,
 *       refreshTokenWaitMax: 10_000,
 *     },
 *   },
 *   send: (request: Request) => fetch(request),
 * };
 * const session = new AuthSession(host);
 * session.setAccessToken("t");
 * console.log(await session.authorize("oauth")); // Bearer t
 * ```
 */
export class AuthSession implements Credentials {
  readonly #client: SessionHost;
  readonly #plugins: PluginSource;
  #token: CurrentToken | undefined;
  #renewal: Renewal | undefined;
  readonly #flight = new SingleFlight();
  #renewRetryAt = 0;
  /** The renewal refused for good, and the token it was replacing. */
  #refused: { stale: string; error: unknown } | undefined;
  #store: TokenStore = new MemoryTokenStore();
  /** Whether `#store` came from outside (and may hold tokens other clients obtained). */
  #storeShared = false;
  #explicitKey: string | undefined;
  #derivedKey: string | undefined;
  #guest: FixedJwt | undefined;
  #webMessaging: WebMessagingCredential | undefined;
  /**
   * Counts credential changes (a login or token applied, `setAccessToken`,
   * `clear`): a renewal begun before one is not applied, nor stored.
   */
  #generation = 0;
  /** Counts logins started: a login answered after a later one started is not applied. */
  #logins = 0;
  /** Client id of the last login (for `logout`). */
  clientId: string | undefined;
  /** Prefix of browser storage keys (`setPersistSettings`). */
  settingsPrefix = "purecloud";
  /** Popup login configuration and status listeners. */
  #popup: AuthPopupState | undefined;

  /**
   * The popup login configuration, listeners and popup in progress. They
   * belong to the browser-login feature: without it this throws a
   * `MissingFeatureError` naming `what` (the method that needed them).
   */
  popup(what: string): AuthPopupState {
    return this.#popup ??= this.#browserState(what).createPopupState();
  }

  /** The browser-login plugin; a `MissingFeatureError` saying that `use` needs it without it. */
  #browserState(use: string): BrowserStatePlugin {
    return requirePlugin<BrowserStatePlugin>(this.#plugins, "browserLogin", use);
  }

  /**
   * A session whose token requests go through `client` (its login URL, time
   * limit and `send`); `plugins` provide browser-login state where used.
   */
  constructor(client: SessionHost, plugins: PluginSource = NO_PLUGINS) {
    this.#client = client;
    this.#plugins = plugins;
  }

  /** What token requests go through. */
  get sender(): TokenSender {
    return this.#client;
  }

  /** The login base URL in force (`https://login.mypurecloud.com`). */
  get loginUrl(): string {
    return this.#client.config.urls.login;
  }

  // ---- Authenticator ------------------------------------------------------

  /** The `Authorization` value for an operation of this kind; may wait for a refresh. */
  authorize(kind: AuthKind, signal?: AbortSignal): Promise<string | undefined> {
    if (kind === "oauth") return this.#oauthAuthorization(signal);
    const jwt = kind === "guest"
      ? this.#guest
      : kind === "webmessaging"
      ? this.#webMessaging
      : undefined;
    return jwt?.authorization(signal) ?? Promise.resolve(undefined);
  }

  /**
   * The `Authorization` value when it is known without waiting (no refresh in
   * flight or due): a string, or `undefined` to send none. `null` means "ask
   * {@linkcode authorize}". Lets a call skip a promise per call in the common
   * case; whatever it answers, `authorize` would have answered the same.
   */
  authorizeNow(kind: AuthKind): string | undefined | null {
    if (kind !== "oauth") return kind === "none" ? undefined : null;
    if (this.#flight.current) return null;
    const token = this.#token;
    if (!token) return this.#canRenew() ? null : undefined;
    const freshness = this.#freshness(token);
    if (freshness !== "fresh" && this.#renews()) return null;
    // An expired token whose renewal was refused for good fails in `authorize`.
    return freshness === "expired" && this.#refused ? null : this.#bearer();
  }

  /** After a 401: true when the call should go out once more with a different credential. */
  async recover(kind: AuthKind, used: string | undefined, signal?: AbortSignal): Promise<boolean> {
    if (kind === "webmessaging") return await (this.#webMessaging?.recover(used, signal) ?? false);
    if (kind !== "oauth" || !this.#settings.refreshAccessToken) return false;
    const pending = this.#flight.current;
    if (pending) {
      await this.#wait(pending, signal);
      return this.#changedFrom(used);
    }
    if (this.#changedFrom(used)) return true;
    // Every call made with the token whose renewal was refused gets the same error.
    if (this.#refused && this.#refused.stale === used) throw this.#refused.error;
    if (!this.#canRenew()) return false;
    const token = this.#token;
    // A token obtained because of a 401 is not renewed again on a 401 for a while (a server
    // that rejects every fresh token must not make us storm its token endpoint), unless it is
    // at the end of its known life: then the 401 is its expiry, and renewing is right.
    if (
      token?.after401 && !expiring(token, EXPIRY_SKEW_MS) &&
      Date.now() - token.obtainedAt < REJECTED_RENEWAL_INTERVAL_MS
    ) {
      return false;
    }
    await this.#wait(this.#flight.run(() => this.#renew(token?.accessToken, "rejected")), signal);
    return this.#changedFrom(used);
  }

  // ---- tokens set by the application -------------------------------------

  /** Uses `token` (no known expiry, no renewal); `undefined` clears it. */
  setAccessToken(token: string | undefined): void {
    this.#change(token ? fromStored({ accessToken: token }, false) : undefined, undefined);
    // Kept only under a key the application chose (see `setTokenStore`).
    const key = this.#explicitKey;
    if (!key) return;
    const store = this.#store;
    Promise.resolve()
      .then(() => token ? store.set(key, { accessToken: token }) : store.delete(key))
      .catch(() => {});
  }

  /** Uses `jwt` for guest chat operations; its `exp` is read to fail fast once expired. */
  setGuestToken(jwt: string | undefined): void {
    this.#guest = jwt
      ? fixedJwt(jwt, "guest_token_expired", "guest chat", "; start a new guest chat")
      : undefined;
  }

  /** Uses a fixed `jwt` for web messaging operations. */
  setWebMessagingToken(jwt: string | undefined): void {
    this.#webMessaging = jwt
      ? fixedJwt(jwt, "webmessaging_token_expired", "web messaging")
      : undefined;
  }

  /** Uses a refreshing source of web messaging JWTs. */
  useWebMessagingCredential(credential: WebMessagingCredential | undefined): void {
    this.#webMessaging = credential;
  }

  /** Whether `credential` is the web messaging source in use. */
  usesWebMessagingCredential(credential: WebMessagingCredential): boolean {
    return this.#webMessaging === credential;
  }

  // ---- stores -------------------------------------------------------------

  /**
   * Keeps tokens in `store` (`undefined`: a private memory store).
   *
   * With `key`, every token of this client (any login, renewal or
   * `setAccessToken`) is kept under it, and any client given the same store
   * and key uses it: give one key to clients that may share a token (one key
   * per user for user logins). Without `key`, only client-credentials logins
   * use the store, under a key made of the login host, the client id and a
   * SHA-256 fingerprint of the secret (`clientCredentialsStoreKey`), so that
   * only the same credentials find the token; user logins (code, PKCE,
   * implicit, SAML, refresh) and `setAccessToken` are then not stored.
   *
   * @example
   * ```ts
   * import { AuthSession } from "./session.ts";
   * import { MemoryTokenStore } from "./token_store.ts";
   * const shared = new MemoryTokenStore();
   * const host = {
   *   config: {
   *     urls: { login: "https://login.mypurecloud.com" },
   *     values: { timeoutMs: 1, refreshAccessToken: true, tokenRenewalMargin: 0, refreshTokenWaitMax: 1 },
   *   },
   *   send: (request: Request) => fetch(request),
   * };
   * new AuthSession(host).setTokenStore(shared); // client credentials only
   * new AuthSession(host).setTokenStore(shared, "user:jane"); // everything, as Jane's
   * ```
   */
  setTokenStore(store: TokenStore | undefined, key?: string): void {
    this.#store = store ?? new MemoryTokenStore();
    this.#storeShared = store !== undefined;
    this.#explicitKey = key;
  }

  /**
   * `true`: keeps the access token in `localStorage` under
   * `<prefix>_auth_data` (as the official SDK), with the client id and login
   * host it was obtained for: an entry of another client id or environment is
   * a miss, and is left alone. Entries without them (the official SDK's) are
   * read as before. Without Web Storage nothing is persisted. `false`: back
   * to a private memory store.
   */
  setPersistSettings(persist: boolean, prefix?: string): void {
    this.settingsPrefix = prefix ? prefix.replace(/\W+/g, "_") : "purecloud";
    const storage = persist ? webStorage("localStorage") : undefined;
    // Part of browser login (the browser-login entry point): its tokens are what is kept.
    const store = storage && this.#browserState("setPersistSettings")
      .createPersistedStore(storage, () => ({ clientId: this.clientId, loginHost: this.loginUrl }));
    this.setTokenStore(store, store && `${this.settingsPrefix}_auth_data`);
  }

  // ---- logins -------------------------------------------------------------

  /**
   * Installs a token endpoint answer as the current token and stores it.
   * `renewal` says how to renew it later (nothing for SAML, PKCE, implicit).
   */
  async install(answer: TokenResponse, clientId: string, renewal?: Renewal): Promise<AuthData> {
    const stored = storedFromAnswer(answer, renewal);
    this.#apply(stored, clientId, renewal);
    await this.#save(stored);
    return toAuthData(stored);
  }

  /**
   * Logs in with a renewable grant. With `reuseStored`, a usable token in the
   * store (put there by another process, say) is adopted without a request.
   * A login answered after a later login started, or after `setAccessToken`
   * or `clear`, resolves without being applied.
   */
  async login(renewal: Renewal, method: string, reuseStored: boolean): Promise<AuthData> {
    const ticket = ++this.#logins;
    const generation = this.#generation;
    const current = () => ticket === this.#logins && generation === this.#generation;
    // Only client-credentials logins have a key of their own (see `setTokenStore`).
    const derivedKey = renewal.grant === "client_credentials"
      ? await clientCredentialsStoreKey(renewal.clientId, renewal.clientSecret, this.loginUrl)
      : undefined;
    const key = this.#explicitKey ?? derivedKey;
    // Through the shared store: processes starting together make one token request.
    const throughStore = reuseStored && key !== undefined && this.#storeShared;
    const fresh = (token: StoredToken) => this.#freshness(token, renewal) === "fresh";
    let next = renewal;
    let requested = false;
    const request = async (): Promise<StoredToken> => {
      requested = true;
      const answer = await requestToken(this.#client, renewalRequest(renewal, method));
      next = nextRenewal(renewal, answer);
      const token = storedFromAnswer(answer, next);
      // Stored while the lock is held, for the processes waiting on it.
      if (throughStore && current()) await this.#store.set(key, token).catch(() => {});
      return token;
    };
    let stored: StoredToken;
    if (throughStore) {
      stored = await loginThroughStore(this.#store, key, request, fresh, this.#settings.timeoutMs);
    } else {
      const found = reuseStored ? await this.#read(key) : undefined;
      stored = found && fresh(found) ? found : await request();
    }
    if (current()) {
      this.#apply(stored, renewal.clientId, next, derivedKey);
      if (requested && !throughStore) await this.#save(stored);
    }
    const expiresAt = stored.tokenExpiryTime;
    // A token found in the store: what is left of its lifetime.
    return toAuthData(
      requested ? stored : {
        accessToken: stored.accessToken,
        tokenExpiryTime: expiresAt,
        expiresIn: expiresAt === undefined
          ? undefined
          : Math.max(0, Math.floor((expiresAt - Date.now()) / 1000)),
      },
    );
  }

  /**
   * The current token if one is set or stored (dropping an expired stored
   * one), for the browser flows that reuse a token instead of redirecting.
   */
  async currentToken(): Promise<AuthData | undefined> {
    if (!this.#token && this.#storeKey()) {
      await this.#flight.run(() => this.#renew(undefined, "missing"));
    }
    return this.#token && !expiring(this.#token) ? this.authData : undefined;
  }

  /**
   * The access token in use now, with its expiry and the refresh token of an
   * authorization code grant, as `AuthData`; `undefined` when there is none.
   * A new object each time.
   */
  get authData(): AuthData | undefined {
    const token = this.#token;
    const renewal = this.#renewal;
    return token && toAuthData({
      ...token,
      refreshToken: renewal?.refreshToken,
    });
  }

  /**
   * Every secret the session holds: the access token, the refresh token and
   * client secret of its renewal, the guest chat JWT. Errors and logs never
   * show them.
   */
  secrets(): (string | undefined)[] {
    const renewal = this.#renewal;
    return [
      this.#token?.accessToken,
      renewal?.clientSecret,
      renewal?.refreshToken,
      this.#guest?.jwt,
    ];
  }

  /** Forgets the access token and its renewal, here and in the store. */
  async clear(): Promise<void> {
    const key = this.#storeKey();
    this.#change(undefined, undefined);
    await this.#delete(key);
  }

  // ---- internals ------------------------------------------------------------

  get #settings() {
    return this.#client.config.values;
  }

  #bearer(): string | undefined {
    const token = this.#token;
    return token && (token.bearer ??= `Bearer ${token.accessToken}`);
  }

  #changedFrom(used: string | undefined): boolean {
    const now = this.#bearer();
    return now !== undefined && now !== used;
  }

  #storeKey(): string | undefined {
    return this.#explicitKey ?? this.#derivedKey;
  }

  #canRenew(): boolean {
    return this.#renewal !== undefined || this.#storeKey() !== undefined;
  }

  /** Whether a token that is not fresh is renewed: refreshes are on and there is a way. */
  #renews(): boolean {
    return this.#settings.refreshAccessToken && this.#canRenew();
  }

  #wait(promise: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
    const max = this.#settings.refreshTokenWaitMax;
    return waitBounded(promise, max, signal, () => new TokenRefreshTimeoutError(max));
  }

  #freshness(token: StoredToken, renewal = this.#renewal): Freshness {
    if (expiring(token)) return "expired";
    if (renewal?.grant !== "client_credentials") return "fresh";
    // Renewed a margin before expiry: at most half the lifetime (`expiresIn` is in seconds).
    const margin = Math.min(this.#settings.tokenRenewalMargin, (token.expiresIn ?? Infinity) * 500);
    return expiring(token, margin) ? "renew" : "fresh";
  }

  async #oauthAuthorization(signal: AbortSignal | undefined): Promise<string | undefined> {
    const pending = this.#flight.current;
    if (pending) await this.#wait(pending, signal);
    const token = this.#token;
    let reason: RenewReason = "missing";
    if (token) {
      const freshness = this.#freshness(token);
      // A token known to be expired whose renewal was refused for good: fail the
      // way the calls that waited for that renewal failed, without sending.
      const refused = this.#refused;
      if (freshness === "expired" && refused && refused.stale === this.#bearer()) {
        throw refused.error;
      }
      if (
        freshness === "fresh" || !this.#renews() ||
        (freshness === "renew" && Date.now() < this.#renewRetryAt)
      ) {
        return this.#bearer();
      }
      reason = freshness;
    } else if (!this.#canRenew()) return undefined;
    await this.#wait(this.#flight.run(() => this.#renew(token?.accessToken, reason)), signal);
    return this.#bearer();
  }

  /**
   * Finds a newer token in the store, or asks the token endpoint for one. What
   * it finds (or its failure) is dropped when the credentials changed meanwhile.
   */
  async #renew(stale: string | undefined, reason: RenewReason): Promise<void> {
    const generation = this.#generation;
    const superseded = () => generation !== this.#generation;
    // The private memory store holds nothing newer than `#token`: skip it, and its await,
    // so that the token request starts in the turn of the call that needs it.
    const stored = this.#storeShared ? await this.#read() : undefined;
    if (superseded()) return;
    if (stored && stored.accessToken !== stale) {
      const freshness = this.#freshness(stored);
      if (freshness === "expired") await this.#delete(this.#storeKey());
      else if (freshness === "fresh" || reason !== "renew") {
        this.#token = fromStored(stored, reason === "rejected");
        if (stored.refreshToken && this.#renewal?.grant === "refresh_token") {
          this.#renewal = { ...this.#renewal, refreshToken: stored.refreshToken };
        }
        return;
      }
    }
    const renewal = this.#renewal;
    if (!renewal || (reason === "missing" && this.#token) || superseded()) return;
    let answer: TokenResponse;
    try {
      answer = await requestToken(this.#client, renewalRequest(renewal, "token refresh"));
    } catch (error) {
      if (superseded()) return;
      if (isDefinitiveRefusal(error) && this.#renewal === renewal) {
        this.#renewal = undefined;
        if (stale !== undefined) this.#refused = { stale: `Bearer ${stale}`, error };
      }
      const expiresAt = this.#token?.tokenExpiryTime;
      if (reason === "renew" && expiresAt !== undefined && Date.now() < expiresAt) {
        // The current token still works: keep using it and try again later.
        this.#renewRetryAt = Math.min(Date.now() + RENEW_RETRY_MS, expiresAt);
        return;
      }
      throw error;
    }
    if (superseded()) return;
    const next = nextRenewal(renewal, answer);
    const renewed = storedFromAnswer(answer, next);
    this.#adopt(fromStored(renewed, reason === "rejected"), next);
    await this.#save(renewed);
  }

  /** A login's token becomes the current one. */
  #apply(
    stored: StoredToken,
    clientId: string,
    renewal: Renewal | undefined,
    derivedKey?: string,
  ): void {
    this.clientId = clientId;
    this.#change(fromStored(stored, false), renewal, derivedKey);
  }

  /** A credential change (see `#generation`): a login, `setAccessToken` or `clear`. */
  #change(
    token: CurrentToken | undefined,
    renewal: Renewal | undefined,
    derivedKey?: string,
  ): void {
    this.#generation++;
    this.#derivedKey = derivedKey;
    this.#adopt(token, renewal);
  }

  #adopt(token: CurrentToken | undefined, renewal: Renewal | undefined): void {
    this.#token = token;
    this.#renewal = renewal;
    this.#renewRetryAt = 0;
    this.#refused = undefined;
  }

  /** The token under `key`; anything that is not a usable token is a miss. */
  async #read(key = this.#storeKey()): Promise<StoredToken | undefined> {
    if (!key) return undefined;
    try {
      return toStoredToken(await this.#store.get(key));
    } catch {
      return undefined;
    }
  }

  async #save(token: StoredToken): Promise<void> {
    const key = this.#storeKey();
    if (!key) return;
    try {
      await this.#store.set(key, token);
    } catch {
      // A store that cannot be written only loses sharing, never the login.
    }
  }

  async #delete(key: string | undefined): Promise<void> {
    if (key) await this.#store.delete(key).catch(() => {});
  }
}

function fromStored(stored: StoredToken, after401: boolean): CurrentToken {
  return { ...stored, obtainedAt: Date.now(), after401 };
}

/** Whether `token` has a known expiry and it is `skewMs` or less away (or past). */
function expiring(token: StoredToken | undefined, skewMs = 0): boolean {
  const expiresAt = token?.tokenExpiryTime;
  return expiresAt !== undefined && Date.now() >= expiresAt - skewMs;
}

/**
 * A token endpoint answer as stored (and returned). The refresh token is the
 * one `renewal` renews with: the previous one when the answer has none.
 */
function storedFromAnswer(answer: TokenResponse, renewal: Renewal | undefined): StoredToken {
  const stored: StoredToken = { accessToken: answer.access_token };
  if (answer.expires_in !== undefined) {
    stored.tokenExpiryTime = Date.now() + answer.expires_in * 1000;
    stored.expiresIn = answer.expires_in;
  }
  const refreshToken = renewal?.refreshToken ?? answer.refresh_token;
  if (refreshToken !== undefined) stored.refreshToken = refreshToken;
  return stored;
}

/** The token request that renews with `renewal`. */
function renewalRequest(renewal: Renewal, method: string): TokenRequest {
  const { grant, clientId, clientSecret, refreshToken } = renewal;
  return {
    method,
    form: refreshToken === undefined
      ? { grant_type: grant }
      : { grant_type: grant, refresh_token: refreshToken },
    basic: { clientId, clientSecret },
    secrets: refreshToken === undefined ? [] : [refreshToken],
  };
}

/** How to renew after `answer`: refresh tokens rotate, client credentials stay. */
function nextRenewal(renewal: Renewal, answer: TokenResponse): Renewal {
  if (renewal.grant === "client_credentials") return renewal;
  return { ...renewal, refreshToken: answer.refresh_token ?? renewal.refreshToken };
}

/** The token endpoint said no for good: retrying the same credentials cannot work. */
function isDefinitiveRefusal(error: unknown): boolean {
  const status = error instanceof TokenRequestError ? error.status ?? 0 : 0;
  return status >= 400 && status < 500 && status !== 429;
}

/** A JWT set by the application (guest chat, web messaging), never renewed. */
interface FixedJwt extends WebMessagingCredential {
  readonly jwt: string;
}

/**
 * `jwt` as a credential that fails fast with an `AuthError` (`error`, the
 * `what` JWT expired at..., then `advice`) once its `exp` is past.
 */
function fixedJwt(jwt: string, error: string, what: string, advice = ""): FixedJwt {
  const { expiresAt } = jwtTimes(jwt);
  return {
    jwt,
    // deno-lint-ignore require-await
    async authorization() {
      if (expiresAt !== undefined && Date.now() >= expiresAt) {
        throw new AuthError({
          error,
          description: `the ${what} JWT expired at ${new Date(expiresAt).toISOString()}${advice}`,
        });
      }
      return `Bearer ${jwt}`;
    },
    recover: () => Promise.resolve(false),
  };
}

/** `localStorage` or `sessionStorage` when usable (not blocked, not absent). */
export function webStorage(
  name: "localStorage" | "sessionStorage",
): Storage | undefined {
  try {
    const storage = (globalThis as unknown as Record<string, Storage | undefined>)[name];
    if (!storage) return undefined;
    const probe = "__genesys_cloud_storage_probe__";
    storage.setItem(probe, probe);
    storage.removeItem(probe);
    return storage;
  } catch {
    return undefined;
  }
}
