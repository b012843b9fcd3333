/**
 * Runs official-SDK programs (`programs/`) as a user moving over would: once with
 * `purecloud-platform-client-v2` (the reference, on Node), then with only the package name
 * changed to `@cxkit/genesys-cloud/compat`, on Deno, on Bun and on Node through an esbuild
 * bundle. Each run gets a workspace of its own (a temporary directory with the program, a
 * `package.json` and a `node_modules/` holding the package as an npm install gives it).
 *
 * @module
 */

import { join } from "node:path";

/** The repository root. */
export const ROOT: string = new URL("../../", import.meta.url).pathname;
/** The pinned tools (`deno`, `bun`, `esbuild`, the official SDK). */
export const TOOLS: string = join(ROOT, ".tools", "node_modules");
/** The official SDK's package name, as the programs import it. */
export const OFFICIAL = "purecloud-platform-client-v2";
/** This package's compat entry: the only change a program needs. */
export const COMPAT = "@cxkit/genesys-cloud/compat";

/** What a finished process printed. */
export interface Ran {
  /** Exit code. */
  code: number;
  /** Standard output. */
  stdout: string;
  /** Standard error. */
  stderr: string;
}

/** Runs `command` to its end (at most `timeoutMs`) and returns what it printed. */
export async function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: Record<string, string>; timeoutMs?: number },
): Promise<Ran> {
  const child = new Deno.Command(command, {
    args,
    cwd: options.cwd,
    env: options.env,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
  try {
    const out = await child.output();
    const decoder = new TextDecoder();
    return {
      code: out.code,
      stdout: decoder.decode(out.stdout),
      stderr: decoder.decode(out.stderr),
    };
  } finally {
    clearTimeout(timer);
  }
}

/** `ran` when it exited 0; else an error showing its output. */
export function succeeded(what: string, ran: Ran): Ran {
  if (ran.code !== 0) {
    throw new Error(
      `${what} exited ${ran.code}\n--- stdout\n${ran.stdout}\n--- stderr\n${ran.stderr}`,
    );
  }
  return ran;
}

/** A pinned tool's executable (`deno`, `bun`, `esbuild`). */
export function tool(name: string): string {
  return join(TOOLS, ".bin", name);
}

/**
 * The package as `npm install` (through JSR's npm registry) lays it out: JavaScript modules,
 * the entry points `.` and `./compat` in the `exports` map. Built with esbuild from the
 * sources (the two entry points share their chunks, `jose` is bundled in).
 */
export async function installPackage(nodeModules: string): Promise<void> {
  const dir = join(nodeModules, "@cxkit", "genesys-cloud");
  succeeded(
    "esbuild (package)",
    await run(tool("esbuild"), [
      `mod=${join(ROOT, "mod.ts")}`,
      `compat=${join(ROOT, "src/compat/mod.ts")}`,
      "--bundle",
      "--splitting",
      "--format=esm",
      "--platform=neutral",
      "--main-fields=module,main",
      "--log-level=warning",
      `--outdir=${dir}`,
    ], { cwd: ROOT }),
  );
  await Deno.writeTextFile(
    join(dir, "package.json"),
    JSON.stringify({
      name: "@cxkit/genesys-cloud",
      type: "module",
      exports: { ".": "./mod.js", "./compat": "./compat.js" },
    }),
  );
}

/** A program's workspace: a temporary directory, removed at the end of the scope. */
export interface Workspace extends AsyncDisposable {
  /** The directory. */
  readonly dir: string;
  /** The program's path inside it. */
  readonly program: string;
}

/**
 * A workspace for `programs/<name>`: with the official SDK (linked from the pinned tools),
 * or with this package and the program's import of the official one changed to
 * {@linkcode COMPAT}, that line and nothing else. `package.json` says `"type": "commonjs"`,
 * as a CommonJS project's does.
 */
export async function workspace(name: string, sdk: "official" | "ours"): Promise<Workspace> {
  const dir = await Deno.makeTempDir({ prefix: `migration-${sdk}-` });
  const source = await Deno.readTextFile(join(ROOT, "tests/migration/programs", name));
  const program = join(dir, name);
  const nodeModules = join(dir, "node_modules");
  await Deno.mkdir(nodeModules);
  if (sdk === "official") {
    await Deno.symlink(join(TOOLS, OFFICIAL), join(nodeModules, OFFICIAL));
    await Deno.writeTextFile(program, source);
  } else {
    await installPackage(nodeModules);
    await Deno.writeTextFile(program, changeImport(source));
  }
  await Deno.writeTextFile(join(dir, "package.json"), '{ "type": "commonjs" }\n');
  return {
    dir,
    program,
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  };
}

/**
 * `source` with its `require` or `import` of the official SDK naming {@linkcode COMPAT}
 * instead; throws unless exactly one line changed.
 */
export function changeImport(source: string): string {
  const lines = source.split("\n");
  let changed = 0;
  const out = lines.map((line) => {
    const next = line.replace(`'${OFFICIAL}'`, `'${COMPAT}'`).replace(
      `"${OFFICIAL}"`,
      `"${COMPAT}"`,
    );
    if (next !== line) changed++;
    return next;
  });
  if (changed !== 1) throw new Error(`expected one import of ${OFFICIAL}, found ${changed}`);
  return out.join("\n");
}
