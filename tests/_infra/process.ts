/**
 * Shared plumbing for the real servers the integration tests start: free
 * loopback ports, bounded readiness polling, and a child process that is
 * stopped and awaited.
 *
 * @module
 */

/** Finds a loopback TCP port that is free right now (bind port 0, read it, release it). */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

/** Resolves once `127.0.0.1:port` accepts TCP connections; throws after `timeoutMs` or if `exited` settles first. */
export async function waitForPort(
  port: number,
  opts: { timeoutMs?: number; exited?: Promise<unknown>; what: string; log?: () => string },
): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  let gone = false;
  opts.exited?.then(() => gone = true, () => gone = true);
  while (Date.now() < deadline) {
    if (gone) {
      throw new Error(`${opts.what} exited before listening on ${port}\n${opts.log?.() ?? ""}`);
    }
    try {
      const conn = await Deno.connect({ hostname: "127.0.0.1", port });
      conn.close();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(
    `${opts.what} did not listen on ${port} within the time limit\n${opts.log?.() ?? ""}`,
  );
}

/** Reads a text file, or returns "" when it does not exist (yet). */
export function readIfExists(path: string): string {
  try {
    return Deno.readTextFileSync(path);
  } catch {
    return "";
  }
}

/** A started server process: `stop()` sends SIGTERM and awaits its exit (idempotent). */
export interface ServerProcess {
  /** The child process. */
  readonly child: Deno.ChildProcess;
  /** Settles when the process has exited. */
  readonly exited: Promise<Deno.CommandStatus>;
  /** Stops the process and waits for it to exit. */
  stop(): Promise<void>;
}

/** Spawns `command args` with stdio closed (servers log to files in their temp dir). */
export function spawnServer(command: string, args: string[], cwd: string): ServerProcess {
  const child = new Deno.Command(command, {
    args,
    cwd,
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  const exited = child.status;
  let stopping: Promise<void> | undefined;
  return {
    child,
    exited,
    stop() {
      stopping ??= (async () => {
        try {
          child.kill("SIGTERM");
        } catch {
          // already exited
        }
        await exited;
      })();
      return stopping;
    },
  };
}

/** Runs a command to completion and throws with its stderr when it fails. */
export async function run(command: string, args: string[], cwd?: string): Promise<string> {
  const out = await new Deno.Command(command, { args, cwd, stdin: "null" }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  if (!out.success) {
    throw new Error(`${command} ${args.join(" ")} failed (exit ${out.code}):\n${stderr}`);
  }
  return new TextDecoder().decode(out.stdout);
}
