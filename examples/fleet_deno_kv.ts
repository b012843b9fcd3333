/**
 * A fleet on one OAuth client: three worker processes share one token and one request budget
 * through Deno KV (`denoKvStores`), against the sandbox enforcing 40 calls per 2-second window.
 * Together they make one token request and get no 429, where each pacing alone would not know
 * the others' calls. The same code runs on Deno Deploy with `Deno.openKv()`.
 *
 * Run: `deno run -A --unstable-kv examples/fleet_deno_kv.ts` (it starts its own workers).
 *
 * @module
 */

import { ApiError, denoKvStores, LiteClient, UsersApi } from "../mod.ts";
import { startSandbox } from "../tools/sandbox/mod.ts";

const WORKERS = 3;
const CALLS = 40;

if (Deno.args[0] === "--worker") {
  // One worker: the shared stores, pacing on, its calls as fast as the budget allows.
  const { url, kvPath, clientId, clientSecret, userId } = JSON.parse(Deno.args[1]);
  const kv = await Deno.openKv(kvPath);
  const { tokenStore, rateLimitStore } = denoKvStores(kv);
  const client = new LiteClient({
    basePath: url,
    loginBasePath: url,
    tokenStore,
    rateLimit: { pace: true, store: rateLimitStore },
    timeoutMs: 60_000,
  });
  await client.loginClientCredentialsGrant(clientId, clientSecret);
  const users = new UsersApi(client);
  let rateLimited = 0;
  await Promise.all(Array.from({ length: CALLS }, async () => {
    try {
      await users.getUser(userId);
    } catch (error) {
      if (error instanceof ApiError && error.status === 429) rateLimited++;
      else throw error;
    }
  }));
  kv.close();
  console.log(JSON.stringify({ rateLimited }));
} else {
  await using sandbox = await startSandbox({
    enforceRateLimit: true,
    rateLimitAllowed: 40,
    rateLimitWindowSeconds: 2,
  });
  const kvPath = await Deno.makeTempFile({ suffix: ".kv" });
  const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
  const input = JSON.stringify({
    url: sandbox.url,
    kvPath,
    clientId,
    clientSecret,
    userId: [...sandbox.state.users.keys()][0],
  });
  const started = performance.now();
  const results = await Promise.all(Array.from({ length: WORKERS }, async () => {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--unstable-kv", import.meta.filename!, "--worker", input],
      stderr: "inherit",
    }).output();
    if (!out.success) throw new Error("a worker failed");
    return JSON.parse(new TextDecoder().decode(out.stdout));
  }));
  await Deno.remove(kvPath);
  const seconds = (performance.now() - started) / 1000;
  console.log(`${WORKERS} workers, ${WORKERS * CALLS} calls in ${seconds.toFixed(1)} s`);
  console.log(`token requests: ${sandbox.counters.tokenRequests.client_credentials}`);
  console.log(`429 answers: ${results.reduce((n, r) => n + r.rateLimited, 0)}`);
}
