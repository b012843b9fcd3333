/**
 * denoKvStores against real Deno KV: one SQLite file opened four times (as
 * four processes would), the shared checks, and what the entries hold.
 */

import assert from "node:assert/strict";
import {
  ConfigurationError,
  denoKvStores,
  ParameterError,
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

async function openFour(path: string): Promise<Deno.Kv[]> {
  const handles: Deno.Kv[] = [];
  for (let i = 0; i < 4; i++) handles.push(await Deno.openKv(path));
  return handles;
}

Deno.test("Deno KV stores: the shared checks on one file opened four times", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "kv-stores-" });
  const handles = await openFour(`${dir}/store.sqlite`);
  try {
    const stores: SharedStores[] = handles.map((kv) => denoKvStores(kv));
    await rateLimitChecks(t, stores.map((s) => s.rateLimitStore));
    await rateLimitArgumentChecks(t, stores[0].rateLimitStore);
    await tokenStoreChecks(t, stores);

    await t.step("entries are data only, under the prefix", async () => {
      const mine = denoKvStores(handles[0], { prefix: ["myapp", 1] });
      const key = freshKey("budget");
      await mine.rateLimitStore.take(key, 2, 5, 60_000);
      await mine.tokenStore.set("t", { accessToken: "secret-token" });
      const entries = await Array.fromAsync(handles[0].list({ prefix: ["myapp", 1] }));
      const rate = entries.find((e) => e.key[2] === "rate");
      assert.deepEqual(rate?.key, ["myapp", 1, "rate", key]);
      const value = rate?.value as Record<string, number>;
      assert.deepEqual(Object.keys(value).sort(), [...RATE_FIELDS].sort());
      assert.equal(value.used, 2);
      // Nothing learnt yet: the caller's window, and no allowed count.
      assert.equal(value.windowEnd - value.windowStart, 60_000);
      assert.deepEqual([value.allowed, value.windowMs, value.guessed], [0, 0, 1]);
      assert.deepEqual(entries.map((e) => e.key[2]).sort(), ["rate", "token"]);
      // Another prefix is another store.
      assert.equal(await denoKvStores(handles[0]).tokenStore.get("t"), undefined);
    });
  } finally {
    for (const kv of handles) kv.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("Deno KV stores: a closed database rejects with StoreError naming Deno KV", async () => {
  const kv = await Deno.openKv(":memory:");
  const { tokenStore, rateLimitStore } = denoKvStores(kv);
  kv.close();
  const error = await rejectsNamed(
    rateLimitStore.take("k", 1, 3, 1_000),
    "StoreError",
    /^Deno KV store: take failed: /,
  );
  assert.ok(error instanceof StoreError);
  assert.equal(error.store, "Deno KV");
  assert.equal(error.operation, "take");
  await rejectsNamed(tokenStore.get("k"), "StoreError", /^Deno KV store: get failed: /);
  await rejectsNamed(
    tokenStore.set("k", { accessToken: "secret-token" }).catch((e: Error) => {
      assert.ok(!e.message.includes("secret-token") && !String(e.cause).includes("secret-token"));
      throw e;
    }),
    "StoreError",
    /^Deno KV store: set failed: /,
  );
  await rejectsNamed(tokenStore.lock("k", 1_000), "StoreError", /^Deno KV store: lock failed: /);
});

Deno.test("Deno KV stores: something that is not a KV is refused with ConfigurationError", async () => {
  assert.throws(
    () => denoKvStores({} as unknown as Deno.Kv),
    (e) => e instanceof ConfigurationError && /needs a Deno KV database/.test(e.message),
  );
  assert.throws(
    () => denoKvStores(undefined as unknown as Deno.Kv),
    (e) => e instanceof ConfigurationError && /got undefined/.test(e.message),
  );
  const opening = Deno.openKv(":memory:");
  assert.throws(
    () => denoKvStores(opening as unknown as Deno.Kv),
    (e) => e instanceof ConfigurationError && /await Deno\.openKv\(\)/.test(e.message),
  );
  const kv = await opening;
  assert.throws(
    () => denoKvStores(kv, { prefix: [Symbol("x")] as unknown as string[] }),
    (e) => e instanceof ParameterError && /"prefix"/.test(e.message),
  );
  kv.close();
});
