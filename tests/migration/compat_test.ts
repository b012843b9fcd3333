/**
 * The compat entry's default export has the official shape: `ApiClient` with `.instance`,
 * every `*Api` class made without arguments on the shared client, `PureCloudRegionHosts`;
 * the package root offers the same default export, and a one-API bundle holds none of it.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import platformClient, * as compat from "../../src/compat/mod.ts";
import rootDefault, * as root from "../../mod.ts";
import * as apis from "../../src/generated/apis/mod.ts";
import { REGIONS } from "../../src/base/regions.ts";
import { startSandbox } from "../../tools/sandbox/mod.ts";
import { FIXTURES } from "../../bench/size.ts";
import { ROOT, run, succeeded, TOOLS } from "./_programs.ts";

const OFFICIAL_SRC = join(TOOLS, "purecloud-platform-client-v2/src/purecloud-platform-client-v2");

Deno.test("the default export: ApiClient (.instance), ApiClientClass, PureCloudRegionHosts, every API class", () => {
  const names = Object.keys(platformClient).sort();
  const apiNames = Object.keys(apis).sort();
  assert.equal(apiNames.length, 80);
  assert.deepEqual(
    names,
    ["ApiClient", "ApiClientClass", "PureCloudRegionHosts", ...apiNames].sort(),
  );
  assert.equal(platformClient.ApiClient.instance, platformClient.ApiClient);
  assert.equal(platformClient.ApiClientClass, root.PlatformClient);
  assert.equal(platformClient.PureCloudRegionHosts, REGIONS);
  // The named exports are the same (for `require()` and `import * as`).
  for (const name of names) {
    assert.equal(
      (compat as Record<string, unknown>)[name],
      (platformClient as Record<string, unknown>)[name],
    );
  }
});

Deno.test("every API class is made without arguments on the shared client, as official code does", () => {
  for (const [name, Api] of Object.entries(apis)) {
    const api = new (Api as new () => { client: unknown })();
    assert.equal(api.client, platformClient.ApiClient, name);
    assert.equal((platformClient as Record<string, unknown>)[name], Api);
  }
});

Deno.test("PureCloudRegionHosts holds the official SDK's regions", async () => {
  const official = (await import(join(OFFICIAL_SRC, "PureCloudRegionHosts.js"))).default;
  assert.deepEqual({ ...platformClient.PureCloudRegionHosts }, official);
});

Deno.test("the API classes are the official SDK's (those of the definition this package is made from)", async () => {
  const officialApis: string[] = [];
  for await (const f of Deno.readDir(join(OFFICIAL_SRC, "api"))) {
    officialApis.push(f.name.replace(/\.js$/, ""));
  }
  const ours = Object.keys(apis);
  // The official SDK 262 has ten APIs newer than this package's definition (July 2025) and has
  // dropped three this definition still has; every other class name is the same.
  const missing = officialApis.filter((n) => !ours.includes(n)).sort();
  const extra = ours.filter((n) => !officialApis.includes(n)).sort();
  assert.deepEqual(extra, ["ScreenRecordingApi", "WebChatApi", "WidgetsApi"]);
  assert.equal(missing.length, 10, missing.join(", "));
  assert.equal(ours.length - extra.length + missing.length, officialApis.length);
});

Deno.test("calls of an API class made without a client go through ApiClient.instance", async () => {
  await using sandbox = await startSandbox();
  const client = platformClient.ApiClient.instance;
  client.config.set(sandbox.clientOptions);
  const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
  await client.loginClientCredentialsGrant(clientId, clientSecret);
  const queues = await new platformClient.RoutingApi().getRoutingQueues({ pageSize: 3 });
  assert.equal(queues.entities?.length, 3);
  const sent = sandbox.requests.filter((r) => r.path === "/api/v2/routing/queues");
  assert.equal(sent.length, 1);
  assert.equal(sent[0].headers.get("authorization"), `Bearer ${client.authData?.accessToken}`);
  client.setAccessToken(undefined);
});

Deno.test("the package root has the same default export and names", () => {
  assert.equal(rootDefault, platformClient);
  assert.equal(root.ApiClient, platformClient.ApiClient);
  assert.equal(root.ApiClientClass, platformClient.ApiClientClass);
  assert.equal(root.PureCloudRegionHosts, platformClient.PureCloudRegionHosts);
  assert.equal(root.UsersApi, platformClient.UsersApi);
});

Deno.test("a one-API bundle holds no compat code (the default export costs it nothing)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "migration-bundle-" });
  try {
    for (const fixture of [FIXTURES.usersLoginCall, FIXTURES.usersLoginCallLite]) {
      const out = join(dir, "bundle.js");
      succeeded(
        "deno bundle",
        await run(Deno.execPath(), [
          "bundle",
          "--platform",
          "browser",
          "--quiet",
          "-o",
          out,
          fixture,
        ], {
          cwd: ROOT,
        }),
      );
      const code = await Deno.readTextFile(out);
      for (
        const marker of [
          "refresh_access_token",
          "setReturnExtendedResponses",
          "PureCloudRegionHosts",
          "logLevelEnum",
        ]
      ) {
        assert.ok(!code.includes(marker), `${fixture} holds ${marker}`);
      }
      // The marker check is not vacuous: the bundle holds the engine's own strings.
      assert.ok(code.includes("unknownOptions"), fixture);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
