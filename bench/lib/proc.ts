/**
 * Runs one benchmark case as a fresh process and reads its JSON result line.
 *
 * @module
 */

/** A finished case: wall time seen from outside and the JSON the case printed last. */
export interface CaseRun<T> {
  /** From spawn to exit, in milliseconds. */
  wallMs: number;
  /** The last stdout line, parsed. */
  result: T;
}

/** How to run a case. */
export interface CaseCommand {
  /** Executable (`deno`, `bun`, `node`). */
  cmd: string;
  /** Arguments. */
  args: string[];
  /** Passed to the case as `BENCH_CASE` (JSON). */
  input?: unknown;
  /** Extra environment variables. */
  env?: Record<string, string>;
  /** Working directory. */
  cwd?: string;
  /** Kill the case after this many milliseconds. Default 120000. */
  timeoutMs?: number;
}

/** A case failed: names the command and carries its stderr. */
export class CaseError extends Error {
  /** Creates the error. */
  constructor(message: string) {
    super(message);
    this.name = "CaseError";
  }
}

/**
 * Spawns the case, waits for it (bounded by `timeoutMs`) and parses its last stdout line.
 *
 * @example
 * ```ts
 * import { runCase } from "./proc.ts";
 * const run = await runCase<{ ok: boolean }>({ cmd: "deno", args: ["eval", "console.log('{\"ok\":true}')"] });
 * console.log(run.result.ok, run.wallMs);
 * ```
 */
export async function runCase<T>(command: CaseCommand): Promise<CaseRun<T>> {
  const env: Record<string, string> = { ...command.env };
  if (command.input !== undefined) env.BENCH_CASE = JSON.stringify(command.input);
  const start = performance.now();
  const child = new Deno.Command(command.cmd, {
    args: command.args,
    cwd: command.cwd,
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const timer = setTimeout(() => {
    try {
      child.kill("SIGKILL");
    } catch {
      // already exited
    }
  }, command.timeoutMs ?? 120_000);
  const out = await child.output();
  const wallMs = performance.now() - start;
  clearTimeout(timer);
  const stdout = new TextDecoder().decode(out.stdout).trim();
  const stderr = new TextDecoder().decode(out.stderr).trim();
  const what = `${command.cmd} ${command.args.join(" ")}`;
  if (!out.success) {
    throw new CaseError(
      `${what} exited with ${out.code}${out.signal ? ` (${out.signal})` : ""}\n${
        stderr.slice(-2000)
      }`,
    );
  }
  const last = stdout.split("\n").at(-1) ?? "";
  try {
    return { wallMs, result: JSON.parse(last) as T };
  } catch {
    throw new CaseError(`${what} printed no JSON result line:\n${stdout.slice(-1000)}\n${stderr}`);
  }
}

/**
 * Runs a command to completion and returns its stdout, throwing with stderr when it fails.
 *
 * @example
 * ```ts
 * import { runText } from "./proc.ts";
 * console.log(await runText("deno", ["--version"]));
 * ```
 */
export async function runText(
  cmd: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<string> {
  const out = await new Deno.Command(cmd, {
    args,
    cwd: options.cwd,
    env: options.env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  if (!out.success) {
    const stderr = new TextDecoder().decode(out.stderr);
    throw new CaseError(`${cmd} ${args.join(" ")} exited with ${out.code}\n${stderr.slice(-3000)}`);
  }
  return stdout;
}
