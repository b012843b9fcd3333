/**
 * Size budget of a browser bundle (`deno bundle --minify --platform browser`) of a script that
 * creates a `PlatformClient` and a `UsersApi` and makes one call: at most 60 KB, and no other
 * API's class, operation names or paths inside. A size assertion, not a timing one.
 */

import assert from "node:assert/strict";
import {
  BUNDLE_BUDGET_BYTES,
  FIXTURES,
  LITE_BUNDLE_BUDGET_BYTES,
  LOGIN_CALL_BUNDLE_BYTES,
  measureBundle,
  ROOT,
} from "../../bench/size.ts";

Deno.test("users bundle is at most 60 KB and holds only the Users API", async () => {
  const m = await measureBundle(FIXTURES.usersCall, ["users.js"]);
  assert.ok(m.ownMarkersFound, "the bundle should hold UsersApi and its operations");
  assert.deepEqual(m.apiClasses, ["UsersApi"]);
  assert.deepEqual(m.foreign, []);
  assert.ok(
    m.bytes <= BUNDLE_BUDGET_BYTES,
    `bundle is ${m.bytes} bytes, over the ${BUNDLE_BUDGET_BYTES}-byte budget`,
  );
  assert.ok(m.gzipBytes > 0 && m.gzipBytes < m.bytes);
});

Deno.test("the foreign-API check finds a second API pulled into the bundle", async () => {
  const dir = await Deno.makeTempDir({ dir: `${ROOT}bench`, prefix: ".size-test-" });
  try {
    const entry = `${dir}/two_apis.ts`;
    const apis = new URL("../../src/generated/apis/", import.meta.url).href;
    await Deno.writeTextFile(
      entry,
      [
        `import { PlatformClient, UsersApi } from "${apis}users.js";`,
        `import { GroupsApi } from "${apis}groups.js";`,
        `const client = new PlatformClient();`,
        `console.log(await new UsersApi(client).getUsersMe(), await new GroupsApi(client).getGroups());`,
      ].join("\n"),
    );
    const m = await measureBundle(entry, ["users.js"]);
    assert.ok(m.apiClasses.includes("GroupsApi"), `classes found: ${m.apiClasses.join(", ")}`);
    assert.ok(m.foreign.some((f) => f.startsWith("groups.js: ")), "groups.js operations reported");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the LiteClient login-and-call bundle holds no PlatformClient and is at most 24.5 KB", async () => {
  const lite = await measureBundle(FIXTURES.usersLoginCallLite, ["users.js"]);
  const full = await measureBundle(FIXTURES.usersLoginCall, ["users.js"]);
  assert.ok(lite.ownMarkersFound, "the bundle should hold UsersApi and its operations");
  assert.deepEqual(lite.apiClasses, ["UsersApi"]);
  assert.deepEqual(lite.foreign, []);
  // PlatformClient's session, configuration and browser-login code stay out.
  const text = await bundleText(FIXTURES.usersLoginCallLite);
  for (
    const marker of [
      "setPersistSettings",
      "refreshTokenWaitMax",
      "liveReloadConfig",
      "loginCodeAuthorizationGrant",
      "setMTLSContents",
      // The retry rules and the network-failure classes they read: the retry feature's.
      "retryWaitMax",
      "ECONNREFUSED",
    ]
  ) {
    assert.ok(!text.includes(marker), `the LiteClient bundle holds "${marker}"`);
  }
  assert.ok(text.includes("LiteClient does not hold"), "the LiteClient code is in the bundle");
  assert.ok(
    lite.bytes <= LITE_BUNDLE_BUDGET_BYTES,
    `LiteClient bundle is ${lite.bytes} bytes, over the ${LITE_BUNDLE_BUDGET_BYTES}-byte budget`,
  );
  assert.ok(lite.bytes < full.bytes * 0.6, `${lite.bytes} B is not under 60% of ${full.bytes} B`);
  assert.ok(
    full.bytes <= LOGIN_CALL_BUNDLE_BYTES,
    `PlatformClient login-and-call bundle is ${full.bytes} bytes, over ${LOGIN_CALL_BUNDLE_BYTES}`,
  );
});

/** The minified one-file bundle of `entry` (repository-relative), as text. */
async function bundleText(entry: string): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "bundle-text-" });
  try {
    const out = `${dir}/out.js`;
    const { code, stderr } = await new Deno.Command(Deno.execPath(), {
      args: [
        "bundle",
        "--minify",
        "--platform",
        "browser",
        "--quiet",
        "-o",
        out,
        `${ROOT}${entry}`,
      ],
      stdout: "null",
      stderr: "piped",
    }).output();
    assert.equal(code, 0, new TextDecoder().decode(stderr));
    return await Deno.readTextFile(out);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
