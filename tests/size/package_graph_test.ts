/**
 * The memory benchmark's "whole package" is one import of `mod.ts`: that stands for every
 * export only while the root's static module graph holds every module any SDK export loads.
 */

import assert from "node:assert/strict";
import { packageExports, packageRoot } from "../../bench/sections/memory.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

interface InfoModule {
  specifier: string;
  dependencies?: { code?: { specifier: string }; isDynamic?: boolean }[];
}

/** The modules `deno run` loads before running `entries`: static code imports, not types or `import()`. */
async function staticCodeGraph(entries: string[]): Promise<Set<string>> {
  const seen = new Set<string>();
  for (const entry of entries) {
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["info", "--json", entry],
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(code, 0, new TextDecoder().decode(stderr));
    const info = JSON.parse(new TextDecoder().decode(stdout)) as {
      roots: string[];
      modules: InfoModule[];
    };
    const modules = new Map(info.modules.map((m) => [m.specifier, m]));
    const stack = [...info.roots];
    while (stack.length > 0) {
      const specifier = stack.pop()!;
      const module = modules.get(specifier);
      if (seen.has(specifier) || module === undefined) continue;
      seen.add(specifier);
      for (const dep of module.dependencies ?? []) {
        if (dep.code && !dep.isDynamic) stack.push(dep.code.specifier);
      }
    }
  }
  return seen;
}

Deno.test("importing mod.ts loads every module that any SDK export loads", async () => {
  const exports = packageExports(ROOT);
  assert.ok(exports.length > 80, `only ${exports.length} exports found`);
  assert.ok(!exports.some((e) => e.includes("tools/sandbox")), "the sandbox is not the SDK");
  const root = await staticCodeGraph([packageRoot(ROOT)]);
  const union = await staticCodeGraph(exports);
  assert.deepEqual([...union].filter((m) => !root.has(m)), []);
  // And it is the package, not just the client: every API entry's class module is in it.
  assert.ok(root.has(new URL("src/generated/apis/users.js", `file://${ROOT}`).href));
  assert.ok(root.has(new URL("src/features/net.ts", `file://${ROOT}`).href));
});

Deno.test("importing the package loads no npm module (JWTs are read with our own decoder)", async () => {
  const root = await staticCodeGraph([packageRoot(ROOT)]);
  assert.deepEqual([...root].filter((m) => !m.startsWith("file:")), []);
  assert.ok(root.has(new URL("src/auth/jwt.ts", `file://${ROOT}`).href));
});
