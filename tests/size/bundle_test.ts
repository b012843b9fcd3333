/**
 * Size budget of a browser bundle (`deno bundle --minify --platform browser`) of a script that
 * creates a `PlatformClient` and a `UsersApi` and makes one call: at most 60 KB, and no other
 * API's class, operation names or paths inside. A size assertion, not a timing one.
 */

import assert from "node:assert/strict";
import { BUNDLE_BUDGET_BYTES, FIXTURES, measureBundle, ROOT } from "../../bench/size.ts";

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
