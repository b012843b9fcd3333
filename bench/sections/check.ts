/**
 * Type-check section: `deno check` of a script using one API from its own entry point, and of
 * the same script importing the whole package, seen two ways:
 *
 * - as a JSR user: the scripts import `jsr:@cxkit/genesys-cloud/users` (or the package root)
 *   from a loopback registry holding exactly what `deno publish` would upload
 *   (`../lib/local_registry.ts`), in a project of their own with a fresh `DENO_DIR`. Deno checks
 *   a JSR package through its fast-check declarations, so this is what users pay. A script
 *   doing the same with raw `fetch` and no package gives the floor of `deno check` here.
 * - from source: the scripts import the package's files as local modules, so every function
 *   body of the package is checked too; this is what the package's own CI pays.
 *
 * Each run checks a fresh copy of the script (a unique comment changes its hash), so Deno's
 * check cache never answers; one discarded warm-up check of each script downloads the package
 * and fills the compiler's code cache first. The scripts of a round run back to back.
 *
 * @module
 */

import type { BenchContext } from "../lib/context.ts";
import { type LocalRegistry, startLocalRegistry } from "../lib/local_registry.ts";
import { runText } from "../lib/proc.ts";
import { noise, type Row, type SectionResult, times } from "../lib/report.ts";
import { median, spread } from "../lib/stats.ts";

/** Checking the one-API script as a user must take less than this many milliseconds. */
export const CHECK_TARGET_MS = 3_000;

/** The foundation budget for the same script checked from source. */
export const CHECK_BUDGET_MS = 5_000;

const FIXTURES = {
  oneApi: "bench/fixtures/users_call.ts",
  wholePackage: "bench/fixtures/check_mod.ts",
  noPackage: "bench/fixtures/check_trivial.ts",
};

/** What is timed: the script, and where it runs. */
interface CheckCase {
  /** The script's source. */
  source: string;
  /** Directory the copy is written to and checked from. */
  dir: string;
  /** Extra environment (`JSR_URL`, `DENO_DIR`). */
  env?: Record<string, string>;
}

type Key = "jsrOneApi" | "jsrWholePackage" | "noPackage" | "sourceOneApi" | "sourceWholePackage";

/**
 * The fixture with its package imports turned into `jsr:` imports of `specifier`. Throws when a
 * relative import is left, so the user's view never reads the repository's files.
 */
