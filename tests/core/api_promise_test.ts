import assert from "node:assert/strict";
import { ApiPromise } from "../../mod.ts";

const full = (data: unknown) => ({
  data,
  status: 200,
  headers: new Headers({ "inin-correlation-id": "c-1" }),
  correlationId: "c-1",
  rateLimit: undefined,
});

Deno.test("ApiPromise: awaiting gives the body, withResponse() the whole response, once", async () => {
  const p = new ApiPromise(Promise.resolve(full({ id: "u1" })));
  assert.deepEqual(await p, { id: "u1" });
  const first = p.withResponse();
  assert.equal(p.withResponse(), first);
  assert.equal((await first).status, 200);
  assert.equal((await first).correlationId, "c-1");
});

Deno.test("ApiPromise: await takes it as a native promise; derived promises are plain", async () => {
  const p = new ApiPromise(Promise.resolve(full(42)));
  assert.ok(p instanceof ApiPromise);
  assert.ok(p instanceof Promise);
  // Promise.resolve (and so await) use it as it is, with no extra then() job.
  assert.equal(Promise.resolve(p), p);
  const derived = p.then((x) => x);
  assert.ok(!(derived instanceof ApiPromise));
  assert.equal(await derived, 42);
  assert.equal(await p.catch(() => 0), 42);
  let ran = false;
  assert.equal(await p.finally(() => ran = true), 42);
  assert.ok(ran);
});

Deno.test("ApiPromise: a failure reaches await, and withResponse() alone leaves nothing unhandled", async () => {
  const failing = () => new ApiPromise(Promise.reject(new Error("call failed")));
  await assert.rejects(failing(), /call failed/);
  // Only withResponse() is used: handling its rejection must be enough (Deno fails this test
  // on an unhandled rejection of the promise itself).
  await assert.rejects(failing().withResponse(), /call failed/);
  await new Promise((r) => setTimeout(r, 10));
});
