/**
 * The source folders are floors: imports run one way, from a floor to the floors below it, and
 * never in a circle (as Deno std's `lint:circular`). This walks every import of `src/` (static,
 * `import type`, `export ... from` and `import()`), and fails on an import against the floor
 * order or on any circle of modules.
 */

import assert from "node:assert/strict";
import { dirname, join, normalize, relative } from "node:path";

const ROOT = normalize(join(dirname(new URL(import.meta.url).pathname), "..", ".."));
const SRC = join(ROOT, "src");

/** Floors from the ground up; a module may import its own floor and those below. */
export const FLOORS: readonly (readonly string[])[] = [
  ["base"],
  ["http"],
  ["operations", "logging", "net"],
  ["auth", "config"],
  ["client"],
  ["features", "generated", "stores", "compat", "jobs", "notifications"],
];

function floorOf(file: string): number {
  const folder = relative(SRC, file).split("/")[0];
  const floor = FLOORS.findIndex((names) => names.includes(folder));
  if (floor < 0) {
    throw new Error(`${relative(ROOT, file)} is in no floor (add its folder to FLOORS)`);
  }
  return floor;
}

const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^"'`;]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)|^import\s+["']([^"']+)["']/gm;

/** The relative imports of `file` (comments removed first, so JSDoc examples do not count). */
export function importsOf(file: string, text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const out: string[] = [];
  for (const m of code.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (spec?.startsWith(".")) out.push(normalize(join(dirname(file), spec)));
  }
  return out;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of Deno.readDirSync(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) {
      // Generated models import only each other; their API modules are read below.
      if (path !== join(SRC, "generated", "models")) walk(path, out);
    } else if (/\.(ts|js)$/.test(entry.name)) out.push(path);
  }
  return out;
}

/** Every module of `src/` with its imports of other modules of `src/`. */
function graph(): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const file of walk(SRC)) {
    const imports = importsOf(file, Deno.readTextFileSync(file))
      .filter((target) => target.startsWith(SRC + "/") && !target.includes("/generated/models/"));
    g.set(file, imports);
  }
  return g;
}

/** The circles of `g` (each as a path of modules), by depth-first search. */
export function circles(g: ReadonlyMap<string, readonly string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, "open");
    stack.push(node);
    for (const next of g.get(node) ?? []) {
      if (state.get(next) === "open") found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, "done");
  };
  for (const node of g.keys()) if (!state.has(node)) visit(node);
  return found;
}

Deno.test("src/ imports run down the floors only", () => {
  const wrong: string[] = [];
  for (const [file, imports] of graph()) {
    for (const target of imports) {
      if (floorOf(target) > floorOf(file)) {
        wrong.push(`${relative(ROOT, file)} imports ${relative(ROOT, target)}, a floor above`);
      }
    }
  }
  assert.deepEqual(wrong, []);
});

Deno.test("src/ has no import circle", () => {
  const found = circles(graph()).map((c) => c.map((f) => relative(ROOT, f)).join(" -> "));
  assert.deepEqual(found, []);
});

Deno.test("the floor checks find what they look for", () => {
  // A circle of three, and an import up the floors, in a made-up graph.
  const g = new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]], ["d", []]]);
  assert.deepEqual(circles(g), [["a", "b", "c", "a"]]);
  const text = 'import { x } from "../client/platform_client.ts";\n' +
    '/** import { y } from "../features/net.ts"; */\nexport type { Z } from "./z.ts";\n' +
    'const m = await import("../auth/session.ts");\n';
  const file = join(SRC, "http", "engine.ts");
  const imports = importsOf(file, text).map((p) => relative(SRC, p));
  assert.deepEqual(imports, ["client/platform_client.ts", "http/z.ts", "auth/session.ts"]);
  assert.ok(floorOf(join(SRC, "client", "platform_client.ts")) > floorOf(file));
});
