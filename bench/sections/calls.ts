/**
 * Per-call overhead section: `calls` sequential calls and `calls` concurrent calls (`inflight`
 * in flight) of `GET /api/v2/users/{userId}`. Ours on Deno and Bun against raw `fetch` in the same
 * runtime; the official SDK on Node against raw `fetch` on Node. Each case process times the
 * client and raw `fetch` side by side: in each round they take turns in blocks of `blockCalls`
 * calls, client, raw, raw, client, ... (`pairedBatches` in `cases/_input.mjs`), so the ratio
 * compares calls made within milliseconds of each other in one process, on the same connection
 * pool, instead of processes (or whole batches) seconds apart on a noisy machine. Our cases then
 * time raw `fetch` given the client's default time limit beside raw `fetch` without one (a report
 * row): what any deadline on `fetch` costs in that runtime.
 *
 * @module
 */

import { baseInput, type BenchContext } from "../lib/context.ts";
import { runCase } from "../lib/proc.ts";
import {
  CONFIDENCE,
  noise,
  type Row,
  type SectionResult,
  timesWithin,
  verdictAtMost,
} from "../lib/report.ts";
import { median, pairedRatio, pairedRatioInterval, spread } from "../lib/stats.ts";
import { command, type Runtime } from "./runtimes.ts";

/** Ours / raw fetch must be at most this. */
export const CALLS_TARGET = 1.10;

interface Variant {
  key: string;
  label: string;
  runtime: Runtime;
  script: string;
  target: boolean;
  /** Whether its process count is `runsCallsOfficial` (else `runsCalls`). */
  official?: boolean;
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
    official: true,
  },
];

/** What one case process prints. */
interface CaseResult {
  oursUs: number[];
  rawUs: number[];
  /** Raw `fetch` with a time limit, and raw `fetch` beside it (ours only, a second phase). */
  timedUs?: number[];
  timedRawUs?: number[];
  /** Warm-up calls made per variant. */
  warmupCalls: Record<string, number>;
}

/** A figure's samples over its processes. */
interface Paired {
  oursUs: number[];
  rawUs: number[];
  /** Warm-up calls per variant, one record per process. */
  warmupCalls: Record<string, number>[];
  /** Raw `fetch` with a time limit per call, and raw `fetch` beside it (ours only). */
  timedUs?: number[];
  timedRawUs?: number[];
}

function us(x: number): string {
  return `${x.toFixed(0)} µs/call`;
}

/** Runs the section. */
export async function runCalls(ctx: BenchContext): Promise<SectionResult> {
  const { calls, blockCalls, inflight, warmup, warmupMs, pairsCalls } = ctx.settings;
  const { runsCalls, runsCallsOfficial } = ctx.settings;
  const rounds = Math.max(runsCalls, runsCallsOfficial);
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
      for (let round = 1; round <= rounds; round++) {
        ctx.log(`calls: ${mode.name}, round ${round}/${rounds}`);
        for (const v of VARIANTS) {
          const key = `${mode.name}/${v.key}`;
          if (errors[key] || round > (v.official ? runsCallsOfficial : runsCalls)) continue;
          try {
            const run = await runCase<CaseResult>({
              ...command(v.runtime, v.script),
              cwd: ctx.root,
              input: {
                ...input,
                n: calls,
                inflight: mode.inflight,
                warmup,
                warmupMs,
                pairs: pairsCalls,
                timedPairs: Math.ceil(pairsCalls / 2),
                block: blockCalls,
              },
              timeoutMs: 300_000,
            });
            const got = perMode[v.key] ??= { oursUs: [], rawUs: [], warmupCalls: [] };
            got.warmupCalls.push(run.result.warmupCalls);
            got.oursUs.push(...run.result.oursUs);
            got.rawUs.push(...run.result.rawUs);
            if (run.result.timedUs && run.result.timedRawUs) {
              (got.timedUs ??= []).push(...run.result.timedUs);
              (got.timedRawUs ??= []).push(...run.result.timedRawUs);
            }
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
      const interval = pairedRatioInterval(s.oursUs, s.rawUs, CONFIDENCE);
      data[`${mode.name}/${v.key}/ratio`] = ratio;
      data[`${mode.name}/${v.key}/interval`] = interval;
      rows.push({
        figure,
        ours: us(median(s.oursUs)),
        comparedWith: `raw fetch in the same process ${us(median(s.rawUs))}`,
        ratio: timesWithin(ratio, interval),
        target: v.target ? `<= ${CALLS_TARGET}x` : "reference",
        verdict: v.target ? verdictAtMost(interval, CALLS_TARGET) : "report",
        noise: noise(spread(s.oursUs)),
      });
      if (s.timedUs?.length && s.timedUs.length === s.timedRawUs?.length) {
        const timedRatio = pairedRatio(s.timedUs, s.timedRawUs);
        const timedInterval = pairedRatioInterval(s.timedUs, s.timedRawUs, CONFIDENCE);
        data[`${mode.name}/${v.key}/timedRatio`] = timedRatio;
        data[`${mode.name}/${v.key}/timedInterval`] = timedInterval;
        rows.push({
          figure: `${calls} ${mode.name} calls (${
            v.label.replace(", ours", "")
          }, raw fetch): what a time limit costs raw fetch`,
          ours: `raw fetch + \`AbortSignal.timeout(16000)\` per call ${us(median(s.timedUs))}`,
          comparedWith: `raw fetch in the same process ${us(median(s.timedRawUs))}`,
          ratio: timesWithin(timedRatio, timedInterval),
          target: "reference",
          verdict: "report",
          noise: noise(spread(s.timedUs)),
        });
      }
    }
  }
  return { rows, data };
}
