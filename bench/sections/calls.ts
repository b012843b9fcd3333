/**
 * Per-call overhead section: `calls` sequential calls and `calls` concurrent calls (`inflight`
 * in flight) of `GET /api/v2/users/{userId}`. Ours on Deno and Bun against raw `fetch` in the same
 * runtime; the official SDK on Node against raw `fetch` on Node. Each case process times the
 * client and raw `fetch` side by side, in pairs of batches client, raw, raw, client, ... (`pairedBatches` in
 * `cases/_input.mjs`), so the ratio compares batches run back to back in one process, on the
 * same connection pool, instead of processes started seconds apart on a noisy machine.
 *
 * @module
 */

import { baseInput, type BenchContext } from "../lib/context.ts";
import { runCase } from "../lib/proc.ts";
import { noise, type Row, type SectionResult, times } from "../lib/report.ts";
import { median, pairedRatio, spread } from "../lib/stats.ts";
import { command, type Runtime } from "./runtimes.ts";

/** Ours / raw fetch must be at most this. */
export const CALLS_TARGET = 1.10;

interface Variant {
  key: string;
  label: string;
  runtime: Runtime;
  script: string;
  target: boolean;
}

const VARIANTS: Variant[] = [
  {
    key: "deno",
    label: "Deno, ours",
    runtime: "deno",
    script: "bench/cases/calls_ours.ts",
    target: true,
  },
  {
    key: "bun",
    label: "Bun, ours",
    runtime: "bun",
    script: "bench/cases/calls_ours.ts",
    target: true,
  },
  {
    key: "node",
    label: "Node, official SDK",
    runtime: "node",
    script: "bench/cases/calls_official.mjs",
    target: false,
  },
];

interface Paired {
  oursUs: number[];
  rawUs: number[];
}

function us(x: number): string {
  return `${x.toFixed(0)} µs/call`;
}

/** Runs the section. */
export async function runCalls(ctx: BenchContext): Promise<SectionResult> {
  const { calls, inflight, warmup, runsCalls, pairsCalls } = ctx.settings;
  const modes = [
    { name: "sequential", inflight: 1 },
    { name: `concurrent (${inflight} in flight)`, inflight },
  ];
  const server = await ctx.startServer();
  const samples: Record<string, Record<string, Paired>> = {};
  const errors: Record<string, string> = {};
  try {
    const input = baseInput(ctx, server);
    for (const mode of modes) {
      const perMode = samples[mode.name] = {} as Record<string, Paired>;
      for (let round = 1; round <= runsCalls; round++) {
        ctx.log(`calls: ${mode.name}, round ${round}/${runsCalls}`);
        for (const v of VARIANTS) {
          const key = `${mode.name}/${v.key}`;
          if (errors[key]) continue;
          try {
            const run = await runCase<Paired>({
              ...command(v.runtime, v.script),
              cwd: ctx.root,
              input: { ...input, n: calls, inflight: mode.inflight, warmup, pairs: pairsCalls },
              timeoutMs: 300_000,
            });
            const got = perMode[v.key] ??= { oursUs: [], rawUs: [] };
            got.oursUs.push(...run.result.oursUs);
            got.rawUs.push(...run.result.rawUs);
          } catch (error) {
            errors[key] = String(error);
          }
        }
      }
    }
  } finally {
    await server.stop();
  }

  const rows: Row[] = [];
  const data: Record<string, unknown> = { microsecondsPerCall: samples, errors };
  for (const mode of modes) {
    for (const v of VARIANTS) {
      const figure = `${calls} ${mode.name} calls (${v.label})`;
      const s = samples[mode.name][v.key];
      const error = errors[`${mode.name}/${v.key}`];
      if (error || !s || s.oursUs.length === 0 || s.oursUs.length !== s.rawUs.length) {
        rows.push({
          figure,
          ours: "failed",
          comparedWith: (error ?? "no samples").split("\n")[0].slice(0, 200),
          ratio: "",
          target: v.target ? `<= ${CALLS_TARGET}x raw fetch` : "",
          verdict: "error",
        });
        continue;
      }
      const ratio = pairedRatio(s.oursUs, s.rawUs);
      data[`${mode.name}/${v.key}/ratio`] = ratio;
      rows.push({
        figure,
        ours: us(median(s.oursUs)),
        comparedWith: `raw fetch in the same process ${us(median(s.rawUs))}`,
        ratio: times(ratio),
        target: v.target ? `<= ${CALLS_TARGET}x` : "reference",
        verdict: v.target ? (ratio <= CALLS_TARGET ? "met" : "missed") : "report",
        noise: noise(spread(s.oursUs)),
      });
    }
  }
  return { rows, data };
}
