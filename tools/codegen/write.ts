/**
 * Writing: generated files are written to a staging directory, formatted
 * there with `deno fmt`, then synchronised into the output directory (changed
 * files rewritten, stale files removed, unchanged files left alone). Also
 * updates the per-API entries of the `deno.json` exports map.
 *
 * @module
 */

import { dirname, join, relative } from "node:path";

/** What synchronising changed. */
export interface SyncReport {
  /** Files created or rewritten. */
  readonly written: number;
  /** Stale files removed. */
  readonly removed: number;
  /** Files left as they were. */
  readonly unchanged: number;
  /** Total bytes of the output. */
  readonly bytes: number;
}

/** `deno fmt` could not format the generated code. */
export class FormatError extends Error {
  /** Creates the error with `deno fmt`'s diagnostics. */
  constructor(message: string) {
    super(message);
    this.name = "FormatError";
  }
}

/** Writes `files` (relative path -> content) under `dir`, creating directories. */
export async function writeFiles(dir: string, files: ReadonlyMap<string, string>): Promise<void> {
  const dirs = new Set([...files.keys()].map((f) => dirname(join(dir, f))));
  for (const d of [...dirs].sort()) await Deno.mkdir(d, { recursive: true });
  for (const [path, content] of files) await Deno.writeTextFile(join(dir, path), content);
}

/** Formats every file under `dir` with `deno fmt`, using the formatter options of `configPath`. */
export async function formatTree(dir: string, configPath: string): Promise<void> {
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--quiet", "--config", configPath, dir],
    stdout: "null",
    stderr: "piped",
  }).output();
  if (code !== 0) {
    throw new FormatError(`deno fmt failed on ${dir}:\n${new TextDecoder().decode(stderr)}`);
  }
}

/** Every file under `dir`, as paths relative to it (`/`-separated), sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(current: string): Promise<void> {
    let entries: Deno.DirEntry[];
    try {
      entries = await Array.fromAsync(Deno.readDir(current));
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return;
      throw error;
    }
    for (const entry of entries) {
      const path = join(current, entry.name);
      if (entry.isDirectory) await walk(path);
      else out.push(relative(dir, path).replaceAll("\\", "/"));
    }
  }
  await walk(dir);
  return out.sort();
}

/**
 * Makes `outDir` hold exactly the files of `stagingDir`: rewrites files whose
 * bytes differ, removes files the staging directory does not have (and
 * directories left empty), leaves the rest untouched.
 */
export async function syncTree(stagingDir: string, outDir: string): Promise<SyncReport> {
  const wanted = await listFiles(stagingDir);
  const wantedSet = new Set(wanted);
  let written = 0, removed = 0, unchanged = 0, bytes = 0;
  for (const path of wanted) {
    const content = await Deno.readFile(join(stagingDir, path));
    bytes += content.byteLength;
    const target = join(outDir, path);
    const current = await Deno.readFile(target).catch(() => undefined);
    if (current !== undefined && sameBytes(current, content)) {
      unchanged++;
      continue;
    }
    await Deno.mkdir(dirname(target), { recursive: true });
    await Deno.writeFile(target, content);
    written++;
  }
  for (const path of await listFiles(outDir)) {
    if (wantedSet.has(path)) continue;
    await Deno.remove(join(outDir, path));
    removed++;
  }
  await removeEmptyDirs(outDir);
  return { written, removed, unchanged, bytes };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

async function removeEmptyDirs(dir: string): Promise<boolean> {
  let empty = true;
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isDirectory && await removeEmptyDirs(join(dir, entry.name))) {
      await Deno.remove(join(dir, entry.name));
    } else {
      empty = false;
    }
  }
  return empty;
}

/**
 * The `deno.json` text with its `"exports"` map's per-API entries replaced by
 * `apiEntries` (key -> module path), sorted by key. Entries whose module is not
 * under `apiDir` (such as `"."` and `"./testing"`) are kept, first, in their
 * order; such an entry keeps its key (`"./notifications"`, a hand-written module
 * that re-exports the generated one). Only the exports object is rewritten; the
 * rest of the text is untouched.
 */
export function replaceExports(
  denoJson: string,
  apiEntries: ReadonlyMap<string, string>,
  apiDir: string,
): string {
  const config = JSON.parse(denoJson) as { exports?: string | Record<string, string> };
  const current = typeof config.exports === "string"
    ? { ".": config.exports }
    : config.exports ?? {};
  const prefix = apiDir.endsWith("/") ? apiDir : `${apiDir}/`;
  const kept = Object.entries(current).filter(([, file]) => !file.startsWith(prefix));
  const handWritten = new Set(kept.map(([key]) => key));
  const keys = [...apiEntries.keys()].filter((k) => !handWritten.has(k)).sort();
  const all: [string, string][] = [
    ...kept,
    ...keys.map((k) => [k, apiEntries.get(k)!] as [string, string]),
  ];
  const block = `{\n${
    all.map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(",\n")
  }\n  }`;
  const span = findExportsValue(denoJson);
  if (span === undefined) {
    // No exports map yet: add one after the opening brace.
    const open = denoJson.indexOf("{");
    return `${denoJson.slice(0, open + 1)}\n  "exports": ${block},${denoJson.slice(open + 1)}`;
  }
  return denoJson.slice(0, span.start) + block + denoJson.slice(span.end);
}

/** Start and end offsets of the top-level `"exports"` value in JSON text. */
function findExportsValue(text: string): { start: number; end: number } | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const close = stringEnd(text, i);
      let j = close + 1;
      while (/\s/.test(text[j] ?? "")) j++;
      if (depth === 1 && text[j] === ":" && text.slice(i, close + 1) === '"exports"') {
        for (j++; /\s/.test(text[j] ?? ""); j++);
        return { start: j, end: valueEnd(text, j) };
      }
      i = close;
    } else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") depth--;
  }
  return undefined;
}

function stringEnd(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === '"') return i;
  }
  throw new Error("unterminated string in deno.json");
}

function valueEnd(text: string, start: number): number {
  if (text[start] === '"') return stringEnd(text, start) + 1;
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') i = stringEnd(text, i);
    else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  throw new Error("unterminated exports value in deno.json");
}
