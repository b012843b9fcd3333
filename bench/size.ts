/**
 * Bundle size: `deno run -A bench/size.ts [--analyze] [entry.ts ...]` bundles each entry for the
 * browser (`deno bundle --minify --platform browser`), prints its size and gzip size, and checks
 * that the bundle holds no API class other than the ones the entry imports (no other `...Api`
 * class, no operation name or path that only another API has). `--analyze` adds a per-module
 * breakdown (esbuild `--analyze` on the same entry; `deno bundle` uses esbuild inside).
 *
 * The same checks back `tests/size/bundle_test.ts`.
 *
 * @module
 */

import { gzipSync } from "node:zlib";
import { operationEntries } from "../src/operations/operations.ts";
import { runText } from "./lib/proc.ts";

/** The repository root. */
export const ROOT: string = new URL("../", import.meta.url).pathname;

/** The foundation budget: the Users bundle must be at most this many bytes (60 KB). */
export const BUNDLE_BUDGET_BYTES = 60_000;

/** The bundle fixtures, relative to the repository root. */
export const FIXTURES = {
  /** `PlatformClient` + `UsersApi` + one call (the foundation's size budget). */
  usersCall: "bench/fixtures/users_call.ts",
  /** `PlatformClient` + `UsersApi` + client credentials login + one call (the bench figure). */
  usersLoginCall: "bench/fixtures/users_login_call.ts",
  /** The same program on `LiteClient`, the small client. */
  usersLoginCallLite: "bench/fixtures/users_login_call_lite.ts",
} as const;

/**
 * The small client's budget, the figure issue 21 keeps: its login-and-call bundle must be at
 * most this many bytes (24.5 KB; 24.4 KB before the shared engine, 30.9 KB with it, 24.4 KB again
 * once the operation tables reuse path prefixes and the retry rules became a feature:
 * bench/README.md).
 */
export const LITE_BUNDLE_BUDGET_BYTES = 24_500;

/**
 * The figure issue 21 keeps: `PlatformClient` + `UsersApi` + a client credentials login + one
 * call (`FIXTURES.usersLoginCall`) in at most this many bytes (49.3 KB).
 */
export const LOGIN_CALL_BUNDLE_BYTES = 49_300;

/** What one generated API file declares. */
export interface ApiFacts {
  /** File name, e.g. `users.js`. */
  file: string;
  /** Classes ending in `Api`, e.g. `UsersApi`. */
  classes: string[];
  /** Operation names of its endpoint table. */
  operations: string[];
  /** Endpoint path templates. */
  paths: string[];
}

/**
 * Reads the API classes, operation names and paths of every generated API file.
 *
 * @example
 * ```ts
 * import { readApiFacts } from "./size.ts";
 * console.log(readApiFacts().length);
 * ```
 */
export function readApiFacts(root: string = ROOT): ApiFacts[] {
  const dir = `${root}src/generated/apis`;
  const facts: ApiFacts[] = [];
  for (const entry of Deno.readDirSync(dir)) {
    if (!entry.isFile || !entry.name.endsWith(".js")) continue;
    const text = Deno.readTextFileSync(`${dir}/${entry.name}`);
    // The operation table: one `[name] METHOD path TOKEN*` line each, read as the runtime reads it.
    const open = "\nconst OPERATIONS = `";
    const start = text.indexOf(open);
    const table = start < 0 ? "" : text.slice(start + open.length, text.indexOf("`;\n", start));
    const entries = operationEntries(table);
    facts.push({
      file: entry.name,
      classes: [...text.matchAll(/^export class (\w+Api)\b/gm)].map((m) => m[1]),
      operations: entries.map(([name]) => name),
      paths: entries.map(([, spec]) => spec.split(" ")[1]),
    });
  }
  return facts.sort((a, b) => a.file.localeCompare(b.file));
}

