/**
 * Starts `bench/server.ts` as a separate process and reads the line it prints.
 *
 * @module
 */

/** A running loopback server process. */
export interface ServerHandle {
  /** `sandbox` or `minimal`. */
  kind: string;
  /** Base URL for login and API requests. */
  url: string;
  /** A user id that `GET /api/v2/users/{userId}` finds. */
  userId: string;
  /** Control URL (`/expire`, `/stats`, `/reset`). */
  control: string;
  /** Client credentials accepted by the server. */
  clientId: string;
  clientSecret: string;
  /** Stops the process and waits for it. */
  stop(): Promise<void>;
}

/**
 * Spawns the server with `deno run -A bench/server.ts` and waits (bounded) for its JSON line.
 *
 * @example
 * ```ts
 * import { startServerProcess } from "./server_process.ts";
 * const server = await startServerProcess({ kind: "minimal" });
 * console.log(server.url);
 * await server.stop();
 * ```
 */
export async function startServerProcess(
  options: { kind?: string; tokenLifetimeSeconds?: number } = {},
): Promise<ServerHandle> {
  const script = new URL("../server.ts", import.meta.url).pathname;
  const args = ["run", "-A", script, `--kind=${options.kind ?? "auto"}`];
  if (options.tokenLifetimeSeconds !== undefined) {
    args.push(`--token-lifetime=${options.tokenLifetimeSeconds}`);
  }
  const child = new Deno.Command("deno", {
    args,
    stdin: "null",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  const deadline = setTimeout(() => {
    try {
      child.kill("SIGKILL");
    } catch {
      // already exited
    }
  }, 30_000);
  try {
    while (!buffered.includes("\n")) {
      const { value, done } = await reader.read();
      if (done) throw new Error("bench/server.ts exited before printing its address");
      buffered += value;
    }
  } finally {
    clearTimeout(deadline);
  }
  // Keep draining stdout so the server never blocks on a full pipe.
  const drained = (async () => {
    while (!(await reader.read()).done) { /* discard */ }
  })();
  const info = JSON.parse(buffered.split("\n")[0]) as Omit<ServerHandle, "stop">;
  let stopping: Promise<void> | undefined;
  return {
    ...info,
    stop() {
      stopping ??= (async () => {
        try {
          child.kill("SIGTERM");
        } catch {
          // already exited
        }
        await child.status;
        await drained;
      })();
      return stopping;
    },
  };
}

/**
 * Calls a control route of the server.
 *
 * @example
 * ```ts
 * import { control } from "./server_process.ts";
 * await control("http://127.0.0.1:1234", "POST", "/reset");
 * ```
 */
export async function control(base: string, method: string, path: string): Promise<unknown> {
  const res = await fetch(`${base}${path}`, { method });
  const text = await res.text();
  if (!res.ok) throw new Error(`control ${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}
