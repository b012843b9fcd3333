/**
 * tools/diff/README.md shows the counts of the 2018-03 -> 2025-07 diff: they
 * are what the tool reports on the two shared definitions now.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { DEFAULT_SOURCE, REPO_ROOT } from "../../tools/codegen/main.ts";
import { diffDefinitions } from "../../tools/diff/main.ts";

const OLD = DEFAULT_SOURCE.replace(/2025-07\.json$/, "2018-03.json");
const BEGIN = "<!-- diff 2018-03 -> 2025-07: begin -->";
const END = "<!-- diff 2018-03 -> 2025-07: end -->";

/** The cells of every table row of `text`, without the header and separator rows. */
function rows(text: string): string[][] {
  return text.split("\n")
    .filter((l) => l.startsWith("|") && !/^\|\s*-/.test(l))
    .map((l) => l.slice(1, -1).split("|").map((c) => c.trim()))
    .filter((cells) => cells[0] !== "change" && cells[0] !== "class");
}

Deno.test("tools/diff/README.md: the 2018-03 -> 2025-07 counts are the tool's", async () => {
  const readme = await Deno.readTextFile(join(REPO_ROOT, "tools/diff/README.md"));
  const block = readme.slice(readme.indexOf(BEGIN), readme.indexOf(END));
  assert.ok(block.length > BEGIN.length, "the README has the marked block");

  const report = await diffDefinitions(OLD, DEFAULT_SOURCE);
  assert.deepEqual(
    [report.old.operations, report.new.operations, report.old.methods, report.new.methods],
    [932, 2657, 966, 2775],
  );
  assert.ok(
    block.includes(
      `**${report.totals.breaking} breaking, ${report.totals.additive} additive** changes.`,
    ),
    block,
  );
  const kinds = report.byKind.map((k) => [k.title, k.breaking ? "yes" : "no", String(k.count)]);
  const classes = report.byClass
    .filter((c) => c.breaking + c.modelsBreaking > 0)
    .map((c) => [c.class, c.breaking, c.additive, c.modelsBreaking, c.modelsAdditive].map(String));
  assert.deepEqual(rows(block), [...kinds, ...classes]);
  assert.match(block, new RegExp(`\\(${classes.length} of ${report.new.classes};`));
});
