/**
 * The config file through PlatformClient on real files: loading before the
 * first call, precedence, live reload (change, create, invalid), disposal,
 * and that an unclosed client never keeps Deno or Bun alive.
 */
import assert from "node:assert/strict";
import {
  ConfigFileError,
  type Endpoint,
  type LogRecord,
  type MessageLogRecord,
  PlatformClient,
} from "../../mod.ts";
import { startEchoServer } from "../_helpers/echo_server.ts";
import { waitFor } from "./_fake_files.ts";

const sanitize = { sanitizeOps: true, sanitizeResources: true };
const getMe: Endpoint = { name: "getUsersMe", method: "GET", path: "/api/v2/users/me", params: [] };
const root = new URL("../..", import.meta.url).pathname;
const BUN = `${root}.tools/node_modules/.bin/bun`;

async function tempDir(): Promise<string> {
  return await Deno.makeTempDir({ prefix: "gc-config-" });
}

Deno.test({
  name: "client: the file is applied before the first call; code wins over file",
  ...sanitize,
  async fn() {
    const dir = await tempDir();
    await using srv = startEchoServer();
    try {
      const path = `${dir}/config`;
      await Deno.writeTextFile(
        path,
        "[logging]\nlog_level = debug\nlog_format = json\n[retry]\nretry_max = 2\n" +
          "[general]\nhost = mypurecloud.de\n",
      );
      const records: LogRecord[] = [];
      await using client = new PlatformClient({
        configFilePath: path,
        basePath: srv.url,
        accessToken: "t",
        retry: { retryMax: 1 },
        logging: { logToConsole: false, sink: (r) => records.push(r) },
      });
      // Not awaiting ready: the call waits for the file itself.
      await client.call(getMe, []);
      assert.equal(records.length, 1, "logged at the file's level");
      assert.equal(records[0].level, "debug");
      const v = client.config.values;
      assert.equal(v.logging.logLevel, "debug");
      assert.equal(v.logging.logFormat, "json");
      assert.equal(v.retry.retryMax, 1, "code wins");
      assert.equal(v.environment, "mypurecloud.de");
      assert.equal(client.config.urls.api, srv.url, "basePath from code wins for API calls");
      assert.equal(client.config.urls.login, "https://login.mypurecloud.de");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "client: live reload applies a change within 2 s",
  ...sanitize,
  async fn() {
    const dir = await tempDir();
    try {
      const path = `${dir}/config`;
      await Deno.writeTextFile(path, "[logging]\nlog_level = error\n");
      await using client = new PlatformClient({ configFilePath: path });
      await client.ready;
      assert.equal(client.config.values.logging.logLevel, "error");
      const changes: string[] = [];
      client.config.onChange((v) => changes.push(v.logging.logLevel));
      await Deno.writeTextFile(path, '{"logging": {"log_level": "trace"}}');
      await waitFor(() => client.config.values.logging.logLevel === "trace", "reload", 2_500);
      assert.deepEqual(changes, ["trace"]);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "client: explicit path created after start-up; calls fail with the error until then",
  ...sanitize,
  async fn() {
    const dir = await tempDir();
    await using srv = startEchoServer();
    try {
      const path = `${dir}/later.ini`;
      await using client = new PlatformClient({
        configFilePath: path,
        basePath: srv.url,
        accessToken: "t",
        logging: { logToConsole: false },
      });
      await assert.rejects(client.ready, ConfigFileError);
      await assert.rejects(client.call(getMe, []), (e: unknown) => {
        assert.ok(e instanceof ConfigFileError);
        assert.equal(e.message, `${path}: config file not found`);
        return true;
      });
      assert.equal(srv.seen.length, 0, "nothing was sent");
      await Deno.writeTextFile(path, "[retry]\nretry_max = 3\n");
      await waitFor(() => client.config.values.retry.retryMax === 3, "created file", 2_500);
      assert.deepEqual(await client.call(getMe, []), { ok: true });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "client: default $HOME/.genesyscloudts/config, created after start-up",
  ...sanitize,
  async fn() {
    // Runs in its own process with its own HOME: changing HOME here would leak into test
    // files running in parallel in this process.
    const home = await tempDir();
    try {
      const script = `${home}/probe.ts`;
      await Deno.writeTextFile(
        script,
        `import { PlatformClient } from "${root}mod.ts";
const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, () => Response.json({}));
const client = new PlatformClient({ basePath: "http://127.0.0.1:" + server.addr.port });
const me = { name: "getUsersMe", method: "GET", path: "/api/v2/users/me", params: [] } as const;
await client.call(me, []);
const before = client.config.values.logging.logLevel;
await Deno.mkdir("${home}/.genesyscloudts");
await Deno.writeTextFile("${home}/.genesyscloudts/config", "[logging]\\nlog_level=error\\n");
// No timer watches a default file that did not exist; the next call after the check
// interval (0.1 s) finds it before it is sent.
await new Promise((resolve) => setTimeout(resolve, 300));
await client.call(me, []);
console.log(JSON.stringify({ before, after: client.config.values.logging.logLevel }));
await client.close();
await server.shutdown();
`,
      );
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "--quiet", "--config", `${root}deno.json`, script],
        env: { HOME: home },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const text = new TextDecoder().decode(out.stdout).trim();
      assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
      assert.deepEqual(JSON.parse(text.split("\n").pop()!), { before: "none", after: "error" });
    } finally {
      await Deno.remove(home, { recursive: true });
    }
  },
});

Deno.test({
  name: "client: an invalid file is rejected with one logged error; the last good stays",
  ...sanitize,
  async fn() {
    const dir = await tempDir();
    try {
      const path = `${dir}/config`;
      await Deno.writeTextFile(path, "[logging]\nlog_level = debug\n[retry]\nretry_max = 2\n");
      const messages: MessageLogRecord[] = [];
      await using client = new PlatformClient({
        configFilePath: path,
        logging: {
          logToConsole: false,
          sink: (r) => "message" in r && messages.push(r),
        },
      });
      await client.ready;
      await Deno.writeTextFile(path, "[logging]\nlog_level = trace\n[retry]\nretry_max = -4\n");
      await waitFor(() => messages.length === 1, "one error", 2_500);
      // Many more polls happen in this time; the same bad version is not reported again.
      await new Promise((r) => setTimeout(r, 2_200));
      assert.equal(messages.length, 1);
      assert.equal(messages[0].level, "error");
      assert.equal(
        messages[0].message,
        `genesys-cloud: config file rejected, keeping the last good configuration: ` +
          `${path}:4: [retry] retry_max: must be an integer >= 0, got "-4"`,
      );
      assert.equal(client.config.values.logging.logLevel, "debug", "nothing half-applied");
      assert.equal(client.config.values.retry.retryMax, 2);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "client: await using / close() stop watching; later changes are ignored",
  ...sanitize,
  async fn() {
    const dir = await tempDir();
    try {
      const path = `${dir}/config`;
      await Deno.writeTextFile(path, "[retry]\nretry_max = 1\n");
      let config;
      {
        await using client = new PlatformClient({ configFilePath: path });
        await client.ready;
        config = client.config;
      }
      await Deno.writeTextFile(path, "[retry]\nretry_max = 5\n");
      await new Promise((r) => setTimeout(r, 1_500));
      assert.equal(config.values.retry.retryMax, 1);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

const NEVER_CLOSED = `
import { PlatformClient } from "${root}mod.ts";
const dir = Deno.args[0];
await Deno.writeTextFile(dir + "/config", "[logging]\\nlog_level = error\\n");
const client = new PlatformClient({ configFilePath: dir + "/config", liveReloadConfig: true });
await client.ready;
console.log("loaded " + client.config.values.logging.logLevel);
`;

async function exitsUnaided(
  command: string,
  args: string[],
  env?: Record<string, string>,
): Promise<{ stdout: string; stderr: string }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 20_000);
  try {
    const out = await new Deno.Command(command, {
      args,
      env,
      cwd: root,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      signal: controller.signal,
    }).output();
    const stdout = new TextDecoder().decode(out.stdout);
    const stderr = new TextDecoder().decode(out.stderr);
    assert.ok(!controller.signal.aborted, `${command} did not exit on its own: ${stdout}${stderr}`);
    assert.equal(out.code, 0, stdout + stderr);
    return { stdout, stderr };
  } finally {
    clearTimeout(timer);
  }
}

Deno.test("a never-closed client does not keep Deno alive", async () => {
  const dir = await tempDir();
  try {
    const script = `${dir}/never_closed.ts`;
    await Deno.writeTextFile(script, NEVER_CLOSED);
    const { stdout } = await exitsUnaided(Deno.execPath(), [
      "run",
      "-A",
      `--config=${root}deno.json`,
      script,
      dir,
    ]);
    assert.match(stdout, /loaded error/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("Bun: live reload by polling, one error for an invalid file, exits unaided", async () => {
  const dir = await tempDir();
  try {
    const { stdout, stderr } = await exitsUnaided(BUN, [
      `${root}tests/config/bun_reload_check.ts`,
      dir,
    ]);
    const lines = stdout.trim().split("\n");
    assert.deepEqual(lines, [
      "ok - file loaded, code wins, change applied by polling",
      "ok - invalid file: one logged error, last good stays",
      "ok - explicit path created after start-up",
      "ok - log file is appended to, not truncated",
      "bun reload: all checks passed",
    ], stdout + stderr);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
