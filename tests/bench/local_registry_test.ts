import assert from "node:assert/strict";
import { startLocalRegistry, unfurlSpecifiers } from "../../bench/lib/local_registry.ts";
import { asJsrUser } from "../../bench/sections/check.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const MAP = { "jose": "npm:jose@6.2.17", "jose/": "npm:/jose@6.2.17/" };

Deno.test("unfurlSpecifiers rewrites import-map specifiers in imports, exports and import()", () => {
  const source = [
    'import { decodeJwt } from "jose/jwt/decode";',
    "import * as jose from 'jose';",
    'export { x } from "jose/x";',
    'const lazy = import("jose/jwt/decode");',
    'import "jose/side-effect";',
    'import { a } from "./a.ts";',
    'const text = "from jose/not/an/import";',
  ].join("\n");
  assert.equal(
    unfurlSpecifiers(source, MAP),
    [
      'import { decodeJwt } from "npm:jose@6.2.17/jwt/decode";',
      "import * as jose from 'npm:jose@6.2.17';",
      'export { x } from "npm:jose@6.2.17/x";',
      'const lazy = import("npm:jose@6.2.17/jwt/decode");',
      'import "npm:jose@6.2.17/side-effect";',
      'import { a } from "./a.ts";',
      'const text = "from jose/not/an/import";',
    ].join("\n"),
  );
});

Deno.test("asJsrUser points the fixtures at jsr: entry points and refuses a leftover relative import", () => {
  const spec = "jsr:@cxkit/genesys-cloud@0.1.0";
  assert.equal(
    asJsrUser('import { UsersApi } from "../../src/generated/apis/users.js";\n', spec),
    `import { UsersApi } from "${spec}/users";\n`,
  );
  assert.equal(
    asJsrUser('import { P } from "../../mod.ts";\n', spec),
    `import { P } from "${spec}";\n`,
  );
  assert.throws(
    () => asJsrUser('import { x } from "../../src/client/platform_client.ts";\n', spec),
    /relative import is left/,
  );
});

Deno.test("the loopback registry serves the published files, unfurled, with matching checksums", async () => {
  const registry = await startLocalRegistry(ROOT);
  try {
    assert.equal(registry.specifier, "jsr:@cxkit/genesys-cloud@0.1.0");
    const meta = await (await fetch(`${registry.url}@cxkit/genesys-cloud/meta.json`)).json();
    assert.deepEqual(meta.versions, { "0.1.0": {} });
    assert.equal(meta.latest, "0.1.0");
    const version = await (await fetch(`${registry.url}@cxkit/genesys-cloud/0.1.0_meta.json`))
      .json();
    assert.equal(version.exports["./users"], "./src/generated/apis/users.js");
    assert.ok(version.manifest["/mod.ts"]);
    assert.equal(version.manifest["/tests/bench/local_registry_test.ts"], undefined);
    assert.equal(Object.keys(version.manifest).length, registry.files);

    // The sandbox (`/testing`) imports jose: the import is unfurled to the npm specifier.
    const file = await fetch(`${registry.url}@cxkit/genesys-cloud/0.1.0/tools/sandbox/tokens.ts`);
    const bytes = new Uint8Array(await file.arrayBuffer());
    const text = new TextDecoder().decode(bytes);
    assert.match(text, /from "npm:jose@6\.2\.17"/);
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
    const hex = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
    assert.deepEqual(version.manifest["/tools/sandbox/tokens.ts"], {
      size: bytes.length,
      checksum: `sha256-${hex}`,
    });

    const unpublished = await fetch(
      `${registry.url}@cxkit/genesys-cloud/0.1.0/tests/bench/local_registry_test.ts`,
    );
    assert.equal(unpublished.status, 404);
    await unpublished.body?.cancel();
  } finally {
    await registry.close();
  }
});
