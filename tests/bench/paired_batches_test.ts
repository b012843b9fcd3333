import assert from "node:assert/strict";
import { pairedBatches, warmUp } from "../../bench/cases/_input.mjs";

const recorder = (log: string[], mark: string) => () => Promise.resolve(log.push(mark));

Deno.test("pairedBatches: warms both up, then alternates ours/raw and raw/ours pairs", async () => {
  const log: string[] = [];
  const result = await pairedBatches(
    { n: 2, inflight: 1, warmup: 1, pairs: 3 },
    { oursUs: recorder(log, "o"), rawUs: recorder(log, "r") },
  );
  // Warm-up runs in steps of 500 calls, in the variants' order.
  assert.equal(log.slice(0, 1000).join(""), "o".repeat(500) + "r".repeat(500));
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
    { oursUs: recorder(log, "o"), rawUs: recorder(log, "r"), timedUs: recorder(log, "t") },
  );
  assert.equal(log.join(""), "ort" + "tro" + "ort");
  assert.deepEqual(Object.keys(result).sort(), ["oursUs", "rawUs", "timedUs", "warmupCalls"]);
  assert.equal(result.timedUs?.length, 3);
});

Deno.test("pairedBatches: in blocks, variants take turns within each round and the turns alternate", async () => {
  const log: string[] = [];
  const result = await pairedBatches(
    { n: 5, inflight: 1, warmup: 0, pairs: 2, block: 2 },
    { oursUs: recorder(log, "o"), rawUs: recorder(log, "r"), timedUs: recorder(log, "t") },
  );
  // Round 1: blocks of 2, 2 and the remaining 1; round 2 goes on alternating where round 1 ended.
  assert.equal(log.join(""), "oorrtt" + "ttrroo" + "ort" + "ttrroo" + "oorrtt" + "tro");
  assert.equal(log.filter((m) => m === "o").length, 10);
  assert.equal(result.oursUs.length, 2);
  assert.equal(result.rawUs.length, 2);
  assert.equal(result.timedUs?.length, 2);
});

Deno.test("pairedBatches: a round's figure is its blocks' time added up, per call", async () => {
  const sleep = (ms: number) => () => new Promise<void>((resolve) => setTimeout(resolve, ms));
  const result = await pairedBatches(
    { n: 4, inflight: 1, warmup: 0, pairs: 1, block: 2 },
    { oursUs: sleep(8), rawUs: sleep(0) },
  );
  // Four calls of ours, each at least 8 ms: at least 8,000 µs per call over the whole round.
  assert.ok(result.oursUs[0] >= 7_900, `oursUs ${result.oursUs[0]}`);
  assert.ok(result.rawUs[0] < result.oursUs[0]);
});

Deno.test("pairedBatches: refuses a block or count that is not a positive integer, and fewer than two variants", async () => {
  const noop = () => Promise.resolve();
  for (const plan of [{ n: 10, block: 0 }, { n: 10, block: 2.5 }, { n: 0 }, { n: Number.NaN }]) {
    await assert.rejects(
      pairedBatches({ inflight: 1, warmup: 0, pairs: 1, ...plan }, { oursUs: noop, rawUs: noop }),
      (error: Error) =>
        error instanceof RangeError && /must be positive integers/.test(error.message),
    );
  }
  const refused: Record<string, () => Promise<void>>[] = [
    { oursUs: noop },
    { oursUs: noop, warmupCalls: noop },
  ];
  for (const variants of refused) {
    await assert.rejects(
      pairedBatches({ n: 1, inflight: 1, warmup: 0, pairs: 1 }, variants),
      /needs two variants or more/,
    );
  }
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
