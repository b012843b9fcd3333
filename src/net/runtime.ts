/**
 * Which runtime the code runs in, decided by feature detection on a globals
 * object (normally `globalThis`; tests pass their own), and the file reading
 * that only Deno and Bun offer.
 *
 * @module
 */

import { ConfigurationError, UnsupportedRuntimeError } from "../core/errors.ts";

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
    readTextFile?: (path: string) => Promise<string>;
  };
  /** Bun's namespace. */
  Bun?: { version?: string; file?: (path: string) => { text(): Promise<string> } };
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

/**
 * Reads a UTF-8 text file with `Deno.readTextFile` or `Bun.file().text()`.
 * Throws {@linkcode UnsupportedRuntimeError} where neither exists and
 * {@linkcode ConfigurationError} (naming `what` and the path) when the file
 * cannot be read.
 *
 * @example
 * ```ts
 * import { readTextFile } from "./runtime.ts";
 * const pem = await readTextFile("./client.crt", "mTLS certificate").catch(() => "");
 * ```
 */
export async function readTextFile(
  path: string,
  what: string,
  globals: RuntimeGlobals = globalThis as RuntimeGlobals,
): Promise<string> {
  if (typeof path !== "string" || path === "") {
    throw new ConfigurationError(`${what} path is required`);
  }
  let read: (() => Promise<string>) | undefined;
  const deno = globals.Deno;
  const bun = globals.Bun;
  if (typeof deno?.readTextFile === "function") read = () => deno.readTextFile!(path);
  else if (typeof bun?.file === "function") read = () => bun.file!(path).text();
  if (!read) {
    throw new UnsupportedRuntimeError(
      `cannot read the ${what} file "${path}": ${
        detectRuntime(globals).name
      } has no file access (reading files needs Deno or Bun)`,
    );
  }
  try {
    return await read();
  } catch (cause) {
    const reason = cause instanceof Error ? cause.name : "error";
    throw new ConfigurationError(`cannot read the ${what} file "${path}" (${reason})`, { cause });
  }
}