/** The result of {@linkcode measureBundle}. */
export interface BundleMeasure {
  /** The entry, relative to the repository root. */
  entry: string;
  /** Bytes of the single-file bundle (`deno bundle --minify --platform browser`, no splitting). */
  bytes: number;
  /** Its gzip size (level 9) in bytes. */
  gzipBytes: number;
  /**
   * With `--code-splitting`: minified bytes a browser loads at start (the entry chunk and the
   * chunks it imports statically); code loaded with `import()` when first used is not counted.
   */
  splitInitialBytes: number;
  /** API files whose class the bundle contains (by class name in the unminified bundle). */
  apiClasses: string[];
  /** Operation names and paths of API files not imported by the entry that the bundle holds. */
  foreign: string[];
  /**
   * Operation names and paths of other APIs that the bundle holds because hand-written code
   * (outside `src/generated/`) defines an endpoint of its own with them, e.g. the auth code's
   * token check; listed, not counted as foreign.
   */
  internal: string[];
  /** Whether the bundle holds the expected API's own markers (so the check above is not vacuous). */
  ownMarkersFound: boolean;
}

/**
 * Operation names and paths that hand-written source files (under `src/`, outside
 * `src/generated/`) define, with the file that defines them.
 *
 * @example
 * ```ts
 * import { handWrittenEndpoints } from "./size.ts";
 * console.log(handWrittenEndpoints().size);
 * ```
 */
export function handWrittenEndpoints(root: string = ROOT): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of Deno.readDirSync(dir)) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory && path !== `${root}src/generated`) walk(path);
      if (!entry.isFile || !entry.name.endsWith(".ts")) continue;
      const text = Deno.readTextFileSync(path);
      const rel = path.slice(root.length);
      for (const m of text.matchAll(/\b(?:name|path): "([^"]+)"/g)) found.set(m[1], rel);
    }
  };
  walk(`${root}src`);
  return found;
}

/**
 * An operation name as a named line of a generated table (`\ngetUserById GET ...`, the newline
 * raw or escaped), as a table key (`getUser:"GET ...`) or as a string (`"getUser"`). Most lines
 * have no name (the runtime derives it): {@linkcode holdsPath} finds those.
 */
function holdsOperation(code: string, op: string): boolean {
  return code.includes(`\n${op} `) || code.includes(`\\n${op} `) || code.includes(`"${op}"`) ||
    new RegExp(`[{,]${op}:["'\`]`).test(code);
}

/** A path inside a spec (`GET /api/v2/users/{userId} ...`, in a table line or a string) or as a string of its own. */
function holdsPath(code: string, path: string): boolean {
  return code.includes(`"${path}"`) ||
    new RegExp(`["'\` ]${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}[ \n"'\`\\\\]`).test(code);
}

/** A code-split browser bundle: the code loaded at start, and all of it. */
interface SplitBundle {
  /** The entry chunk and its static imports, concatenated. */
  initial: string;
  /** Every chunk, concatenated. */
  all: string;
}

/** The single-file bundle `deno bundle --minify --platform browser` makes of `entry`. */
async function bundleFile(entry: string, outfile: string): Promise<string> {
  const args = ["bundle", "--platform", "browser", "--quiet", "--minify", "-o", outfile, entry];
  await runText("deno", args, { cwd: ROOT });
  return await Deno.readTextFile(outfile);
}

async function bundle(entry: string, outdir: string, minify: boolean): Promise<SplitBundle> {
  const args = [
    "bundle",
    "--platform",
    "browser",
    "--quiet",
    "--code-splitting",
    "--outdir",
    outdir,
  ];
  if (minify) args.push("--minify");
  args.push(entry);
  await runText("deno", args, { cwd: ROOT });
  const chunks = new Map<string, string>();
  for (const f of Deno.readDirSync(outdir)) {
    if (f.isFile && f.name.endsWith(".js")) {
      chunks.set(f.name, await Deno.readTextFile(`${outdir}/${f.name}`));
    }
  }
  const main = entry.split("/").pop()!.replace(/\.ts$/, ".js");
  const loaded = new Set<string>();
  const visit = (name: string) => {
    if (loaded.has(name) || !chunks.has(name)) return;
    loaded.add(name);
    for (const m of chunks.get(name)!.matchAll(/(?:\bfrom|\bimport)\s*"\.\/([^"]+)"/g)) visit(m[1]);
  };
  visit(main);
  if (loaded.size === 0) throw new Error(`bundle of ${entry} has no entry chunk ${main}`);
  return {
    initial: [...loaded].map((n) => chunks.get(n)).join("\n"),
    all: [...chunks.values()].join("\n"),
  };
}

