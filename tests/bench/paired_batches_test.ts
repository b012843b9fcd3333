import assert from "node:assert/strict";
import { pairedBatches } from "../../bench/cases/_input.mjs";

Deno.test("pairedBatches: warms both up, then alternates ours/raw and raw/ours pairs", async () => {
  const log: string[] = [];
  const ours = () => Promise.resolve(log.push("o"));
  const raw = () => Promise.resolve(log.push("r"));
  const result = await pairedBatches(2, 1, 1, ours, raw, 3);
  assert.equal(log.join(""), "ro" + "oorr" + "rroo" + "oorr");
  assert.equal(result.oursUs.length, 3);
  assert.equal(result.rawUs.length, 3);
  assert.ok([...result.oursUs, ...result.rawUs].every((us: number) => us >= 0));
});

Deno.test("pairedBatches: with a timed variant, rounds are triples ours, raw, timed and back", async () => {
  const log: string[] = [];
  const ours = () => Promise.resolve(log.push("o"));
  const raw = () => Promise.resolve(log.push("r"));
  const timed = () => Promise.resolve(log.push("t"));
  const result = await pairedBatches(1, 1, 1, ours, raw, 3, timed);
  assert.equal(log.join(""), "rot" + "ort" + "tro" + "ort");
  assert.deepEqual(Object.keys(result).sort(), ["oursUs", "rawUs", "timedUs"]);
  assert.equal(result.timedUs?.length, 3);
});
