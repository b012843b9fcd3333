import assert from "node:assert/strict";
import {
  Configuration,
  ConfigurationError,
  DEFAULT_LOGGING,
  DEFAULT_RETRY,
  DEFAULT_SETTINGS,
  UnsupportedRuntimeError,
} from "../../mod.ts";
import { clientPlugins } from "../../mod.ts";

/** The plugins of the package root (every feature registered). */
const PLUGINS = clientPlugins(undefined);

Deno.test("defaults: logging off, no retries (Go SDK default), live reload on", () => {
  const config = new Configuration(undefined, PLUGINS);
  assert.deepEqual(config.values.logging, {
    logLevel: "none",
    logFormat: "text",
    logToConsole: true,
    logRequestBody: false,
    logResponseBody: false,
  });
  assert.deepEqual(config.values.retry, { retryWaitMin: 1000, retryWaitMax: 30000, retryMax: 0 });
  assert.equal(config.values.liveReloadConfig, true);
  assert.equal(config.values.configFilePath, undefined);
  assert.equal(config.values.refreshTokenWaitMax, 10_000);
  assert.equal(DEFAULT_SETTINGS.logging, DEFAULT_LOGGING);
  assert.equal(DEFAULT_SETTINGS.retry, DEFAULT_RETRY);
});

Deno.test("precedence: code > file > defaults, field by field for logging and retry", () => {
  const config = new Configuration({
    logging: { logLevel: "debug" },
    retry: { retryMax: 5 },
    refreshTokenWaitMax: 1_000,
  }, PLUGINS);
  config.replaceFileLayer({
    logging: { logLevel: "trace", logFormat: "json" },
    retry: { retryMax: 9, retryWaitMax: 4_000 },
    refreshTokenWaitMax: 7_000,
    refreshAccessToken: false,
    environment: "mypurecloud.de",
  });
  const v = config.values;
  assert.equal(v.logging.logLevel, "debug"); // code
  assert.equal(v.logging.logFormat, "json"); // file
  assert.equal(v.logging.logToConsole, true); // default
  assert.equal(v.retry.retryMax, 5); // code
  assert.equal(v.retry.retryWaitMax, 4_000); // file
  assert.equal(v.retry.retryWaitMin, 1_000); // default
  assert.equal(v.refreshTokenWaitMax, 1_000); // code
  assert.equal(v.refreshAccessToken, false); // file
  assert.equal(config.urls.api, "https://api.mypurecloud.de"); // file
  // Removing the code value lets the file value through.
  config.set({ logging: { logLevel: undefined } });
  assert.equal(config.values.logging.logLevel, "trace");
  assert.equal(config.values.logging.logFormat, "json");
  config.set({ environment: "eu_west_1" });
  assert.equal(config.urls.api, "https://api.mypurecloud.ie");
  // Clearing the file layer falls back to the defaults.
  config.replaceFileLayer({});
  assert.equal(config.values.logging.logLevel, "none");
  assert.equal(config.values.retry.retryWaitMax, 30_000);
  assert.equal(config.values.retry.retryMax, 5);
  assert.deepEqual(config.layer("file"), {});
  assert.deepEqual(config.layer("code"), {
    retry: { retryMax: 5 },
    refreshTokenWaitMax: 1_000,
    logging: {},
    environment: "eu_west_1",
  });
});

Deno.test("precedence: gateway and proxy are taken whole from the highest layer", () => {
  const config = new Configuration({ gateway: { host: "code-gw.example", port: 8443 } }, PLUGINS);
  config.replaceFileLayer({
    gateway: { host: "file-gw.example", pathParamsApi: "api" },
    proxy: { host: "file-proxy.example", port: 3128 },
  });
  assert.deepEqual({ ...config.values.gateway }, { host: "code-gw.example", port: 8443 });
  assert.equal(config.urls.api, "https://code-gw.example:8443");
  assert.equal(config.values.proxy?.host, "file-proxy.example");
  config.set({ gateway: undefined });
  assert.equal(config.urls.api, "https://file-gw.example/api");
});

