/**
 * A program that imports the client from a per-API entry point only (no optional feature), run
 * by `features_test.ts` as a minified one-file bundle. It prints one JSON object: what each
 * feature-dependent use did, before and after the program loads the features itself.
 *
 * Usage: `deno run -A bundle.js <api base URL>`; `HOME` points at a directory with a config file.
 */
import {
  type LogRecord,
  MissingFeatureError,
  PlatformClient,
  UsersApi,
} from "../../src/generated/apis/users.js";

const base = Deno.args[0];
const out: Record<string, unknown> = {};

function failure(fn: () => unknown): Record<string, unknown> {
  try {
    fn();
    return { threw: false };
  } catch (e) {
    return describe(e);
  }
}

function describe(e: unknown): Record<string, unknown> {
  const err = e as Error & { feature?: string; entryPoint?: string };
  return {
    threw: true,
    name: err.name,
    missingFeature: e instanceof MissingFeatureError,
    feature: err.feature,
    entryPoint: err.entryPoint,
    message: err.message,
  };
}

out.logging = failure(() => new PlatformClient({ logging: { logLevel: "debug" } }));
out.configFilePath = failure(() => new PlatformClient({ configFilePath: "/tmp/x.ini" }));
out.proxyOption = failure(() => new PlatformClient({ proxy: { host: "127.0.0.1", port: 3128 } }));

const client = new PlatformClient({ basePath: base, environment: "mypurecloud.ie" });
client.setAccessToken("lean-token");
out.setProxy = failure(() => client.setProxy({ host: "127.0.0.1", port: 3128 }));
out.proxyAfter = client.config.values.proxy ?? null;
out.setMTLSContents = failure(() => client.setMTLSContents("cert", "key"));
out.mtlsAfter = client.config.values.mtls ?? null;
out.loginPKCEGrant = await client.loginPKCEGrant("id", "https://app.example/").then(
  () => ({ threw: false }),
  describe,
);
out.setAuthPopupConfiguration = failure(() => client.setAuthPopupConfiguration({ usePopup: true }));
out.addAuthPopupStatusListener = failure(() => client.addAuthPopupStatusListener(() => {}));
// Keeping browser-login tokens in localStorage is part of browser login.
out.setPersistSettings = failure(() => client.setPersistSettings(true, "lean"));
const users = new UsersApi(client);
out.parameterErrorName = await users.getUser("").then(() => "none", (e) => (e as Error).name);
out.call = await users.getUsersMe();
out.apiErrorName = await users.getUser("missing").then(() => "none", (e) => (e as Error).name);
// The default config file ($HOME/.genesyscloudts/config) is a config-file feature.
out.environmentWithoutFeature = client.config.values.environment;
await client.logout();
out.afterLogout = await users.getUsersMe();

// Loading the features at run time registers them for every client made after (a client looks
// its plugins up once, when it is made: the first client still has none).
await import("../../src/features/config_file.ts");
await import("../../src/features/logging.ts");
const records: LogRecord[] = [];
await import("../../src/features/browser_login.ts");
out.earlierClientStillLean = failure(() => client.setAuthPopupConfiguration({ usePopup: true }));
const later = new PlatformClient({ basePath: base, liveReloadConfig: false });
later.setAuthPopupConfiguration({ usePopup: true, popupTimeout: 5_000 });
later.updateAuthPopupConfiguration({ popupTimeout: 7_000 });
out.popupConfigWithFeature = later.getAuthPopupConfiguration();
await later.close();
await using full = new PlatformClient({
  basePath: base,
  accessToken: "lean-token",
  liveReloadConfig: false,
  logging: { logLevel: "debug", logToConsole: false, sink: (record) => records.push(record) },
});
await full.ready;
out.environmentWithFeature = full.config.values.environment;
await new UsersApi(full).getUsersMe();
out.logged = records.length;

console.log(JSON.stringify(out));
