/**
 * Sandbox section (Deno and Bun): how soon a fresh process has the sandbox ready (import,
 * listen, first login, first operation of the generic layer, which decodes and indexes the
 * bundled definition), how long the in-process handler takes per request (a mix of hand-written
 * routes, synthesized answers, family listings and creations, validated bodies), and requests
 * per second over HTTP. Targets from the sandbox's issue: ready in under 1 s, median handling
 * under 1 ms per request.
 *
 * @module
 */

import type { BenchContext } from "../lib/context.ts";
import { runCase } from "../lib/proc.ts";
import { noise, type Row, type SectionResult, verdictAtMost } from "../lib/report.ts";
import { median, medianInterval, spread } from "../lib/stats.ts";
import { command, type Runtime } from "./runtimes.ts";

/** Ready within this many milliseconds. */
export const READY_TARGET_MS = 1000;
/** Median handling within this many microseconds. */
export const HANDLING_TARGET_US = 1000;

interface Startup {
  importMs: number;
  listenMs: number;
  loginMs: number;
  firstOperationMs: number;
  readyMs: number;
}

interface Requests {
  kinds: Record<string, number[]>;
  mixUs: number[];
  httpRps: number[];
}

const RUNTIMES: [Runtime, string][] = [["deno", "Deno"], ["bun", "Bun"]];
const INFLIGHT = 32;

function failed(figure: string, error: unknown): Row {
  return {
    figure,
    ours: "failed",
    comparedWith: String(error).split("\n")[0].slice(0, 200),
    ratio: "",
    target: "",
    verdict: "error",
  };
}

/** Runs the section. */
export async function runSandbox(ctx: BenchContext): Promise<SectionResult> {
  const rows: Row[] = [];
  const data: Record<string, unknown> = {};
  const runs = Math.min(ctx.settings.runsCold, 15);
  for (const [runtime, label] of RUNTIMES) {
    const figure =
      `sandbox ready in a fresh process: import, listen, login, first operation (${label})`;
    ctx.log(`sandbox: startup, ${label}, ${runs} runs`);
    try {
      const samples: Startup[] = [];
      for (let i = 0; i < runs; i++) {
        const { result } = await runCase<Startup>({
          ...command(runtime, "bench/cases/sandbox_startup.ts"),
          cwd: ctx.root,
          timeoutMs: 60_000,
        });
        samples.push(result);
      }
      data[`startup-${runtime}`] = samples;
      const ready = samples.map((s) => s.readyMs);
      const part = (k: keyof Startup) => median(samples.map((s) => s[k])).toFixed(0);
      rows.push({
        figure,
        ours: `${median(ready).toFixed(0)} ms`,
        comparedWith: `import ${part("importMs")} + listen ${part("listenMs")} + login ${
          part("loginMs")
        } + first operation ${part("firstOperationMs")} ms`,
        ratio: "",
        target: `< ${READY_TARGET_MS} ms`,
        verdict: verdictAtMost(medianInterval(ready), READY_TARGET_MS),
        noise: noise(spread(ready)),
      });
    } catch (error) {
      rows.push(failed(figure, error));
    }
  }
  for (const [runtime, label] of RUNTIMES) {
    const figure = `sandbox handling per request, in-process, median of a mix (${label})`;
    ctx.log(`sandbox: requests, ${label}`);
    try {
      const { result } = await runCase<Requests>({
        ...command(runtime, "bench/cases/sandbox_requests.ts"),
        cwd: ctx.root,
        input: { n: 400, warmup: 3000, rounds: 5, inflight: INFLIGHT, httpRequests: 3000 },
        timeoutMs: 300_000,
      });
      data[`requests-${runtime}`] = result;
      const kinds = Object.entries(result.kinds).map(([k, v]) => `${k} ${median(v).toFixed(0)}`)
        .join("; ");
      rows.push({
        figure,
        ours: `${median(result.mixUs).toFixed(0)} µs`,
        comparedWith: `µs by kind: ${kinds}`,
        ratio: "",
        target: `< ${HANDLING_TARGET_US} µs`,
        verdict: verdictAtMost(medianInterval(result.mixUs), HANDLING_TARGET_US),
        noise: noise(spread(result.mixUs)),
      });
      rows.push({
        figure:
          `sandbox over HTTP, requests per second, ${INFLIGHT} in flight, same mix (${label})`,
        ours: `${median(result.httpRps).toFixed(0)} req/s`,
        comparedWith: "client and sandbox in one process",
        ratio: "",
        target: "report",
        verdict: "report",
        noise: noise(spread(result.httpRps)),
      });
    } catch (error) {
      rows.push(failed(figure, error));
    }
  }
  return { rows, data };
}