/**
 * Bundles `entry` for the browser (minified, and once unminified to read class names) and
 * checks which API classes it holds. `expectedApiFiles` are the API files the entry imports.
 *
 * @example
 * ```ts
 * import { FIXTURES, measureBundle } from "./size.ts";
 * const m = await measureBundle(FIXTURES.usersCall, ["users.js"]);
 * console.log(m.bytes, m.gzipBytes, m.foreign.length);
 * ```
 */
export async function measureBundle(
  entry: string,
  expectedApiFiles: readonly string[],
): Promise<BundleMeasure> {
  const dir = await Deno.makeTempDir({ prefix: "bench-size-" });
  try {
    const minified = await bundleFile(entry, `${dir}/single.js`);
    const split = await bundle(entry, `${dir}/min`, true);
    const plain = (await bundle(entry, `${dir}/plain`, false)).all;
    const bytes = new TextEncoder().encode(minified);
    const facts = readApiFacts();
    const expected = new Set(expectedApiFiles);
    const own = facts.filter((f) => expected.has(f.file));
    const ownOps = new Set(own.flatMap((f) => f.operations));
    const ownPaths = new Set(own.flatMap((f) => f.paths));
    const handWritten = handWrittenEndpoints();
    const foreign = new Set<string>();
    const internal = new Set<string>();
    const classify = (file: string, marker: string) => {
      const definedBy = handWritten.get(marker);
      if (definedBy) internal.add(`${file}: ${marker} (defined in ${definedBy})`);
      else foreign.add(`${file}: ${marker}`);
    };
    for (const f of facts) {
      if (expected.has(f.file)) continue;
      for (const op of f.operations) {
        if (!ownOps.has(op) && holdsOperation(minified, op)) classify(f.file, op);
      }
      for (const path of f.paths) {
        if (!ownPaths.has(path) && holdsPath(minified, path)) classify(f.file, path);
      }
    }
    const declared = new Set(
      [...plain.matchAll(/\b(?:var|let|const|class) (\w+Api)\b/g)].map((m) => m[1]),
    );
    const apiClasses = facts.flatMap((f) => f.classes).filter((c) => declared.has(c)).sort();
    const ownMarkersFound = own.length > 0 &&
      // Table lines mostly leave the name to the runtime: the paths are the markers.
      own.every((f) => f.paths.some((path) => holdsPath(minified, path))) &&
      own.every((f) => f.classes.every((c) => declared.has(c)));
    return {
      entry,
      bytes: bytes.length,
      gzipBytes: gzipSync(bytes, { level: 9 }).length,
      splitInitialBytes: new TextEncoder().encode(split.initial).length,
      apiClasses,
      foreign: [...foreign].sort(),
      internal: [...internal].sort(),
      ownMarkersFound,
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** The official SDK's bundle sizes (esbuild, minified), per platform. */
export interface OfficialBundleMeasure {
  /** `--platform=browser` (uses the package's `browser` field, as a browser app would). */
  browser: { bytes: number; gzipBytes: number };
  /** `--platform=node` (the `main` field; the figure quoted in the issue, ~1.96 MB). */
  node: { bytes: number; gzipBytes: number };
}

/**
 * The official SDK's equivalent of `bench/fixtures/users_login_call.ts`: its client, `UsersApi`,
 * a client credentials login and one call. Kept as text (written to a temporary file when
 * bundled) so that `deno check bench/` does not try to resolve the npm package.
 */
export const OFFICIAL_PROGRAM = `import platformClient from "purecloud-platform-client-v2";
const client = platformClient.ApiClient.instance;
client.setEnvironment("mypurecloud.ie");
await client.loginClientCredentialsGrant("client-id", "client-secret");
const me = await new platformClient.UsersApi().getUsersMe({ expand: ["presence"] });
console.log(me.name);
`;

/**
 * Bundles {@linkcode OFFICIAL_PROGRAM} with esbuild, minified, for the browser and for Node.
 *
 * @example
 * ```ts
 * import { measureOfficialBundle } from "./size.ts";
 * console.log((await measureOfficialBundle(".tools")).browser.bytes);
 * ```
 */
export async function measureOfficialBundle(toolsDir: string): Promise<OfficialBundleMeasure> {
  const dir = await Deno.makeTempDir({ prefix: "bench-size-official-" });
  try {
    const result: Partial<OfficialBundleMeasure> = {};
    const entry = `${dir}/official_login_call.mjs`;
    await Deno.writeTextFile(entry, OFFICIAL_PROGRAM);
    for (const platform of ["browser", "node"] as const) {
      const out = `${dir}/${platform}.js`;
      await runText("esbuild", [
        entry,
        "--bundle",
        "--minify",
        "--format=esm",
        `--platform=${platform}`,
        "--log-level=error",
        `--outfile=${out}`,
      ], { cwd: ROOT, env: { NODE_PATH: `${toolsDir}/node_modules` } });
      const bytes = await Deno.readFile(out);
      result[platform] = { bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
    }
    return result as OfficialBundleMeasure;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * Per-chunk, per-module minified sizes of `entry`'s code-split bundle (esbuild `--splitting
 * --analyze`, the same split as `deno bundle --code-splitting`), as esbuild prints them.
 *
 * @example
 * ```ts
 * import { analyzeBundle } from "./size.ts";
 * console.log(await analyzeBundle("bench/fixtures/users_call.ts"));
 * ```
 */
export async function analyzeBundle(entry: string): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "bench-analyze-" });
  try {
    const out = await new Deno.Command("esbuild", {
      args: [
        entry,
        "--bundle",
        "--minify",
        "--format=esm",
        "--platform=browser",
        "--splitting",
        "--analyze",
        "--log-level=info",
        `--outdir=${dir}`,
      ],
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stderr);
    return text.split("\n").filter((l) => /[│├└]|\.js\s+\d/.test(l)).join("\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function kb(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} kB`;
}

async function main(): Promise<void> {
  const analyze = Deno.args.includes("--analyze");
  const entries = Deno.args.filter((a) => !a.startsWith("--"));
  const targets = entries.length ? entries : Object.values(FIXTURES);
  let failed = false;
  for (const entry of targets) {
    const m = await measureBundle(entry, ["users.js"]);
    const ok = m.bytes <= BUNDLE_BUDGET_BYTES && m.foreign.length === 0 &&
      m.apiClasses.join() === "UsersApi" && m.ownMarkersFound;
    failed ||= !ok;
    console.log(
      `${entry}: ${m.bytes} bytes in one file (${
        kb(m.bytes)
      }), gzip ${m.gzipBytes} bytes; code-split: ${m.splitInitialBytes} bytes at start; API classes: ${
        m.apiClasses.join(", ") || "none"
      }; other APIs' operations/paths: ${m.foreign.length}; budget ${BUNDLE_BUDGET_BYTES}: ${
        ok ? "ok" : "EXCEEDED OR FOREIGN CODE"
      }`,
    );
    for (const f of m.foreign.slice(0, 20)) console.log(`  foreign: ${f}`);
    for (const f of m.internal) console.log(`  hand-written endpoint of another API: ${f}`);
    if (analyze) console.log(await analyzeBundle(entry));
  }
  if (failed) Deno.exit(1);
}

if (import.meta.main) await main();
