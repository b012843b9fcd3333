/**
 * redisStores against a real redis-server (Debian package, started here on a
 * free loopback port) through both client libraries users pass: npm `redis`
 * and `ioredis`, two connections of each on one store.
 */

import assert from "node:assert/strict";
// The two client libraries are test-only: src/ takes the user's client and imports neither.
// deno-lint-ignore no-import-prefix
import { createClient } from "npm:redis@5.12.4";
// deno-lint-ignore no-import-prefix
import { Redis } from "npm:ioredis@5.9.2";
import { startRedis } from "../_infra/redis.ts";
import {
  ConfigurationError,
  ParameterError,
  redisStores,
  type SharedStores,
  StoreError,
} from "../../src/stores/mod.ts";
import {
  freshKey,
  rateLimitArgumentChecks,
  rateLimitChecks,
  rejectsNamed,
  tokenStoreChecks,
} from "./_conformance.ts";
import { RATE_FIELDS } from "../../src/http/rate_window.ts";

Deno.test("Redis stores: the shared checks on two npm redis and two ioredis connections", async (t) => {
  await using server = await startRedis();
  const node = [
    await createClient({ url: server.url }).connect(),
    await createClient({ url: server.url }).connect(),
  ];
  const io = [new Redis(server.url), new Redis(server.url)];
  try {
    const stores: SharedStores[] = [
      redisStores(node[0]),
      redisStores(io[0]),
      redisStores(node[1]),
      redisStores(io[1]),
    ];
    await rateLimitChecks(t, stores.map((s) => s.rateLimitStore));
    await rateLimitArgumentChecks(t, stores[1].rateLimitStore);
    await tokenStoreChecks(t, stores);

    await t.step(
      "keys are under the prefix; a budget holds numbers only; both expire",
      async () => {
        const mine = redisStores(io[0], { prefix: "myapp:" });
        const key = freshKey("budget");
        await mine.rateLimitStore.take(key, 2, 5, 60_000);
        await mine.tokenStore.set("t", {
          accessToken: "secret-token",
          tokenExpiryTime: Date.now() + 600_000,
        });
        assert.deepEqual((await node[0].keys("myapp:*")).sort(), [
          `myapp:rate:${key}`,
          "myapp:token:t",
        ]);
        const budget = await node[0].hGetAll(`myapp:rate:${key}`);
        assert.deepEqual(Object.keys(budget).sort(), [...RATE_FIELDS].sort());
        assert.equal(budget.used, "2");
        // Nothing learnt yet: the caller's window, and no allowed count.
        assert.equal(Number(budget.windowEnd) - Number(budget.windowStart), 60_000);
        assert.deepEqual([budget.allowed, budget.windowMs, budget.guessed], ["0", "0", "1"]);
        assert.ok(Object.values(budget).every((v) => /^\d+$/.test(v)));
        const budgetTtl = await node[0].pTTL(`myapp:rate:${key}`);
        // Kept an hour past its window: what it learnt serves processes that start later.
        assert.ok(budgetTtl > 3_659_000 && budgetTtl <= 3_660_000, `${budgetTtl}`);
        const tokenTtl = await node[0].pTTL("myapp:token:t");
        assert.ok(tokenTtl > 500_000 && tokenTtl <= 600_000, `${tokenTtl}`);
        assert.deepEqual(JSON.parse((await node[0].get("myapp:token:t"))!), {
          accessToken: "secret-token",
          tokenExpiryTime: JSON.parse((await node[0].get("myapp:token:t"))!).tokenExpiryTime,
        });
        // The default prefix is another store.
        assert.equal(await stores[0].tokenStore.get("t"), undefined);
        // A lock is a plain key with the server's expiry.
        const release = await mine.tokenStore.lock("login", 5_000);
        const lockTtl = await node[0].pTTL("myapp:lock:login");
        assert.ok(lockTtl > 0 && lockTtl <= 5_000, `${lockTtl}`);
        await release!();
        assert.equal(await node[0].exists("myapp:lock:login"), 0);
      },
    );

    await t.step(
      "a Redis error rejects with StoreError naming Redis, without the token",
      async () => {
        const mine = redisStores(node[0], { prefix: "broken:" });
        await node[0].set("broken:rate:k", "not a budget");
        const error = await rejectsNamed(
          mine.rateLimitStore.take("k", 1, 3, 1_000),
          "StoreError",
          /^Redis store: take failed: .*WRONGTYPE/,
        );
        assert.ok(error instanceof StoreError);
        assert.equal(error.store, "Redis");
        // A write Redis refuses (out of memory): ioredis puts the command's arguments, the
        // token among them, on its error; the StoreError carries name and message only.
        await node[0].configSet({ "maxmemory": "1", "maxmemory-policy": "noeviction" });
        try {
          for (const client of [io[0], node[0]]) {
            const refused = await rejectsNamed(
              redisStores(client).tokenStore.set("t", { accessToken: "secret-token" }),
              "StoreError",
              /^Redis store: set failed: .*OOM/,
            );
            assert.ok(!JSON.stringify(refused).includes("secret-token"));
            assert.ok(!JSON.stringify(refused.cause).includes("secret-token"));
            assert.equal("command" in (refused.cause as object), false);
          }
          // What ioredis's own error carries, and the StoreError above does not.
          const raw = await io[0].set("x", "secret-token").catch((e: { command?: unknown }) => e);
          assert.match(JSON.stringify((raw as { command?: unknown }).command), /secret-token/);
        } finally {
          await node[0].configSet({ "maxmemory": "0" });
        }
      },
    );

    await t.step(
      "the eval signature is picked per library; forcing the wrong one fails",
      async () => {
        await rejectsNamed(
          redisStores(io[0], { library: "redis" }).rateLimitStore.take("k2", 1, 3, 1_000),
          "StoreError",
          /^Redis store: take failed: /,
        );
        assert.equal(
          (await redisStores(io[0], { library: "ioredis" }).rateLimitStore.take("k2", 1, 3, 1_000))
            .granted,
          1,
        );
      },
    );
  } finally {
    await Promise.all([...node.map((c) => c.close()), ...io.map((c) => c.quit())]);
  }
});

Deno.test("Redis stores: a closed client rejects with StoreError", async () => {
  await using server = await startRedis();
  const node = await createClient({ url: server.url }).connect();
  const io = new Redis(server.url);
  await node.close();
  await io.quit();
  for (const client of [node, io]) {
    const { tokenStore, rateLimitStore } = redisStores(client);
    await rejectsNamed(
      rateLimitStore.take("k", 1, 3, 1_000),
      "StoreError",
      /^Redis store: take failed: /,
    );
    await rejectsNamed(tokenStore.lock("k", 1_000), "StoreError", /^Redis store: lock failed: /);
    await rejectsNamed(tokenStore.get("k"), "StoreError", /^Redis store: get failed: /);
  }
});

Deno.test("Redis stores: something without eval is refused with ConfigurationError", () => {
  for (const bad of [undefined, null, {}, { eval: "no" }]) {
    assert.throws(
      () => redisStores(bad as unknown as Redis),
      (e) => e instanceof ConfigurationError && /needs a connected Redis client/.test(e.message),
    );
  }
  assert.throws(
    () => redisStores({ eval: () => Promise.resolve(null) }, { library: "memcached" as "redis" }),
    (e) => e instanceof ParameterError && /"library"/.test(e.message),
  );
});
