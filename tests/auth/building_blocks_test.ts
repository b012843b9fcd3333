import assert from "node:assert/strict";
import {
  MemoryTokenStore,
  parseStoredToken,
  PlatformClient,
  tokenStoreKey,
  WebStorageTokenStore,
} from "../../mod.ts";
import { SingleFlight, waitBounded } from "../../src/auth/single_flight.ts";
import { FakePlatform, gate, MapStorage } from "./_fake.ts";

Deno.test("SingleFlight: concurrent runs share one task, its result and its error", async () => {
  const flight = new SingleFlight();
  const held = gate();
  let runs = 0;
  const task = async () => {
    runs++;
    await held.promise;
    throw new Error("boom");
  };
  const a = flight.run(task);
  const b = flight.run(task);
  assert.equal(a, b);
  assert.equal(flight.current, a);
  held.open();
  const [ea, eb] = await Promise.all([a.catch((e) => e), b.catch((e) => e)]);
  assert.equal(ea, eb);
  assert.equal(runs, 1);
  assert.equal(flight.current, undefined);
  await flight.run(() => Promise.resolve());
  assert.equal(runs, 1);
});

Deno.test("SingleFlight: a task nobody awaits anymore does not reject unhandled", async () => {
  const flight = new SingleFlight();
  const held = gate();
  const p = flight.run(async () => {
    await held.promise;
    throw new Error("late failure");
  });
  await assert.rejects(
    waitBounded(p, 5, undefined, () => new Error("gave up")),
    { message: "gave up" },
  );
  held.open();
  // Let the rejection happen with no waiter: Deno fails the test on an unhandled one.
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(flight.current, undefined);
});

Deno.test("waitBounded: settles like the promise, times out, and honours aborts", async () => {
  assert.equal(await waitBounded(Promise.resolve(7), 1000, undefined, () => new Error("t")), 7);
  await assert.rejects(
    waitBounded(Promise.reject(new Error("inner")), 1000, undefined, () => new Error("t")),
    { message: "inner" },
  );
  const never = new Promise<void>(() => {});
  await assert.rejects(waitBounded(never, 5, undefined, () => new Error("timeout")), {
    message: "timeout",
  });
  const controller = new AbortController();
  const waiting = waitBounded(never, 10_000, controller.signal, () => new Error("timeout"));
  controller.abort(new Error("stop"));
  await assert.rejects(waiting, { message: "stop" });
  await assert.rejects(
    waitBounded(never, 10_000, AbortSignal.abort(new Error("already")), () => new Error("t")),
    { message: "already" },
  );
});

Deno.test("waitBounded: the waits on one promise share one timer, each keeps its own limit", async () => {
  const armed: number[] = [];
  const realSetTimeout = globalThis.setTimeout;
  globalThis.setTimeout = ((fn: () => void, ms?: number) => {
    armed.push(ms ?? 0);
    return realSetTimeout(fn, ms);
  }) as typeof setTimeout;
  try {
    let release!: (v: string) => void;
    const flight = new Promise<string>((r) => release = r);
    const waits = Array.from(
      { length: 1000 },
      () => waitBounded(flight, 10_000, AbortSignal.timeout(20_000), () => new Error("t")),
    );
    assert.equal(armed.length, 1, "one timer for a thousand waiters");
    release("token");
    assert.deepEqual(new Set(await Promise.all(waits)), new Set(["token"]));

    // Later waiters keep their own limit: the first gives up first, the second later.
    armed.length = 0;
    const never = new Promise<void>(() => {});
    const started = performance.now();
    const first = assert.rejects(
      waitBounded(never, 30, undefined, () => new Error("first")),
      { message: "first" },
    );
    await new Promise((r) => realSetTimeout(r, 40));
    const second = waitBounded(never, 60, undefined, () => new Error("second"));
    const third = waitBounded(never, 10, undefined, () => new Error("third"));
    await first;
    await assert.rejects(third, { message: "third" });
    const thirdAt = performance.now() - started;
    await assert.rejects(second, { message: "second" });
    const secondAt = performance.now() - started;
    assert.ok(thirdAt >= 50, `third gave up ${thirdAt} ms in, before its 10 ms`);
    assert.ok(secondAt >= 100, `second gave up ${secondAt} ms in, before its 60 ms`);

    // Aborting one waiter leaves the others waiting; when all have left, no timer is left
    // running (the test sanitizer would fail on one).
    const a = new AbortController();
    const b = new AbortController();
    const wa = waitBounded(never, 10_000, a.signal, () => new Error("t"));
    const wb = waitBounded(never, 10_000, b.signal, () => new Error("t"));
    a.abort(new Error("a stopped"));
    await assert.rejects(wa, { message: "a stopped" });
    let bSettled = false;
    wb.catch(() => bSettled = true);
    await new Promise((r) => realSetTimeout(r, 5));
    assert.equal(bSettled, false);
    b.abort(new Error("b stopped"));
    await assert.rejects(wb, { message: "b stopped" });
  } finally {
    globalThis.setTimeout = realSetTimeout;
  }
});

Deno.test("token stores: memory copies, web storage JSON under a prefix, unreadable = miss", async () => {
  const memory = new MemoryTokenStore();
  const token = { accessToken: "a", tokenExpiryTime: 5, expiresIn: 60, refreshToken: "r" };
  await memory.set("k", token);
  token.accessToken = "changed";
  assert.equal((await memory.get("k"))?.accessToken, "a");
  await memory.delete("k");
  assert.equal(await memory.get("k"), undefined);

  const storage = new MapStorage();
  const web = new WebStorageTokenStore(storage, "p:");
  await web.set("k", { accessToken: "b", tokenExpiryTime: 10 });
  assert.equal(storage.getItem("p:k"), '{"accessToken":"b","tokenExpiryTime":10}');
  assert.deepEqual(await web.get("k"), { accessToken: "b", tokenExpiryTime: 10 });
  storage.setItem("p:bad", "{not json");
  assert.equal(await web.get("bad"), undefined);
  await web.delete("k");
  assert.equal(storage.getItem("p:k"), null);

  // The official SDK's persisted auth data reads back as is.
  const official = parseStoredToken(JSON.stringify({
    accessToken: "c",
    tokenExpiryTime: 99,
    tokenExpiryTimeString: "x",
    error: null,
  }));
  assert.deepEqual(official, { accessToken: "c", tokenExpiryTime: 99 });
  assert.equal(parseStoredToken('{"accessToken":""}'), undefined);
  assert.equal(parseStoredToken("[1]"), undefined);
});

Deno.test("token store keys: login host (environment or gateway path) + client id", () => {
  assert.equal(
    tokenStoreKey("id-1", "https://login.mypurecloud.ie"),
    "genesys-cloud:login.mypurecloud.ie:id-1",
  );
  assert.equal(
    tokenStoreKey("id-1", "https://gw.example.com:8443/login"),
    "genesys-cloud:gw.example.com:8443/login:id-1",
  );
});

Deno.test("token requests follow the gateway's login path", async () => {
  const fake = new FakePlatform();
  const client = new PlatformClient({ transport: fake.transport });
  client.setGateway({ host: "gw.example.com", port: 8443, pathParamsLogin: "login/v1" });
  await client.loginClientCredentialsGrant("id", "secret");
  assert.equal(fake.tokenRequests[0].url, "https://gw.example.com:8443/login/v1/oauth/token");
  client.setGateway(undefined);
  client.setEnvironment("eu_west_1");
  await client.loginClientCredentialsGrant("id", "secret");
  assert.equal(fake.tokenRequests[1].url, "https://login.mypurecloud.ie/oauth/token");
});
