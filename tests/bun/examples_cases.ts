/**
 * Bun cases that run each example applying to Bun as a subprocess and check
 * its output with the expectations shared with the Deno test.
 *
 * @module
 */

import assert from "node:assert/strict";
import { EXAMPLES } from "../examples/_expectations.ts";
import type { BunCase } from "./case.ts";

/** One case per example with `bun` among its runtimes. */
export function exampleCases(root: string): BunCase[] {
  return EXAMPLES.filter((e) => e.runtimes.includes("bun")).map((example) => ({
    name: `example: bun ${[example.file, ...(example.args ?? [])].join(" ")}`,
    timeoutMs: 60_000,
    run: async () => {
      const proc = Bun.spawn(["bun", example.file, ...(example.args ?? [])], {
        cwd: root,
        stdout: "pipe",
        stderr: "pipe",
        timeout: 55_000,
      });
      const [stdout, stderr, code] = await Promise.all([
        new Response(proc.stdout).text(),
        new Response(proc.stderr).text(),
        proc.exited,
      ]);
      assert.equal(code, 0, `${example.file} exited ${code}\n${stdout}\n${stderr}`);
      example.check(stdout, stderr);
    },
  }));
}
