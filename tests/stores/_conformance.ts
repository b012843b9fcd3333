/**
 * The checks every shared store passes, whatever its engine: token
 * round trips, the budget semantics of `RateLimitStore` (as
 * `MemoryRateLimitStore` defines them), concurrency across separate handles
 * (connections, database handles, Workers), lock exclusivity and expiry, and
 * bad arguments. Each engine's test runs them against the real engine.
 *
 * Errors are checked by `name` (not `instanceof`): through a Worker they come
 * back as copies.
 */

import assert from "node:assert/strict";
import type { RateLimitStore } from "../../src/http/rate_limit_store.ts";
import type { StoredToken } from "../../src/auth/token_store.ts";
import type { SharedStores } from "../../src/stores/mod.ts";

export const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A key no other check (or earlier run) uses. */
export function freshKey(label: string): string {
  return `${label}:${crypto.randomUUID()}`;
}

/** Asserts that `promise` rejects with an error named `name` whose message matches `message`. */
export async function rejectsNamed(
  promise: Promise<unknown>,
  name: string,
  message: RegExp,
): Promise<Error> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof Error, `expected a rejection with ${name}, got ${String(caught)}`);
  assert.equal(caught.name, name, caught.message);
  assert.match(caught.message, message);
  return caught;
}

/** The budget checks: `stores` are handles on one shared store (at least 4). */
export async function rateLimitChecks(t: Deno.TestContext, stores: RateLimitStore[]) {
  assert.ok(stores.length >= 4);
  const [a, b] = stores;

  await t.step("take grants up to the limit in a window, shared by every handle", async () => {
    const key = freshKey("take");
    const first = await a.take(key, 5, 3, 60_000);
    assert.equal(first.granted, 3);
    assert.ok(first.resetInMs > 0 && first.resetInMs <= 60_000, `${first.resetInMs}`);
    const second = await b.take(key, 1, 3, 60_000);
    assert.equal(second.granted, 0);
    assert.ok(second.resetInMs > 0 && second.resetInMs <= first.resetInMs, `${second.resetInMs}`);
    assert.equal((await a.take(key, 0, 3, 60_000)).granted, 0);
    // A larger limit (the headers said more) gives the difference, no more.
    assert.equal((await b.take(key, 10, 5, 60_000)).granted, 2);
    // Another key has its own budget.
    assert.equal((await a.take(freshKey("other"), 2, 3, 60_000)).granted, 2);
  });

  await t.step("take starts a new window once windowMs has passed", async () => {
    const key = freshKey("window");
    assert.equal((await a.take(key, 3, 3, 300)).granted, 3);
    await pause(400);
    const next = await b.take(key, 2, 3, 300);
    assert.equal(next.granted, 2);
    assert.ok(next.resetInMs > 0 && next.resetInMs <= 300, `${next.resetInMs}`);
  });

  await t.step(
    "block holds every grant until it ends; a shorter block does not shorten it",
    async () => {
      const key = freshKey("block");
      await a.block(key, 60_000);
      const held = await b.take(key, 1, 100, 1_000);
      assert.equal(held.granted, 0);
      assert.ok(held.resetInMs > 50_000 && held.resetInMs <= 60_000, `${held.resetInMs}`);
      await b.block(key, 10);
      const still = await a.take(key, 1, 100, 1_000);
      assert.equal(still.granted, 0);
      assert.ok(still.resetInMs > 50_000, `${still.resetInMs}`);

      const short = freshKey("block-short");
      await a.block(short, 300);
      assert.equal((await b.take(short, 1, 100, 60_000)).granted, 0);
      await pause(400);
      assert.equal((await b.take(short, 4, 100, 60_000)).granted, 4);
    },
  );

  await t.step(
    "a block past the window ends with a new window; a block inside it keeps the count",
    async () => {
      const past = freshKey("block-past");
      assert.equal((await a.take(past, 3, 3, 200)).granted, 3);
      await b.block(past, 400);
      await pause(500);
      assert.equal((await a.take(past, 3, 3, 200)).granted, 3);

      const inside = freshKey("block-inside");
      assert.equal((await a.take(inside, 3, 3, 60_000)).granted, 3);
      await b.block(inside, 200);
      await pause(300);
      const after = await a.take(inside, 1, 3, 60_000);
      assert.equal(after.granted, 0, "the window's 3 are still used");
      assert.ok(after.resetInMs > 50_000, `${after.resetInMs}`);
    },
  );

  await t.step(
    "nothing learnt: the caller's limit; four first takers at limit 1 get one grant in all",
    async () => {
      const key = freshKey("first");
      const grants = await Promise.all(stores.slice(0, 4).map((s) => s.take(key, 5, 1, 5_000)));
      assert.equal(grants.reduce((sum, g) => sum + g.granted, 0), 1);
      assert.equal(new Set(grants.map((g) => g.window)).size, 1, "one window for all");
      assert.ok(
        grants.every((g) => g.allowed === 0 && g.resetInMs > 4_000),
        JSON.stringify(grants),
      );
    },
  );

  await t.step(
    "a report teaches every handle the budget: a newcomer that knows nothing takes under it",
    async () => {
      const key = freshKey("learn");
      const [, , c, d] = stores;
      const probe = await a.take(key, 1, 1, 5_000);
      assert.equal(probe.granted, 1);
      const seen = {
        window: probe.window,
        allowed: 10,
        count: 1,
        resetInMs: 60_000,
        windowMs: 60_000,
      };
      const report = await b.take(key, 0, 1, 5_000, seen);
      assert.equal(report.granted, 0);
      assert.equal(report.allowed, 10);
      assert.equal(report.window, probe.window);
      // The guessed end (5 s) gave way to the server's (60 s).
      assert.ok(report.resetInMs > 59_000 && report.resetInMs <= 60_000, `${report.resetInMs}`);
      const newcomer = await c.take(key, 20, 1, 5_000);
      assert.deepEqual([newcomer.granted, newcomer.allowed], [9, 10]);
      const late = await d.take(key, 1, 1, 5_000);
      assert.equal(late.granted, 0);
      assert.ok(late.resetInMs > 59_000, `${late.resetInMs}`);
    },
  );

  await t.step(
    "the server's count raises the used; the earliest end reported counts",
    async () => {
      const key = freshKey("count");
      const [, , c, d] = stores;
      const w = (await a.take(key, 1, 1, 5_000)).window;
      const seen = { window: w, allowed: 20, count: 5, resetInMs: 60_000, windowMs: 60_000 };
      assert.equal((await b.take(key, 2, 1, 5_000, seen)).granted, 2, "5 counted, 2 more: 7");
      const earlier = await c.take(key, 0, 1, 5_000, { ...seen, count: 3, resetInMs: 30_000 });
      assert.ok(earlier.resetInMs > 29_000 && earlier.resetInMs <= 30_000, `${earlier.resetInMs}`);
      const later = await d.take(key, 0, 1, 5_000, { ...seen, count: 3, resetInMs: 45_000 });
      assert.ok(later.resetInMs <= 30_000, `${later.resetInMs}`);
      assert.equal((await a.take(key, 100, 1, 5_000)).granted, 13);
    },
  );

  await t.step("a report of another window teaches the allowed count only", async () => {
    const key = freshKey("stale");
    const w = (await a.take(key, 1, 1, 5_000)).window;
    const stale = { window: w - 1, allowed: 10, count: 9, resetInMs: 100, windowMs: 60_000 };
    const report = await b.take(key, 0, 1, 5_000, stale);
    assert.equal(report.allowed, 10);
    assert.ok(report.resetInMs > 4_000, `the guessed end stays: ${report.resetInMs}`);
    assert.equal((await a.take(key, 20, 1, 5_000)).granted, 9, "its count is not this window's");
  });

  await t.step(
    "the next window lasts the learnt length plus an edge and counts the grants near the end",
    async () => {
      const key = freshKey("edge");
      const [, , c, d] = stores;
      const first = await a.take(key, 1, 1, 5_000);
      // The server's 2-second window ends in 150 ms: inside its last 200 ms (the edge).
      const seen = { window: first.window, allowed: 10, count: 1, resetInMs: 150, windowMs: 2_000 };
      assert.equal((await b.take(key, 3, 1, 5_000, seen)).granted, 3);
      await pause(250);
      const next = await c.take(key, 20, 1, 5_000);
      assert.ok(next.window > first.window, "a new window");
      assert.equal(next.granted, 7, "the 3 granted at the edge may land in it");
      assert.ok(next.resetInMs > 1_900 && next.resetInMs <= 2_200, `${next.resetInMs}`);
      assert.equal((await d.take(key, 1, 1, 5_000)).granted, 0);
    },
  );

  await t.step("4 concurrent takers, 50 takes each, limit 100: exactly 100 granted", async () => {
    const key = freshKey("concurrent");
    const takers = stores.slice(0, 4).map(async (store) => {
      const grants: number[] = [];
      for (let i = 0; i < 50; i++) grants.push((await store.take(key, 1, 100, 60_000)).granted);
      return grants;
    });
    const all = (await Promise.all(takers)).flat();
    assert.equal(all.length, 200);
    assert.ok(all.every((g) => g === 0 || g === 1));
    assert.equal(all.reduce<number>((sum, g) => sum + g, 0), 100);
    assert.equal((await a.take(key, 1, 100, 60_000)).granted, 0);
  });
}

