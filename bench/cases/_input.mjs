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
 * Times variants of a call against each other in this process. `variants` maps the name of each
 * result (`oursUs`, `rawUs`, ...) to its call, in turn order. Each variant is first warmed up, in
 * that order (`warmUp`: at least `warmup` calls and `warmupMs` milliseconds, so that the
 * runtime's optimizing compiler is done with it before timing starts). Then come `pairs` rounds of
 * `n` calls per variant. Within a round the variants take turns in blocks of `block` calls
 * (default `n`: one batch each), forth and back: a, b, b, a, a, b, ... (a, b, c, c, b, a, ... for
 * three), so that a drift of the machine hits all alike; a variant's figure for the round is the
 * time of its blocks added up. Returns microseconds per call in rounds (`oursUs[i]` ran beside
 * `rawUs[i]`) and the warm-up calls made per variant.
 *
 * Short blocks matter on a busy machine: with one batch of 5,000 calls each, the ratio of two
 * batches run back to back spread over 0.7-1.4x on the 2-core CI VM (the machine's pace drifts
 * over the second a batch takes); in blocks of 250 calls it stays within about 10%.
 *
 * @example
 * ```js
 * import { pairedBatches } from "./_input.mjs";
 * const plan = { n: 1000, inflight: 1, warmup: 0, pairs: 2, block: 100 };
 * const { aUs, bUs } = await pairedBatches(plan, {
 *   aUs: () => Promise.resolve(1),
 *   bUs: () => new Promise((resolve) => queueMicrotask(resolve)),
 * });
 * console.log(aUs.length, bUs.length); // 2 2
 * ```
 *
 * @template {string} K
 * @param {{ n: number, inflight: number, warmup: number, warmupMs?: number, pairs?: number, block?: number }} plan
 *   calls per variant and round, calls in flight (1: sequential), warm-up calls and
 *   milliseconds, rounds, calls per turn
 * @param {Record<K, () => Promise<unknown>>} variants the calls, by result name, in turn order
 * @returns {Promise<Record<K, number[]> & { warmupCalls: Record<K, number> }>}
 */
export async function pairedBatches(plan, variants) {
  const { n, inflight, warmup, warmupMs = 0, pairs = 2 } = plan;
  const block = plan.block ?? n;
  if (!(Number.isInteger(n) && n > 0 && Number.isInteger(block) && block > 0)) {
    throw new RangeError(`pairedBatches: n (${n}) and block (${block}) must be positive integers`);
  }
  const order = Object.keys(variants);
  if (order.length < 2 || order.includes("warmupCalls")) {
    throw new RangeError(`pairedBatches: needs two variants or more, not [${order}]`);
  }
  const warmupCalls = {};
  for (const key of order) {
    warmupCalls[key] = await warmUp(warmup, warmupMs, inflight, variants[key]);
  }
  const result = Object.fromEntries(order.map((key) => [key, []]));
  let turn = 0;
  for (let i = 0; i < pairs; i++) {
    const ms = Object.fromEntries(order.map((key) => [key, 0]));
    for (let done = 0; done < n; done += block) {
      const size = Math.min(block, n - done);
      for (const key of turn++ % 2 === 0 ? order : [...order].reverse()) {
        const start = performance.now();
        await drive(size, inflight, variants[key]);
        ms[key] += performance.now() - start;
      }
    }
    for (const key of order) result[key].push(ms[key] * 1000 / n);
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
