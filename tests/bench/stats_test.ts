import assert from "node:assert/strict";
import { medianInterval, pairedRatioInterval } from "../../bench/lib/stats.ts";

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

Deno.test("medianInterval: order statistics from the binomial tables", () => {
  // n = 12: [x3, x10] holds the median with 1 - 2 * 79/4096 = 96.1%; [x4, x9] only 85.4%.
  const twelve = medianInterval(range(12).reverse());
  assert.deepEqual([twelve.low, twelve.high], [3, 10]);
  assert.ok(Math.abs(twelve.coverage - (1 - 2 * 79 / 4096)) < 1e-12);
  // n = 8: [x2, x7] is 93.0% < 95%, so the whole range (99.2%); at 90% it is [x2, x7].
  assert.deepEqual(medianInterval(range(8)), { low: 1, high: 8, coverage: 1 - 2 / 256 });
  const eight90 = medianInterval(range(8), 0.9);
  assert.deepEqual([eight90.low, eight90.high], [2, 7]);
  assert.ok(Math.abs(eight90.coverage - (1 - 2 * 9 / 256)) < 1e-12);
  // n = 20: [x6, x15] (95.9%).
  const twenty = medianInterval(range(20));
  assert.deepEqual([twenty.low, twenty.high], [6, 15]);
});

Deno.test("medianInterval: too few samples give the whole range and say what it holds", () => {
  assert.deepEqual(medianInterval([5, 1, 3, 2, 4]), { low: 1, high: 5, coverage: 1 - 2 / 32 });
  assert.deepEqual(medianInterval([7]), { low: 7, high: 7, coverage: 0 });
  assert.throws(() => medianInterval([]), RangeError);
  assert.throws(() => medianInterval([1, 2], 1), RangeError);
});

Deno.test("pairedRatioInterval: the interval of the ratios of pairs", () => {
  const base = range(12).map(() => 100);
  const ours = range(12).map((i) => 100 + i);
  const { low, high } = pairedRatioInterval(ours, base);
  assert.deepEqual([low, high], [1.03, 1.1]);
  assert.throws(() => pairedRatioInterval([1], [1, 2]), RangeError);
});
