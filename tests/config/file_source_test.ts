/**
 * ConfigFileSource against an in-memory file system with a 10 ms poll, so
 * reload behaviour is checked quickly; live_reload_test.ts does the same on
 * real files through PlatformClient.
 */
import assert from "node:assert/strict";
import { ConfigFileError, Configuration } from "../../mod.ts";
import { ConfigFileSource } from "../../src/config/file_source.ts";
import { fakeFiles, waitFor } from "./_fake_files.ts";
import { clientPlugins } from "../../mod.ts";

/** The plugins of the package root (every feature registered). */
const PLUGINS = clientPlugins(undefined);

const sanitize = { sanitizeOps: true, sanitizeResources: true };
const DEFAULT_PATH = "/home/me/.genesyscloudts/config";

function start(config: Configuration, files = fakeFiles()) {
  const reports: string[] = [];
  const source = new ConfigFileSource(config, {
    files,
    pollIntervalMs: 10,
    report: (m) => reports.push(m),
  });
  return { source, reports, files };
}

Deno.test({
  name: "file source: default path, missing at start, created later, then changed",
  ...sanitize,
  async fn() {
    const config = new Configuration(undefined, PLUGINS);
    const { source, files } = start(config);
    try {
      await source.ready;
      assert.equal(source.path, DEFAULT_PATH);
      assert.equal(source.error, undefined);
      assert.equal(source.watching, false, "no default file yet: no timer");
      files.write(DEFAULT_PATH, "[logging]\nlog_level = debug\n");
      await new Promise((resolve) => setTimeout(resolve, 20));
      await source.checkOnUse(); // what every request does before it is sent
      assert.equal(config.values.logging.logLevel, "debug");
      assert.equal(source.watching, true, "the file exists now: watched by the timer");
      files.write(DEFAULT_PATH, '{"logging": {"log_level": "trace"}, "retry": {"retry_max": 2}}');
      await waitFor(() => config.values.logging.logLevel === "trace", "changed file");
      assert.equal(config.values.retry.retryMax, 2);
    } finally {
      await source.close();
    }
  },
});

Deno.test({
  name: "file source: invalid versions are rejected whole with one report each; last good stays",
  ...sanitize,
  async fn() {
    const config = new Configuration(undefined, PLUGINS);
    const files = fakeFiles();
    files.write(DEFAULT_PATH, "[logging]\nlog_level = debug\n[retry]\nretry_max = 3\n");
    const { source, reports } = start(config, files);
    try {
      await source.ready;
      assert.equal(config.values.logging.logLevel, "debug");
      const bad: [string, RegExp][] = [
        ["[logging]\nlog_level = trace\n[retry]\nretry_max = -1\n", /\[retry\] retry_max/],
        ["[logging]\nlog_level = verbose\n[retry]\nretry_max = 9\n", /\[logging\] log_level/],
        ["[gateway]\nhost = gw\nport = 99999\n", /\[gateway\] port/],
        ["[logging\nlog_level = trace\n", /:1: malformed section header/],
        ['{"logging": {"log_level": "trace"', /not valid JSON/],
      ];
      for (const [text, where] of bad) {
        const before = reports.length;
        files.write(DEFAULT_PATH, text);
        await waitFor(() => reports.length > before, `report for ${text}`);
        // Several more polls (10 ms each): still exactly one report for this version.
        await new Promise((r) => setTimeout(r, 60));
        assert.equal(reports.length, before + 1, reports.join("\n"));
        assert.match(reports[before], where);
        assert.match(reports[before], /keeping the last good configuration/);
        assert.ok(reports[before].includes(DEFAULT_PATH));
        // Nothing half-applied.
        assert.equal(config.values.logging.logLevel, "debug");
        assert.equal(config.values.retry.retryMax, 3);
        assert.equal(config.values.gateway, undefined);
      }
      assert.equal(source.error, undefined, "a good version was loaded: calls keep working");
      files.write(DEFAULT_PATH, "[logging]\nlog_level = error\n");
      await waitFor(() => config.values.logging.logLevel === "error", "fixed file");
      assert.equal(config.values.retry.retryMax, 0, "keys gone from the file fall back");
    } finally {
      await source.close();
    }
  },
});

