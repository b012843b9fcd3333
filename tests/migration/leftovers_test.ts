/**
 * The official SDK's leftover calls and fields work, or throw naming what replaced them, in
 * strict and in sloppy mode alike (the compat entry loaded; the package root loads it too).
 */

import assert from "node:assert/strict";
import platformClient, { ApiClient, type ApiClientClass } from "../../src/compat/mod.ts";
import { ConfigurationError, type LogRecord, PlatformClient } from "../../mod.ts";
import { PlatformClient as OneApiClient } from "../../src/generated/apis/users.js";
import { startSandbox } from "../../tools/sandbox/mod.ts";

/** Runs `code` as sloppy-mode script (as CommonJS modules run) with `config` in scope. */
function sloppy(code: string, config: unknown): unknown {
  return new Function("config", code)(config);
}

Deno.test("config fields with official names apply their settings, in sloppy and strict mode", () => {
  const client = new PlatformClient() as ApiClientClass;
  const config = client.config;
  // Sloppy mode: an assignment to a field an object does not take used to vanish.
  sloppy("config.refresh_access_token = false; config.refresh_token_wait_max = 4;", config);
  assert.equal(config.values.refreshAccessToken, false);
  assert.equal(config.values.refreshTokenWaitMax, 4_000);
  assert.equal(sloppy("return config.refresh_token_wait_max", config), 4);
  sloppy("config.live_reload_config = false; config.environment = 'eu_west_1'", config);
  assert.equal(config.values.liveReloadConfig, false);
  assert.equal(config.urls.api, "https://api.mypurecloud.ie");
  // Strict mode (this module): the same.
  config.refresh_access_token = true;
  assert.equal(config.values.refreshAccessToken, true);
  assert.equal(config.refresh_access_token, true);
  config.host = "mypurecloud.de";
  assert.equal(config.environment, "mypurecloud.de");
  assert.equal(config.basePath, "https://api.mypurecloud.de");
  assert.equal(config.authUrl, "https://login.mypurecloud.de");
  config.basePath = "http://127.0.0.1:9";
  config.authUrl = "http://127.0.0.1:8";
  assert.deepEqual(config.urls, { api: "http://127.0.0.1:9", login: "http://127.0.0.1:8" });
  config.setEnvironment("mypurecloud.jp");
  assert.equal(config.values.environment, "mypurecloud.jp");
  // An invalid value is a ConfigurationError, and nothing changes.
  assert.throws(() => sloppy("config.refresh_access_token = 'no'", config), ConfigurationError);
  assert.equal(config.values.refreshAccessToken, true);
  // The official gateway fields, on the config and on the client.
  config.setGateway({
    host: "gw.example.com",
    port: -1,
    path_params_api: "api/",
    path_params_login: "login",
  });
  assert.deepEqual(config.urls, {
    api: "https://gw.example.com/api",
    login: "https://gw.example.com/login",
  });
  client.setGateway({ host: "gw2.example.com", path_params_api: "a" });
  assert.equal(config.gateway?.pathParamsApi, "a");
  client.setGateway(undefined);
  assert.equal(config.gateway, undefined);
  // configPath / setConfigPath: configFilePath (the config-file feature is loaded here).
  sloppy("config.configPath = '/nonexistent/genesys.ini'", config);
  assert.equal(config.values.configFilePath, "/nonexistent/genesys.ini");
  config.setConfigPath("");
  assert.equal(config.configPath, undefined);
  // A name that is not official still throws in strict mode.
  assert.throws(() => {
    (config as unknown as Record<string, unknown>).refresh_acess_token = false;
  }, TypeError);
});

Deno.test("config.logger: the official fields are the logging settings", async () => {
  const client = new PlatformClient() as ApiClientClass;
  const logger = client.config.logger;
  assert.equal(client.config.logger, logger);
  assert.equal(logger.log_level, "none");
  sloppy(
    `const l = config.logger; l.log_level = l.logLevelEnum.level.LTrace;
     l.log_format = l.logFormatEnum.formats.JSON; l.log_to_console = false;
     l.log_request_body = true; l.log_response_body = true; l.setLogger();`,
    client.config,
  );
  assert.deepEqual(
    { ...client.config.values.logging },
    {
      logLevel: "trace",
      logFormat: "json",
      logToConsole: false,
      logRequestBody: true,
      logResponseBody: true,
    },
  );
  assert.equal(logger.log_format, "json");
  assert.throws(() => {
    logger.log_level = "verbose" as never;
  }, ConfigurationError);
  assert.equal(logger.log_level, "trace");
  await client.close();
});

