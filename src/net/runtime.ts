/**
 * Which runtime the code runs in, decided by feature detection on a globals
 * object (normally `globalThis`; tests pass their own), and the file reading
 * that only Deno and Bun offer.
 *
 * @module
 */

import { ConfigurationError, UnsupportedRuntimeError } from "../base/errors.ts";

/**
 * The runtime globals this package looks at. Everything is optional: absence
 * is what feature detection detects.
 *
 * @example
 * ```ts
 * import { detectRuntime, type RuntimeGlobals } from "./runtime.ts";
 * const workerLike: RuntimeGlobals = { navigator: { userAgent: "Cloudflare-Workers" } };
 * console.log(detectRuntime(workerLike).name); // Cloudflare Workers
 * ```
 */
export interface RuntimeGlobals {
  /** Deno's namespace. */
  Deno?: {
    createHttpClient?: (options: Record<string, unknown>) => { close(): void };
    readTextFileSync?: (path: string) => string;
  };
  /** Bun's namespace. */
  Bun?: { version?: string };
  /** The fetch function requests are sent with. */
  fetch?: (input: Request, init?: Record<string, unknown>) => Promise<Response>;
  /** Present in browsers and Workers. */
  navigator?: { userAgent?: string };
  /** Present in Node (and in Bun, which is detected first). */
  process?: {
    versions?: { node?: string };
    /** Node's module lookup without an import (Bun has it): used for Bun's trusted roots. */
    getBuiltinModule?: (name: string) => unknown;
  };
  /** Present in browser pages. */
  document?: unknown;
}

/** What {@linkcode detectRuntime} found. */
export interface RuntimeInfo {
  /** `deno` and `bun` can proxy and do mTLS; `other` cannot. */
  kind: "deno" | "bun" | "other";
  /** Human name for messages: `Deno`, `Bun`, `Cloudflare Workers`, `a browser`, `Node.js`, ... */
  name: string;
}

/**
 * Detects the runtime from `globals` (default `globalThis`).
 *
 * @example
 * ```ts
 * import { detectRuntime } from "./runtime.ts";
 * console.log(detectRuntime().kind); // "deno" when run by Deno
 * ```
 */
export function detectRuntime(globals: RuntimeGlobals = globalThis as RuntimeGlobals): RuntimeInfo {
  if (typeof globals.Deno?.createHttpClient === "function") return { kind: "deno", name: "Deno" };
  if (typeof globals.Bun?.version === "string") return { kind: "bun", name: "Bun" };
  const ua = globals.navigator?.userAgent ?? "";
  if (ua === "Cloudflare-Workers") return { kind: "other", name: "Cloudflare Workers" };
  if (globals.document !== undefined) return { kind: "other", name: "a browser" };
  if (typeof globals.process?.versions?.node === "string") {
    return { kind: "other", name: "Node.js" };
  }
  return { kind: "other", name: ua ? `this runtime (${ua})` : "this runtime" };
}

/** The part of Node's `fs` module (which Bun has) that {@linkcode readTextFileSync} uses. */
interface SyncFileSystem {
  readFileSync(path: string, encoding: "utf8"): string;
}

/**
 * Reads a UTF-8 text file synchronously, as the official SDK reads its PEM
 * files: `Deno.readTextFileSync` in Deno, `fs.readFileSync` (through
 * `process.getBuiltinModule`, no import) in Bun. Throws
 * {@linkcode UnsupportedRuntimeError} where neither exists and
 * {@linkcode ConfigurationError} (naming `what` and the path, never the
 * content) when the file cannot be read.
 *
 * @example
 * ```ts
 * import { readTextFileSync } from "./runtime.ts";
 * try {
 *   readTextFileSync("./no-such-client.crt", "mTLS certificate");
 * } catch (e) {
 *   console.log((e as Error).name); // ConfigurationError
 * }
 * ```
 */
export function readTextFileSync(
  path: string,
  what: string,
  globals: RuntimeGlobals = globalThis as RuntimeGlobals,
): string {
  if (typeof path !== "string" || path === "") {
    throw new ConfigurationError(`${what} path is required`);
  }
  const deno = globals.Deno;
  const fs = globals.Bun && globals.process?.getBuiltinModule?.("fs") as SyncFileSystem | undefined;
  const read = typeof deno?.readTextFileSync === "function"
    ? () => deno.readTextFileSync!(path)
    : typeof fs?.readFileSync === "function"
    ? () => fs.readFileSync(path, "utf8")
    : undefined;
  if (!read) {
    throw new UnsupportedRuntimeError(
      `cannot read the ${what} file "${path}": ${
        detectRuntime(globals).name
      } has no file access (reading files needs Deno or Bun)`,
    );
  }
  try {
    return read();
  } catch (cause) {
    const reason = cause instanceof Error
      ? (cause as { code?: string }).code ?? cause.name
      : "error";
    throw new ConfigurationError(`cannot read the ${what} file "${path}" (${reason})`, { cause });
  }
}