Deno.test({
  name: "file source: explicit path missing -> error until the file appears",
  ...sanitize,
  async fn() {
    const config = new Configuration({ configFilePath: "/etc/gc/config" }, PLUGINS);
    const { source, files, reports } = start(config);
    try {
      await assert.rejects(source.ready, (e: unknown) => {
        assert.ok(e instanceof ConfigFileError);
        assert.equal(e.file, "/etc/gc/config");
        assert.match(e.message, /^\/etc\/gc\/config: config file not found$/);
        return true;
      });
      assert.ok(source.error instanceof ConfigFileError);
      assert.equal(reports.length, 1);
      files.write("/etc/gc/config", "[logging]\nlog_level = debug\n");
      await waitFor(() => source.error === undefined, "error cleared");
      assert.equal(config.values.logging.logLevel, "debug");
    } finally {
      await source.close();
    }
  },
});

Deno.test({
  name: "file source: an invalid file at start-up is an error until fixed",
  ...sanitize,
  async fn() {
    const config = new Configuration(undefined, PLUGINS);
    const files = fakeFiles();
    files.write(DEFAULT_PATH, "[logging]\nlog_level = loud\n");
    const { source } = start(config, files);
    try {
      await assert.rejects(source.ready, /\[logging\] log_level: unknown log level "loud"/);
      assert.match(String(source.error), /log_level/);
      files.write(DEFAULT_PATH, "[logging]\nlog_level = trace\n");
      await waitFor(() => source.error === undefined, "error cleared");
      assert.equal(config.values.logging.logLevel, "trace");
    } finally {
      await source.close();
    }
  },
});

Deno.test({
  name: "file source: live_reload_config = false stops watching; code's liveReloadConfig wins",
  ...sanitize,
  async fn() {
    const files = fakeFiles();
    files.write(DEFAULT_PATH, "[general]\nlive_reload_config = false\n");
    const off = new Configuration(undefined, PLUGINS);
    const a = start(off, files);
    const forced = new Configuration({ liveReloadConfig: true }, PLUGINS);
    const b = start(forced, files);
    try {
      await a.source.ready;
      await b.source.ready;
      assert.equal(off.values.liveReloadConfig, false);
      assert.equal(a.source.watching, false);
      assert.equal(forced.values.liveReloadConfig, true);
      assert.equal(b.source.watching, true);
      files.write(DEFAULT_PATH, "[general]\nlive_reload_config = false\n[retry]\nretry_max = 1\n");
      await waitFor(() => forced.values.retry.retryMax === 1, "forced reload");
      assert.equal(off.values.retry.retryMax, 0, "not watching: change not picked up");
      // Turning it on in code starts watching again.
      off.set({ liveReloadConfig: true });
      assert.equal(a.source.watching, true);
      await waitFor(() => off.values.retry.retryMax === 1, "reload after turning on");
    } finally {
      await a.source.close();
      await b.source.close();
    }
  },
});

Deno.test({
  name: "file source: a removed file keeps the last configuration; changing configFilePath reloads",
  ...sanitize,
  async fn() {
    const files = fakeFiles();
    files.write(DEFAULT_PATH, "[retry]\nretry_max = 4\n");
    files.write("/other", "[retry]\nretry_max = 6\n");
    const config = new Configuration(undefined, PLUGINS);
    const { source } = start(config, files);
    try {
      await source.ready;
      assert.equal(config.values.retry.retryMax, 4);
      files.remove(DEFAULT_PATH);
      const reads = files.reads;
      await new Promise((r) => setTimeout(r, 60));
      assert.equal(files.reads, reads, "a missing file is not read");
      assert.equal(config.values.retry.retryMax, 4);
      config.set({ configFilePath: "/other" });
      await waitFor(() => config.values.retry.retryMax === 6, "new path");
      assert.equal(source.path, "/other");
    } finally {
      await source.close();
    }
  },
});

Deno.test({
  name: "file source: close() stops polling and is idempotent",
  ...sanitize,
  async fn() {
    const files = fakeFiles();
    files.write(DEFAULT_PATH, "[retry]\nretry_max = 1\n");
    const config = new Configuration(undefined, PLUGINS);
    const { source } = start(config, files);
    await source.ready;
    await source.close();
    await source.close();
    assert.equal(source.watching, false);
    files.write(DEFAULT_PATH, "[retry]\nretry_max = 2\n");
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(config.values.retry.retryMax, 1);
  },
});
