/**
 * `deno task generate [definition] [--out <dir>] [--mod <file>]`: generates the typed
 * Platform API under `src/generated/` from a Swagger 2.0 definition (a file
 * path or an http(s) URL; by default the committed 2025-07 definition).
 *
 * Each entry point also re-exports what the root `mod.ts` re-exports from
 * outside `src/generated/` (see `surface.ts`). With the default output
 * directory it also updates the per-API entries of the `deno.json` exports map. With `--out` it writes only the files (used by
 * the drift test).
 *
 * @module
 */

import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { generate } from "./generate.ts";
import { loadDefinition } from "./load.ts";
import { parseSurface } from "./surface.ts";
import { formatTree, replaceExports, syncTree, writeFiles } from "./write.ts";

/** The repository root (two levels above this file). */
export const REPO_ROOT: string = fileURLToPath(new URL("../../", import.meta.url));

/** The definition generated from when none is given. */
export const DEFAULT_SOURCE: string = resolve(
  REPO_ROOT,
  "../shared/genesys-api/platform-api-v2.2025-07.json",
);

/** Where the generated code lives. */
export const DEFAULT_OUT: string = join(REPO_ROOT, "src/generated");

/** The root module whose re-exports every entry point re-exports too. */
export const DEFAULT_MOD: string = join(REPO_ROOT, "mod.ts");

/** Parsed command line. */
export interface CliOptions {
  /** Definition path or URL. */
  readonly source: string;
  /** Output directory. */
  readonly out: string;
  /** Root module giving the client surface (see `surface.ts`). */
  readonly mod: string;
}

/** Wrong command-line usage. */
export class UsageError extends Error {
  /** Creates the error with a message naming the problem. */
  constructor(message: string) {
    super(
      `${message}\nusage: deno task generate [definition path or URL] [--out <dir>] [--mod <file>]`,
    );
    this.name = "UsageError";
  }
}

/** Parses `[source] [--out <dir>] [--mod <file>]`. */
export function parseArgs(args: readonly string[]): CliOptions {
  let source: string | undefined;
  const flags: { out?: string; mod?: string } = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const flag = /^--(out|mod)(?:=(.*))?$/.exec(arg);
    if (flag) {
      const name = flag[1] as "out" | "mod";
      const value = flag[2] ?? args[++i];
      if (!value) {
        throw new UsageError(`--${name} needs a ${name === "out" ? "directory" : "file"}`);
      }
      flags[name] = value;
    } else if (arg.startsWith("-")) {
      throw new UsageError(`unknown option ${arg}`);
    } else if (source === undefined) {
      source = arg;
    } else {
      throw new UsageError(`unexpected argument ${arg}`);
    }
  }
  return {
    source: source ?? DEFAULT_SOURCE,
    out: resolve(flags.out ?? DEFAULT_OUT),
    mod: resolve(flags.mod ?? DEFAULT_MOD),
  };
}

/** What a run did. */
export interface RunSummary {
  /** Classes generated. */
  readonly classes: number;
  /** Class methods generated. */
  readonly methods: number;
  /** Operations in the definition. */
  readonly operations: number;
  /** Files in the output. */
  readonly files: number;
  /** Bytes of the output. */
  readonly bytes: number;
  /** Files rewritten. */
  readonly written: number;
  /** Stale files removed. */
  readonly removed: number;
  /** Whether `deno.json` exports changed. */
  readonly exportsUpdated: boolean;
}

/** Loads, generates, formats and writes. */
export async function run(options: CliOptions): Promise<RunSummary> {
  const doc = await loadDefinition(options.source);
  const surface = parseSurface(await Deno.readTextFile(options.mod));
  const result = generate(doc, surface);
  const staging = await Deno.makeTempDir({ prefix: "codegen-" });
  try {
    await writeFiles(staging, result.files);
    await formatTree(staging, join(REPO_ROOT, "deno.json"));
    const report = await syncTree(staging, options.out);
    const exportsUpdated = resolve(options.out) === resolve(DEFAULT_OUT) &&
      await updateDenoJson(result.entries);
    return {
      classes: result.groups.length,
      methods: result.groups.reduce((n, g) => n + g.operations.length, 0),
      operations: result.operationCount,
      files: result.files.size,
      bytes: report.bytes,
      written: report.written,
      removed: report.removed,
      exportsUpdated,
    };
  } finally {
    await Deno.remove(staging, { recursive: true });
  }
}

/** Rewrites the per-API entries of `deno.json`; true when the file changed. */
async function updateDenoJson(entries: readonly { key: string; file: string }[]): Promise<boolean> {
  const path = join(REPO_ROOT, "deno.json");
  const text = await Deno.readTextFile(path);
  const map = new Map(entries.map((e) => [e.key, `./src/generated/${e.file}`]));
  const updated = replaceExports(text, map, "./src/generated/apis");
  if (updated === text) return false;
  await Deno.writeTextFile(path, updated);
  return true;
}

if (import.meta.main) {
  const started = performance.now();
  try {
    const options = parseArgs(Deno.args);
    const s = await run(options);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `${s.operations} operations -> ${s.classes} classes, ${s.methods} methods; ` +
        `${s.files} files, ${s.bytes} bytes in ${options.out} ` +
        `(${s.written} written, ${s.removed} removed${
          s.exportsUpdated ? ", deno.json exports updated" : ""
        }) in ${seconds} s`,
    );
  } catch (error) {
    console.error(`generate: ${error instanceof Error ? error.message : String(error)}`);
    Deno.exit(1);
  }
}