Deno.test("invalid changes throw and apply nothing, in code and file layers", () => {
  const config = new Configuration({ timeoutMs: 5_000 }, PLUGINS);
  const seen: unknown[] = [];
  config.onChange((v) => seen.push(v));
  const before = config.values;
  const bad: [object, RegExp][] = [
    [{ logging: { logLevel: "verbose" } }, /logging.logLevel must be one of/],
    [{ logging: { logFormat: "xml" } }, /logging.logFormat/],
    [{ logging: { logToConsole: "yes" } }, /logging.logToConsole must be a boolean/],
    [{ logging: { sink: "console" } }, /logging.sink must be a function/],
    [{ retry: { retryMax: -1 } }, /retry.retryMax must be an integer >= 0/],
    [{ retry: { retryMax: 1.5 } }, /retry.retryMax/],
    [{ retry: { retryWaitMin: -5 } }, /retry.retryWaitMin must be a number/],
    [{ retry: { retryWaitMin: 5_000, retryWaitMax: 1_000 } }, /must not exceed/],
    [{ retry: { requestLogHook: 1 } }, /requestLogHook must be a function/],
    [{ proxy: { host: "p", port: 0 } }, /proxy.port/],
    [{ gateway: { host: "gw", port: 70_000 } }, /gateway.port/],
    [{ liveReloadConfig: "no" }, /liveReloadConfig must be a boolean/],
    [{ configFilePath: "" }, /configFilePath must be a non-empty string/],
    [{ environment: "not a domain", logging: { logLevel: "trace" } }, /environment/],
  ];
  for (const [change, message] of bad) {
    assert.throws(() => config.set(change), (e: unknown) => {
      assert.ok(e instanceof ConfigurationError, JSON.stringify(change));
      assert.match((e as Error).message, message);
      return true;
    });
    assert.throws(() => config.replaceFileLayer(change), ConfigurationError);
  }
  assert.equal(config.values, before);
  assert.equal(seen.length, 0);
});

Deno.test("a failing check rejects the change whole", () => {
  const config = new Configuration(undefined, PLUGINS);
  const remove = config.addCheck((v) => {
    if (v.retry.retryMax > 3) throw new ConfigurationError("too many");
  });
  assert.throws(() => config.set({ retry: { retryMax: 4 }, timeoutMs: 1 }), /too many/);
  assert.equal(config.values.timeoutMs, 16_000);
  assert.equal(config.values.retry.retryMax, 0);
  remove();
  config.set({ retry: { retryMax: 4 } });
  assert.equal(config.values.retry.retryMax, 4);
});

Deno.test("values are frozen and never show the proxy password, private key or gateway password", () => {
  const config = new Configuration({
    proxy: { host: "p", port: 3128, auth: { username: "u", password: "proxy-pw-123" } },
    gateway: { host: "gw", username: "g", password: "gateway-pw-456" },
  }, PLUGINS);
  config.replaceFileLayer({ logging: { logLevel: "trace" } });
  const values = config.values;
  assert.ok(Object.isFrozen(values.logging) && Object.isFrozen(values.retry));
  assert.ok(Object.isFrozen(values.proxy) && Object.isFrozen(values.gateway));
  for (
    const view of [
      JSON.stringify(values),
      Deno.inspect(values, { depth: 10 }),
      JSON.stringify(config.layer("code")),
    ]
  ) {
    assert.ok(!view.includes("proxy-pw-123"), view);
    assert.ok(!view.includes("gateway-pw-456"), view);
  }
  // ...yet the client can read them.
  assert.equal(values.proxy?.auth?.password, "proxy-pw-123");
  assert.equal(values.gateway?.password, "gateway-pw-456");
  // Passing the values back keeps the secrets.
  config.set({ proxy: { ...values.proxy!, port: 3129 } });
  assert.equal(config.values.proxy?.auth?.password, "proxy-pw-123");
});

Deno.test("configFilePath and logFilePath need a runtime with files (UnsupportedRuntimeError)", () => {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, "Deno")!;
  const deno = Deno;
  let errors: unknown[] = [];
  Object.defineProperty(globalThis, "Deno", { value: undefined, configurable: true });
  try {
    const config = new Configuration(undefined, PLUGINS);
    for (const change of [{ configFilePath: "/etc/gc" }, { logging: { logFilePath: "/tmp/x" } }]) {
      try {
        config.set(change);
      } catch (e) {
        errors.push(e);
      }
    }
  } finally {
    Object.defineProperty(globalThis, "Deno", descriptor);
  }
  assert.equal(Deno, deno);
  assert.equal(errors.length, 2);
  for (const e of errors) assert.ok(e instanceof UnsupportedRuntimeError, String(e));
  assert.match(String(errors[0]), /configFilePath needs Deno or Bun/);
  assert.match(String(errors[1]), /logFilePath needs Deno or Bun/);
  errors = [];
});

Deno.test("official-SDK style field assignments apply (root) or throw; never change nothing", () => {
  const config = new Configuration(undefined, PLUGINS);
  const fields = config as unknown as Record<string, unknown>;
  // The package root loads the compat entry: the official names are the settings' accessors.
  fields.refresh_access_token = false;
  assert.equal(config.values.refreshAccessToken, false);
  // Any other new field throws (this module is strict; tests/migration runs sloppy code).
  assert.throws(() => {
    fields.refresh_access_tokens = true;
  }, TypeError);
  config.set({ refreshAccessToken: true });
  assert.equal(config.values.refreshAccessToken, true);
});
