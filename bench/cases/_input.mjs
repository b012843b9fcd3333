// deno-lint-ignore-file no-process-global
/**
 * The JavaScript twin of `_input.ts` for the cases that run unchanged on Node, Deno and Bun
 * (raw `fetch` and the official SDK): reads `BENCH_CASE` and drives calls.
 *
 * @module
 */

/** Parses the `BENCH_CASE` environment variable. */
export function caseInput() {
  const raw = process.env.BENCH_CASE;
  if (!raw) throw new Error("BENCH_CASE is not set: run cases through bench/main.ts");
  return JSON.parse(raw);
}

/** Runs `call` `n` times, sequentially (`inflight` 1) or with `inflight` calls in flight. */
export async function drive(n, inflight, call) {
  if (inflight <= 1) {
    for (let i = 0; i < n; i++) await call();
    return;
  }
  let next = 0;
  const worker = async () => {
    while (next < n) {
      next++;
      await call();
    }
  };
  await Promise.all(Array.from({ length: Math.min(inflight, n) }, worker));
}

/** Calls per warm-up step, and the most a warm-up makes (a bound for very fast calls). */
const WARMUP_STEP = 500;
const WARMUP_MAX_CALLS = 1_000_000;

/**
 * Warms `call` up: at least `calls` calls and at least `ms` milliseconds of them, in steps of
 * 500 calls. Returns the number of calls made.
 *
 * @param {number} calls
 * @param {number} ms
 * @param {number} inflight
 * @param {() => Promise<unknown>} call
 * @returns {Promise<number>}
 */
export async function warmUp(calls, ms, inflight, call) {
  const start = performance.now();
  let made = 0;
  while (made < WARMUP_MAX_CALLS && (made < calls || performance.now() - start < ms)) {
    await drive(WARMUP_STEP, inflight, call);
    made += WARMUP_STEP;
  }
  return made;
}

/**
 * Times `ours` against `raw` in this process. Each variant is first warmed up (`warmUp`: at least
 * `warmup` calls and `warmupMs` milliseconds, so that the runtime's optimizing compiler is done
 * with it before timing starts), then come `pairs` pairs of batches of `n` calls in the order
 * ours, raw, raw, ours, ours, raw, ... so that a drift of the machine during the run hits both
 * alike. With `timed` (raw `fetch` given a time limit), the rounds are triples in the order ours,
 * raw, timed, timed, raw, ours, ... Returns microseconds per call in rounds: `oursUs[i]` ran
 * beside `rawUs[i]` (and `timedUs[i]`), and the warm-up calls made per variant.
 *
 * @param {{ n: number, inflight: number, warmup: number, warmupMs?: number, pairs?: number }} plan
 *   calls per batch, calls in flight (1: sequential), warm-up calls and milliseconds, rounds
 * @param {{ ours: () => Promise<unknown>, raw: () => Promise<unknown>, timed?: () => Promise<unknown> }} variants
 *   the client, raw `fetch`, and raw `fetch` with a time limit
 * @returns {Promise<{ oursUs: number[], rawUs: number[], timedUs?: number[], warmupCalls: Record<string, number> }>}
 */
export async function pairedBatches(plan, { ours, raw, timed }) {
  const { n, inflight, warmup, warmupMs = 0, pairs = 2 } = plan;
  const variants = timed ? [["rawUs", raw], ["oursUs", ours], ["timedUs", timed]] : [
    ["rawUs", raw],
    ["oursUs", ours],
  ];
  const warmupCalls = {};
  for (const [key, call] of variants) {
    warmupCalls[key] = await warmUp(warmup, warmupMs, inflight, call);
  }
  const batch = async (call) => {
    const start = performance.now();
    await drive(n, inflight, call);
    return (performance.now() - start) * 1000 / n;
  };
  const result = Object.fromEntries(variants.map(([key]) => [key, []]));
  const order = timed ? ["oursUs", "rawUs", "timedUs"] : ["oursUs", "rawUs"];
  const calls = Object.fromEntries(variants);
  for (let i = 0; i < pairs; i++) {
    const round = i % 2 === 0 ? order : [...order].reverse();
    for (const key of round) result[key].push(await batch(calls[key]));
  }
  return { ...result, warmupCalls };
}

/** Logs in with raw `fetch` (client credentials) and returns the access token. */
export async function fetchLogin(input) {
  const res = await fetch(`${input.url}/oauth/token`, {
    method: "POST",
    headers: {
      "Authorization": `Basic ${btoa(`${input.clientId}:${input.clientSecret}`)}`,
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: "grant_type=client_credentials",
  });
  if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const body = await res.json();
  return body.access_token;
}

/**
 * `GET /api/v2/users/{userId}` with raw `fetch`, reading the JSON body as an SDK would; with
 * `timeoutMs`, the request gets a time limit (`AbortSignal.timeout`), as a careful raw caller does.
 *
 * @param {string} url
 * @param {string} token
 * @param {string} userId
 * @param {number} [timeoutMs]
 */
export async function fetchUser(url, token, userId, timeoutMs) {
  const init = {
    headers: { "Authorization": `Bearer ${token}`, "Accept": "application/json" },
  };
  if (timeoutMs !== undefined) init.signal = AbortSignal.timeout(timeoutMs);
  const res = await fetch(`${url}/api/v2/users/${encodeURIComponent(userId)}`, init);
  if (!res.ok) throw new Error(`users/{userId} failed: ${res.status} ${await res.text()}`);
  return await res.json();
}

/** Loads the official SDK from the tools folder the way a Node user does (`require`). */
export async function loadOfficial(input) {
  const { createRequire } = await import("node:module");
  const require = createRequire(input.toolsPackageJson);
  return require("purecloud-platform-client-v2");
}

/** Points the official SDK's `ApiClient` at the loopback server through its gateway setting. */
export function officialClient(platformClient, input) {
  const client = platformClient.ApiClient.instance;
  const { hostname, port, protocol } = new URL(input.url);
  client.setGateway({ host: hostname, protocol: protocol.replace(":", ""), port: Number(port) });
  return client;
}

/** Prints the case's one JSON result line. */
export function report(result) {
  console.log(JSON.stringify(result));
}