export function asJsrUser(source: string, specifier: string): string {
  const out = source
    .replaceAll('"../../src/generated/apis/users.js"', `"${specifier}/users"`)
    .replaceAll('"../../src/generated/apis/mod.ts"', `"${specifier}"`)
    .replaceAll('"../../mod.ts"', `"${specifier}"`);
  if (/from\s+["']\./.test(out)) throw new Error(`a relative import is left:\n${out}`);
  return out;
}

async function timedCheck(c: CheckCase): Promise<number> {
  const copy = `${c.dir}/.check-${crypto.randomUUID()}.ts`;
  await Deno.writeTextFile(copy, `${c.source}// ${crypto.randomUUID()}\n`);
  try {
    const start = performance.now();
    await runText("deno", ["check", "--quiet", copy], { cwd: c.dir, env: c.env });
    return performance.now() - start;
  } finally {
    await Deno.remove(copy);
  }
}

/**
 * Proves the user's check reads the package's types: the one-API script with a wrong argument
 * (`expand: 5`) must fail with TS2322. Without this, a registry serving `any` would look fast.
 */
async function proveTypesReachUser(c: CheckCase): Promise<void> {
  const broken = c.source.replace('expand: ["presence"]', "expand: 5");
  if (broken === c.source) throw new Error("the one-API fixture no longer passes expand");
  try {
    await timedCheck({ ...c, source: broken });
  } catch (error) {
    if (String(error).includes("TS2322")) return;
    throw error;
  }
  throw new Error("deno check accepted `expand: 5`: the package's types did not reach the user");
}

async function userCases(
  ctx: BenchContext,
  registry: LocalRegistry,
  dir: string,
): Promise<Record<"jsrOneApi" | "jsrWholePackage" | "noPackage", CheckCase>> {
  await Deno.writeTextFile(`${dir}/deno.json`, "{}\n");
  const env = { JSR_URL: registry.url, DENO_DIR: `${dir}/deno_dir` };
  const read = (path: string) => Deno.readTextFile(`${ctx.root}${path}`);
  return {
    jsrOneApi: { source: asJsrUser(await read(FIXTURES.oneApi), registry.specifier), dir, env },
    jsrWholePackage: {
      source: asJsrUser(await read(FIXTURES.wholePackage), registry.specifier),
      dir,
      env,
    },
    noPackage: { source: await read(FIXTURES.noPackage), dir, env },
  };
}

async function sourceCase(ctx: BenchContext, fixture: string): Promise<CheckCase> {
  const source = await Deno.readTextFile(`${ctx.root}${fixture}`);
  return { source, dir: `${ctx.root}${fixture.slice(0, fixture.lastIndexOf("/"))}` };
}

function seconds(ms: number): string {
  return Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : "n/a";
}

/** Runs the section. */
export async function runCheck(ctx: BenchContext): Promise<SectionResult> {
  const keys: Key[] = [
    "noPackage",
    "jsrOneApi",
    "jsrWholePackage",
    "sourceOneApi",
    "sourceWholePackage",
  ];
  const samples = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<
    Key,
    number[]
  >;
  const errors: Partial<Record<Key, string>> = {};
  const dir = await Deno.makeTempDir({ prefix: "bench-check-" });
  const registry = await startLocalRegistry(ctx.root);
  try {
    const cases: Record<Key, CheckCase> = {
      ...await userCases(ctx, registry, dir),
      sourceOneApi: await sourceCase(ctx, FIXTURES.oneApi),
      sourceWholePackage: await sourceCase(ctx, FIXTURES.wholePackage),
    };
    ctx.log(`type-check: warm-up (a loopback registry serves ${registry.files} files)`);
    for (const key of keys) {
      try {
        await timedCheck(cases[key]);
        if (key === "jsrOneApi") await proveTypesReachUser(cases[key]);
      } catch (error) {
        errors[key] = String(error);
      }
    }
    for (let round = 1; round <= ctx.settings.runsCheck; round++) {
      ctx.log(`type-check: round ${round}/${ctx.settings.runsCheck}`);
      for (const key of keys) {
        if (errors[key]) continue;
        try {
          samples[key].push(await timedCheck(cases[key]));
        } catch (error) {
          errors[key] = String(error);
        }
      }
    }
  } finally {
    await registry.close();
    await Deno.remove(dir, { recursive: true });
  }
  const at = (key: Key) => samples[key].length ? median(samples[key]) : NaN;
  const failed = (key: Key) => errors[key] ? `failed: ${errors[key]!.split("\n")[0]}` : "";
  const oneApi = at("jsrOneApi");
  const floor = at("noPackage");
  const whole = at("jsrWholePackage");
  const rows: Row[] = [{
    figure:
      "type-check as a JSR user: `deno check` of a script using the Users API entry point (`jsr:@cxkit/genesys-cloud/users`, loopback registry)",
    ours: failed("jsrOneApi") || seconds(oneApi),
    comparedWith: `same script with raw fetch, no package ${
      failed("noPackage") || seconds(floor)
    }; whole package (\`jsr:@cxkit/genesys-cloud\`) ${failed("jsrWholePackage") || seconds(whole)}`,
    ratio: `package adds ${seconds(oneApi - floor)}; whole package ${times(whole / oneApi)}`,
    target: `< ${CHECK_TARGET_MS / 1000} s`,
    verdict: errors.jsrOneApi ? "error" : oneApi < CHECK_TARGET_MS ? "met" : "missed",
    noise: samples.jsrOneApi.length ? noise(spread(samples.jsrOneApi)) : "",
  }];
  const sourceOne = at("sourceOneApi");
  const sourceWhole = at("sourceWholePackage");
  rows.push({
    figure:
      "type-check from source: the same script on the package's files as local modules (every function body checked, as in the package's own CI)",
    ours: failed("sourceOneApi") || seconds(sourceOne),
    comparedWith: `whole package (mod.ts + every API) ${
      failed("sourceWholePackage") || seconds(sourceWhole)
    }`,
    ratio: `whole package ${times(sourceWhole / sourceOne)}`,
    target: `< ${CHECK_BUDGET_MS / 1000} s (foundation budget)`,
    verdict: errors.sourceOneApi ? "error" : sourceOne < CHECK_BUDGET_MS ? "met" : "missed",
    noise: samples.sourceOneApi.length ? noise(spread(samples.sourceOneApi)) : "",
  });
  return { rows, data: { milliseconds: samples, errors, registryFiles: registry.files } };
}
