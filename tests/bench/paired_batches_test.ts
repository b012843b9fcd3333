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
