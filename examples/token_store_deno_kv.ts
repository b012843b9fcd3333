/**
 * Sharing one access token between clients (and processes) through Deno KV.
 * A `TokenStore` is three async methods; this one keeps tokens in KV with an
 * expiry. Two clients with separate KV handles on the same database log in
 * with the same credentials: the first asks `/oauth/token`, the second finds
 * the token in KV and asks nothing.
 *
 * Deno only (Deno KV is unstable: needs --unstable-kv):
 *   deno run -A --unstable-kv examples/token_store_deno_kv.ts
 *
 * @module
 */

import { PlatformClient, type StoredToken, type TokenStore } from "../mod.ts";
import { startSandbox } from "../tools/sandbox/mod.ts";
import { UsersApi } from "../src/generated/apis/users.js";

/** A `TokenStore` on Deno KV; entries expire with their token. */
class DenoKvTokenStore implements TokenStore {
  constructor(readonly kv: Deno.Kv, readonly prefix: string[] = ["genesys-cloud-token"]) {}

  async get(key: string): Promise<StoredToken | undefined> {
    const entry = await this.kv.get<StoredToken>([...this.prefix, key]);
    return entry.value ?? undefined;
  }

  async set(key: string, token: StoredToken): Promise<void> {
    const ttl = token.tokenExpiryTime === undefined
      ? undefined
      : token.tokenExpiryTime - Date.now();
    await this.kv.set([...this.prefix, key], token, ttl && ttl > 0 ? { expireIn: ttl } : {});
  }

  async delete(key: string): Promise<void> {
    await this.kv.delete([...this.prefix, key]);
  }
}

const dir = await Deno.makeTempDir({ prefix: "genesys-kv-" });
const path = `${dir}/tokens.sqlite3`;
const sandbox = await startSandbox();
const kvA = await Deno.openKv(path);
const kvB = await Deno.openKv(path); // a second handle, as another process would have
try {
  const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
  const tokenRequests = () => sandbox.counters.tokenRequests.client_credentials ?? 0;

  const first = new PlatformClient(sandbox.clientOptions);
  first.setTokenStore(new DenoKvTokenStore(kvA));
  await first.loginClientCredentialsGrant(clientId, clientSecret);
  console.log(`client 1 logged in: token requests ${tokenRequests()}`);

  const second = new PlatformClient(sandbox.clientOptions);
  second.setTokenStore(new DenoKvTokenStore(kvB));
  await second.loginClientCredentialsGrant(clientId, clientSecret);
  console.log(`client 2 logged in: token requests ${tokenRequests()} (token found in Deno KV)`);

  const [a, b] = await Promise.all([
    new UsersApi(first).getUsers({ pageSize: 1 }),
    new UsersApi(second).getUsers({ pageSize: 1 }),
  ]);
  const bearers = new Set(
    sandbox.requests.filter((r) => r.path === "/api/v2/users").map((r) =>
      r.headers.get("authorization")
    ),
  );
  console.log(`both clients called the API: ${a.total} and ${b.total} users`);
  console.log(`distinct bearer tokens used: ${bearers.size}`);
  const keys: string[] = [];
  for await (const entry of kvB.list({ prefix: ["genesys-cloud-token"] })) {
    keys.push(entry.key.slice(1).join("/"));
  }
  console.log(`KV entries: ${keys.length} (${keys.map((k) => k.replace(clientId, "<clientId>"))})`);
} finally {
  kvA.close();
  kvB.close();
  await sandbox.stop();
  await Deno.remove(dir, { recursive: true });
}
