/**
 * Optional features (src/client/plugins.ts): a program that takes the client from a per-API entry
 * point gets the core only; each feature-dependent setting or method fails with a
 * `MissingFeatureError` naming the import, before anything changes or is sent; importing the
 * feature installs it. Run as a minified one-file bundle, which also shows that error names
 * survive minification.
 */

import assert from "node:assert/strict";
import { startEchoServer } from "../_helpers/echo_server.ts";
import { PlatformClient } from "../../mod.ts";

const ROOT = new URL("../..", import.meta.url).pathname;

async function run(cmd: string, args: string[], env?: Record<string, string>): Promise<string> {
  const out = await new Deno.Command(cmd, {
    args,
    cwd: ROOT,
    env,
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  const text = new TextDecoder();
  if (out.code !== 0) {
    throw new Error(`${cmd} ${args.join(" ")} failed:\n${text.decode(out.stderr)}`);
  }
  return text.decode(out.stdout);
}

Deno.test("per-API entry point: features are opt-in, missing ones fail clearly", async () => {
  const dir = await Deno.makeTempDir({ prefix: "lean-" });
  await using server = startEchoServer();
  server.reply(() => Response.json({ name: "Lean" }));
  server.reply(() =>
    Response.json({ message: "no such user", code: "not.found" }, { status: 404 })
  );
  try {
    await Deno.mkdir(`${dir}/home/.genesyscloudts`, { recursive: true });
    await Deno.writeTextFile(
      `${dir}/home/.genesyscloudts/config`,
      "[general]\nhost = mypurecloud.jp\n",
    );
    const bundle = `${dir}/lean.js`;
    await run(Deno.execPath(), [
      "bundle",
      "--quiet",
      "--minify",
      "--platform",
      "browser",
      "-o",
      bundle,
      "tests/core/_lean_program.ts",
    ]);
    const stdout = await run(Deno.execPath(), ["run", "-A", bundle, server.url], {
      HOME: `${dir}/home`,
    });
    const out = JSON.parse(stdout);

    for (
      const [use, feature, entry] of [
        ["logging", "logging", "@cxkit/genesys-cloud/logging"],
        ["configFilePath", "configFile", "@cxkit/genesys-cloud/config-file"],
        ["proxyOption", "net", "@cxkit/genesys-cloud/net"],
        ["setProxy", "net", "@cxkit/genesys-cloud/net"],
        ["setMTLSContents", "net", "@cxkit/genesys-cloud/net"],
        ["loginPKCEGrant", "browserLogin", "@cxkit/genesys-cloud/browser-login"],
        ["setAuthPopupConfiguration", "browserLogin", "@cxkit/genesys-cloud/browser-login"],
        ["addAuthPopupStatusListener", "browserLogin", "@cxkit/genesys-cloud/browser-login"],
        ["setPersistSettings", "browserLogin", "@cxkit/genesys-cloud/browser-login"],
      ]
    ) {
      const f = out[use];
      assert.equal(f.threw, true, `${use} should throw`);
      assert.equal(f.name, "MissingFeatureError", use);
      assert.equal(f.missingFeature, true, use);
      assert.equal(f.feature, feature, use);
      assert.equal(f.entryPoint, entry, use);
      assert.match(f.message, new RegExp(`import "${entry}"`), use);
    }
    // Once the browser-login feature is loaded, the same client keeps popup settings.
    assert.equal(out.earlierClientStillLean.name, "MissingFeatureError");
    assert.equal(out.popupConfigWithFeature.usePopup, true);
    assert.equal(out.popupConfigWithFeature.popupTimeout, 7_000);
    assert.equal(out.popupConfigWithFeature.popupTarget, "_blank");
    // Nothing of a refused change applied; the client still works.
    assert.equal(out.proxyAfter, null);
    assert.equal(out.mtlsAfter, null);
    assert.deepEqual(out.call, { name: "Lean" });
    // Class names are renamed by the minifier; error names are not.
    assert.equal(out.parameterErrorName, "ParameterError");
    assert.equal(out.apiErrorName, "ApiError");
    // The default config file needs the config-file feature: ignored before, applied after.
    assert.equal(out.environmentWithoutFeature, "mypurecloud.ie");
    assert.equal(out.environmentWithFeature, "mypurecloud.jp");
    assert.ok(out.logged >= 1, `records logged after the logging feature loaded: ${out.logged}`);

    const sent = server.seen.map((r) => [r.path, r.headers.get("authorization")]);
    assert.deepEqual(sent, [
      ["/api/v2/users/me", "Bearer lean-token"],
      ["/api/v2/users/missing", "Bearer lean-token"],
      // logout on a server forgets the token without the browser-login feature
      ["/api/v2/users/me", null],
      ["/api/v2/users/me", "Bearer lean-token"],
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the package root installs every feature", () => {
  // mod.ts is imported above: none of these throws MissingFeatureError.
  const client = new PlatformClient({
    liveReloadConfig: false,
    logging: { logLevel: "error", logToConsole: false, sink: () => {} },
  });
  client.setProxy({ host: "127.0.0.1", port: 3128 });
  assert.equal(client.config.values.proxy?.host, "127.0.0.1");
  client.setProxy(undefined);
  return client.close();
});
