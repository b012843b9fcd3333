/**
 * `deno doc --lint` on every generated entry point: every exported symbol
 * documented and every type its public signatures use exported. Problems
 * located outside `src/generated/` belong to the hand-written modules the
 * entry points re-export and are reported, not failed on, here.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { DEFAULT_OUT, REPO_ROOT } from "../../tools/codegen/main.ts";
import { generatedDocProblems } from "./_doc_lint.ts";

Deno.test("deno doc --lint finds nothing to fix in the generated entry points", async () => {
  // The entry points are the .js modules; `deno doc` reads the .d.ts each names with @ts-self-types.
  const apis = [...Deno.readDirSync(join(DEFAULT_OUT, "apis"))]
    .filter((e) => !e.name.endsWith(".d.ts"))
    .map((e) => join(DEFAULT_OUT, "apis", e.name));
  assert.equal(apis.length, 81);
  const entries = [
    ...apis.sort(),
    join(DEFAULT_OUT, "models/mod.ts"),
    join(DEFAULT_OUT, "client_surface.ts"),
    join(DEFAULT_OUT, "definition.ts"),
  ];
  const { stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["doc", "--lint", ...entries],
    cwd: REPO_ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const output = new TextDecoder().decode(stdout) + new TextDecoder().decode(stderr);
  const reported = output.split("\n").filter((l) => /^error\[/.test(l));
  if (reported.length > 0) console.warn(`deno doc --lint reported:\n${reported.join("\n")}`);
  assert.deepEqual(generatedDocProblems(output, DEFAULT_OUT), [], output);
});
