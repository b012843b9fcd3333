/**
 * Issue 22, item 1: a config path that never finishes reading must not wedge
 * anything. Only regular files are read (a FIFO, socket, device or directory
 * is a ConfigFileError naming it, the last good configuration stays); every
 * stat and read has a time limit; close() never waits on a hung one; the
 * process can still exit (fifo_exit_check.ts, in Deno and Bun).
 */
import assert from "node:assert/strict";
import {
  ConfigFileError,
  Configuration,
  type MessageLogRecord,
  PlatformClient,
} from "../../mod.ts";
import { clientPlugins } from "../../mod.ts";
import { ConfigFileSource } from "../../src/config/file_source.ts";
import { fakeFiles, waitFor, within } from "./_fake_files.ts";

const sanitize = { sanitizeOps: true, sanitizeResources: true };
const PLUGINS = clientPlugins(undefined);
const root = new URL("../..", import.meta.url).pathname;
const BUN = `${root}.tools/node_modules/.bin/bun`;
const PATH = "/etc/gc/config";

async function mkfifo(path: string): Promise<void> {
  const out = await new Deno.Command("mkfifo", { args: [path], stderr: "piped" }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
}

/**
 * Opens `fifo` for writing and closes it, so a reader stuck opening it gets
 * an empty file (what the code before the fix needs to get unstuck); gives up
 * after 2 s when nobody reads.
 */
async function unblock(fifo: string): Promise<void> {
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), 2_000);
  try {
    await new Deno.Command("sh", {
      args: ["-c", ': > "$0"', fifo],
      signal: stop.signal,
      stdout: "null",
      stderr: "null",
    }).output();
  } finally {
    clearTimeout(timer);
  }
}

function client(path: string, messages: MessageLogRecord[]): PlatformClient {
  return new PlatformClient({
    configFilePath: path,
    logging: { logToConsole: false, sink: (r) => "message" in r && messages.push(r) },
  });
}

Deno.test({
  name: "a FIFO, socket, character device or directory is a ConfigFileError naming it",
  ...sanitize,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "gc-kinds-" });
    const socket = Deno.listen({ transport: "unix", path: `${dir}/socket` });
    try {
      await mkfifo(`${dir}/fifo`);
      const cases: [string, string][] = [
        [`${dir}/fifo`, "is a FIFO, not a regular file"],
        [`${dir}/socket`, "is a socket, not a regular file"],
        ["/dev/null", "is a character device, not a regular file"],
        [dir, "is a directory, not a regular file"],
      ];
      for (const [path, problem] of cases) {
        const messages: MessageLogRecord[] = [];
        await using gc = client(path, messages);
        const ready = gc.ready.then(() => "loaded", (error: unknown) => error);
        const outcome = await within(ready, 5_000, `ready for ${path}`, () => unblock(path));
        assert.ok(outcome instanceof ConfigFileError, `${path}: ${outcome}`);
        assert.equal(outcome.problem, problem);
        assert.equal(outcome.message, `${path}: ${problem}`);
        await waitFor(() => messages.length > 0, "the logged error");
        assert.deepEqual(messages.map((m) => m.message), [
          `genesys-cloud: config file rejected: ${path}: ${problem}`,
        ]);
      }
    } finally {
      socket.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "a file replaced by a FIFO keeps the last good config; a good file later is applied",
  ...sanitize,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "gc-fifo-" });
    const path = `${dir}/config`;
    try {
      await Deno.writeTextFile(path, "[retry]\nretry_max = 2\n");
      const messages: MessageLogRecord[] = [];
      const gc = client(path, messages);
      try {
        await gc.ready;
        await Deno.remove(path);
        await mkfifo(path);
        await within(
          waitFor(() => messages.length > 0, "the FIFO's report"),
          6_000,
          "the FIFO's report",
          () => unblock(path),
        );
        assert.equal(
          messages[0].message,
          `genesys-cloud: config file rejected, keeping the last good configuration: ` +
            `${path}: is a FIFO, not a regular file`,
        );
        assert.equal(gc.config.values.retry.retryMax, 2, "the last good config stays");
        await Deno.remove(path);
        await Deno.writeTextFile(path, "[retry]\nretry_max = 5\n");
        await waitFor(() => gc.config.values.retry.retryMax === 5, "the good file");
        assert.equal(messages.length, 1);
      } finally {
        await within(gc.close(), 5_000, "close()", () => unblock(path));
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "a read that hangs is cut off at the time limit and reported; the next version applies",
  ...sanitize,
  async fn() {
    const files = fakeFiles();
    files.write(PATH, "[retry]\nretry_max = 1\n");
    const config = new Configuration({ configFilePath: PATH }, PLUGINS);
    const reports: [string, string][] = [];
    const source = new ConfigFileSource(config, {
      files,
      pollIntervalMs: 10,
      settleMs: 5,
      ioTimeoutMs: 100,
      report: (message, level) => reports.push([level, message]),
    });
    try {
      await source.ready;
      files.hang.read = true;
      files.write(PATH, "[retry]\nretry_max = 2\n");
      await within(
        waitFor(() => reports.length > 0, "a report"),
        6_000,
        "the report",
        () => files.release(),
      );
      assert.deepEqual(reports, [[
        "error",
        "genesys-cloud: config file check failed, keeping the last good configuration: " +
        `${PATH}: read did not finish within 100 ms`,
      ]]);
      assert.ok(files.cancelled >= 1, "the read was cancelled, not left running");
      assert.equal(config.values.retry.retryMax, 1);
      files.hang.read = false;
      files.write(PATH, "[retry]\nretry_max = 3\n");
      await waitFor(() => config.values.retry.retryMax === 3, "the next version");
      assert.equal(reports.length, 1, "reported once");
    } finally {
      files.release();
      await within(source.close(), 2_000, "close()");
    }
  },
});

