/**
 * Type-check section: `deno check` of a script using one API from its own entry point, and of
 * the same script importing the whole package. Each run checks a fresh copy of the fixture (a
 * unique comment changes its hash), so Deno's check cache never answers; one discarded warm-up
 * check fills the compiler's code cache first, as on any machine that has run `deno check`.
 *
 * @module
 */

import type { BenchContext } from "../lib/context.ts";
import { runText } from "../lib/proc.ts";
import { noise, type Row, type SectionResult, times } from "../lib/report.ts";
import { median, spread } from "../lib/stats.ts";

/** Checking the one-API script must take less than this many milliseconds. */
export const CHECK_TARGET_MS = 3_000;

/** The foundation budget for the same script. */
export const CHECK_BUDGET_MS = 5_000;

const FIXTURES = {
  oneApi: "bench/fixtures/users_call.ts",
  wholePackage: "bench/fixtures/check_mod.ts",
};

async function timedCheck(ctx: BenchContext, fixture: string): Promise<number> {
  const source = await Deno.readTextFile(`${ctx.root}${fixture}`);
  const dir = fixture.slice(0, fixture.lastIndexOf("/"));
  const copy = `${dir}/.check-${crypto.randomUUID()}.ts`;
  await Deno.writeTextFile(`${ctx.root}${copy}`, `${source}// ${crypto.randomUUID()}\n`);
  try {
    const start = performance.now();
    await runText("deno", ["check", "--quiet", copy], { cwd: ctx.root });
    return performance.now() - start;
  } finally {
    await Deno.remove(`${ctx.root}${copy}`);
  }
}

/** Runs the section. */
export async function runCheck(ctx: BenchContext): Promise<SectionResult> {
  const samples: Record<string, number[]> = { oneApi: [], wholePackage: [] };
  const errors: Record<string, string> = {};
  ctx.log("type-check: warm-up");
  try {
    await timedCheck(ctx, FIXTURES.oneApi);
  } catch (error) {
    errors.oneApi = String(error);
  }
  for (let round = 1; round <= ctx.settings.runsCheck; round++) {
    ctx.log(`type-check: round ${round}/${ctx.settings.runsCheck}`);
    for (const key of ["oneApi", "wholePackage"] as const) {
      if (errors[key]) continue;
      try {
        samples[key].push(await timedCheck(ctx, FIXTURES[key]));
      } catch (error) {
        errors[key] = String(error);
      }
    }
  }
  const rows: Row[] = [];
  const data: Record<string, unknown> = { milliseconds: samples, errors };
  const one = samples.oneApi.length ? median(samples.oneApi) : NaN;
  const whole = samples.wholePackage.length ? median(samples.wholePackage) : NaN;
  rows.push({
    figure: "type-check: `deno check` of a script using the Users API entry point",
    ours: errors.oneApi ? "failed" : `${(one / 1000).toFixed(2)} s`,
    comparedWith: errors.wholePackage
      ? `whole package failed: ${errors.wholePackage.split("\n").slice(1, 2).join("")}`
      : `whole package (mod.ts + every API) ${(whole / 1000).toFixed(2)} s`,
    ratio: Number.isFinite(one) && Number.isFinite(whole)
      ? `whole package ${times(whole / one)}`
      : "",
    target: `< ${CHECK_TARGET_MS / 1000} s (foundation < ${CHECK_BUDGET_MS / 1000} s)`,
    verdict: errors.oneApi ? "error" : one < CHECK_TARGET_MS ? "met" : "missed",
    noise: samples.oneApi.length ? noise(spread(samples.oneApi)) : "",
  });
  return { rows, data };
}
