/**
 * Issue 22, item 2: a save that truncates and then writes, caught by a
 * reload, never applies an empty or half-written file. A reload waits until
 * the file has been stable for the settle time; an empty file is never
 * applied on reload (the last good configuration stays, with a warning); a
 * reload that changes the API or login host is reported at error level with
 * the old and new host.
 */
import assert from "node:assert/strict";
import {
  Configuration,
  type Endpoint,
  type GatewayConfig,
  type MessageLogRecord,
  PlatformClient,
} from "../../mod.ts";
import { clientPlugins } from "../../mod.ts";
import type { FileInfo } from "../../src/base/file_system.ts";
import { ConfigFileSource } from "../../src/config/file_source.ts";
import { startEchoServer } from "../_helpers/echo_server.ts";
import { fakeFiles, waitFor } from "./_fake_files.ts";

const sanitize = { sanitizeOps: true, sanitizeResources: true };
const PLUGINS = clientPlugins(undefined);
const PATH = "/etc/gc/config";
const getMe: Endpoint = { name: "getUsersMe", method: "GET", path: "/api/v2/users/me", params: [] };

function start(config: Configuration, files = fakeFiles()) {
  const reports: [string, string][] = [];
  const source = new ConfigFileSource(config, {
    files,
    pollIntervalMs: 10,
    settleMs: 20,
    report: (message, level) => reports.push([level, message]),
  });
  return { source, reports, files };
}

Deno.test({
  name: "a save caught half-way (truncated, then partly written) is never applied",
  ...sanitize,
  async fn() {
    const files = fakeFiles();
    files.write(PATH, "[gateway]\nhost = a.example.com\n");
    const config = new Configuration({ configFilePath: PATH }, PLUGINS);
    const { source, reports } = start(config, files);
    await source.ready;
    const applied: (GatewayConfig | undefined)[] = [];
    config.onChange((values) => applied.push(values.gateway));
    // The save in steps, each written just after the source first sees the one before it:
    // whatever reads right after its stat sees a version that is about to change.
    const steps = [
      "",
      "[gateway]\nhost = b.example.com\nport = 84",
      "[gateway]\nhost = b.exa",
      "[gateway]\nhost = b.example.com\nport = 8443\n",
    ];
    let seen: string | undefined;
    files.onStat = (_path, info: FileInfo | undefined) => {
      if (!info || info.stamp === seen || steps.length === 0) return;
      seen = info.stamp;
      const next = steps.shift()!;
      setTimeout(() => files.write(PATH, next), 0);
    };
    try {
      await waitFor(() => config.values.gateway?.port === 8443, "the finished save");
      assert.deepEqual(applied, [{ host: "b.example.com", port: 8443 }], "only the whole file");
      assert.deepEqual(reports, [[
        "error",
        `genesys-cloud: config file ${PATH} changed the API host from https://a.example.com ` +
        `to https://b.example.com:8443 and the login host from https://a.example.com to ` +
        `https://b.example.com:8443; requests and tokens now go there`,
      ]]);
    } finally {
      files.onStat = undefined;
      await source.close();
    }
  },
});

