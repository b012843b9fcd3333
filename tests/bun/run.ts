/**
 * The Bun suite: runs the demo and the examples under `bun`, then integration
 * checks against the sandbox, then the cases of `cases_b.ts` when present.
 * Ends with the line `bun: N passed, N failed` and exits 1 on any failure.
 *
 * Run from the repository root: `bun run tests/bun/run.ts` (optional filter:
 * `bun run tests/bun/run.ts <substring of case names>`).
 *
 * @module
 */

import { existsSync } from "node:fs";
import { join } from "node:path";
import type { BunCase } from "./case.ts";

const ROOT = join(import.meta.dir, "..", "..");

/** Bun resolves `jose` from node_modules: Deno lays it out on first run; else `bun install`. */
function ensureDependencies(): void {
  if (existsSync(join(ROOT, "node_modules", "jose", "package.json"))) return;
  console.log("node_modules/jose missing: running `bun install --no-save`");
  const result = Bun.spawnSync(["bun", "install", "--no-save"], {
    cwd: ROOT,
    stdout: "inherit",
    stderr: "inherit",
  });
  if (result.exitCode !== 0 || !existsSync(join(ROOT, "node_modules", "jose", "package.json"))) {
    console.log("bun: 0 passed, 1 failed");
    console.error("bun install failed: jose is not available");
    process.exit(1);
  }
}

function withTimeout(c: BunCase): Promise<void> {
  const ms = c.timeoutMs ?? 60_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([c.run(), limit]).finally(() => clearTimeout(timer));
}

async function main(): Promise<void> {
  ensureDependencies();
  // Imported after the check above: these modules import jose.
  const { exampleCases } = await import("./examples_cases.ts");
  const { integrationCases } = await import("./integration_cases.ts");
  const cases: BunCase[] = [...exampleCases(ROOT), ...integrationCases];
  const extra = join(import.meta.dir, "cases_b.ts");
  if (existsSync(extra)) {
    const mod = await import(extra) as { cases?: BunCase[] };
    if (!Array.isArray(mod.cases)) throw new Error("tests/bun/cases_b.ts must export `cases`");
    cases.push(...mod.cases);
  }
  const filter = process.argv[2];
  let passed = 0;
  let failed = 0;
  const started = performance.now();
  for (const c of cases) {
    if (filter && !c.name.includes(filter)) continue;
    const t0 = performance.now();
    try {
      await withTimeout(c);
      passed++;
      console.log(`ok   ${c.name} (${Math.round(performance.now() - t0)} ms)`);
    } catch (error) {
      failed++;
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
      console.log(
        `FAIL ${c.name} (${Math.round(performance.now() - t0)} ms)\n  ${
          text.replaceAll("\n", "\n  ")
        }`,
      );
    }
  }
  console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s, Bun ${Bun.version})`);
  console.log(`bun: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

await main().catch((error) => {
  console.error(error);
  console.log("bun: 0 passed, 1 failed");
  process.exit(1);
});
