/**
 * durableObjectStores and GenesysCloudStoreObject in real workerd (miniflare,
 * in a child process: tests/stores/_miniflare_host.ts): the adapter runs
 * inside two Workers bound to one namespace, the test drives it over HTTP.
 * The shared checks, the object's own protocol checks, errors, and state
 * that outlives the runtime (storage on disk, a second workerd started on it).
 */

import assert from "node:assert/strict";
import {
  ConfigurationError,
  durableObjectStores,
  type SharedStores,
} from "../../src/stores/mod.ts";
import type { StoredToken } from "../../src/auth/token_store.ts";
import type { RateLimitGrant } from "../../src/http/rate_limit_store.ts";
import type { WorkerCall } from "./_do_worker.ts";
import {
  freshKey,
  rateLimitArgumentChecks,
  rateLimitChecks,
  rejectsNamed,
  tokenStoreChecks,
} from "./_conformance.ts";

const HOST = new URL("./_miniflare_host.ts", import.meta.url).pathname;

interface Host {
  url: string;
  stop(): Promise<void>;
}

/** Starts the miniflare host on `dir`; resolves once it listens (within 30 s). */
async function startHost(dir: string): Promise<Host> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", HOST, dir],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stdin = child.stdin.getWriter();
  const stderr = new Response(child.stderr).text();
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const stop = async () => {
    await stdin.close().catch(() => {});
    await child.status;
    await lines.cancel();
    await stderr;
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error("the miniflare host did not listen in 30 s")),
      30_000,
    );
  });
  try {
    let seen = "";
    while (true) {
      const { value, done } = await Promise.race([lines.read(), late]);
      if (done) throw new Error(`the miniflare host exited:\n${seen}\n${await stderr}`);
      seen += value;
      const port = seen.match(/listening (\d+)\n/)?.[1];
      if (port) return { url: `http://127.0.0.1:${port}`, stop };
    }
  } catch (error) {
    child.kill("SIGTERM");
    await stop();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** SharedStores whose calls run in Worker `worker` (its adapter on `binding`). */
function remoteStores(host: Host, worker: "a" | "b", binding: WorkerCall["binding"] = "STORE") {
  async function send(
    store: WorkerCall["store"],
    method: string,
    args: unknown[],
    handle?: string,
  ) {
    const call: WorkerCall = { binding, store, method, args, handle };
    const res = await fetch(`${host.url}/${worker}`, {
      method: "POST",
      body: JSON.stringify(call),
    });
    const body = await res.json() as {
      ok: boolean;
      value: unknown;
      error: { name: string; message: string };
    };
    if (!body.ok) throw Object.assign(new Error(body.error.message), { name: body.error.name });
    return body.value;
  }
  const stores: SharedStores = {
    tokenStore: {
      get: async (key) => (await send("tokenStore", "get", [key]) ?? undefined) as StoredToken,
      set: async (key, token) => void await send("tokenStore", "set", [key, token]),
      delete: async (key) => void await send("tokenStore", "delete", [key]),
      lock: async (key, ttlMs) => {
        const handle = await send("tokenStore", "lock", [key, ttlMs]) as string | null;
        if (handle === null) return undefined;
        return async () => void await send("tokenStore", "release", [], handle);
      },
    },
    rateLimitStore: {
      take: async (key, want, limit, windowMs, seen) =>
        await send("rateLimitStore", "take", [key, want, limit, windowMs, seen]) as RateLimitGrant,
      block: async (key, ms) => void await send("rateLimitStore", "block", [key, ms]),
    },
  };
  const raw = async (name: string, body: string) =>
    await send("tokenStore", "raw", [name, body]) as { status: number; text: string };
  return { stores, raw };
}

Deno.test("Durable Object stores: the shared checks in workerd, two Workers on one namespace", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "do-stores-" });
  let host = await startHost(dir);
  try {
    const handles = [
      remoteStores(host, "a"),
      remoteStores(host, "b"),
      remoteStores(host, "a"),
      remoteStores(host, "b"),
    ];
    const stores = handles.map((h) => h.stores);
    await rateLimitChecks(t, stores.map((s) => s.rateLimitStore));
    await rateLimitArgumentChecks(t, stores[0].rateLimitStore);
    await tokenStoreChecks(t, stores);

    await t.step("the object refuses requests outside its protocol with 400", async () => {
      const { raw } = handles[0];
      const name = "genesys-cloud:rate:raw";
      const bad = await raw(
        name,
        JSON.stringify({ op: "take", key: "raw", want: -1, limit: 3, windowMs: 1 }),
      );
      assert.equal(bad.status, 400);
      assert.match(JSON.parse(bad.text).error, /parameter "want" must be an integer from 0/);
      const unknown = await raw(name, JSON.stringify({ op: "drop", key: "raw" }));
      assert.equal(unknown.status, 400);
      assert.match(JSON.parse(unknown.text).error, /unknown store operation "drop"/);
      const notJson = await raw(name, "{");
      assert.deepEqual([notJson.status, JSON.parse(notJson.text)], [400, {
        error: "the request body is not JSON",
      }]);
      const good = await raw(
        name,
        JSON.stringify({ op: "take", key: "raw", want: 2, limit: 3, windowMs: 60_000 }),
      );
      assert.equal(good.status, 200);
      assert.equal(JSON.parse(good.text).granted, 2);
    });

    await t.step(
      "an object that is not a store rejects with StoreError naming Durable Object",
      async () => {
        const { stores: broken } = remoteStores(host, "b", "BROKEN");
        await rejectsNamed(
          broken.rateLimitStore.take("k", 1, 3, 1_000),
          "StoreError",
          /^Durable Object store: take failed: the object answered 503 without a JSON object: overloaded$/,
        );
        await rejectsNamed(
          broken.tokenStore.lock("k", 1_000),
          "StoreError",
          /^Durable Object store: lock failed: /,
        );
      },
    );

    await t.step("tokens, budgets and locks outlive the runtime (state.storage)", async () => {
      const { stores: before } = remoteStores(host, "a");
      const key = freshKey("survivor");
      const token = { accessToken: "kept", tokenExpiryTime: Date.now() + 600_000 };
      await before.tokenStore.set(key, token);
      assert.equal((await before.rateLimitStore.take(key, 5, 3, 600_000)).granted, 3);
      assert.ok(await before.tokenStore.lock(key, 600_000));
      await host.stop();
      host = await startHost(dir);
      const { stores: after } = remoteStores(host, "b");
      assert.deepEqual(await after.tokenStore.get(key), token);
      const grant = await after.rateLimitStore.take(key, 1, 3, 600_000);
      assert.equal(grant.granted, 0);
      assert.ok(grant.resetInMs > 500_000, `${grant.resetInMs}`);
      assert.equal(await after.tokenStore.lock(key, 1_000), undefined);
    });
  } finally {
    await host.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("Durable Object stores: something that is not a namespace is refused with ConfigurationError", () => {
  for (const bad of [undefined, {}, { idFromName: () => "id" }, "STORE"]) {
    assert.throws(
      () => durableObjectStores(bad as unknown as Parameters<typeof durableObjectStores>[0]),
      (e) => e instanceof ConfigurationError && /needs a Durable Object namespace/.test(e.message),
    );
  }
});
