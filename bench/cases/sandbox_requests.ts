/**
 * Sandbox request handling (Deno or Bun): per-request time of the in-process handler for each
 * kind of request (hand-written route, synthesized answer, synthesized again from the cache,
 * family listing, family create, validated query body), then requests per second over HTTP
 * (`startSandbox`, `fetch` with `inflight` in flight, the same mix). Prints
 * `{ kinds: { [kind]: µs[] }, mixUs: µs[], httpRps: number[] }`.
 *
 * Input (`BENCH_CASE`): `{ n, warmup, rounds, inflight, httpRequests }`.
 *
 * @module
 */

import { createSandboxHandler, startSandbox } from "../../tools/sandbox/mod.ts";
import { caseInput } from "./_input.ts";

const input = caseInput() as unknown as {
  n: number;
  warmup: number;
  rounds: number;
  inflight: number;
  httpRequests: number;
};

const ORIGIN = "http://sandbox.bench";
const handler = createSandboxHandler();
const token = await handler.issueAccessToken();
const auth = { authorization: `Bearer ${token}` };
const userId = handler.credentials.user.id;
const json = { ...auth, "content-type": "application/json" };
const query = JSON.stringify({
  interval: "2025-01-06T00:00:00.000Z/2025-01-07T00:00:00.000Z",
  order: "asc",
  paging: { pageSize: 25, pageNumber: 1 },
  segmentFilters: [{ type: "and", predicates: [{ dimension: "queueId", value: userId }] }],
});

let counter = 0;
/** Each kind: a request maker (a fresh `Request` each time). */
const KINDS: Record<string, () => Request> = {
  "hand-written GET /users/{id}": () =>
    new Request(`${ORIGIN}/api/v2/users/${userId}`, { headers: auth }),
  "synthesized GET (new path each time)": () =>
    new Request(`${ORIGIN}/api/v2/authorization/subjects/${counter++}`, { headers: auth }),
  "synthesized GET (same path: cache)": () =>
    new Request(`${ORIGIN}/api/v2/analytics/conversations/c-1/details`, { headers: auth }),
  "family GET list (page of 25)": () =>
    new Request(`${ORIGIN}/api/v2/routing/skills?pageSize=25`, { headers: auth }),
  "family POST create (validated)": () =>
    new Request(`${ORIGIN}/api/v2/routing/skills`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ name: `Skill ${counter++}` }),
    }),
  "POST analytics query (validated body)": () =>
    new Request(`${ORIGIN}/api/v2/analytics/conversations/details/query`, {
      method: "POST",
      headers: json,
      body: query,
    }),
};

async function once(make: () => Request): Promise<number> {
  const request = make();
  const start = performance.now();
  const response = await handler(request);
  await response.arrayBuffer();
  const us = (performance.now() - start) * 1000;
  if (response.status >= 300) {
    throw new Error(`${request.method} ${request.url}: ${response.status}`);
  }
  return us;
}

// Seed enough skills for full pages, then warm up every kind.
for (let i = 0; i < 30; i++) await once(KINDS["family POST create (validated)"]);
const names = Object.keys(KINDS);
for (let i = 0; i < input.warmup; i++) await once(KINDS[names[i % names.length]]);

const kinds: Record<string, number[]> = Object.fromEntries(names.map((k) => [k, []]));
const mixUs: number[] = [];
for (let round = 0; round < input.rounds; round++) {
  for (const name of names) {
    const samples: number[] = [];
    for (let i = 0; i < input.n; i++) samples.push(await once(KINDS[name]));
    samples.sort((a, b) => a - b);
    kinds[name].push(samples[Math.floor(samples.length / 2)]);
  }
  const mix: number[] = [];
  for (let i = 0; i < input.n; i++) mix.push(await once(KINDS[names[i % names.length]]));
  mix.sort((a, b) => a - b);
  mixUs.push(mix[Math.floor(mix.length / 2)]);
}

// Over HTTP: requests per second with `inflight` in flight.
const served = await startSandbox({ recordRequests: false });
const servedToken = await served.issueAccessToken();
const httpRps: number[] = [];
for (let round = 0; round < input.rounds; round++) {
  let next = 0;
  const start = performance.now();
  const worker = async () => {
    while (next < input.httpRequests) {
      const i = next++;
      const made = KINDS[names[i % names.length]]();
      const url = new URL(made.url);
      const headers = new Headers(made.headers);
      headers.set("authorization", `Bearer ${servedToken}`);
      const res = await fetch(`${served.url}${url.pathname}${url.search}`, {
        method: made.method,
        headers,
        body: made.body ? await made.text() : undefined,
      });
      await res.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: input.inflight }, worker));
  httpRps.push(input.httpRequests / ((performance.now() - start) / 1000));
}
await served.stop();

console.log(JSON.stringify({ kinds, mixUs, httpRps }));
