/**
 * The little file access the configuration and the file logger need, behind
 * feature detection: Deno (`Deno.*`) or Bun (`Bun.file`); none on Workers and
 * in browsers.
 *
 * @module
 */

/** What identifies one version of a file: changes when the file is rewritten or replaced. */
export type FileStamp = string;

/**
 * What is at a path: a regular file, or something that must not be read as
 * one (reading a FIFO waits for a writer, a device may never end).
 */
export type FileKind =
  | "file"
  | "directory"
  | "FIFO"
  | "socket"
  | "character device"
  | "block device"
  | "other";

/** What a `stat` tells about a path. */
export interface FileInfo {
  /** Changes when the file is rewritten or replaced. */
  readonly stamp: FileStamp;
  /** What the path is (links are followed). */
  readonly kind: FileKind;
}

/**
 * File operations of the current runtime.
 *
 * @example
 * ```ts
 * import { fileAccess } from "./file_system.ts";
 * const fs = fileAccess();
 * console.log(fs ? `files via ${fs.runtime}` : "no file access here");
 * ```
 */
export interface FileAccess {
  /** Which runtime API is used. */
  readonly runtime: "deno" | "bun";
  /** Path separator of the platform. */
  readonly separator: "/" | "\\";
  /**
   * Reads a UTF-8 text file; throws when missing or unreadable. `signal`
   * cancels the read where the runtime can (Deno); elsewhere it is ignored.
   */
  readText(path: string, signal?: AbortSignal): Promise<string>;
  /** What is at `path` now, or `undefined` when nothing is. */
  stat(path: string): Promise<FileInfo | undefined>;
  /** Appends text to a file, creating it when missing; `undefined` where the runtime can't. */
  readonly append: ((path: string, text: string) => Promise<void>) | undefined;
  /** The user's home directory (`HOME`, `USERPROFILE` on Windows), when readable without a prompt. */
  homeDir(): string | undefined;
  /** Whether reading `path` is allowed without prompting (Deno permissions); true elsewhere. */
  mayRead(path: string): boolean;
}

interface DenoStat {
  mtime: Date | null;
  ctime?: Date | null;
  size: number;
  ino: number | null;
  isFile: boolean;
  isDirectory: boolean;
  isFifo?: boolean | null;
  isSocket?: boolean | null;
  isCharDevice?: boolean | null;
  isBlockDevice?: boolean | null;
}

interface DenoLike {
  readTextFile(path: string, options?: { signal?: AbortSignal }): Promise<string>;
  stat(path: string): Promise<DenoStat>;
  writeTextFile(path: string, data: string, options: { append: boolean }): Promise<void>;
  env: { get(key: string): string | undefined };
  build: { os: string };
  permissions?: {
    querySync?(descriptor: { name: string; path?: string; variable?: string }): { state: string };
  };
  errors: { NotFound: new (...args: never[]) => Error };
}

