import assert from "node:assert/strict";
import { sleep } from "../../src/base/sleep.ts";

Deno.test("sleep: a wait longer than a timer can hold is capped, not fired at once", async () => {
  const controller = new AbortController();
  let done = false;
  const waiting = sleep(2 ** 31 + 1_000, controller.signal).then(() => done = true, () => {});
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.equal(done, false, "a delay past 2^31-1 ms fires at once in Deno unless capped");
  controller.abort();
  await waiting;
});
