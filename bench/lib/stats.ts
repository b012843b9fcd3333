/**
 * Small statistics for benchmark samples.
 *
 * @module
 */

/**
 * The median of `values` (the mean of the two middle values for an even count).
 *
 * @example
 * ```ts
 * import { median } from "./stats.ts";
 * console.log(median([3, 1, 2])); // 2
 * ```
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * How spread the samples are: (max - min) / median, as a fraction. A rough noise figure.
 *
 * @example
 * ```ts
 * import { spread } from "./stats.ts";
 * console.log(spread([90, 100, 110])); // 0.2
 * ```
 */
export function spread(values: readonly number[]): number {
  const m = median(values);
  return m === 0 ? 0 : (Math.max(...values) - Math.min(...values)) / m;
}

/**
 * The median of the ratios `a[i] / b[i]` of paired samples taken back to back, which cancels
 * slow drifts of the machine better than the ratio of medians.
 *
 * @example
 * ```ts
 * import { pairedRatio } from "./stats.ts";
 * console.log(pairedRatio([110, 220], [100, 200])); // 1.1
 * ```
 */
export function pairedRatio(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new RangeError("paired samples differ in length");
  return median(a.map((x, i) => x / b[i]));
}
