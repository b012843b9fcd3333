/**
 * Starts a real `tinyproxy` (Debian package) on a free 127.0.0.1 port with
 * Basic authentication, its config, pid and log files in a temp dir, in the
 * foreground; `stop()` terminates it and awaits its exit.
 *
 * @module
 */

import { freePort, readIfExists, type ServerProcess, spawnServer, waitForPort } from "./process.ts";

/** Options of {@linkcode startTinyproxy}. */
export interface TinyproxyOptions {
  /** Basic-auth user the proxy requires; no auth when omitted. */
  username?: string;
  /** Basic-auth password the proxy requires. */
  password?: string;
}

/** A running tinyproxy. */
export interface Tinyproxy extends AsyncDisposable {
  /** Always `127.0.0.1`. */
  host: string;
  /** The port it listens on. */
  port: number;
  /** The temp dir with `tinyproxy.conf`, `tinyproxy.log`, `tinyproxy.pid`. */
  dir: string;
  /** The current log text (LogLevel Info: one `Request` line per proxied request). */
  log(): string;
  /** Stops the proxy, awaits its exit and removes the temp dir. */
  stop(): Promise<void>;
}

/** Starts tinyproxy and waits (up to 10 s) until it accepts connections. */
export async function startTinyproxy(opts: TinyproxyOptions = {}): Promise<Tinyproxy> {
  const dir = await Deno.makeTempDir({ prefix: "tinyproxy-" });
  const logPath = `${dir}/tinyproxy.log`;
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = freePort();
    const lines = [
      `Port ${port}`,
      "Listen 127.0.0.1",
      "Timeout 30",
      `LogFile "${logPath}"`,
      "LogLevel Info",
      `PidFile "${dir}/tinyproxy.pid"`,
      "MaxClients 20",
      "Allow 127.0.0.1",
    ];
    if (Deno.uid() === 0) lines.push("User root", "Group root");
    if (opts.username !== undefined) {
      lines.push(`BasicAuth ${opts.username} ${opts.password ?? ""}`);
    }
    await Deno.writeTextFile(`${dir}/tinyproxy.conf`, lines.join("\n") + "\n");
    const proc: ServerProcess = spawnServer(
      "tinyproxy",
      ["-d", "-c", `${dir}/tinyproxy.conf`],
      dir,
    );
    try {
      await waitForPort(port, {
        what: "tinyproxy",
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
      host: "127.0.0.1",
      port,
      dir,
      log: () => readIfExists(logPath),
      stop,
      [Symbol.asyncDispose]: stop,
    };
  }
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  throw lastError;
}