interface BunStat {
  mtimeMs: number;
  ctimeMs: number;
  size: number;
  ino: number;
  isFile(): boolean;
  isDirectory(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
}

interface BunLike {
  file(path: string): {
    text(): Promise<string>;
    stat(): Promise<BunStat>;
  };
  env: Record<string, string | undefined>;
}

interface ProcessLike {
  platform?: string;
  getBuiltinModule?(name: string): unknown;
}

interface AppendModule {
  promises?: { appendFile?(path: string, data: string, encoding: string): Promise<void> };
}

/**
 * The file operations of this runtime, or `undefined` on runtimes without a
 * file system (Workers, browsers).
 *
 * @example
 * ```ts
 * import { fileAccess } from "./file_system.ts";
 * const fs = fileAccess();
 * if (fs) console.log(await fs.stat("/no/such/file")); // undefined
 * ```
 */
export function fileAccess(globals: object = globalThis): FileAccess | undefined {
  const g = globals as { Deno?: DenoLike; Bun?: BunLike; process?: ProcessLike };
  if (g.Deno && typeof g.Deno.readTextFile === "function") return denoAccess(g.Deno);
  if (g.Bun && typeof g.Bun.file === "function") return bunAccess(g.Bun, g.process);
  return undefined;
}

function denoAccess(deno: DenoLike): FileAccess {
  const windows = deno.build.os === "windows";
  const granted = (descriptor: { name: string; path?: string; variable?: string }) => {
    try {
      const query = deno.permissions?.querySync;
      return query ? query.call(deno.permissions, descriptor).state === "granted" : true;
    } catch {
      return false;
    }
  };
  return {
    runtime: "deno",
    separator: windows ? "\\" : "/",
    readText: (path, signal) => deno.readTextFile(path, signal ? { signal } : undefined),
    async stat(path) {
      try {
        const s = await deno.stat(path);
        return {
          stamp: `${s.mtime?.getTime()}:${s.ctime?.getTime()}:${s.size}:${s.ino}`,
          kind: kindOf([
            s.isFile,
            s.isDirectory,
            s.isFifo,
            s.isSocket,
            s.isCharDevice,
            s.isBlockDevice,
          ]),
        };
      } catch (error) {
        if (error instanceof deno.errors.NotFound) return undefined;
        throw error;
      }
    },
    append: (path, text) => deno.writeTextFile(path, text, { append: true }),
    homeDir() {
      const variable = windows ? "USERPROFILE" : "HOME";
      if (!granted({ name: "env", variable })) return undefined;
      return deno.env.get(variable) || undefined;
    },
    mayRead: (path) => granted({ name: "read", path }),
  };
}

function bunAccess(bun: BunLike, process: ProcessLike | undefined): FileAccess {
  const windows = process?.platform === "win32";
  // Bun has no native append (`FileSink` truncates), so appending uses its built-in fs module,
  // looked up on the first append only (loading it costs start-up time).
  const appendFile = typeof process?.getBuiltinModule === "function"
    ? async (path: string, text: string) => {
      const fs = process.getBuiltinModule!("fs") as AppendModule | undefined;
      const promises = fs?.promises;
      if (typeof promises?.appendFile !== "function") {
        throw new TypeError("this Bun has no fs.promises.appendFile");
      }
      await promises.appendFile(path, text, "utf8");
    }
    : undefined;
  return {
    runtime: "bun",
    separator: windows ? "\\" : "/",
    readText: (path) => bun.file(path).text(),
    async stat(path) {
      try {
        const s = await bun.file(path).stat();
        return {
          stamp: `${s.mtimeMs}:${s.ctimeMs}:${s.size}:${s.ino}`,
          kind: kindOf([
            s.isFile(),
            s.isDirectory(),
            s.isFIFO(),
            s.isSocket(),
            s.isCharacterDevice(),
            s.isBlockDevice(),
          ]),
        };
      } catch (error) {
        if ((error as { code?: string }).code === "ENOENT") return undefined;
        throw error;
      }
    },
    append: appendFile,
    homeDir: () => (windows ? bun.env.USERPROFILE : bun.env.HOME) || undefined,
    mayRead: () => true,
  };
}

const KINDS: readonly FileKind[] = [
  "file",
  "directory",
  "FIFO",
  "socket",
  "character device",
  "block device",
];

/** The kind whose flag is set, in the order of {@linkcode KINDS}. */
function kindOf(flags: readonly (boolean | null | undefined)[]): FileKind {
  const at = flags.findIndex((flag) => flag === true);
  return at < 0 ? "other" : KINDS[at];
}

/**
 * Whether an error from {@linkcode FileAccess.readText} means the file does not exist.
 *
 * @example
 * ```ts
 * import { isNotFound } from "./file_system.ts";
 * console.log(isNotFound(Object.assign(new Error("x"), { code: "ENOENT" }))); // true
 * ```
 */
export function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; code?: string } | null;
  return e?.name === "NotFound" || e?.code === "ENOENT";
}

/**
 * Joins path segments with the platform separator, without doubling it.
 *
 * @example
 * ```ts
 * import { joinPath } from "./file_system.ts";
 * console.log(joinPath("/", "/home/me/", ".genesyscloudts", "config")); // /home/me/.genesyscloudts/config
 * console.log(joinPath("\\", "C:\\Users\\me", ".genesyscloudts", "config")); // C:\Users\me\.genesyscloudts\config
 * ```
 */
export function joinPath(separator: "/" | "\\", first: string, ...rest: string[]): string {
  const strip = separator === "\\" ? /[\\/]+$/ : /\/+$/;
  const lead = separator === "\\" ? /^[\\/]+/ : /^\/+/;
  let out = first.length > 1 ? first.replace(strip, "") : first;
  for (const part of rest) {
    const clean = part.replace(lead, "").replace(strip, "");
    if (clean === "") continue;
    out = out.endsWith(separator) ? out + clean : out + separator + clean;
  }
  return out;
}

/**
 * The default config file: `$HOME/.genesyscloudts/config`
 * (`%USERPROFILE%\.genesyscloudts\config` on Windows), or `undefined` when the
 * home directory is unknown or not readable without a permission prompt.
 *
 * @example
 * ```ts
 * import { defaultConfigPath, fileAccess } from "./file_system.ts";
 * const fs = fileAccess();
 * if (fs) console.log(defaultConfigPath(fs));
 * ```
 */
export function defaultConfigPath(fs: FileAccess): string | undefined {
  const home = fs.homeDir();
  return home ? joinPath(fs.separator, home, ".genesyscloudts", "config") : undefined;
}
