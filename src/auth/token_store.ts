/**
 * Where access tokens are kept between calls, processes and page loads. A
 * shared store lets several processes or Workers reuse one token instead of
 * each asking `/oauth/token` for its own.
 *
 * @module
 */

import { isHeaderValue } from "../base/header_check.ts";
import { base64UrlEncode } from "./basic.ts";

/**
 * A token as stored. Field names match the official SDK's persisted auth data,
 * so a token it saved in `localStorage` is read back as is.
 *
 * @example
 * ```ts
 * import type { StoredToken } from "./token_store.ts";
 * const t: StoredToken = { accessToken: "token", tokenExpiryTime: Date.now() + 3_600_000 };
 * ```
 */
export interface StoredToken {
  /** The bearer access token. */
  accessToken: string;
  /** When it expires, in milliseconds since the epoch; absent when unknown. */
  tokenExpiryTime?: number;
  /** Lifetime the server gave it (`expires_in`), in seconds. */
  expiresIn?: number;
  /** Refresh token of an authorization code grant, when there is one. */
  refreshToken?: string;
}

/**
 * A pluggable, asynchronous token store. Implement it over anything shared
 * (Deno KV, Redis, a Durable Object, `localStorage`) to share tokens.
 * Errors thrown by a store are treated as a miss (reads) or ignored (writes):
 * a broken cache never fails a login. A value read back that is not a token
 * (no non-empty string `accessToken`, say) is a miss too.
 *
 * @example
 * ```ts
 * import type { StoredToken, TokenStore } from "./token_store.ts";
 * // A Deno KV store (run with --unstable-kv):
 * function kvStore(kv: Deno.Kv): TokenStore {
 *   return {
 *     async get(key) {
 *       return (await kv.get<StoredToken>(["genesys-token", key])).value ?? undefined;
 *     },
 *     async set(key, token) {
 *       const ttl = token.tokenExpiryTime ? Math.max(1, token.tokenExpiryTime - Date.now()) : undefined;
 *       await kv.set(["genesys-token", key], token, { expireIn: ttl });
 *     },
 *     async delete(key) {
 *       await kv.delete(["genesys-token", key]);
 *     },
 *   };
 * }
 * ```
 */
export interface TokenStore {
  /** The token stored under `key`, or `undefined`. */
  get(key: string): Promise<StoredToken | undefined>;
  /** Stores `token` under `key`, replacing what was there. */
  set(key: string, token: StoredToken): Promise<void>;
  /** Removes the token under `key`. */
  delete(key: string): Promise<void>;
  /**
   * Optional: takes the lock `key` for `ttlMs` milliseconds if no one holds
   * it (atomically across processes). Resolves with a function that releases
   * it, or `undefined` when another holder has it. A crashed holder's lock
   * ends with its expiry. Logins use it so that processes starting together
   * on one store make one token request.
   */
  lock?(key: string, ttlMs: number): Promise<(() => Promise<void>) | undefined>;
}

/**
 * A store in process memory. Share one instance between clients (or Workers
 * of one isolate) to share their tokens.
 *
 * @example
 * ```ts
 * import { MemoryTokenStore } from "./token_store.ts";
 * const store = new MemoryTokenStore();
 * await store.set("k", { accessToken: "t" });
 * console.log((await store.get("k"))?.accessToken); // t
 * ```
 */
export class MemoryTokenStore implements TokenStore {
  readonly #tokens = new Map<string, StoredToken>();
  readonly #locks = new Map<string, { until: number }>();

  /** The token under `key` (a copy), or `undefined`. */
  get(key: string): Promise<StoredToken | undefined> {
    const token = this.#tokens.get(key);
    return Promise.resolve(token && { ...token });
  }

  /** Stores a copy of `token` under `key`. */
  set(key: string, token: StoredToken): Promise<void> {
    this.#tokens.set(key, { ...token });
    return Promise.resolve();
  }

  /** Removes the token under `key`. */
  delete(key: string): Promise<void> {
    this.#tokens.delete(key);
    return Promise.resolve();
  }

  /** Takes the lock `key` for `ttlMs` unless it is held (see {@linkcode TokenStore.lock}). */
  lock(key: string, ttlMs: number): Promise<(() => Promise<void>) | undefined> {
    const now = Date.now();
    const held = this.#locks.get(key);
    if (held !== undefined && held.until > now) return Promise.resolve(undefined);
    const mine = { until: now + ttlMs };
    this.#locks.set(key, mine);
    return Promise.resolve(() => {
      if (this.#locks.get(key) === mine) this.#locks.delete(key);
      return Promise.resolve();
    });
  }
}

/** The part of the Web Storage API (`localStorage`, `sessionStorage`) a store needs. */
export interface WebStorageLike {
  /** Reads an item; `null` when absent. */
  getItem(key: string): string | null;
  /** Writes an item. */
  setItem(key: string, value: string): void;
  /** Removes an item. */
  removeItem(key: string): void;
}

/**
 * A store over a Web Storage object (`localStorage`, `sessionStorage` or
 * anything with the same three methods). Values are JSON; an unreadable value
 * reads as a miss.
 *
 * @example
 * ```ts
 * import { WebStorageTokenStore } from "./token_store.ts";
 * const store = new WebStorageTokenStore(localStorage, "myapp:");
 * await store.set("token", { accessToken: "t", tokenExpiryTime: Date.now() + 60_000 });
 * console.log(localStorage.getItem("myapp:token") !== null); // true
 * await store.delete("token");
 * ```
 */
export class WebStorageTokenStore implements TokenStore {
  readonly #storage: WebStorageLike;
  readonly #prefix: string;

