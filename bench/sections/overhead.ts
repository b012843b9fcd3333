/**
 * Client overhead section (Deno and Bun): the request core's own cost per call, measured in one
 * process with `fetch` stubbed to answer at once (`cases/overhead_ours.ts`), against the raw
 * `fetch` + `json()` equivalent. A report, with no target of its own: it tells how much of the
 * end-to-end per-call ratios (`calls`) the client can account for, since loopback round trips on
 * a busy 2-core machine vary far more than the client's few microseconds.
 *
 * @module
 */

import type { BenchContext } from "../lib/context.ts";
import { runCase } from "../lib/proc.ts";
import { noise, type Row, type SectionResult, times } from "../lib/report.ts";
import { median, pairedRatio, spread } from "../lib/stats.ts";
import { command, type Runtime } from "./runtimes.ts";

interface OverheadResult {
  oursUs: number[];
  rawUs: number[];
}

/** Runs the section. */
export async function runOverhead(ctx: BenchContext): Promise<SectionResult> {
  const rows: Row[] = [];
  const data: Record<string, unknown> = {};
  for (const [runtime, label] of [["deno", "Deno"], ["bun", "Bun"]] as [Runtime, string][]) {
    ctx.log(`overhead: ${label}`);
    const figure = `client's own cost per call, no network (${label}, fetch stubbed)`;
    try {
      const { result } = await runCase<OverheadResult>({
        ...command(runtime, "bench/cases/overhead_ours.ts"),
        cwd: ctx.root,
        input: { rounds: 7, batch: 20_000 },
        timeoutMs: 300_000,
      });
      data[runtime] = result;
      const ours = median(result.oursUs);
      const raw = median(result.rawUs);
      rows.push({
        figure,
        ours: `${ours.toFixed(1)} µs/call`,
        comparedWith: `raw fetch + json() ${raw.toFixed(1)} µs/call`,
        ratio: `${times(pairedRatio(result.oursUs, result.rawUs))} (${signedUs(ours - raw)})`,
        target: "report",
        verdict: "report",
        noise: noise(spread(result.oursUs)),
      });
    } catch (error) {
      rows.push({
        figure,
        ours: "failed",
        comparedWith: String(error).split("\n")[0].slice(0, 200),
        ratio: "",
        target: "report",
        verdict: "error",
      });
    }
  }
  return { rows, data };
}

/** `+1.5 µs`, `-0.3 µs`: a difference of medians, signed. */
function signedUs(us: number): string {
  return `${us < 0 ? "-" : "+"}${Math.abs(us).toFixed(1)} µs`;
}
