/**
 * How each runtime runs a case script, with the same flags for our script and its raw-`fetch`
 * twin.
 *
 * @module
 */

/** A runtime a case can run on. */
export type Runtime = "deno" | "bun" | "node";

/**
 * The command and arguments that run `script` (relative to the repository root) on `runtime`.
 *
 * @example
 * ```ts
 * import { command } from "./runtimes.ts";
 * console.log(command("deno", "bench/cases/cold_fetch.mjs"));
 * ```
 */
export function command(
  runtime: Runtime,
  script: string,
  extra: string[] = [],
): { cmd: string; args: string[] } {
  switch (runtime) {
    case "deno":
      return { cmd: "deno", args: ["run", "-A", ...extra, script] };
    case "bun":
      return { cmd: "bun", args: [...extra, script] };
    case "node":
      return { cmd: "node", args: [...extra, script] };
  }
}
