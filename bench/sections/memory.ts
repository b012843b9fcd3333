/**
 * Memory section: RSS growth over the bare runtime after importing the whole package and after
 * importing one API (`users`), on Deno; the official SDK's growth over bare Node after
 * `require`-ing its package root.
 *
 * "The whole package" is one import of the package root, `mod.ts`, as for the official SDK: the
 * root statically loads every module of every SDK export (each API entry point and each optional
 * feature; `tests/size/package_graph_test.ts` checks this). Importing each of the 85 exports with
 * its own `import()` loads the same modules but adds about 2 MiB, because Deno prepares a module
 * graph per dynamic import: a cost of that harness, not of the package.
 *
 * @module
 */

import type { BenchContext } from "../lib/context.ts";
import { runCase } from "../lib/proc.ts";
import { type Row, type SectionResult, times } from "../lib/report.ts";
import { median } from "../lib/stats.ts";

/** Our growth / the official SDK's growth must be at most this. */
export const MEMORY_TARGET = 0.25;

/** Exports that are test tooling, not the SDK (the sandbox): left out of "the whole package". */
const NOT_SDK = new Set(["./testing"]);

/**
 * The module URLs of every SDK export in `deno.json` (`.`, every API entry point and every
 * feature), without the `./testing` sandbox.
 *
 * @example
 * ```ts
 * import { packageExports } from "./memory.ts";
 * console.log(packageExports(new URL("../../", import.meta.url).pathname).length);
 * ```
 */
export function packageExports(root: string): string[] {
  const config = JSON.parse(Deno.readTextFileSync(`${root}deno.json`)) as {
    exports: string | Record<string, string>;
  };
  const paths = typeof config.exports === "string"
    ? [config.exports]
    : Object.entries(config.exports).filter(([key]) => !NOT_SDK.has(key)).map(([, p]) => p);
  return [...new Set(paths.map((p) => new URL(p, `file://${root}`).href))];
}

/** The package root's module URL: importing it loads the whole package. */
export function packageRoot(root: string): string {
  return new URL("mod.ts", `file://${root}`).href;
}

function mb(n: number): string {
  return `${(n / 2 ** 20).toFixed(1)} MiB`;
}

/** Runs the section. */
export async function runMemory(ctx: BenchContext): Promise<SectionResult> {
  const whole = [packageRoot(ctx.root)];
  const users = [new URL("src/generated/apis/users.js", `file://${ctx.root}`).href];
  const variants = [
    { key: "deno-bare", cmd: "deno", modules: [] as string[] },
    { key: "deno-users", cmd: "deno", modules: users },
    { key: "deno-whole", cmd: "deno", modules: whole },
    { key: "node-bare", cmd: "node", official: false },
    { key: "node-official", cmd: "node", official: true },
  ];
  const rss: Record<string, number[]> = {};
  const heap: Record<string, number[]> = {};
  const errors: Record<string, string> = {};
  for (let round = 0; round <= ctx.settings.runsCold; round++) {
    ctx.log(`memory: round ${round}/${ctx.settings.runsCold}`);
    for (const v of variants) {
      if (errors[v.key]) continue;
      try {
        const run = await runCase<{ rss: number; heapUsed: number }>(
          v.cmd === "deno"
            ? {
              cmd: "deno",
              args: ["run", "-A", "--v8-flags=--expose-gc", "bench/cases/mem_deno.ts"],
              cwd: ctx.root,
              input: { modules: v.modules },
            }
            : {
              cmd: "node",
              args: ["--expose-gc", "bench/cases/mem_node.mjs"],
              cwd: ctx.root,
              input: { official: v.official, toolsPackageJson: `${ctx.toolsDir}/package.json` },
            },
        );
        if (round === 0) continue;
        (rss[v.key] ??= []).push(run.result.rss);
        (heap[v.key] ??= []).push(run.result.heapUsed);
      } catch (error) {
        errors[v.key] = String(error);
      }
    }
  }
  const rows: Row[] = [];
  const data: Record<string, unknown> = { rss, heapUsed: heap, errors, wholePackage: whole };
  data.wholePackageMeans = "one import of mod.ts, which loads every module of every SDK export";
  if (!rss["node-official"] || !rss["node-bare"] || !rss["deno-bare"]) {
    rows.push({
      figure: "memory",
      ours: "failed",
      comparedWith: Object.values(errors).join(" / ").split("\n")[0].slice(0, 200),
      ratio: "",
      target: "",
      verdict: "error",
    });
    return { rows, data };
  }
  const officialGrowth = median(rss["node-official"]) - median(rss["node-bare"]);
  data.officialGrowth = officialGrowth;
  for (const [key, label] of [["deno-whole", "whole package"], ["deno-users", "one API"]]) {
    if (!rss[key]) {
      rows.push({
        figure: `memory: RSS growth after importing the ${label} (Deno)`,
        ours: "failed",
        comparedWith: (errors[key] ?? "").split("\n")[0].slice(0, 200),
        ratio: "",
        target: "",
        verdict: "error",
      });
      continue;
    }
    const growth = median(rss[key]) - median(rss["deno-bare"]);
    const ratio = growth / officialGrowth;
    data[`${key}Growth`] = growth;
    rows.push({
      figure: `memory: RSS growth after importing the ${label} (Deno)`,
      ours: `+${mb(growth)} (heap +${mb(median(heap[key]) - median(heap["deno-bare"]))})`,
      comparedWith: `official on Node +${mb(officialGrowth)} (heap +${
        mb(median(heap["node-official"]) - median(heap["node-bare"]))
      })`,
      ratio: times(ratio),
      target: `<= ${MEMORY_TARGET}x`,
      verdict: ratio <= MEMORY_TARGET ? "met" : "missed",
    });
  }
  return { rows, data };
}
