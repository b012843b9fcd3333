/**
 * Generator section: a full regeneration from the definition (`tools/codegen/main.ts --out` a
 * temporary folder, so the working tree is not touched). Reported, no target.
 *
 * @module
 */

import type { BenchContext } from "../lib/context.ts";
import { runText } from "../lib/proc.ts";
import type { Row, SectionResult } from "../lib/report.ts";
import { median } from "../lib/stats.ts";

/** Runs the section. */
export async function runGenerator(ctx: BenchContext): Promise<SectionResult> {
  const seconds: number[] = [];
  let summary = "";
  let error: string | undefined;
  for (let round = 1; round <= ctx.settings.runsGenerator && !error; round++) {
    ctx.log(`generator: round ${round}/${ctx.settings.runsGenerator}`);
    const out = await Deno.makeTempDir({ prefix: "bench-codegen-" });
    try {
      const start = performance.now();
      summary = (await runText("deno", ["run", "-A", "tools/codegen/main.ts", "--out", out], {
        cwd: ctx.root,
      })).trim().split("\n").at(-1) ?? "";
      seconds.push((performance.now() - start) / 1000);
    } catch (e) {
      error = String(e);
    } finally {
      await Deno.remove(out, { recursive: true });
    }
  }
  const rows: Row[] = [{
    figure: "generator: full regeneration from the definition (18.8 MB Swagger)",
    ours: error ? "failed" : `${median(seconds).toFixed(1)} s`,
    comparedWith: error ? error.split("\n")[0].slice(0, 200) : summary.replace(/ in \/\S+/, ""),
    ratio: "",
    target: "report",
    verdict: error ? "error" : "report",
  }];
  return { rows, data: { seconds, summary, error } };
}
