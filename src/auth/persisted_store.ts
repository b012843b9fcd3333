/**
 * The token store behind `setPersistSettings`: Web Storage entries in the
 * official SDK's format, marked with the client id and login host they were
 * obtained for, so that another app or environment on the same origin never
 * uses, nor deletes, them.
 *
 * @module
 */

import { type StoredToken, type TokenStore, toStoredToken } from "./token_store.ts";

/** Whose a persisted token is: the client id (when known) and the login base URL. */
export interface TokenOwner {
  /** The OAuth client id of the last login; `undefined` before any. */
  clientId: string | undefined;
  /** The login base URL (environment or gateway); entries keep its host (and path). */
  loginHost: string;
}

/**
 * A {@linkcode TokenStore} on Web Storage whose entries carry their owner. An
 * entry written for another client id or login host reads as a miss and is
 * never deleted; one without them (written by the official SDK) is read as
 * before.
 *
 * @example
 * ```ts
 * import { PersistedTokenStore } from "./persisted_store.ts";
 * const store = new PersistedTokenStore(
 *   sessionStorage,
 *   () => ({ clientId: "app-1", loginHost: "https://login.mypurecloud.ie" }),
 * );
 * await store.set("purecloud_auth_data", { accessToken: "t" });
 * console.log((await store.get("purecloud_auth_data"))?.accessToken); // t
 * ```
 */
export class PersistedTokenStore implements TokenStore {
  readonly #storage: Storage;
  readonly #owner: () => TokenOwner;

  /** Keeps entries in `storage`, for whoever `owner` names at the time. */
  constructor(storage: Storage, owner: () => TokenOwner) {
    this.#storage = storage;
    this.#owner = owner;
  }

  /** The entry under `key` when it is this owner's (or has no owner). */
  get(key: string): Promise<StoredToken | undefined> {
    const entry = this.#entry(key);
    return Promise.resolve(entry && this.#ours(entry) ? toStoredToken(entry) : undefined);
  }

  /** Writes `token` under `key`, marked with the owner. */
  set(key: string, token: StoredToken): Promise<void> {
    const { clientId, loginHost } = this.#owner();
    this.#storage.setItem(
      key,
      JSON.stringify({ ...token, clientId, loginHost: hostOf(loginHost) }),
    );
    return Promise.resolve();
  }

  /** Removes the entry under `key` unless it is someone else's. */
  delete(key: string): Promise<void> {
    const entry = this.#entry(key);
    if (!entry || this.#ours(entry)) this.#storage.removeItem(key);
    return Promise.resolve();
  }

  #entry(key: string): Record<string, unknown> | undefined {
    const text = this.#storage.getItem(key);
    if (text === null) return undefined;
    try {
      const value: unknown = JSON.parse(text);
      return typeof value === "object" && value !== null
        ? value as Record<string, unknown>
        : undefined;
    } catch {
      return undefined;
    }
  }

  #ours(entry: Record<string, unknown>): boolean {
    const owner = this.#owner();
    if (typeof entry.loginHost === "string" && entry.loginHost !== hostOf(owner.loginHost)) {
      return false;
    }
    return typeof entry.clientId !== "string" || owner.clientId === undefined ||
      entry.clientId === owner.clientId;
  }
}

/** The host (and path, for a gateway) of a login base URL. */
function hostOf(loginBaseUrl: string): string {
  const url = new URL(loginBaseUrl);
  return url.pathname === "/" ? url.host : `${url.host}${url.pathname}`;
}
