/**
 * `deno task bench`: runs every benchmark against a loopback server in a separate process, each
 * measurement in fresh processes, prints one markdown table of figures and ratios, and writes
 * `bench/results/latest.json` and `bench/results/latest.md`.
 *
 * Flags (all optional):
 * `--only=size,memory,check,cold,calls,overhead,storm,generator,sandbox` sections to run;
 * `--runs-cold=31` fresh-process runs per cold start and memory figure;
 * `--runs-calls=6` processes per throughput figure of ours, `--runs-calls-official=3` of the
 * official SDK (a reference, 5-8x slower per call), `--pairs-calls=4` rounds each;
 * `--calls=5000` calls per variant and round, `--block-calls=250` calls per turn within a round;
 * `--inflight=64` concurrent calls in flight; `--warmup=500` warm-up calls and `--warmup-ms=2500`
 * warm-up milliseconds per variant of a throughput process (whichever takes longer);
 * `--runs-check=3` runs per type-check figure; `--storm-rounds=31`; `--storm-calls=1000`;
 * `--runs-generator=1`; `--server=auto|sandbox|minimal` (auto: the sandbox when present);
 * `--no-write` prints without writing the results files.
 *
 * Figures are medians; ratios are medians of ratios of runs made back to back. Nothing here is
 * asserted in tests (the size budget is, in `tests/size/bundle_test.ts`).
 *
 * @module
 */

import type { BenchContext, BenchSettings } from "./lib/context.ts";
import { loadAverage, machineInfo } from "./lib/machine.ts";
import { type BenchResults, renderMarkdown, type Row, type SectionResult } from "./lib/report.ts";
import { startServerProcess } from "./lib/server_process.ts";
import { runCalls } from "./sections/calls.ts";
import { runCheck } from "./sections/check.ts";
import { runCold } from "./sections/cold.ts";
import { runGenerator } from "./sections/generator.ts";
import { runMemory } from "./sections/memory.ts";
import { runOverhead } from "./sections/overhead.ts";
import { runSandbox } from "./sections/sandbox.ts";
import { runSize } from "./sections/size.ts";
import { runStorm } from "./sections/storm.ts";

const SECTIONS: Record<string, (ctx: BenchContext) => Promise<SectionResult>> = {
  size: runSize,
  memory: runMemory,
  check: runCheck,
  cold: runCold,
  calls: runCalls,
  overhead: runOverhead,
  storm: runStorm,
  generator: runGenerator,
  sandbox: runSandbox,
};

function flag(args: string[], name: string): string | undefined {
  const prefix = `--${name}=`;
  return args.find((a) => a.startsWith(prefix))?.slice(prefix.length);
}

function intFlag(args: string[], name: string, fallback: number): number {
  const raw = flag(args, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
  return n;
}

/**
 * Parses the command line into settings and the sections to run.
 *
 * @example
 * ```ts
 * import { parseBenchArgs } from "./main.ts";
 * console.log(parseBenchArgs(["--only=size"]).sections); // ["size"]
 * ```
 */
export function parseBenchArgs(args: string[]): {
  settings: BenchSettings;
  sections: string[];
  write: boolean;
} {
  const known = new Set([
    "only",
    "runs-cold",
    "runs-calls",
    "runs-calls-official",
    "pairs-calls",
    "runs-check",
    "storm-rounds",
    "calls",
    "block-calls",
    "inflight",
    "warmup",
    "warmup-ms",
    "storm-calls",
    "runs-generator",
    "server",
  ]);
  for (const a of args) {
    const name = a.replace(/^--/, "").split("=")[0];
    if (a !== "--no-write" && !known.has(name)) throw new Error(`unknown flag ${a}`);
  }
  const sections = (flag(args, "only") ?? Object.keys(SECTIONS).join(",")).split(",");
  for (const s of sections) {
    if (!SECTIONS[s]) throw new Error(`unknown section "${s}" (${Object.keys(SECTIONS)})`);
  }
  return {
    sections,
    write: !args.includes("--no-write"),
    settings: {
      runsCold: intFlag(args, "runs-cold", 31),
      runsCalls: intFlag(args, "runs-calls", 6),
      runsCallsOfficial: intFlag(args, "runs-calls-official", 3),
      pairsCalls: intFlag(args, "pairs-calls", 4),
      runsCheck: intFlag(args, "runs-check", 3),
      stormRounds: intFlag(args, "storm-rounds", 31),
      calls: intFlag(args, "calls", 5000),
      blockCalls: intFlag(args, "block-calls", 250),
      inflight: intFlag(args, "inflight", 64),
      warmup: intFlag(args, "warmup", 500),
      warmupMs: intFlag(args, "warmup-ms", 2500),
      stormCalls: intFlag(args, "storm-calls", 1000),
      runsGenerator: intFlag(args, "runs-generator", 1),
      server: flag(args, "server") ?? "auto",
    },
  };
}

async function main(): Promise<void> {
  const started = performance.now();
  const { settings, sections, write } = parseBenchArgs(Deno.args);
  const root = new URL("../", import.meta.url).pathname;
  const toolsDir = `${root}.tools`;
  const log = (message: string) => console.error(`[bench] ${message}`);
  const ctx: BenchContext = {
    settings,
    root,
    toolsDir,
    log,
    startServer: (options = {}) => startServerProcess({ kind: settings.server, ...options }),
  };
  const machine = await machineInfo(toolsDir);
  const probe = await ctx.startServer();
  settings.server = probe.kind;
  await probe.stop();
  log(`server: ${settings.server}; load average ${machine.loadAverageAtStart}`);

  const rows: Row[] = [];
  const data: Record<string, unknown> = {};
  for (const name of sections) {
    const sectionStart = performance.now();
    try {
      const result = await SECTIONS[name](ctx);
      rows.push(...result.rows);
      data[name] = result.data;
      const { error, errors } = result.data as { error?: string; errors?: Record<string, string> };
      if (error) log(`${name}: ${error.slice(0, 1500)}`);
      for (const [key, message] of Object.entries(errors ?? {})) {
        log(`${name} ${key}: ${message.slice(0, 1500)}`);
      }
    } catch (error) {
      rows.push({
        figure: name,
        ours: "failed",
        comparedWith: String(error).split("\n")[0].slice(0, 300),
        ratio: "",
        target: "",
        verdict: "error",
      });
      data[name] = { error: String(error) };
    }
    log(`${name}: ${((performance.now() - sectionStart) / 1000).toFixed(1)} s`);
  }

  const results: BenchResults = {
    machine,
    settings: { ...settings, sections },
    loadAverageAtEnd: loadAverage(),
    durationSeconds: (performance.now() - started) / 1000,
    rows,
    sections: data,
  };
  const markdown = renderMarkdown(results);
  console.log(markdown);
  if (write) {
    const dir = `${root}bench/results`;
    await Deno.mkdir(dir, { recursive: true });
    await Deno.writeTextFile(`${dir}/latest.json`, JSON.stringify(results, null, 2) + "\n");
    await Deno.writeTextFile(`${dir}/latest.md`, markdown);
    log(`wrote bench/results/latest.json and bench/results/latest.md`);
  }
}

if (import.meta.main) await main();
