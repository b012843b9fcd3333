/**
 * Runs a TypeScript module as a Cloudflare Worker in real `workerd` (the
 * runtime miniflare wraps, from `.tools/`): bundles it with esbuild, writes a
 * workerd config in a temp dir and serves it on a free 127.0.0.1 port, with
 * outbound fetch allowed to loopback. `stop()` terminates it and awaits exit.
 *
 * @module
 */

import { freePort, run, spawnServer, waitForPort } from "./process.ts";

const TOOLS_BIN = new URL("../../.tools/node_modules/.bin/", import.meta.url).pathname;

/** A worker served by workerd. */
export interface WorkerdServer extends AsyncDisposable {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Stops workerd, awaits its exit and removes the temp dir. */
  stop(): Promise<void>;
}

/** Bundles `entry` (a module with `export default { fetch }`) and serves it (ready within 10 s). */
export async function startWorker(entry: string): Promise<WorkerdServer> {
  const dir = await Deno.makeTempDir({ prefix: "workerd-" });
  try {
    await run(`${TOOLS_BIN}esbuild`, [
      entry,
      "--bundle",
      "--format=esm",
      "--platform=neutral",
      "--main-fields=module,main",
      "--conditions=worker,browser",
      "--target=es2022",
      `--outfile=${dir}/worker.js`,
      "--log-level=error",
    ]);
  } catch (error) {
    await Deno.remove(dir, { recursive: true });
    throw error;
  }
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = freePort();
    await Deno.writeTextFile(
      `${dir}/config.capnp`,
      `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "loopback", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "2025-01-01",
  globalOutbound = "loopback",
);
`,
    );
    const proc = spawnServer(`${TOOLS_BIN}workerd`, ["serve", `${dir}/config.capnp`], dir);
    try {
      await waitForPort(port, { what: "workerd", exited: proc.exited });
    } catch (error) {
      lastError = error;
      await proc.stop();
      continue;
    }
    const stop = async () => {
      await proc.stop();
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    };
    return { url: `http://127.0.0.1:${port}`, stop, [Symbol.asyncDispose]: stop };
  }
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  throw lastError;
}
