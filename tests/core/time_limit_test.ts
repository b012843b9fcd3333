import assert from "node:assert/strict";
import { MAX_TIMEOUT_MS, timeLimit } from "../../src/base/time_limit.ts";
import { watchAbort } from "../../src/base/abort_watch.ts";
import { waitBounded } from "../../src/auth/single_flight.ts";
import { sleep } from "../../src/base/sleep.ts";

/** Resolves with the time `signal` aborted at. */
function abortedAt(signal: AbortSignal): Promise<number> {
  return new Promise((resolve) =>
    signal.addEventListener("abort", () => resolve(performance.now()))
  );
}

Deno.test("timeLimit: calls that start together share a signal, none ends before its limit", async () => {
  const ms = 192; // slack: 3 ms
  const first = timeLimit(ms);
  const firstAt = performance.now();
  assert.equal(timeLimit(ms), first, "same limit, same turn: one signal");
  assert.notEqual(timeLimit(ms + 1), first, "another limit has its own signal");
  assert.equal(first.aborted, false);

  // Calls spread over 5 ms get one signal or another; each ends no sooner than its own limit.
  const calls: { at: number; signal: AbortSignal }[] = [];
  for (let i = 0; i < 10; i++) {
    calls.push({ at: performance.now(), signal: timeLimit(ms) });
    const next = performance.now() + 0.5;
    while (performance.now() < next) {
      // spread the calls over the slack without yielding (a timer would take longer than it)
    }
  }
  const distinct = new Set(calls.map((c) => c.signal));
  assert.ok(distinct.size > 1, "calls 5 ms apart do not share a signal with a 3 ms slack");
  const ends = await Promise.all(calls.map((c) => abortedAt(c.signal)));
  calls.forEach((c, i) =>
    assert.ok(ends[i] - c.at >= ms, `call ${i} ended ${ends[i] - c.at} ms in`)
  );
  assert.ok(ends[0] - firstAt >= ms);
  assert.equal(first.reason?.name, "TimeoutError");
});

Deno.test("watchAbort: the callbacks on one signal share one listener; unwatching drops one", () => {
  const controller = new AbortController();
  const signal = controller.signal;
  let listeners = 0;
  const add = signal.addEventListener.bind(signal);
  signal.addEventListener = ((...args: Parameters<AbortSignal["addEventListener"]>) => {
    if (args[0] === "abort") listeners++;
    return add(...args);
  }) as AbortSignal["addEventListener"];
  const seen: number[] = [];
  const unwatch = Array.from({ length: 1000 }, (_, i) => watchAbort(signal, () => seen.push(i)));
  assert.equal(listeners, 1);
  unwatch[0]();
  unwatch[999]();
  controller.abort();
  assert.equal(seen.length, 998);
  assert.deepEqual(seen.slice(0, 2), [1, 2]);
});

Deno.test("refresh waits and retry sleeps on one shared time limit add one listener to it", async () => {
  const controller = new AbortController();
  const signal = controller.signal;
  let listeners = 0;
  const add = signal.addEventListener.bind(signal);
  signal.addEventListener = ((...args: Parameters<AbortSignal["addEventListener"]>) => {
    if (args[0] === "abort") listeners++;
    return add(...args);
  }) as AbortSignal["addEventListener"];
  const never = new Promise<void>(() => {});
  const waits = Array.from(
    { length: 500 },
    () => waitBounded(never, 60_000, signal, () => new Error("timeout")),
  );
  const sleeps = Array.from({ length: 500 }, () => sleep(60_000, signal));
  assert.equal(listeners, 1);
  controller.abort(new Error("stop"));
  const outcomes = await Promise.allSettled([...waits, ...sleeps]);
  assert.ok(outcomes.every((o) => o.status === "rejected" && o.reason.message === "stop"));
});

Deno.test("timeLimit: the longest limit does not overflow the timer (which would fire at once)", async () => {
  // With its slack added, 2 ** 31 - 1 ms would be past what a timer can wait.
  const signal = timeLimit(MAX_TIMEOUT_MS);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(signal.aborted, false);
});