Deno.test("setReturnExtendedResponses(true): { status, headers[...], body, error: null }; errors stay ApiErrors", async () => {
  await using sandbox = await startSandbox();
  const client = new PlatformClient(sandbox.clientOptions) as ApiClientClass;
  const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
  await client.loginClientCredentialsGrant(clientId, clientSecret);
  const users = new platformClient.UsersApi(client);
  client.setReturnExtendedResponses(true);
  const res = await users.getUsers({ pageSize: 2 }) as unknown as platformClient.ExtendedResponse<
    platformClient.Models.UserEntityListing
  >;
  assert.deepEqual(Object.keys(res), ["status", "statusText", "headers", "body", "text", "error"]);
  assert.equal(res.status, 200);
  assert.equal(res.error, null);
  assert.equal(res.body.entities?.length, 2);
  // deno-lint-ignore no-prototype-builtins -- official code reads errors this way
  assert.ok(res.headers.hasOwnProperty("inin-correlation-id"));
  assert.equal(res.headers["inin-correlation-id"], res.headers.get("inin-correlation-id"));
  // withResponse() still has the whole response, with the extended body as data.
  const full = await users.getUsers({ pageSize: 1 }).withResponse();
  assert.equal((full.data as unknown as { status: number }).status, 200);
  const err = await users.getUser("missing").then(() => assert.fail("expected a 404"), (e) => e);
  assert.equal(err.status, 404);
  assert.equal(err.body.code, "not.found");
  // deno-lint-ignore no-prototype-builtins -- official code reads errors this way
  assert.ok(err.headers.hasOwnProperty("inin-correlation-id"));
  client.setReturnExtendedResponses(false);
  const plain = await users.getUsers({ pageSize: 1 });
  assert.equal(plain.entities?.length, 1);
});

Deno.test("authentications['PureCloud OAuth'].accessToken reads and sets the access token", () => {
  const client = new PlatformClient() as ApiClientClass;
  const oauth = client.authentications["PureCloud OAuth"];
  assert.equal(oauth.type, "oauth2");
  assert.equal(oauth.accessToken, undefined);
  sloppy("config['PureCloud OAuth'].accessToken = 'tok-1'", client.authentications);
  assert.equal(client.authData?.accessToken, "tok-1");
  assert.equal(oauth.accessToken, "tok-1");
  oauth.accessToken = undefined;
  assert.equal(client.authData, undefined);
  assert.throws(() => {
    oauth.accessToken = "bad\ntoken";
  }, /setAccessToken/);
});

Deno.test("setDebugLog and setProxyAgent throw a ConfigurationError naming the replacement", () => {
  const client = new PlatformClient() as ApiClientClass;
  assert.throws(
    () => client.setDebugLog(console.log, 25),
    (e) =>
      e instanceof ConfigurationError &&
      /setDebugLog has no equivalent.*logging: \{ logLevel: "trace".*sink/.test(e.message),
  );
  assert.throws(
    () => client.setProxyAgent({ keepAlive: true }),
    (e) =>
      e instanceof ConfigurationError &&
      /setProxyAgent .*use setProxy\(\{ host, port/.test(e.message),
  );
  // Nothing asked: nothing to replace.
  client.setDebugLog(null);
  client.setProxy({ host: "127.0.0.1", port: 3128 });
  client.setProxyAgent(undefined);
  assert.equal(client.config.values.proxy, undefined);
  // Sloppy mode throws too.
  assert.throws(() => sloppy("config.setProxyAgent({})", client), ConfigurationError);
});

Deno.test("the shared client: ApiClient.instance, its .instance, PlatformClient.instance", async () => {
  assert.equal(ApiClient.instance, ApiClient);
  assert.equal(ApiClient.instance.instance, ApiClient);
  assert.equal(PlatformClient.instance, ApiClient);
  assert.ok(ApiClient instanceof platformClient.ApiClientClass);
  assert.equal(platformClient.ApiClientClass, PlatformClient);
  // One PlatformClient class for every entry point: the per-API one has the names too here.
  assert.equal(OneApiClient, PlatformClient);
  // The compat entry loads every feature: the logging one too.
  const logging = new OneApiClient() as ApiClientClass;
  logging.config.logger.log_level = "debug";
  assert.equal(logging.config.values.logging.logLevel, "debug");
  await logging.close();
});

Deno.test("with logging on through config.logger, a call is logged", async () => {
  await using sandbox = await startSandbox();
  const records: LogRecord[] = [];
  const client = new PlatformClient({
    ...sandbox.clientOptions,
    accessToken: await sandbox.issueAccessToken({}),
  }) as ApiClientClass;
  client.config.set({ logging: { sink: (r) => void records.push(r) } });
  client.config.logger.log_to_console = false;
  client.config.logger.log_level = "debug";
  await new platformClient.RoutingApi(client).getRoutingQueues({ pageSize: 1 });
  await client.close();
  assert.equal(records.length, 1);
  assert.match(JSON.stringify(records[0]), /"method":"GET".*routing\/queues/);
});