/** The argument checks of the adapters (the memory store takes what it is given). */
export async function rateLimitArgumentChecks(t: Deno.TestContext, store: RateLimitStore) {
  await t.step("bad arguments reject with ParameterError and change nothing", async () => {
    const key = freshKey("bad");
    await rejectsNamed(
      store.take(key, -1, 3, 1_000),
      "ParameterError",
      /"want" must be an integer/,
    );
    await rejectsNamed(
      store.take(key, 1, 1.5, 1_000),
      "ParameterError",
      /"limit" must be an integer/,
    );
    await rejectsNamed(store.take(key, 1, 3, 0), "ParameterError", /"windowMs" must be a number/);
    await rejectsNamed(store.take("", 1, 3, 1_000), "ParameterError", /"key" must be a non-empty/);
    await rejectsNamed(store.block(key, Number.NaN), "ParameterError", /"ms" must be a number/);
    const seen = { window: 1, allowed: 3, count: 1, resetInMs: 1_000, windowMs: 1_000 };
    for (const bad of [{ ...seen, count: -1 }, { ...seen, resetInMs: Infinity }, { window: 1 }]) {
      await rejectsNamed(
        store.take(key, 1, 3, 1_000, bad as typeof seen),
        "ParameterError",
        /"seen" must be an answer's report/,
      );
    }
    assert.equal((await store.take(key, 5, 3, 60_000)).granted, 3, "the budget is whole");
  });
}

