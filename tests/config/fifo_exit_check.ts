/**
 * Run by unreadable_paths_test.ts with Deno and with Bun: a config path
 * turned into a FIFO (which blocks whoever opens it for reading until a
 * writer comes) is rejected by name, a good file afterwards is applied, and
 * the process exits by itself with a never-closed client whose path is a
 * FIFO. Argument: a scratch directory. Prints one line per check, then
 * "fifo: all checks passed"; exits 1 on the first failure.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { rm, writeFile } from "node:fs/promises";
import process from "node:process";
import "../../src/features/config_file.ts";
import "../../src/features/logging.ts";
import { PlatformClient } from "../../src/client/platform_client.ts";
import { ConfigFileError } from "../../src/config/config_file.ts";

const dir = process.argv[process.argv.length - 1];
const path = `${dir}/config`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(check: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !check(); waited += 20) {
    if (waited > 5_000) throw new Error(`timed out waiting for ${what}`);
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

async function makeFifo(): Promise<void> {
  await rm(path, { force: true });
  execFileSync("mkfifo", [path]);
}

await writeFile(path, "[retry]\nretry_max = 2\n");
const messages: string[] = [];
// Never closed: the process must exit anyway, though its path ends up a FIFO.
const client = new PlatformClient({
  configFilePath: path,
  logging: { logToConsole: false, sink: (r) => "message" in r && messages.push(r.message) },
});
await client.ready;

await check(
  "a file replaced by a FIFO is rejected by name; the last good config stays",
  async () => {
    await makeFifo();
    await waitFor(() => messages.length === 1, "the FIFO's report");
    assert.equal(
      messages[0],
      `genesys-cloud: config file rejected, keeping the last good configuration: ${path}: ` +
        "is a FIFO, not a regular file",
    );
    assert.equal(client.config.values.retry.retryMax, 2);
  },
);

await check("a good file after the FIFO is applied", async () => {
  await rm(path);
  await writeFile(path, "[retry]\nretry_max = 5\n");
  await waitFor(() => client.config.values.retry.retryMax === 5, "the good file");
  await makeFifo();
  await waitFor(() => messages.length === 2, "the second FIFO's report");
});

await check("a FIFO at start-up is a ConfigFileError; close() settles", async () => {
  const other = new PlatformClient({ configFilePath: path, logging: { logToConsole: false } });
  await assert.rejects(
    other.ready,
    (e: unknown) => e instanceof ConfigFileError && e.problem === "is a FIFO, not a regular file",
  );
  await other.close();
});

console.log("fifo: all checks passed");
