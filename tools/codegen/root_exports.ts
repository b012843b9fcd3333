/**
 * The names the package root exports besides the generated code: what
 * `mod.ts` exports by name from outside `src/generated/`, on either side of
 * the root-only marker, plus every name of the modules it re-exports with
 * `export *` (followed through their own `export *`). A model that takes one
 * of these names is exported from the root under another name (see
 * `emit_models.ts`), since two `export *` giving one name is a type error.
 *
 * Read statically, like `surface.ts`: comments are dropped, then `export`
 * statements are matched. Destructuring exports (`export const { a } = ...`)
 * and `export *` from bare specifiers are not understood; the second is an
 * error.
 *
 * @module
 */

import { dirname, join, posix } from "node:path";

/** What one module's export statements give. */
export interface ModuleExports {
  /** Names declared or re-exported by name (`B` for `A as B`). */
  readonly names: readonly string[];
  /** Specifiers of `export * from "..."` statements (not `export * as ns`). */
  readonly stars: readonly string[];
}

const DECLARATION =
  /\bexport\s+(?:declare\s+)?(?:abstract\s+)?(?:async\s+)?(?:function\s*\*?|class|const|let|var|interface|type|enum|namespace)\s+([A-Za-z_$][\w$]*)/g;
const LIST = /\bexport\s+(?:type\s+)?\{([^}]*)\}/g;
const STAR = /\bexport\s+(?:type\s+)?\*\s+(?:as\s+([A-Za-z_$][\w$]*)\s+)?from\s+["']([^"']+)["']/g;

/** `text` without block comments and whole-line `//` comments. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
}

/**
 * The export statements of one module's source text.
 *
 * @example
 * ```ts
 * import { moduleExports } from "./root_exports.ts";
 * const found = moduleExports('export const a = 1;\nexport * from "./b.ts";\n');
 * console.log(found); // { names: ["a"], stars: ["./b.ts"] }
 * ```
 */
export function moduleExports(text: string): ModuleExports {
  const code = withoutComments(text);
  const names: string[] = [];
  const stars: string[] = [];
  for (const m of code.matchAll(DECLARATION)) names.push(m[1]);
  for (const m of code.matchAll(LIST)) {
    for (const raw of m[1].split(",")) {
      const spec = raw.trim().replace(/^type\s+/, "");
      if (spec === "") continue;
      const parts = spec.split(/\s+as\s+/);
      const name = parts[parts.length - 1].trim();
      if (name !== "default") names.push(name);
    }
  }
  for (const m of code.matchAll(STAR)) {
    if (m[1] !== undefined) names.push(m[1]);
    else stars.push(m[2]);
  }
  return { names, stars };
}

/** True when `specifier` (relative to the repository root) points into `src/generated/`. */
function isGenerated(specifier: string): boolean {
  return posix.normalize(specifier).startsWith("src/generated/");
}

/**
 * Every name the root module at `modPath` exports from outside
 * `src/generated/`, following `export *` into the modules it names.
 * `read` reads a file (injectable for tests).
 */
export async function rootExportNames(
  modPath: string,
  read: (path: string) => Promise<string> = Deno.readTextFile,
): Promise<Set<string>> {
  const names = new Set<string>();
  const visited = new Set<string>();
  const rootText = await read(modPath);
  const code = withoutComments(rootText);
  // By-name re-exports of generated modules are the generated code's, not the root's own.
  const generatedLists = /\bexport\s+(?:type\s+)?\{[^}]*\}\s*from\s+["']([^"']+)["']/g;
  const own = code.replace(generatedLists, (all, from) => (isGenerated(from) ? "" : all));
  const root = moduleExports(own);
  for (const name of root.names) names.add(name);
  const follow = async (file: string, specifier: string): Promise<void> => {
    if (!specifier.startsWith(".")) {
      throw new Error(
        `cannot list the names of "${specifier}" (export * in ${file}): re-export them by name`,
      );
    }
    const path = join(dirname(file), specifier);
    if (visited.has(path)) return;
    visited.add(path);
    const found = moduleExports(await read(path));
    for (const name of found.names) names.add(name);
    for (const star of found.stars) await follow(path, star);
  };
  for (const star of root.stars) {
    if (!isGenerated(star)) await follow(modPath, star);
  }
  return names;
}
