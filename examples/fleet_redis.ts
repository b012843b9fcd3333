/**
 * A fleet on one OAuth client through Redis: three worker processes share one token and one
 * request budget (`redisStores` with the npm `redis` client), against the sandbox enforcing 40
 * calls per 2-second window: one token request, no 429.
 *
 * Run: `deno run -A examples/fleet_redis.ts [--redis redis://127.0.0.1:6379]`; without
 * `--redis` it starts `redis-server` (Debian package) on a free port and stops it at the end.
 *
 * @module
 */

// deno-lint-ignore no-import-prefix
import { createClient } from "npm:redis@5.12.4";
import { ApiError, LiteClient, redisStores, UsersApi } from "../mod.ts";
import { startSandbox } from "../tools/sandbox/mod.ts";

const WORKERS = 3;
const CALLS = 40;

if (Deno.args[0] === "--worker") {
  const { url, redisUrl, clientId, clientSecret, userId } = JSON.parse(Deno.args[1]);
  const redis = createClient({ url: redisUrl });
  await redis.connect();
  const { tokenStore, rateLimitStore } = redisStores(redis as never, { prefix: "fleet-example:" });
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
  await redis.quit();
  console.log(JSON.stringify({ rateLimited }));
} else {
  const given = Deno.args.indexOf("--redis");
  let redisUrl = given >= 0 ? Deno.args[given + 1] : undefined;
  let server: Deno.ChildProcess | undefined;
  if (!redisUrl) {
    const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = (probe.addr as Deno.NetAddr).port;
    probe.close();
    server = new Deno.Command("redis-server", {
      args: ["--bind", "127.0.0.1", "--port", `${port}`, "--save", "", "--appendonly", "no"],
      stdout: "null",
      stderr: "null",
    }).spawn();
    redisUrl = `redis://127.0.0.1:${port}`;
    for (let i = 0; i < 100; i++) {
      try {
        (await Deno.connect({ hostname: "127.0.0.1", port })).close();
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }
  try {
    await using sandbox = await startSandbox({
      enforceRateLimit: true,
      rateLimitAllowed: 40,
      rateLimitWindowSeconds: 2,
    });
    const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
    const input = JSON.stringify({
      url: sandbox.url,
      redisUrl,
      clientId,
      clientSecret,
      userId: [...sandbox.state.users.keys()][0],
    });
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: WORKERS }, async () => {
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", import.meta.filename!, "--worker", input],
        stderr: "inherit",
      }).output();
      if (!out.success) throw new Error("a worker failed");
      return JSON.parse(new TextDecoder().decode(out.stdout));
    }));
    const seconds = (performance.now() - started) / 1000;
    console.log(`${WORKERS} workers, ${WORKERS * CALLS} calls in ${seconds.toFixed(1)} s`);
    console.log(`token requests: ${sandbox.counters.tokenRequests.client_credentials}`);
    console.log(`429 answers: ${results.reduce((n, r) => n + r.rateLimited, 0)}`);
  } finally {
    server?.kill();
    await server?.status;
  }
}
