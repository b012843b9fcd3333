/**
 * Profiles one benchmark case: `deno run -A bench/profile.ts <case> [--runtime=deno|bun]
 * [--top=30] [--n=5000] [--inflight=1] [--server=auto|sandbox|minimal]` starts the loopback
 * server, runs `bench/cases/<case>` under `deno run --cpu-prof` (or `bun --cpu-prof`) and prints
 * where the time went: self time by function and by file (ours: `src/`; `ext:` = Deno's own
 * JavaScript; `(program)`/`(garbage collector)`/`(idle)` = the engine and the event loop).
 *
 * @module
 */

import { baseInput, type BenchContext } from "./lib/context.ts";
import { runText } from "./lib/proc.ts";
import { startServerProcess } from "./lib/server_process.ts";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function and per file of a V8 CPU profile, in milliseconds. */
export interface ProfileSummary {
  /** Total sampled time. */
  totalMs: number;
  /** `[function @ file:line, ms]`, largest first. */
  functions: [string, number][];
  /** `[file, ms]`, largest first. */
  files: [string, number][];
}

function shortUrl(url: string, root: string): string {
  if (!url) return "(native)";
  return url.replace(`file://${root}`, "");
}

/**
 * Sums the self time of every sample by function and by file.
 *
 * @example
 * ```ts
 * import { summarizeProfile } from "./profile.ts";
 * const s = summarizeProfile({ nodes: [], samples: [], timeDeltas: [] }, "/");
 * console.log(s.totalMs); // 0
 * ```
 */
export function summarizeProfile(profile: CpuProfile, root: string): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const fn = new Map<string, number>();
  const file = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    total += ms;
    const node = byId.get(id);
    if (!node) return;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = shortUrl(url, root);
    const key = `${functionName || "(anonymous)"} @ ${where}${url ? `:${lineNumber + 1}` : ""}`;
    fn.set(key, (fn.get(key) ?? 0) + ms);
    const fileKey = url ? where : functionName;
    file.set(fileKey, (file.get(fileKey) ?? 0) + ms);
  });
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return { totalMs: total, functions: sorted(fn), files: sorted(file) };
}

async function main(): Promise<void> {
  const caseName = Deno.args.find((a) => !a.startsWith("--"));
  if (!caseName) throw new Error("usage: deno run -A bench/profile.ts <case file in bench/cases>");
  const flag = (name: string, fallback: string) =>
    Deno.args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback;
  const root = new URL("../", import.meta.url).pathname;
  const server = await startServerProcess({ kind: flag("server", "auto") });
  const dir = await Deno.makeTempDir({ prefix: "bench-prof-" });
  try {
    const ctx = { toolsDir: `${root}.tools` } as BenchContext;
    const input = {
      ...baseInput(ctx, server),
      n: Number(flag("n", "5000")),
      inflight: Number(flag("inflight", "1")),
      warmup: 500,
      calls: 1000,
      rounds: 2,
      lifetimeSeconds: 86400,
    };
    const runtime = flag("runtime", "deno");
    const profiling = ["--cpu-prof", `--cpu-prof-dir=${dir}`];
    if (runtime === "bun") profiling.push("--cpu-prof-interval=100");
    profiling.push(`bench/cases/${caseName}`);
    await runText(runtime, runtime === "bun" ? profiling : ["run", "-A", ...profiling], {
      cwd: root,
      env: { BENCH_CASE: JSON.stringify(input) },
    });
    const file = [...Deno.readDirSync(dir)].find((e) => e.name.endsWith(".cpuprofile"));
    if (!file) throw new Error("no .cpuprofile written");
    const profile = JSON.parse(await Deno.readTextFile(`${dir}/${file.name}`)) as CpuProfile;
    const summary = summarizeProfile(profile, root);
    const top = Number(flag("top", "30"));
    const pct = (ms: number) => `${(ms / summary.totalMs * 100).toFixed(1)}%`;
    console.log(`${caseName}: ${summary.totalMs.toFixed(0)} ms sampled (server: ${server.kind})`);
    console.log("\nself time by file:");
    for (const [f, ms] of summary.files.slice(0, top)) {
      console.log(`  ${ms.toFixed(1).padStart(8)} ms ${pct(ms).padStart(6)}  ${f}`);
    }
    console.log("\nself time by function:");
    for (const [f, ms] of summary.functions.slice(0, top)) {
      console.log(`  ${ms.toFixed(1).padStart(8)} ms ${pct(ms).padStart(6)}  ${f}`);
    }
  } finally {
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
}

if (import.meta.main) await main();
