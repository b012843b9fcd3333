/**
 * `deno task generate [definition] [--out <dir>] [--mod <file>] [--auth <scheme>=<kind>]...`:
 * generates the typed Platform API under `src/generated/` from a Swagger 2.0
 * definition (a file path or an http(s) URL; by default the committed 2025-07
 * definition). `deno task generate --version` prints what the code under the
 * output directory was generated from.
 *
 * Each entry point also re-exports what the root `mod.ts` re-exports from
 * outside `src/generated/` (see `surface.ts`). With the default output
 * directory it also updates the per-API entries of the `deno.json` exports
 * map. With `--out` it writes only the files (used by the drift test).
 *
 * @module
 */

import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { AuthKind } from "../../src/base/endpoint.ts";
import { DEFINITION_FILE, type DefinitionRecord, describeDefinition } from "./emit_definition.ts";
import { generate } from "./generate.ts";
import { loadDefinitionFile } from "./load.ts";
import { addNotificationTopics, topicsSourceFor } from "./notification_topics.ts";
import { rootExportNames } from "./root_exports.ts";
import { AUTH_KINDS, type AuthOverrides } from "./security.ts";
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
  /** Credential kinds of security schemes, by name (`--auth "<scheme>=<kind>"`). */
  readonly auth: AuthOverrides;
  /** `--version`: print what the output was generated from instead of generating. */
  readonly version: boolean;
}

/** The command line's synopsis. */
export const USAGE = "usage: deno task generate [definition path or URL] [--out <dir>] " +
  "[--mod <file>] [--auth <scheme>=<oauth|guest|webmessaging|none>]... | --version";

/** Wrong command-line usage. */
export class UsageError extends Error {
  /** Creates the error with a message naming the problem. */
  constructor(message: string) {
    super(`${message}\n${USAGE}`);
    this.name = "UsageError";
  }
}

/** Parses `[source] [--out <dir>] [--mod <file>] [--auth <scheme>=<kind>]... [--version]`. */
export function parseArgs(args: readonly string[]): CliOptions {
  let source: string | undefined;
  let version = false;
  const flags: { out?: string; mod?: string } = {};
  const auth: Record<string, AuthKind> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const flag = /^--(out|mod|auth)(?:=(.*))?$/.exec(arg);
    if (arg === "--version") {
      version = true;
    } else if (flag) {
      const name = flag[1] as "out" | "mod" | "auth";
      const value = flag[2] ?? args[++i];
      if (!value) {
        const what = { out: "a directory", mod: "a file", auth: "<scheme>=<kind>" }[name];
        throw new UsageError(`--${name} needs ${what}`);
      }
      if (name === "auth") Object.assign(auth, parseAuth(value));
      else flags[name] = value;
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
    auth,
    version,
  };
}

/** `Scheme Name=kind` as a one-entry override. */
function parseAuth(value: string): AuthOverrides {
  const cut = value.lastIndexOf("=");
  const scheme = value.slice(0, cut).trim();
  const kind = value.slice(cut + 1).trim() as AuthKind;
  if (cut <= 0 || scheme === "" || !AUTH_KINDS.includes(kind)) {
    throw new UsageError(
      `--auth takes "<scheme>=<${AUTH_KINDS.join("|")}>", not ${JSON.stringify(value)}`,
    );
  }
  return { [scheme]: kind };
}

/**
 * What the code under `out` was generated from: its `definition.ts`, imported.
 * Throws when there is none (code generated before the record existed, or no code).
 */
export async function generatedDefinition(out: string = DEFAULT_OUT): Promise<DefinitionRecord> {
  const url = pathToFileURL(join(out, DEFINITION_FILE)).href;
  try {
    const module = await import(url) as { API_DEFINITION: DefinitionRecord };
    return module.API_DEFINITION;
  } catch (cause) {
    throw new Error(`no ${DEFINITION_FILE} under ${out}: ${(cause as Error).message}`);
  }
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
  /** What was generated from (`API_DEFINITION`). */
  readonly record: DefinitionRecord;
  /** Models the package root exports under a second name. */
  readonly renamedModels: ReadonlyMap<string, string>;
}

/** Loads, generates, formats and writes. */
export async function run(
  options: Pick<CliOptions, "source" | "out" | "mod"> & Partial<CliOptions>,
): Promise<RunSummary> {
  const { doc, sha256 } = await loadDefinitionFile(options.source);
  const surface = parseSurface(await Deno.readTextFile(options.mod));
  const rootNames = await rootExportNames(options.mod);
  const result = generate(doc, surface, { sha256, rootNames, auth: options.auth });
  await addNotificationTopics(result.files, topicsSourceFor(options.source));
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
      record: result.record,
      renamedModels: result.renamedModels,
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

/** The lines a run prints; the counts line last (bench/sections/generator.ts reads it). */
export function summaryLines(s: RunSummary, out: string, seconds: number): string[] {
  const renamed = [...s.renamedModels].map(([name, as]) => `${name} as ${as}`);
  return [
    `from ${describeDefinition(s.record)}`,
    ...(renamed.length > 0 ? [`models exported from the root as: ${renamed.join(", ")}`] : []),
    `${s.operations} operations -> ${s.classes} classes, ${s.methods} methods; ` +
    `${s.files} files, ${s.bytes} bytes in ${out} ` +
    `(${s.written} written, ${s.removed} removed${
      s.exportsUpdated ? ", deno.json exports updated" : ""
    }) in ${seconds.toFixed(1)} s`,
  ];
}

if (import.meta.main) {
  const started = performance.now();
  try {
    const options = parseArgs(Deno.args);
    if (options.version) {
      console.log(`${options.out}: ${describeDefinition(await generatedDefinition(options.out))}`);
    } else {
      const s = await run(options);
      const seconds = (performance.now() - started) / 1000;
      for (const line of summaryLines(s, options.out, seconds)) console.log(line);
    }
  } catch (error) {
    console.error(`generate: ${error instanceof Error ? error.message : String(error)}`);
    Deno.exit(1);
  }
}
