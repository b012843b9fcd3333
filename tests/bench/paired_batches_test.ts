import assert from "node:assert/strict";
import { pairedBatches, warmUp } from "../../bench/cases/_input.mjs";

const recorder = (log: string[], mark: string) => () => Promise.resolve(log.push(mark));

Deno.test("pairedBatches: warms both up, then alternates ours/raw and raw/ours pairs", async () => {
  const log: string[] = [];
  const result = await pairedBatches(
    { n: 2, inflight: 1, warmup: 1, pairs: 3 },
    { ours: recorder(log, "o"), raw: recorder(log, "r") },
  );
  // Warm-up runs in steps of 500 calls: raw first, then ours.
  assert.equal(log.slice(0, 1000).join(""), "r".repeat(500) + "o".repeat(500));
  assert.equal(log.slice(1000).join(""), "oorr" + "rroo" + "oorr");
  assert.deepEqual(result.warmupCalls, { rawUs: 500, oursUs: 500 });
  assert.equal(result.oursUs.length, 3);
  assert.equal(result.rawUs.length, 3);
  assert.ok([...result.oursUs, ...result.rawUs].every((us: number) => us >= 0));
});

Deno.test("pairedBatches: with a timed variant, rounds are triples ours, raw, timed and back", async () => {
  const log: string[] = [];
  const result = await pairedBatches(
    { n: 1, inflight: 1, warmup: 0, pairs: 3 },
    { ours: recorder(log, "o"), raw: recorder(log, "r"), timed: recorder(log, "t") },
  );
  assert.equal(log.join(""), "ort" + "tro" + "ort");
  assert.deepEqual(Object.keys(result).sort(), ["oursUs", "rawUs", "timedUs", "warmupCalls"]);
  assert.equal(result.timedUs?.length, 3);
});

Deno.test("warmUp: runs until both the calls and the time are reached", async () => {
  let calls = 0;
  const count = () => Promise.resolve(calls++);
  assert.equal(await warmUp(1200, 0, 1, count), 1500);
  assert.equal(calls, 1500);
  calls = 0;
  // Timer-paced calls: the warm-up goes on, in whole steps, until 30 ms have passed.
  const slow = () => new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => calls++);
  const start = performance.now();
  const made = await warmUp(0, 30, 64, slow);
  assert.ok(performance.now() - start >= 30);
  assert.equal(made, calls);
  assert.equal(made % 500, 0);
  assert.equal(await warmUp(0, 0, 1, count), 0);
});
