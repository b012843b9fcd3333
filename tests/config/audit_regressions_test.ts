/**
 * Secrets in configuration errors, config file paths that change, and log
 * sinks and hooks that fail: cases found by an audit, each checked here
 * through the public API.
 */
import assert from "node:assert/strict";
import { ConfigurationError, type Endpoint, type LogRecord, PlatformClient } from "../../mod.ts";
import { parseConfigFile } from "../../src/config/config_file.ts";
import { ConfigFileError } from "../../src/config/config_file.ts";
import { startEchoServer } from "../_helpers/echo_server.ts";

const SECRET = "Hunter2Secret";
const getMe: Endpoint = { name: "getUsersMe", method: "GET", path: "/api/v2/users/me", params: [] };

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ConfigurationError, String(error));
    return error.message;
  }
  assert.fail("expected a ConfigurationError");
}

Deno.test("configuration errors never quote a password given inside a host, URL or JSON file", () => {
  const cases: [string, () => unknown, RegExp][] = [
    [
      "environment with credentials",
      () => new PlatformClient({ environment: `https://u:${SECRET}@api.mypurecloud.com` }),
      /environment \(value hidden: it contains '@'\) is not a domain/,
    ],
    [
      "gateway.host with credentials",
      () => new PlatformClient({ gateway: { host: `u:${SECRET}@gw.example.com` } }),
      /gateway\.host \(value hidden/,
    ],
    [
      "basePath that is not a URL",
      () => new PlatformClient({ basePath: `https://u:${SECRET}@host:999999` }),
      /basePath is not an absolute URL/,
    ],
    [
      "proxy.host URL whose password holds a slash",
      () => new PlatformClient().setProxy({ host: `http://u:x/${SECRET}@proxy` }),
      /proxy\.host \(value hidden: it contains '@'\) must be a bare host name/,
    ],
    [
      "INI [proxy] host whose password holds an @",
      () => parseConfigFile(`[proxy]\nhost = http://user:p@${SECRET}@proxy.corp\n`, "/x/config"),
      /proxy\.host|host/,
    ],
    [
      "JSON with an unquoted password",
      () =>
        parseConfigFile(`{"gateway":{"host":"gw.example.com","password":${SECRET}}}`, "/x/c.json"),
      /^\/x\/c\.json: not valid JSON/,
    ],
  ];
  for (const [name, run, pattern] of cases) {
    const message = messageOf(run);
    assert.match(message, pattern, name);
    assert.ok(!message.includes(SECRET), `${name}: ${message}`);
  }
  // Where V8 gives the fault's position, the message says where, without the text.
  assert.match(
    messageOf(() => parseConfigFile('{\n "logging": {"log_level": "trace",}}', "/x/c.json")),
    /not valid JSON \(line 2, column \d+\)$/,
  );
});

Deno.test("a JSON config file with the same section twice is refused, as an INI file is", () => {
  assert.throws(
    () =>
      parseConfigFile(
        '{"logging": {"log_level": "debug"}, "Logging": {"log_level": "trace"}}',
        "/x/c.json",
      ),
    (e) => e instanceof ConfigFileError && /\[logging\].*appears twice/.test(e.message),
  );
});

Deno.test("a new config file path drops the old file's settings, even when the new path has no file", async () => {
  const dir = await Deno.makeTempDir({ prefix: "config-switch-" });
  const path = `${dir}/config`;
  await Deno.writeTextFile(
    path,
    "[logging]\nlog_format = json\n[general]\nhost = mypurecloud.de\n",
  );
  const client = new PlatformClient({ configFilePath: path, liveReloadConfig: false });
  try {
    await client.ready;
    assert.equal(client.config.urls.api, "https://api.mypurecloud.de");
    assert.equal(client.config.values.logging.logFormat, "json");
    client.config.set({ configFilePath: `${dir}/missing/config` });
    await client.ready.catch(() => {});
    assert.equal(client.config.urls.api, "https://api.mypurecloud.com");
    assert.equal(client.config.values.logging.logFormat, "text");
  } finally {
    await client.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a log sink or request log hook that rejects does not fail the call nor go unhandled", async () => {
  await using server = startEchoServer();
  let sinkCalls = 0;
  let hookCalls = 0;
  const client = new PlatformClient({
    basePath: server.url,
    accessToken: "t",
    liveReloadConfig: false,
    logging: {
      logLevel: "debug",
      logToConsole: false,
      sink: async () => {
        sinkCalls++;
        await Promise.resolve();
        throw new Error("the log backend is down");
      },
    },
    retry: {
      requestLogHook: () => {
        hookCalls++;
        return Promise.reject(new Error("the hook failed"));
      },
    },
  });
  try {
    server.reply(() => Response.json({ id: "me" }));
    assert.deepEqual(await client.call(getMe, []), { id: "me" });
    // Deno fails a test with an unhandled rejection: give them a turn to surface.
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(sinkCalls, 1);
    assert.equal(hookCalls, 1);
  } finally {
    await client.close();
  }
});

Deno.test("a record is logged whole when a password also appears as a number in it", async () => {
  // The gateway password is "48213", and so is a number in the answer.
  await using server = startEchoServer();
  const port = Number(new URL(server.url).port);
  const records: LogRecord[] = [];
  const client = new PlatformClient({
    gateway: { host: "127.0.0.1", protocol: "http", port, username: "gw", password: "48213" },
    accessToken: "t",
    liveReloadConfig: false,
    logging: {
      logLevel: "trace",
      logResponseBody: true,
      logToConsole: false,
      sink: (record) => void records.push(record),
    },
  });
  try {
    server.reply(() => Response.json({ total: 48213, note: "code 48213" }));
    await client.call(getMe, []);
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(records.length, 1);
    const body = String((records[0] as { responseBody?: string }).responseBody);
    assert.ok(!body.includes("48213"), body);
    assert.equal((records[0] as { statusCode?: number }).statusCode, 200);
  } finally {
    await client.close();
  }
});

Deno.test("a logging change made while the logger loads is applied", async () => {
  await using server = startEchoServer();
  // The change lands at a different point of the logger's loading in each round.
  for (let delay = 0; delay < 8; delay++) {
    const lines: string[] = [];
    const client = new PlatformClient({
      basePath: server.url,
      accessToken: "t",
      liveReloadConfig: false,
      logging: {
        logLevel: "debug",
        logFormat: "text",
        logToConsole: false,
        sink: (_record, line) => void lines.push(line),
      },
    });
    try {
      await client.ready;
      for (let i = 0; i < 2; i++) server.reply(() => Response.json({ id: "me" }));
      const first = client.call(getMe, []); // loads the logger
      for (let i = 0; i < delay; i++) await Promise.resolve();
      client.config.set({ logging: { logFormat: "json" } });
      await first;
      await client.call(getMe, []);
      await new Promise((resolve) => setTimeout(resolve, 5));
      // The second call's line is JSON, whatever the first one's was.
      assert.equal(lines.length, 2, `delay ${delay}`);
      assert.ok(lines[1].startsWith("{"), `delay ${delay}: ${lines[1]}`);
    } finally {
      await client.close();
    }
  }
});
