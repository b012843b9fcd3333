/**
 * A shared rate-limit store that fails, hangs or breaks midway never fails a call: the pacer
 * reports it once (`onStoreFailure`, else one `console.warn`) and paces locally from then on,
 * against the sandbox enforcing 10 calls per 1-second window per token.
 */

import assert from "node:assert/strict";
import { LiteClient, MemoryRateLimitStore, type RateLimitStore, UsersApi } from "../../mod.ts";
import { startSandbox } from "../../tools/sandbox/mod.ts";

const BUDGET = { rateLimitAllowed: 10, rateLimitWindowSeconds: 1, enforceRateLimit: true };

async function run(store: RateLimitStore, calls: number, onStoreFailure?: (e: unknown) => void) {
  await using sandbox = await startSandbox(BUDGET);
  const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
  const client = new LiteClient({
    ...sandbox.clientOptions,
    rateLimit: { pace: true, store, ...(onStoreFailure ? { onStoreFailure } : {}) },
  });
  await client.loginClientCredentialsGrant(clientId, clientSecret);
  const users = new UsersApi(client);
  const user = [...sandbox.state.users.keys()][0];
  const results = await Promise.allSettled(
    Array.from({ length: calls }, () => users.getUser(user)),
  );
  const failed = results.filter((r) => r.status === "rejected").map((r) => String(r.reason));
  return { failed, rateLimited: sandbox.counters.rateLimited };
}

Deno.test("a store that fails: every call succeeds under local pacing, one warning", async () => {
  const store: RateLimitStore = {
    take: () => Promise.reject(new Error("connection refused")),
    block: () => Promise.reject(new Error("connection refused")),
  };
  const warnings: unknown[][] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => void warnings.push(args);
  try {
    const { failed, rateLimited } = await run(store, 15);
    assert.deepEqual(failed, []);
    assert.equal(rateLimited, 0, "local pacing kept the calls under the budget");
  } finally {
    console.warn = warn;
  }
  assert.equal(warnings.length, 1, JSON.stringify(warnings));
  assert.match(
    String(warnings[0][0]),
    /rate-limit store failed; pacing locally.*connection refused/,
  );
});

Deno.test("a store that never answers: the call goes on after the store's time limit, one report", async () => {
  const store: RateLimitStore = {
    take: () => new Promise(() => {}),
    block: () => new Promise(() => {}),
  };
  const reports: unknown[] = [];
  const { failed, rateLimited } = await run(store, 5, (e) => reports.push(e));
  assert.deepEqual(failed, []);
  assert.equal(rateLimited, 0);
  assert.equal(reports.length, 1);
  assert.match(String((reports[0] as Error).message), /did not answer within 2000 ms/);
});

Deno.test("a store that breaks midway: the calls after it go on under local pacing", async () => {
  const memory = new MemoryRateLimitStore();
  let takes = 0;
  const store: RateLimitStore = {
    take: (...args) =>
      ++takes <= 3 ? memory.take(...args) : Promise.reject(new Error("store went away")),
    block: (...args) => memory.block(...args),
  };
  const reports: unknown[] = [];
  const { failed, rateLimited } = await run(store, 25, (e) => reports.push(e));
  assert.deepEqual(failed, []);
  assert.equal(rateLimited, 0);
  assert.ok(takes > 3, `the store was used first (${takes} takes)`);
  assert.equal(reports.length, 1);
  assert.match(String((reports[0] as Error).message), /store went away/);
});
