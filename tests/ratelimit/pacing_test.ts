/**
 * Pacing before the 429, against the sandbox enforcing a budget of 10 calls per 1-second window
 * per token: with `rateLimit: { pace: true }` no call is answered 429 (both clients); without it,
 * the same burst gets 429s. `maxConcurrent` caps the calls in flight. A 429 from the token
 * endpoint is retried after its Retry-After. Shared stores: clients on one `MemoryTokenStore`
 * make one token request, and one shared `RateLimitStore` budget keeps them all under it.
 */

import assert from "node:assert/strict";
import {
  LiteClient,
  MemoryRateLimitStore,
  MemoryTokenStore,
  type OperationClient,
  PlatformClient,
  UsersApi,
} from "../../mod.ts";
import { startSandbox } from "../../tools/sandbox/mod.ts";

const BUDGET = { rateLimitAllowed: 10, rateLimitWindowSeconds: 1, enforceRateLimit: true };

async function burst(client: OperationClient, userId: string, calls: number) {
  const users = new UsersApi(client);
  const results = await Promise.allSettled(
    Array.from({ length: calls }, () => users.getUser(userId)),
  );
  return results.filter((r) => r.status === "rejected").map((r) =>
    (r as PromiseRejectedResult).reason
  );
}

for (const kind of ["PlatformClient", "LiteClient"] as const) {
  Deno.test(`${kind}: pacing keeps 35 calls under a 10-per-second budget: no 429`, async () => {
    await using sandbox = await startSandbox(BUDGET);
    const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
    const make = (pace: boolean) =>
      kind === "PlatformClient"
        ? new PlatformClient({
          ...sandbox.clientOptions,
          rateLimit: { pace },
          liveReloadConfig: false,
        })
        : new LiteClient({ ...sandbox.clientOptions, rateLimit: { pace } });
    const user = [...sandbox.state.users.keys()][0];

    const paced = make(true);
    await paced.loginClientCredentialsGrant(clientId, clientSecret);
    const before = sandbox.counters.rateLimited;
    const failures = await burst(paced, user, 35);
    assert.deepEqual(failures.map(String), [], "every paced call succeeded");
    assert.equal(sandbox.counters.rateLimited - before, 0, "no 429 answered");
    await (paced as { close?: () => Promise<void> }).close?.();

    // The same burst unpaced (a fresh token, a fresh window): the server refuses some.
    const unpaced = make(false);
    await unpaced.loginClientCredentialsGrant(clientId, clientSecret);
    const refused = await burst(unpaced, user, 35);
    assert.ok(refused.length > 0 && sandbox.counters.rateLimited > before, "429s without pacing");
    await (unpaced as { close?: () => Promise<void> }).close?.();
  });
}

Deno.test("maxConcurrent caps the calls in flight", async () => {
  let inFlight = 0;
  let most = 0;
  const client = new LiteClient({
    accessToken: "t",
    basePath: "https://api.test.example",
    rateLimit: { maxConcurrent: 3 },
    transport: async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return Response.json({ id: "u" });
    },
  });
  const users = new UsersApi(client);
  await Promise.all(Array.from({ length: 20 }, () => users.getUser("u")));
  assert.equal(most, 3);
});

Deno.test("a 429 from the token endpoint is retried after its Retry-After", async () => {
  const times: number[] = [];
  const client = new PlatformClient({
    loginBasePath: "https://login.test.example",
    liveReloadConfig: false,
    transport: () => {
      times.push(performance.now());
      return Promise.resolve(
        times.length === 1
          ? Response.json({ error: "rate limited" }, {
            status: 429,
            headers: { "retry-after": "0.2" },
          })
          : Response.json({ access_token: "t", expires_in: 3600 }),
      );
    },
  });
  const auth = await client.loginClientCredentialsGrant("id", "secret");
  assert.equal(auth.accessToken, "t");
  assert.equal(times.length, 2);
  assert.ok(times[1] - times[0] >= 190, `retried after ${times[1] - times[0]} ms`);
});

for (const kind of ["PlatformClient", "LiteClient"] as const) {
  Deno.test(`${kind}: five clients starting at once on one token store make one token request`, async () => {
    await using sandbox = await startSandbox();
    const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
    const tokenStore = new MemoryTokenStore();
    const clients = Array.from(
      { length: 5 },
      () =>
        kind === "PlatformClient"
          ? new PlatformClient({ ...sandbox.clientOptions, tokenStore, liveReloadConfig: false })
          : new LiteClient({ ...sandbox.clientOptions, tokenStore }),
    );
    const before = sandbox.counters.tokenRequests.client_credentials ?? 0;
    const logins = await Promise.all(
      clients.map((c) => c.loginClientCredentialsGrant(clientId, clientSecret)),
    );
    assert.equal((sandbox.counters.tokenRequests.client_credentials ?? 0) - before, 1);
    assert.equal(new Set(logins.map((a) => a.accessToken)).size, 1, "one token for all");
    const user = [...sandbox.state.users.keys()][0];
    for (const c of clients) assert.equal((await new UsersApi(c).getUser(user)).id, user);
  });
}

Deno.test("clients sharing a RateLimitStore stay under one budget together", async () => {
  await using sandbox = await startSandbox(BUDGET);
  const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
  const tokenStore = new MemoryTokenStore();
  const store = new MemoryRateLimitStore();
  const clients = Array.from(
    { length: 3 },
    () =>
      new LiteClient({ ...sandbox.clientOptions, tokenStore, rateLimit: { pace: true, store } }),
  );
  for (const c of clients) await c.loginClientCredentialsGrant(clientId, clientSecret);
  const user = [...sandbox.state.users.keys()][0];
  const before = sandbox.counters.rateLimited;
  const failures = (await Promise.all(clients.map((c) => burst(c, user, 12)))).flat();
  assert.deepEqual(failures.map(String), []);
  assert.equal(sandbox.counters.rateLimited - before, 0, "no 429 across the three clients");
});

Deno.test("a late client on a shared store, whose first call comes after the budget is used, gets no 429", async () => {
  // A 3-second window, so the late client's first call surely falls in the window the first used up.
  await using sandbox = await startSandbox({ ...BUDGET, rateLimitWindowSeconds: 3 });
  const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
  const tokenStore = new MemoryTokenStore();
  const store = new MemoryRateLimitStore();
  const make = () =>
    new LiteClient({ ...sandbox.clientOptions, tokenStore, rateLimit: { pace: true, store } });
  const user = [...sandbox.state.users.keys()][0];
  const first = make();
  await first.loginClientCredentialsGrant(clientId, clientSecret);
  assert.deepEqual((await burst(first, user, 10)).map(String), []);
  const used = sandbox.requests.filter((r) => r.path === `/api/v2/users/${user}`).length;
  assert.equal(used, 10, "the first client used the whole window");

  const late = make();
  await late.loginClientCredentialsGrant(clientId, clientSecret);
  assert.deepEqual((await burst(late, user, 3)).map(String), []);
  assert.equal(sandbox.counters.rateLimited, 0, "the late client waited for the next window");
  assert.equal(sandbox.counters.tokenRequests.client_credentials, 1, "one token for both");
});
