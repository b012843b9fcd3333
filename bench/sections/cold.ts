/**
 * Cold start section: a fresh process imports, logs in and makes one call. Ours on Deno and Bun
 * against a raw-`fetch` script in the same runtime; the official SDK on Node against raw `fetch`
 * on Node. Runs are interleaved so that drifts of the machine hit every variant alike.
 *
 * Bun keeps no compiled code between processes (Deno keeps V8's code cache), so every Bun run
 * parses and compiles the client again. Bun's own remedy for command-line tools is a
 * single-file executable with bytecode (`bun build --compile --bytecode`); the Bun scripts are
 * also timed built that way, as a report beside the target row.
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
  times,
  timesWithin,
  verdictAtMost,
} from "../lib/report.ts";
import { median, pairedRatio, pairedRatioInterval, spread } from "../lib/stats.ts";
import { command, type Runtime } from "./runtimes.ts";

/** Ours / raw fetch must be at most this. */
export const COLD_TARGET = 1.25;

interface Variant {
  key: string;
  runtime: Runtime;
  script: string;
  /** Run as a Bun single-file executable with bytecode, built from `script` first. */
  compiled?: boolean;
}

const VARIANTS: Variant[] = [
  { key: "deno-fetch", runtime: "deno", script: "bench/cases/cold_fetch.mjs" },
  { key: "deno-ours", runtime: "deno", script: "bench/cases/cold_ours.ts" },
  { key: "deno-lite", runtime: "deno", script: "bench/cases/cold_lite.ts" },
  { key: "bun-fetch", runtime: "bun", script: "bench/cases/cold_fetch.mjs" },
  { key: "bun-ours", runtime: "bun", script: "bench/cases/cold_ours.ts" },
  { key: "bun-lite", runtime: "bun", script: "bench/cases/cold_lite.ts" },
  { key: "bun-exe-fetch", runtime: "bun", script: "bench/cases/cold_fetch.mjs", compiled: true },
  { key: "bun-exe-ours", runtime: "bun", script: "bench/cases/cold_ours.ts", compiled: true },
  { key: "bun-exe-lite", runtime: "bun", script: "bench/cases/cold_lite.ts", compiled: true },
  { key: "node-fetch", runtime: "node", script: "bench/cases/cold_fetch.mjs" },
  { key: "node-official", runtime: "node", script: "bench/cases/cold_official.mjs" },
];

function ms(x: number): string {
  return `${x.toFixed(0)} ms`;
}

/** Builds `script` into a Bun single-file executable with bytecode at `out`. */
async function compileBun(ctx: BenchContext, script: string, out: string): Promise<void> {
  const { code, stderr } = await new Deno.Command("bun", {
    args: ["build", script, "--compile", "--bytecode", "--format=esm", `--outfile=${out}`],
    cwd: ctx.root,
    stdout: "null",
    stderr: "piped",
  }).output();
  if (code !== 0) {
    throw new Error(`bun build --compile ${script} failed: ${new TextDecoder().decode(stderr)}`);
  }
}