Deno.test({
  name: "an empty file on reload is kept out with a warning; the last good config stays",
  ...sanitize,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "gc-empty-" });
    const path = `${dir}/config`;
    const config = new Configuration({ configFilePath: path }, PLUGINS);
    const reports: [string, string][] = [];
    const source = new ConfigFileSource(config, {
      report: (message, level) => reports.push([level, message]),
    });
    try {
      await Deno.writeTextFile(path, "[retry]\nretry_max = 3\n[gateway]\nhost = gw.example.com\n");
      await source.ready;
      const warning = [
        "warn",
        `genesys-cloud: config file ${path} is empty, keeping the last good configuration`,
      ];
      for (const [n, blank] of ["", "\n  \r\n\t", "\uFEFF"].entries()) {
        await Deno.writeTextFile(path, blank);
        await waitFor(() => reports.length === n + 1, `the warning for ${JSON.stringify(blank)}`);
        assert.deepEqual(reports[n], warning);
        assert.equal(config.values.gateway?.host, "gw.example.com", "the last good config stays");
        assert.equal(config.values.retry.retryMax, 3);
        assert.equal(source.error, undefined, "calls go on");
      }
      await Deno.writeTextFile(path, "[retry]\nretry_max = 1\n");
      await waitFor(() => config.values.retry.retryMax === 1, "the next good version");
      assert.equal(config.values.gateway, undefined);
    } finally {
      await source.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "an empty file at start-up is applied: nothing is configured yet to keep",
  ...sanitize,
  async fn() {
    const files = fakeFiles();
    files.write(PATH, "");
    const config = new Configuration({ configFilePath: PATH }, PLUGINS);
    const { source, reports } = start(config, files);
    try {
      await source.ready;
      assert.equal(source.error, undefined);
      files.write(PATH, "");
      await new Promise((resolve) => setTimeout(resolve, 80));
      assert.deepEqual(reports, [], "the same (empty) text again: nothing to say");
    } finally {
      await source.close();
    }
  },
});

Deno.test({
  name: "client: a truncated file does not send the token elsewhere; a host change is an error",
  ...sanitize,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "gc-truncated-" });
    await using first = startEchoServer();
    await using second = startEchoServer();
    const gateway = (url: string) =>
      `[gateway]\nhost = 127.0.0.1\nprotocol = http\nport = ${new URL(url).port}\n`;
    try {
      const path = `${dir}/config`;
      await Deno.writeTextFile(path, gateway(first.url));
      const messages: MessageLogRecord[] = [];
      await using client = new PlatformClient({
        configFilePath: path,
        accessToken: "the-token",
        logging: { logToConsole: false, sink: (r) => "message" in r && messages.push(r) },
      });
      await client.call(getMe, []);
      assert.equal(first.seen.length, 1);
      // A save that truncates first, caught before the rest is written.
      await Deno.writeTextFile(path, "");
      await waitFor(() => messages.length === 1, "the warning");
      assert.equal(
        messages[0].message,
        `genesys-cloud: config file ${path} is empty, keeping the last good configuration`,
      );
      await client.call(getMe, []);
      assert.equal(first.seen.length, 2, "still the gateway");
      assert.equal(first.seen[1].headers.get("authorization"), "Bearer the-token");
      await Deno.writeTextFile(path, gateway(second.url));
      await waitFor(() => messages.length === 2, "the host change");
      assert.equal(messages[1].level, "error");
      assert.equal(
        messages[1].message,
        `genesys-cloud: config file ${path} changed the API host from ${first.url} to ` +
          `${second.url} and the login host from ${first.url} to ${second.url}; ` +
          "requests and tokens now go there",
      );
      await client.call(getMe, []);
      assert.equal(second.seen.length, 1);
      // A change that keeps the hosts is not reported.
      await Deno.writeTextFile(path, gateway(second.url) + "[retry]\nretry_max = 1\n");
      await waitFor(() => client.config.values.retry.retryMax === 1, "the retry change");
      assert.equal(messages.length, 2);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "a host change through [general] host is reported; a path-only change is not",
  ...sanitize,
  async fn() {
    const files = fakeFiles();
    files.write(PATH, "[gateway]\nhost = gw.example.com\npath_params_api = v1\n");
    const config = new Configuration({ configFilePath: PATH }, PLUGINS);
    const { source, reports } = start(config, files);
    try {
      await source.ready;
      files.write(PATH, "[gateway]\nhost = gw.example.com\npath_params_api = v2\n");
      await waitFor(() => config.urls.api === "https://gw.example.com/v2", "the path change");
      files.write(PATH, "[general]\nhost = mypurecloud.de\n");
      await waitFor(() => reports.length > 0, "the report");
      assert.deepEqual(reports, [[
        "error",
        `genesys-cloud: config file ${PATH} changed the API host from https://gw.example.com ` +
        `to https://api.mypurecloud.de and the login host from https://gw.example.com to ` +
        `https://login.mypurecloud.de; requests and tokens now go there`,
      ]]);
    } finally {
      await source.close();
    }
  },
});
