/**
 * One process of the fleet benchmark (`bench/ratelimit.ts`): a `LiteClient` on a shared token
 * and rate-limit store, `calls` calls as fast as pacing allows. Input (JSON argument): `{ url,
 * clientId, clientSecret, userId, calls, engine: "deno-kv" | "redis" | "durable-object", kvPath?,
 * redisUrl?, objectUrl? }`. For Durable Objects the real `durableObjectStores` adapter runs here
 * on a namespace whose stubs reach `GenesysCloudStoreObject` in workerd through the Worker of
 * bench/cases/fleet_do_host.ts (`objectUrl`). Prints one JSON line: `{ ok, rateLimited, other,
 * ms }`.
 */

import { ApiError, LiteClient, UsersApi } from "../../mod.ts";
import {
  denoKvStores,
  type DurableObjectNamespaceLike,
  durableObjectStores,
  redisStores,
} from "../../src/stores/mod.ts";

const input = JSON.parse(Deno.args[0]);
let close = () => Promise.resolve();
let stores;
if (input.engine === "deno-kv") {
  const kv = await Deno.openKv(input.kvPath);
  stores = denoKvStores(kv);
  close = () => Promise.resolve(kv.close());
} else if (input.engine === "durable-object") {
  const namespace: DurableObjectNamespaceLike = {
    idFromName: (name) => name,
    get: (id) => ({
      fetch: (_url, init) => fetch(`${input.objectUrl}/${encodeURIComponent(String(id))}`, init),
    }),
  };
  stores = durableObjectStores(namespace);
} else {
  // deno-lint-ignore no-import-prefix
  const { createClient } = await import("npm:redis@5.12.4");
  const client = createClient({ url: input.redisUrl });
  await client.connect();
  stores = redisStores(client as never);
  close = async () => void await client.quit();
}
const client = new LiteClient({
  basePath: input.url,
  loginBasePath: input.url,
  tokenStore: stores.tokenStore,
  rateLimit: { pace: true, store: stores.rateLimitStore },
  timeoutMs: 120_000,
});
await client.loginClientCredentialsGrant(input.clientId, input.clientSecret);
const users = new UsersApi(client);
let ok = 0;
let rateLimited = 0;
let other = 0;
const started = performance.now();
await Promise.all(Array.from({ length: input.calls }, async () => {
  try {
    await users.getUser(input.userId);
    ok++;
  } catch (error) {
    if (error instanceof ApiError && error.status === 429) rateLimited++;
    else other++;
  }
}));
const ms = performance.now() - started;
await close();
console.log(JSON.stringify({ ok, rateLimited, other, ms }));
