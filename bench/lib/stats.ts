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

/** A distribution-free confidence interval for a median. */
export interface MedianInterval {
  /** Lower bound: a sample. */
  low: number;
  /** Upper bound: a sample. */
  high: number;
  /** The probability that the interval holds the true median (at least the confidence asked). */
  coverage: number;
}

/**
 * A confidence interval for the median of the population `values` were drawn from, assuming only
 * that they are independent: the `k`-th smallest and `k`-th largest sample, with the largest `k`
 * whose coverage (from the binomial distribution with p = 1/2) is at least `confidence`. With too
 * few samples for that, the interval is the whole range and `coverage` says what it holds.
 *
 * @example
 * ```ts
 * import { medianInterval } from "./stats.ts";
 * const { low, high } = medianInterval([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
 * console.log(low, high); // 3 10
 * ```
 */
export function medianInterval(values: readonly number[], confidence = 0.95): MedianInterval {
  const n = values.length;
  if (n === 0) throw new RangeError("interval of no values");
  if (!(confidence > 0 && confidence < 1)) throw new RangeError("confidence must be in (0, 1)");
  const sorted = [...values].sort((a, b) => a - b);
  // below[j] = P(B <= j) for B ~ Binomial(n, 1/2).
  const below: number[] = [];
  let term = 0.5 ** n; // P(B = 0)
  let sum = 0;
  for (let j = 0; j < n; j++) {
    sum += term;
    below.push(sum);
    term = term * (n - j) / (j + 1);
  }
  // The interval [x(k), x(n-k+1)] (1-based) misses the median with probability 2 P(B <= k-1).
  let k = 1;
  while (k + 1 <= n - k && 1 - 2 * below[k] >= confidence) k++;
  return { low: sorted[k - 1], high: sorted[n - k], coverage: 1 - 2 * below[k - 1] };
}

/**
 * {@linkcode medianInterval} of the ratios `a[i] / b[i]` of paired samples (the interval around
 * {@linkcode pairedRatio}).
 *
 * @example
 * ```ts
 * import { pairedRatioInterval } from "./stats.ts";
 * console.log(pairedRatioInterval([110, 220], [100, 200]).low); // 1.1
 * ```
 */
export function pairedRatioInterval(
  a: readonly number[],
  b: readonly number[],
  confidence = 0.95,
): MedianInterval {
  if (a.length !== b.length) throw new RangeError("paired samples differ in length");
  return medianInterval(a.map((x, i) => x / b[i]), confidence);
}
