/**
 * Rate-limit benchmarks (`deno task bench:ratelimit`), against the embedded sandbox enforcing a
 * per-token budget of 100 calls per 2-second window:
 *
 * 1. one process, 1,000 calls at once: 429s and total time with `rateLimit: { pace: true }`
 *    (target: 0, and at most 1.10x the minimum the budget allows, 10 windows), and the 429s
 *    of the same burst without pacing;
 * 2. four processes on one OAuth client sharing a store, 500 calls each, for each engine: Deno
 *    KV (one file), Redis (`redis-server`), Durable Objects (`GenesysCloudStoreObject` in workerd
 *    through miniflare, reached by each process's `durableObjectStores` through a Worker)
 *    (targets: 0 429s, exactly 1 token request, at least 85% of the allowed rate);
 * 3. the cost of pacing when the budget is not the limit: sequential calls with pacing on and
 *    off, in turns (target: within 1.05x).
 *
 * Prints a markdown table. Needs `redis-server` on PATH for the Redis fleet and miniflare in
 * .tools/node_modules for the Durable Object fleet (each skipped without). `--fleets-only` runs
 * only the fleets; `--cost-only` only the pacing cost; `--runs N` runs each fleet N times;
 * `--engine E` only the fleet on engine E.
 *
 * @module
 */

import { LiteClient, UsersApi } from "../mod.ts";
import { startSandbox } from "../tools/sandbox/mod.ts";
import { startRedis } from "../tests/_infra/redis.ts";

const WINDOW_S = 2;
const ALLOWED = 100;
const rows: string[][] = [];

async function onePacedBurst(pace: boolean, calls: number) {
  await using sandbox = await startSandbox({
    rateLimitAllowed: ALLOWED,
    rateLimitWindowSeconds: WINDOW_S,
    enforceRateLimit: true,
  });
  const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
  const client = new LiteClient({
    ...sandbox.clientOptions,
    rateLimit: { pace },
    timeoutMs: 120_000,
  });
  await client.loginClientCredentialsGrant(clientId, clientSecret);
  const users = new UsersApi(client);
  const userId = [...sandbox.state.users.keys()][0];
  const started = performance.now();
  const results = await Promise.allSettled(
    Array.from({ length: calls }, () => users.getUser(userId)),
  );
  const ms = performance.now() - started;
  return {
    ms,
    failed: results.filter((r) => r.status === "rejected").length,
    limited: sandbox.counters.rateLimited,
  };
}

type Engine = "deno-kv" | "redis" | "durable-object";

/** Starts bench/cases/fleet_do_host.ts: the Durable Object in workerd, its URL and stop(). */
async function startObjectHost(): Promise<{ url: string; stop(): Promise<void> }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "bench/cases/fleet_do_host.ts"],
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const stdin = child.stdin.getWriter();
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  while (!/listening (\S+)\n/.test(seen)) {
    const { value, done } = await lines.read();
    if (done) throw new Error(`the Durable Object host exited: ${seen}`);
    seen += value;
  }
  return {
    url: seen.match(/listening (\S+)\n/)![1],
    stop: async () => {
      await stdin.close().catch(() => {});
      await child.status;
      await lines.cancel();
    },
  };
}

async function fleet(engine: Engine, processes: number, calls: number) {
  await using sandbox = await startSandbox({
    rateLimitAllowed: ALLOWED,
    rateLimitWindowSeconds: WINDOW_S,
    enforceRateLimit: true,
  });
  const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
  const kvPath = await Deno.makeTempFile({ suffix: ".kv" });
  const redis = engine === "redis" ? await startRedis() : undefined;
  const objects = engine === "durable-object" ? await startObjectHost() : undefined;
  try {
    const input = {
      url: sandbox.url,
      clientId,
      clientSecret,
      userId: [...sandbox.state.users.keys()][0],
      calls,
      engine,
      kvPath,
      redisUrl: redis?.url,
      objectUrl: objects?.url,
    };
    const started = performance.now();
    const outputs = await Promise.all(Array.from({ length: processes }, async () => {
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "--unstable-kv", "bench/cases/fleet_worker.ts", JSON.stringify(input)],
        stdout: "piped",
        stderr: "inherit",
      }).output();
      return JSON.parse(new TextDecoder().decode(out.stdout).trim().split("\n").at(-1)!);
    }));
    const ms = performance.now() - started;
    if (Deno.env.get("FLEET_DEBUG")) console.error(engine, Math.round(ms), outputs);
    const ok = outputs.reduce((n, o) => n + o.ok, 0);
    const tokenRequests = sandbox.counters.tokenRequests.client_credentials ?? 0;
    return { ms, ok, limited: sandbox.counters.rateLimited, tokenRequests };
  } finally {
    await redis?.stop();
    await objects?.stop();
    await Deno.remove(kvPath).catch(() => {});
  }
}

