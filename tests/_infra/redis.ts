/**
 * Starts a real `redis-server` (Debian package `redis-server`) on a free
 * 127.0.0.1 port with no persistence (`--save '' --appendonly no`), its
 * working dir and log in a temp dir, in the foreground; `stop()` terminates
 * it and awaits its exit.
 *
 * @module
 */

import { freePort, readIfExists, type ServerProcess, spawnServer, waitForPort } from "./process.ts";

/** A running redis-server. */
export interface RedisServer extends AsyncDisposable {
  /** `redis://127.0.0.1:<port>`. */
  url: string;
  /** The port it listens on. */
  port: number;
  /** The current log text. */
  log(): string;
  /** Stops the server, awaits its exit and removes the temp dir. */
  stop(): Promise<void>;
}

/** Starts redis-server and waits (up to 10 s) until it accepts connections. */
export async function startRedis(): Promise<RedisServer> {
  const dir = await Deno.makeTempDir({ prefix: "redis-" });
  const logPath = `${dir}/redis.log`;
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = freePort();
    const proc: ServerProcess = spawnServer("redis-server", [
      "--bind",
      "127.0.0.1",
      "--port",
      `${port}`,
      "--save",
      "",
      "--appendonly",
      "no",
      "--dir",
      dir,
      "--logfile",
      logPath,
    ], dir);
    try {
      await waitForPort(port, {
        what: "redis-server",
        exited: proc.exited,
        log: () => readIfExists(logPath),
      });
    } catch (error) {
      lastError = error;
      await proc.stop();
      continue;
    }
    const stop = async () => {
      await proc.stop();
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    };
    return {
      url: `redis://127.0.0.1:${port}`,
      port,
      log: () => readIfExists(logPath),
      stop,
      [Symbol.asyncDispose]: stop,
    };
  }
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  throw lastError;
}
