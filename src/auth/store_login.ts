/**
 * One token request for many processes: a login through a shared
 * {@linkcode TokenStore} takes the store's lock first, so that processes
 * starting together make one token request and the others adopt its token. A
 * crashed holder never blocks the others past its lock's expiry.
 *
 * @module
 */

import { sleep } from "../base/sleep.ts";
import { type StoredToken, type TokenStore, toStoredToken } from "./token_store.ts";

/** How often a process waiting for another's login looks at the store. */
const POLL_MS = 50;

/**
 * A usable token under `key` (one that `fresh` accepts), or the
 * one `request` gets while holding the store's lock for `key`; `request`
 * stores it. Without `store.lock`, `request` runs at once. The lock is held
 * for at most `lockMs`; `signal` ends the wait.
 *
 * @example
 * ```ts
 * import { loginThroughStore } from "./store_login.ts";
 * import { MemoryTokenStore } from "./token_store.ts";
 * const store = new MemoryTokenStore();
 * let requests = 0;
 * const request = async () => {
 *   requests++;
 *   const token = { accessToken: "t", tokenExpiryTime: Date.now() + 3_600_000 };
 *   await store.set("k", token);
 *   return token;
 * };
 * const fresh = (t: { tokenExpiryTime?: number }) => (t.tokenExpiryTime ?? Infinity) > Date.now();
 * await Promise.all([1, 2, 3].map(() => loginThroughStore(store, "k", request, fresh, 5_000)));
 * console.log(requests); // 1
 * ```
 */
export async function loginThroughStore(
  store: TokenStore,
  key: string,
  request: () => Promise<StoredToken>,
  fresh: (token: StoredToken) => boolean,
  lockMs: number,
  signal?: AbortSignal,
): Promise<StoredToken> {
  for (;;) {
    const found = await usable(store, key, fresh);
    if (found) return found;
    if (!store.lock) return await request();
    let release: (() => Promise<void>) | undefined;
    try {
      release = await store.lock(`${key}:login`, lockMs);
    } catch {
      return await request(); // a store that cannot lock only loses the sharing
    }
    if (release) {
      try {
        // Someone may have stored a token between the look and the lock.
        return await usable(store, key, fresh) ?? await request();
      } finally {
        await release().catch(() => {});
      }
    }
    // Another process is logging in: adopt its token, or try the lock again when it expires.
    const until = Date.now() + lockMs;
    while (Date.now() < until) {
      await sleep(POLL_MS, signal);
      const adopted = await usable(store, key, fresh);
      if (adopted) return adopted;
    }
  }
}

async function usable(
  store: TokenStore,
  key: string,
  fresh: (token: StoredToken) => boolean,
): Promise<StoredToken | undefined> {
  try {
    const token = toStoredToken(await store.get(key));
    return token && fresh(token) ? token : undefined;
  } catch {
    return undefined;
  }
}
