/**
 * Per-call overhead section: `calls` sequential calls and `calls` concurrent calls (`inflight`
 * in flight) of `GET /api/v2/users/{userId}`. Ours on Deno and Bun against raw `fetch` in the same
 * runtime; the official SDK on Node against raw `fetch` on Node. Runs are interleaved.
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
  runtime: Runtime;
  script: string;
}

const VARIANTS: Variant[] = [
  { key: "deno-fetch", runtime: "deno", script: "bench/cases/calls_fetch.mjs" },
  { key: "deno-ours", runtime: "deno", script: "bench/cases/calls_ours.ts" },
  { key: "bun-fetch", runtime: "bun", script: "bench/cases/calls_fetch.mjs" },
  { key: "bun-ours", runtime: "bun", script: "bench/cases/calls_ours.ts" },
  { key: "node-fetch", runtime: "node", script: "bench/cases/calls_fetch.mjs" },
  { key: "node-official", runtime: "node", script: "bench/cases/calls_official.mjs" },
];

function us(x: number): string {
  return `${x.toFixed(0)} µs/call`;
}

/** Runs the section. */
export async function runCalls(ctx: BenchContext): Promise<SectionResult> {
  const { calls, inflight, warmup, runsCalls } = ctx.settings;
  const modes = [
    { name: "sequential", inflight: 1 },
    { name: `concurrent (${inflight} in flight)`, inflight },
  ];
  const server = await ctx.startServer();
  const samples: Record<string, Record<string, number[]>> = {};
  const errors: Record<string, string> = {};
  try {
    const input = baseInput(ctx, server);
    for (const mode of modes) {
      const perMode = samples[mode.name] = {} as Record<string, number[]>;
      for (let round = 1; round <= runsCalls; round++) {
        ctx.log(`calls: ${mode.name}, round ${round}/${runsCalls}`);
        for (const v of VARIANTS) {
          const key = `${mode.name}/${v.key}`;
          if (errors[key]) continue;
          try {
            const run = await runCase<{ ms: number; n: number }>({
              ...command(v.runtime, v.script),
              cwd: ctx.root,
              input: { ...input, n: calls, inflight: mode.inflight, warmup },
              timeoutMs: 300_000,
            });
            (perMode[v.key] ??= []).push(run.result.ms * 1000 / run.result.n);
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
    const s = samples[mode.name];
    const pair = (ours: string, base: string, label: string, target: boolean) => {
      const figure = `${calls} ${mode.name} calls (${label})`;
      if (!s[ours] || !s[base] || s[ours].length !== s[base].length) {
        rows.push({
          figure,
          ours: "failed",
          comparedWith: (errors[`${mode.name}/${ours}`] ?? errors[`${mode.name}/${base}`] ?? "")
            .split("\n")[0].slice(0, 200),
          ratio: "",
          target: target ? `<= ${CALLS_TARGET}x raw fetch` : "",
          verdict: "error",
        });
        return;
      }
      const ratio = pairedRatio(s[ours], s[base]);
      data[`${mode.name}/${ours}/${base}`] = ratio;
      rows.push({
        figure,
        ours: us(median(s[ours])),
        comparedWith: `raw fetch ${us(median(s[base]))}`,
        ratio: times(ratio),
        target: target ? `<= ${CALLS_TARGET}x` : "reference",
        verdict: target ? (ratio <= CALLS_TARGET ? "met" : "missed") : "report",
        noise: noise(spread(s[ours])),
      });
    };
    pair("deno-ours", "deno-fetch", "Deno, ours", true);
    pair("bun-ours", "bun-fetch", "Bun, ours", true);
    pair("node-official", "node-fetch", "Node, official SDK", false);
  }
  return { rows, data };
}
