/**
 * Keeping the access token across client instances (and process restarts):
 * a `TokenStore` backed by a JSON file. The first client logs in (client
 * credentials) and the token lands in the file; a second client, made as a
 * restarted process would, finds it there and calls the API without logging
 * in again. In a browser, `client.setPersistSettings(true, prefix)` does the
 * same with `localStorage` (see examples/browser_pkce). Tokens are never
 * printed.
 *
 * Run:
 *   deno run -A examples/access_token_persistence.ts
 *   bun examples/access_token_persistence.ts
 *
 * @module
 */

import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PlatformClient, type StoredToken, type TokenStore, tokenStoreKey } from "../mod.ts";
import { UsersApi } from "../src/generated/apis/users.js";
import { startSandbox } from "../tools/sandbox/mod.ts";

/** A TokenStore keeping `{ key: token }` in one JSON file (mode 0600). */
class JsonFileTokenStore implements TokenStore {
  constructor(readonly path: string) {}

  async #readAll(): Promise<Record<string, StoredToken>> {
    try {
      return JSON.parse(await readFile(this.path, "utf8"));
    } catch {
      return {}; // missing or unreadable: nothing stored
    }
  }

  async get(key: string): Promise<StoredToken | undefined> {
    return (await this.#readAll())[key];
  }

  async set(key: string, token: StoredToken): Promise<void> {
    const all = await this.#readAll();
    all[key] = token;
    await writeFile(this.path, JSON.stringify(all), { mode: 0o600 });
  }

  async delete(key: string): Promise<void> {
    const all = await this.#readAll();
    delete all[key];
    await writeFile(this.path, JSON.stringify(all), { mode: 0o600 });
  }
}

const sandbox = await startSandbox();
const dir = await mkdtemp(join(tmpdir(), "token-store-"));
try {
  const store = new JsonFileTokenStore(join(dir, "tokens.json"));
  const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
  const key = tokenStoreKey(clientId, sandbox.clientOptions.loginBasePath);

  const first = new PlatformClient(sandbox.clientOptions);
  first.setTokenStore(store, key);
  await first.loginClientCredentialsGrant(clientId, clientSecret);
  const saved = await store.get(key);
  console.log(
    `first client logged in; stored under "${key}": ${Object.keys(saved ?? {}).sort().join(", ")}`,
  );

  // As after a restart: a new client, no login, the same store and key.
  const second = new PlatformClient(sandbox.clientOptions);
  second.setTokenStore(store, key);
  const page = await new UsersApi(second).getUsers({ pageSize: 1 });
  console.log(`second client, without logging in: ${page.total} users`);
  const tokenRequests = sandbox.counters.tokenRequests["client_credentials"] ?? 0;
  console.log(`logins sent to the server: ${tokenRequests}`);
} finally {
  await rm(dir, { recursive: true });
  await sandbox.stop();
}
