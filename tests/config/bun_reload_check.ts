/**
 * Run by live_reload_test.ts with Bun (not by Deno): the config file, live
 * reload by polling `Bun.file().stat()`, and the file logger's append under
 * Bun. Argument: a scratch directory. Prints one line per check, then
 * "bun reload: all checks passed"; exits 1 on the first failure. Leaves one
 * client unclosed on purpose: the process must still exit by itself.
 */
import assert from "node:assert/strict";
import "../../src/features/config_file.ts";
import "../../src/features/logging.ts";
import { PlatformClient } from "../../src/client/platform_client.ts";
import { ConfigFileError } from "../../src/config/config_file.ts";
import type { LogRecord } from "../../src/logging/types.ts";

declare const Bun: {
  write(path: string, data: string): Promise<number>;
  file(path: string): { text(): Promise<string> };
  serve(options: {
    hostname: string;
    port: number;
    fetch(req: Request): Response | Promise<Response>;
  }): { port: number; stop(force?: boolean): void };
};
declare const process: { argv: string[]; exit(code: number): never };

const dir = process.argv[2];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitFor(check: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !check(); waited += 20) {
    if (waited > 2_500) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
async function check(name: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
    console.log(`ok - ${name}`);
  } catch (error) {
    console.log(`FAILED - ${name}: ${(error as Error).stack ?? error}`);
    process.exit(1);
  }
}

await check("file loaded, code wins, change applied by polling", async () => {
  const path = `${dir}/config`;
  await Bun.write(path, "[logging]\nlog_level = debug\n[retry]\nretry_max = 2\n");
  await using client = new PlatformClient({ configFilePath: path, retry: { retryMax: 1 } });
  await client.ready;
  assert.equal(client.config.values.logging.logLevel, "debug");
  assert.equal(client.config.values.retry.retryMax, 1);
  await Bun.write(path, '{"logging": {"log_level": "trace"}}');
  await waitFor(() => client.config.values.logging.logLevel === "trace", "reload");
});

await check("invalid file: one logged error, last good stays", async () => {
  const path = `${dir}/config2`;
  await Bun.write(path, "[logging]\nlog_level = debug\n");
  const records: LogRecord[] = [];
  await using client = new PlatformClient({
    configFilePath: path,
    logging: { logToConsole: false, sink: (r) => records.push(r) },
  });
  await client.ready;
  await Bun.write(path, "[logging]\nlog_level = trace\n[gateway]\nhost = gw\nport = 70000\n");
  await waitFor(() => records.length === 1, "one error");
  await sleep(2_200);
  assert.equal(records.length, 1);
  assert.match(JSON.stringify(records[0]), /\[gateway\] port: must be a port from 1 to 65535/);
  assert.equal(client.config.values.logging.logLevel, "debug");
  assert.equal(client.config.values.gateway, undefined);
});

await check("explicit path created after start-up", async () => {
  const path = `${dir}/later`;
  await using client = new PlatformClient({ configFilePath: path });
  await assert.rejects(client.ready, ConfigFileError);
  await Bun.write(path, "[retry]\nretry_max = 3\n");
  await waitFor(() => client.config.values.retry.retryMax === 3, "created file");
});

await check("log file is appended to, not truncated", async () => {
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch: () => Response.json({ ok: true }),
  });
  const logPath = `${dir}/sdk.log`;
  await Bun.write(logPath, "existing line\n");
  try {
    const client = new PlatformClient({
      basePath: `http://127.0.0.1:${server.port}`,
      accessToken: "bun-secret-token",
      liveReloadConfig: false,
      logging: {
        logLevel: "debug",
        logFormat: "json",
        logToConsole: false,
        logFilePath: logPath,
      },
    });
    const endpoint = { name: "getUsersMe", method: "GET", path: "/api/v2/users/me", params: [] };
    await client.call(endpoint as never, []);
    await client.call(endpoint as never, []);
    await client.close();
    const lines = (await Bun.file(logPath).text()).trim().split("\n");
    assert.equal(lines.length, 3);
    assert.equal(lines[0], "existing line");
    for (const line of lines.slice(1)) {
      const record = JSON.parse(line);
      assert.equal(record.level, "debug");
      assert.equal(record.requestHeaders.authorization, "[REDACTED]");
    }
    assert.ok(!lines.join("\n").includes("bun-secret-token"));
  } finally {
    server.stop(true);
  }
});

// Deliberately never closed: the unref'd poll timer must not keep Bun alive.
const leftOpen = new PlatformClient({ configFilePath: `${dir}/config`, liveReloadConfig: true });
await leftOpen.ready;
console.log("bun reload: all checks passed");