async function pacingCost(rounds: number, calls: number) {
  await using sandbox = await startSandbox({ rateLimitAllowed: 1_000_000 });
  const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
  const make = (pace: boolean) => new LiteClient({ ...sandbox.clientOptions, rateLimit: { pace } });
  const clients = [make(false), make(true)];
  for (const c of clients) await c.loginClientCredentialsGrant(clientId, clientSecret);
  const userId = [...sandbox.state.users.keys()][0];
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const times = [0, 0];
    // Turns in the order off, on, on, off (then again): a drift of the machine hits both alike.
    for (const which of round % 2 === 0 ? [0, 1, 1, 0] : [1, 0, 0, 1]) {
      const users = new UsersApi(clients[which]);
      const started = performance.now();
      for (let i = 0; i < calls / 2; i++) await users.getUser(userId);
      times[which] += performance.now() - started;
    }
    if (round > 0) ratios.push(times[1] / times[0]); // round 0 warms up
  }
  ratios.sort((a, b) => a - b);
  return { median: ratios[Math.floor(ratios.length / 2)], min: ratios[0], max: ratios.at(-1)! };
}

const fleetsOnly = Deno.args.includes("--fleets-only");
const costOnly = Deno.args.includes("--cost-only");
const runsAt = Deno.args.indexOf("--runs");
const runs = runsAt >= 0 ? Math.max(1, Number(Deno.args[runsAt + 1]) || 1) : 1;

if (!fleetsOnly && !costOnly) {
  const minimumMs = Math.ceil(1000 / ALLOWED) * WINDOW_S * 1000;
  const paced = await onePacedBurst(true, 1000);
  rows.push([
    "1,000 calls, one process, pacing on",
    `${paced.limited} answers 429; ${(paced.ms / 1000).toFixed(1)} s`,
    `minimum ${minimumMs / 1000} s (10 windows): ${(paced.ms / minimumMs).toFixed(2)}x`,
    "0 429s, <= 1.10x",
  ]);
  const unpaced = await onePacedBurst(false, 1000);
  rows.push([
    "1,000 calls, one process, pacing off",
    `${unpaced.limited} answers 429 (${unpaced.failed} calls failed)`,
    "",
    "comparison",
  ]);
}
let engines: Engine[] = ["deno-kv"];
if (await new Deno.Command("which", { args: ["redis-server"] }).output().then((o) => o.success)) {
  engines.push("redis");
}
if (await Deno.stat(".tools/node_modules/miniflare").then(() => true, () => false)) {
  engines.push("durable-object");
}
const engineAt = Deno.args.indexOf("--engine");
if (engineAt >= 0) engines = engines.filter((e) => e === Deno.args[engineAt + 1]);
for (const engine of costOnly ? [] : engines) {
  for (let run = 1; run <= runs; run++) {
    const f = await fleet(engine, 4, 500);
    const rate = f.ok / (f.ms / 1000);
    const allowedRate = ALLOWED / WINDOW_S;
    rows.push([
      `4 processes x 500 calls, shared ${engine} store${runs > 1 ? ` (run ${run})` : ""}`,
      `${f.limited} answers 429; ${f.tokenRequests} token request(s); ${rate.toFixed(1)} calls/s`,
      `allowed ${allowedRate} calls/s: ${(100 * rate / allowedRate).toFixed(0)}%`,
      "0 429s, 1 token request, >= 85%",
    ]);
  }
}
if (!fleetsOnly) {
  const cost = await pacingCost(13, 1000);
  rows.push([
    "pacing cost, budget not the limit (1,000 sequential calls in turns off/on/on/off, 12 rounds)",
    `${cost.median.toFixed(3)}x (${cost.min.toFixed(3)}-${cost.max.toFixed(3)})`,
    "the same calls without pacing",
    "<= 1.05x",
  ]);
}

console.log("| figure | result | compared with | target |\n| --- | --- | --- | --- |");
for (const row of rows) console.log(`| ${row.join(" | ")} |`);