Deno.test({
  name: "close() does not wait for a stat that never returns; checks resume once it does",
  ...sanitize,
  async fn() {
    const files = fakeFiles();
    files.write(PATH, "[retry]\nretry_max = 1\n");
    const config = new Configuration({ configFilePath: PATH }, PLUGINS);
    const reports: string[] = [];
    const source = new ConfigFileSource(config, {
      files,
      pollIntervalMs: 10,
      settleMs: 5,
      ioTimeoutMs: 100,
      report: (message) => reports.push(message),
    });
    try {
      await source.ready;
      files.hang.stat = true;
      await within(waitFor(() => reports.length > 0, "a report"), 6_000, "the report", () => {
        files.release();
      });
      assert.match(reports[0], /: stat did not finish within 100 ms$/);
      files.write(PATH, "[retry]\nretry_max = 4\n");
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(config.values.retry.retryMax, 1, "no check while the stat is out");
      assert.equal(reports.length, 1, "one report, no pile of stats");
      files.release();
      await waitFor(() => config.values.retry.retryMax === 4, "checks resumed");
      files.hang.stat = true;
      files.write(PATH, "[retry]\nretry_max = 6\n");
      await new Promise((resolve) => setTimeout(resolve, 30));
    } finally {
      // A stat is out (or about to be) and never returns while closing.
      await within(source.close(), 2_000, "close()", () => files.release());
      files.release();
    }
  },
});

async function exitsUnaided(command: string, args: string[]): Promise<string> {
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), 30_000);
  try {
    const out = await new Deno.Command(command, {
      args,
      cwd: root,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      signal: stop.signal,
    }).output();
    const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
    assert.ok(!stop.signal.aborted, `${command} did not exit on its own: ${text}`);
    assert.equal(out.code, 0, text);
    return new TextDecoder().decode(out.stdout);
  } finally {
    clearTimeout(timer);
  }
}

const EXPECTED = [
  "ok - a file replaced by a FIFO is rejected by name; the last good config stays",
  "ok - a good file after the FIFO is applied",
  "ok - a FIFO at start-up is a ConfigFileError; close() settles",
  "fifo: all checks passed",
];

for (
  const [runtime, command, args] of [
    ["Deno", Deno.execPath(), ["run", "-A", "--quiet", `--config=${root}deno.json`]],
    ["Bun", BUN, []],
  ] as const
) {
  Deno.test(`${runtime}: a config path turned FIFO wedges nothing; the process exits`, async () => {
    const dir = await Deno.makeTempDir({ prefix: "gc-fifo-exit-" });
    try {
      const stdout = await exitsUnaided(command, [
        ...args,
        `${root}tests/config/fifo_exit_check.ts`,
        dir,
      ]);
      assert.deepEqual(stdout.trim().split("\n"), EXPECTED);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}
