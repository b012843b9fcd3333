/**
 * The shape of benchmark results and their rendering as one markdown table.
 *
 * @module
 */

import type { MachineInfo } from "./machine.ts";
import type { MedianInterval } from "./stats.ts";

/**
 * Whether a figure meets its target. `unclear`: the ratio's confidence interval spans the
 * target, so this run cannot tell (the median alone would flip between runs).
 */
export type Verdict = "met" | "missed" | "unclear" | "report" | "error";

/** One line of the results table. */
export interface Row {
  /** What is measured. */
  figure: string;
  /** Our figure, formatted. */
  ours: string;
  /** The comparison figure, formatted (with what it is). */
  comparedWith: string;
  /** The ratio, formatted (`1.07x`, `45.1x smaller`). */
  ratio: string;
  /** The target, formatted. */
  target: string;
  /** Verdict. */
  verdict: Verdict;
  /** Noise: spread of the samples ((max - min) / median), formatted. */
  noise?: string;
}

/** What a section returns: table rows plus its raw samples for the JSON file. */
export interface SectionResult {
  /** Rows for the table. */
  rows: Row[];
  /** Raw samples and derived numbers. */
  data: Record<string, unknown>;
}

/** The whole run, as written to `bench/results/latest.json`. */
export interface BenchResults {
  /** The machine and runtimes. */
  machine: MachineInfo;
  /** Settings of the run (runs per figure, call counts, server kind). */
  settings: Record<string, unknown>;
  /** 1-minute load average at the end. */
  loadAverageAtEnd: number;
  /** Wall time of the whole run, in seconds. */
  durationSeconds: number;
  /** The table. */
  rows: Row[];
  /** Raw samples per section. */
  sections: Record<string, unknown>;
}

/** The confidence of the intervals the sections report, as the table's caption names it. */
export const CONFIDENCE = 0.95;
const CONFIDENCE_LABEL = `${Math.round(CONFIDENCE * 100)}%`;

const MARK: Record<Verdict, string> = {
  met: "met",
  missed: "**MISSED**",
  unclear: "within noise",
  report: "-",
  error: "**ERROR**",
};

/**
 * Formats a ratio `x` as `1.07x`.
 *
 * @example
 * ```ts
 * import { times } from "./report.ts";
 * console.log(times(1.0712)); // 1.07x
 * ```
 */
export function times(x: number): string {
  return Number.isFinite(x) ? `${x.toFixed(2)}x` : "n/a";
}

/**
 * Formats a ratio with its confidence interval: `1.07x (1.01-1.12)`.
 *
 * @example
 * ```ts
 * import { timesWithin } from "./report.ts";
 * console.log(timesWithin(1.0712, { low: 1.011, high: 1.124, coverage: 0.96 })); // 1.07x (1.01-1.12)
 * ```
 */
export function timesWithin(x: number, interval: MedianInterval): string {
  return `${times(x)} (${interval.low.toFixed(2)}-${interval.high.toFixed(2)})`;
}

/**
 * The verdict on an upper-bound target (`ratio <= target`) from the ratio's confidence interval:
 * `met` when all of it is at or below the target, `missed` when all of it is above, else
 * `unclear`.
 *
 * @example
 * ```ts
 * import { verdictAtMost } from "./report.ts";
 * console.log(verdictAtMost({ low: 1.02, high: 1.17, coverage: 0.96 }, 1.1)); // unclear
 * ```
 */
export function verdictAtMost(interval: MedianInterval, target: number): Verdict {
  if (interval.high <= target) return "met";
  if (interval.low > target) return "missed";
  return "unclear";
}

/**
 * Formats a byte count with thousands separators.
 *
 * @example
 * ```ts
 * import { bytes } from "./report.ts";
 * console.log(bytes(49140)); // 49,140 B
 * ```
 */
export function bytes(n: number): string {
  return `${Math.round(n).toLocaleString("en-US")} B`;
}

/**
 * Formats a spread fraction as a percentage (`±4%` meaning (max - min) / median = 8%).
 *
 * @example
 * ```ts
 * import { noise } from "./report.ts";
 * console.log(noise(0.08)); // 8%
 * ```
 */
export function noise(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

/**
 * Renders the results as markdown: a machine line and one table.
 *
 * @example
 * ```ts
 * import { renderMarkdown } from "./report.ts";
 * ```
 */
export function renderMarkdown(results: BenchResults): string {
  const m = results.machine;
  const lines = [
    `### Benchmark results (${m.date.slice(0, 10)})`,
    "",
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}; ` +
    `Deno ${m.deno}, Bun ${m.bun}, Node ${m.node}, esbuild ${m.esbuild}; ` +
    `official SDK purecloud-platform-client-v2@${m.officialSdk}. ` +
    `Load average ${m.loadAverageAtStart} at start, ${results.loadAverageAtEnd} at end; ` +
    `run took ${Math.round(results.durationSeconds)} s. ` +
    `Figures are medians of ${describeRuns(results.settings)}; ratios are medians of ratios ` +
    `of runs made back to back, followed in parentheses by a distribution-free ${CONFIDENCE_LABEL} ` +
    `confidence interval for that median (order statistics of the ratios; with few runs, their ` +
    `whole range); a verdict is "met" or "missed" only when the whole interval is on one side ` +
    `of the target, else "within noise"; "noise" is (max - min) / median of our samples.`,
    "",
    "| figure | ours | compared with | ratio | target | verdict | noise |",
    "| --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const r of results.rows) {
    lines.push(
      `| ${r.figure} | ${r.ours} | ${r.comparedWith} | ${r.ratio} | ${r.target} | ${
        MARK[r.verdict]
      } | ${r.noise ?? ""} |`,
    );
  }
  return lines.join("\n") + "\n";
}

function describeRuns(settings: Record<string, unknown>): string {
  const each = Number(settings.pairsCalls ?? 2);
  const pairs = Number(settings.runsCalls) * each;
  const block = settings.blockCalls ? ` in blocks of ${settings.blockCalls} taken in turns` : "";
  const official = settings.runsCallsOfficial !== undefined &&
      Number(settings.runsCallsOfficial) !== Number(settings.runsCalls)
    ? `; the official SDK's ${
      Number(settings.runsCallsOfficial) * each
    } from ${settings.runsCallsOfficial} processes`
    : "";
  return `${settings.runsCold} (cold start, memory), ${pairs} (calls: ${settings.runsCalls} processes, each ${each} rounds of ${settings.calls} calls per variant${block}${official}), ` +
    `${settings.runsCheck} (type-check), ${settings.stormRounds} (storm rounds) runs`;
}