/** The token and lock checks: `stores` are handles on one shared store (at least 4). */
export async function tokenStoreChecks(t: Deno.TestContext, stores: SharedStores[]) {
  assert.ok(stores.length >= 4);
  const [a, b, c] = stores.map((s) => s.tokenStore);

  await t.step("token get/set/delete round trip, shared by every handle", async () => {
    const key = freshKey("token");
    assert.equal(await a.get(key), undefined);
    const token: StoredToken = {
      accessToken: "access-1",
      tokenExpiryTime: Date.now() + 3_600_000,
      expiresIn: 3600,
      refreshToken: "refresh-1",
    };
    await a.set(key, token);
    assert.deepEqual(await b.get(key), token);
    await b.set(key, { accessToken: "access-2" });
    assert.deepEqual(await a.get(key), { accessToken: "access-2" });
    // Only the known fields are stored.
    await a.set(key, { accessToken: "access-3", extra: "x" } as StoredToken);
    assert.deepEqual(await c.get(key), { accessToken: "access-3" });
    await c.delete(key);
    assert.equal(await a.get(key), undefined);
    await c.delete(key); // deleting nothing is fine
  });

  await t.step(
    "a token that is not one is refused with ParameterError; the old one stays",
    async () => {
      const key = freshKey("token-bad");
      await a.set(key, { accessToken: "good" });
      await rejectsNamed(
        a.set(key, { accessToken: "" }),
        "ParameterError",
        /"token" must be a stored token/,
      );
      await rejectsNamed(
        a.set(key, { accessToken: "line\nbreak" }),
        "ParameterError",
        /"token" must be a stored token/,
      );
      await rejectsNamed(a.get(""), "ParameterError", /"key" must be a non-empty string/);
      assert.deepEqual(await b.get(key), { accessToken: "good" });
    },
  );

  await t.step("lock is exclusive across handles until released", async () => {
    const key = freshKey("lock");
    const release = await a.lock(key, 10_000);
    assert.equal(typeof release, "function");
    assert.equal(await b.lock(key, 10_000), undefined);
    assert.equal(await c.lock(key, 10_000), undefined);
    await release!();
    await release!(); // a second release changes nothing
    const again = await b.lock(key, 10_000);
    assert.equal(typeof again, "function");
    await again!();

    // Four lockers at once: exactly one gets it.
    const contested = freshKey("lock-race");
    const got = await Promise.all(stores.map((s) => s.tokenStore.lock(contested, 10_000)));
    assert.equal(got.filter((r) => r !== undefined).length, 1);
    await got.find((r) => r !== undefined)!();
    await rejectsNamed(a.lock(key, 0), "ParameterError", /"ttlMs" must be a number/);
  });

  await t.step(
    "a crashed holder's lock ends at its expiry; its late release frees nothing",
    async () => {
      const key = freshKey("lock-crash");
      const crashed = await a.lock(key, 300); // never released before its expiry
      assert.ok(crashed);
      assert.equal(await b.lock(key, 10_000), undefined);
      await pause(450);
      const next = await b.lock(key, 10_000);
      assert.ok(next, "the lock is free after the crashed holder's expiry");
      await crashed(); // the old holder wakes up: must not release the new holder's lock
      assert.equal(await c.lock(key, 10_000), undefined);
      await next();
      assert.ok(await c.lock(key, 10_000).then(async (r) => (await r?.(), r !== undefined)));
    },
  );
}
