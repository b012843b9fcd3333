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

/**
 * Times `ours` against `raw` in this process: both warmed up (`warmup` calls each), then `pairs`
 * pairs of batches of `n` calls in the order ours, raw, raw, ours, ours, raw, ... so that a drift
 * of the machine during the run hits both alike. Returns microseconds per call in pairs:
 * `oursUs[i]` ran beside `rawUs[i]`.
 */
export async function pairedBatches(n, inflight, warmup, ours, raw, pairs = 2) {
  await drive(warmup, inflight, raw);
  await drive(warmup, inflight, ours);
  const batch = async (call) => {
    const start = performance.now();
    await drive(n, inflight, call);
    return (performance.now() - start) * 1000 / n;
  };
  const oursUs = [];
  const rawUs = [];
  for (let i = 0; i < pairs; i++) {
    if (i % 2 === 0) {
      oursUs.push(await batch(ours));
      rawUs.push(await batch(raw));
    } else {
      rawUs.push(await batch(raw));
      oursUs.push(await batch(ours));
    }
  }
  return { oursUs, rawUs };
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

/** `GET /api/v2/users/{userId}` with raw `fetch`, reading the JSON body as an SDK would. */
export async function fetchUser(url, token, userId) {
  const res = await fetch(`${url}/api/v2/users/${encodeURIComponent(userId)}`, {
    headers: { "Authorization": `Bearer ${token}`, "Accept": "application/json" },
  });
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