/** Runs the section. */
export async function runCold(ctx: BenchContext): Promise<SectionResult> {
  const server = await ctx.startServer();
  const wall: Record<string, number[]> = {};
  const script: Record<string, number[]> = {};
  const errors: Record<string, string> = {};
  // Three executables of about 110 MB each, removed at the end.
  const exeDir = await Deno.makeTempDir({ prefix: "bench-cold-exe-" });
  const exe: Record<string, string> = {};
  try {
    for (const v of VARIANTS.filter((v) => v.compiled)) {
      try {
        exe[v.key] = `${exeDir}/${v.key}`;
        await compileBun(ctx, v.script, exe[v.key]);
      } catch (error) {
        errors[v.key] = String(error);
      }
    }
    const input = baseInput(ctx, server);
    // One discarded round first: fills Deno's transpile cache and the OS file cache.
    for (let round = 0; round <= ctx.settings.runsCold; round++) {
      ctx.log(`cold start: round ${round}/${ctx.settings.runsCold}`);
      // Every other round runs the variants in reverse, so that neither side of a pair always
      // starts right after the other (and after the same process).
      for (const v of round % 2 === 0 ? VARIANTS : [...VARIANTS].reverse()) {
        if (errors[v.key]) continue;
        try {
          const run = await runCase<{ scriptMs: number }>({
            ...(v.compiled ? { cmd: exe[v.key], args: [] } : command(v.runtime, v.script)),
            cwd: ctx.root,
            input,
          });
          if (round === 0) continue;
          (wall[v.key] ??= []).push(run.wallMs);
          (script[v.key] ??= []).push(run.result.scriptMs);
        } catch (error) {
          errors[v.key] = String(error);
        }
      }
    }
  } finally {
    await server.stop();
    await Deno.remove(exeDir, { recursive: true });
  }

  const rows: Row[] = [];
  const data: Record<string, unknown> = { wallMs: wall, scriptMs: script, errors };
  const pair = (ours: string, base: string, runtime: string, target: boolean, how = "") => {
    if (!wall[ours] || !wall[base]) {
      rows.push({
        figure: `cold start (${runtime}): import + login + 1 call${how}, fresh process`,
        ours: "failed",
        comparedWith: (errors[ours] ?? errors[base] ?? "").split("\n")[0].slice(0, 200),
        ratio: "",
        target: target ? `<= ${COLD_TARGET}x raw fetch` : "",
        verdict: "error",
      });
      return;
    }
    const ratio = pairedRatio(wall[ours], wall[base]);
    const interval = pairedRatioInterval(wall[ours], wall[base], CONFIDENCE);
    data[`${ours}/${base}`] = ratio;
    data[`${ours}/${base}/interval`] = interval;
    rows.push({
      figure: `cold start (${runtime}): import + login + 1 call${how}, fresh process wall time`,
      ours: `${ms(median(wall[ours]))} (in-script ${ms(median(script[ours]))})`,
      comparedWith: `raw fetch${how ? " built the same way" : ""} ${
        ms(median(wall[base]))
      } (in-script ${ms(median(script[base]))})`,
      ratio: timesWithin(ratio, interval),
      target: target ? `<= ${COLD_TARGET}x` : "reference",
      verdict: target ? verdictAtMost(interval, COLD_TARGET) : "report",
      noise: noise(spread(wall[ours])),
    });
  };
  pair("deno-ours", "deno-fetch", "Deno, ours", true);
  pair("bun-ours", "bun-fetch", "Bun, ours", true);
  pair("deno-lite", "deno-fetch", "Deno, ours on LiteClient", true);
  pair("bun-lite", "bun-fetch", "Bun, ours on LiteClient", true);
  pair(
    "bun-exe-ours",
    "bun-exe-fetch",
    "Bun, ours",
    false,
    " as a `bun build --compile --bytecode` executable",
  );
  pair(
    "bun-exe-lite",
    "bun-exe-fetch",
    "Bun, ours on LiteClient",
    false,
    " as a `bun build --compile --bytecode` executable",
  );
  pair("node-official", "node-fetch", "Node, official SDK", false);
  if (wall["deno-ours"] && wall["node-official"]) {
    const r = pairedRatio(wall["node-official"], wall["deno-ours"]);
    const rb = wall["bun-ours"] ? pairedRatio(wall["node-official"], wall["bun-ours"]) : NaN;
    rows.push({
      figure: "cold start: official SDK on Node / ours",
      ours: `Deno ${ms(median(wall["deno-ours"]))}, Bun ${
        wall["bun-ours"] ? ms(median(wall["bun-ours"])) : "n/a"
      }`,
      comparedWith: `official on Node ${ms(median(wall["node-official"]))}`,
      ratio: `official is ${times(r)} Deno, ${times(rb)} Bun`,
      target: "report",
      verdict: "report",
    });
  }
  return { rows, data };
}