  /** Uses `storage`; every key is prefixed with `prefix`. */
  constructor(storage: WebStorageLike, prefix = "") {
    this.#storage = storage;
    this.#prefix = prefix;
  }

  /** The token under `key`, or `undefined` when absent or unreadable. */
  get(key: string): Promise<StoredToken | undefined> {
    const text = this.#storage.getItem(this.#prefix + key);
    return Promise.resolve(text === null ? undefined : parseStoredToken(text));
  }

  /** Stores `token` under `key` as JSON. */
  set(key: string, token: StoredToken): Promise<void> {
    this.#storage.setItem(this.#prefix + key, JSON.stringify(token));
    return Promise.resolve();
  }

  /** Removes the token under `key`. */
  delete(key: string): Promise<void> {
    this.#storage.removeItem(this.#prefix + key);
    return Promise.resolve();
  }
}

/**
 * Reads a stored token from JSON; `undefined` when it is not one.
 *
 * @example
 * ```ts
 * import { parseStoredToken } from "./token_store.ts";
 * console.log(parseStoredToken('{"accessToken":"t"}')?.accessToken); // t
 * console.log(parseStoredToken("garbage")); // undefined
 * ```
 */
export function parseStoredToken(text: string): StoredToken | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return toStoredToken(value);
}

/**
 * Checks a value read from a token store: a {@linkcode StoredToken} with only
 * its known, well-typed fields (a non-empty `accessToken` that can be sent in
 * a header, finite numbers, a non-empty `refreshToken`), or `undefined` when
 * it is not one (a JSON string, `{}`, `{ access_token }`...).
 *
 * @example
 * ```ts
 * import { toStoredToken } from "./token_store.ts";
 * console.log(toStoredToken({ accessToken: "t", expiresIn: "soon" })); // { accessToken: "t" }
 * console.log(toStoredToken({ access_token: "t" })); // undefined
 * ```
 */
export function toStoredToken(value: unknown): StoredToken | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (!isHeaderValue(v.accessToken) || v.accessToken === "") return undefined;
  const token: StoredToken = { accessToken: v.accessToken };
  // `Number.isFinite` is false for anything that is not a number (no conversion).
  for (const key of ["tokenExpiryTime", "expiresIn"] as const) {
    if (Number.isFinite(v[key])) token[key] = v[key] as number;
  }
  if (typeof v.refreshToken === "string" && v.refreshToken !== "") {
    token.refreshToken = v.refreshToken;
  }
  return token;
}

/**
 * A store key naming the login host (environment or gateway) and the OAuth
 * client id, e.g. `genesys-cloud:login.mypurecloud.ie:<clientId>`. It names
 * an app, not a user: pass it to `setTokenStore` only for tokens every holder
 * of the key may use (see {@linkcode clientCredentialsStoreKey} for the key a
 * client-credentials login picks by itself).
 *
 * @example
 * ```ts
 * import { tokenStoreKey } from "./token_store.ts";
 * console.log(tokenStoreKey("abc", "https://login.mypurecloud.ie"));
 * // genesys-cloud:login.mypurecloud.ie:abc
 * ```
 */
export function tokenStoreKey(clientId: string, loginBaseUrl: string): string {
  const url = new URL(loginBaseUrl);
  const path = url.pathname === "/" ? "" : url.pathname;
  return `genesys-cloud:${url.host}${path}:${clientId}`;
}

/**
 * The key a client-credentials login uses when the app set none: the
 * {@linkcode tokenStoreKey} plus a fingerprint of the credentials
 * (base64url SHA-256 of `clientId:clientSecret`; never the secret itself), so
 * that only a login with the same secret finds the token.
 *
 * @example
 * ```ts
 * import { clientCredentialsStoreKey } from "./token_store.ts";
 * console.log(await clientCredentialsStoreKey("abc", "s3cret", "https://login.mypurecloud.ie"));
 * // genesys-cloud:login.mypurecloud.ie:abc:<43 base64url characters>
 * ```
 */
export async function clientCredentialsStoreKey(
  clientId: string,
  clientSecret: string,
  loginBaseUrl: string,
): Promise<string> {
  const bytes = new TextEncoder().encode(`${clientId}:${clientSecret}`);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return `${tokenStoreKey(clientId, loginBaseUrl)}:${base64UrlEncode(digest)}`;
}
