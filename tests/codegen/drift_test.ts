/**
 * The committed output is exactly what the generator produces now: it is run
 * into a temporary directory and compared byte for byte with `src/generated/`,
 * and the `deno.json` exports are compared with its entry points. A failure
 * means `deno task generate` needs running (or someone edited generated code).
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { generate } from "../../tools/codegen/generate.ts";
import { loadDefinitionFile } from "../../tools/codegen/load.ts";
import { DEFAULT_MOD, DEFAULT_OUT, DEFAULT_SOURCE, REPO_ROOT } from "../../tools/codegen/main.ts";
import { parseSurface } from "../../tools/codegen/surface.ts";
import { listFiles } from "../../tools/codegen/write.ts";

const HINT = "run `deno task generate` and commit src/generated/ and deno.json";

Deno.test("src/generated is what the generator writes (run it into a temporary directory)", async () => {
  const out = await Deno.makeTempDir({ prefix: "codegen-drift-" });
  try {
    const started = performance.now();
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--allow-read",
        "--allow-write",
        "--allow-net",
        "--allow-run",
        "tools/codegen/main.ts",
        "--out",
        out,
      ],
      cwd: REPO_ROOT,
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).output();
    const text = new TextDecoder();
    assert.equal(code, 0, text.decode(stderr));
    console.log(
      `generator: ${((performance.now() - started) / 1000).toFixed(1)} s; ${
        text.decode(stdout).trim()
      }`,
    );

    const fresh = await listFiles(out);
    const committed = await listFiles(DEFAULT_OUT);
    assert.deepEqual(
      {
        missing: fresh.filter((f) => !committed.includes(f)),
        extra: committed.filter((f) => !fresh.includes(f)),
      },
      { missing: [], extra: [] },
      HINT,
    );
    const differing: string[] = [];
    for (const file of fresh) {
      const [a, b] = await Promise.all([
        Deno.readFile(join(out, file)),
        Deno.readFile(join(DEFAULT_OUT, file)),
      ]);
      if (a.byteLength !== b.byteLength || a.some((byte, i) => byte !== b[i])) differing.push(file);
    }
    assert.deepEqual(differing, [], HINT);
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});

Deno.test("deno.json exports every API entry point, sorted, and keeps the other entries", async () => {
  const { doc, sha256 } = await loadDefinitionFile(DEFAULT_SOURCE);
  const generated = generate(doc, parseSurface(await Deno.readTextFile(DEFAULT_MOD)), { sha256 });
  const config = JSON.parse(await Deno.readTextFile(join(REPO_ROOT, "deno.json"))) as {
    exports: Record<string, string>;
  };
  const api = Object.entries(config.exports).filter(([, file]) =>
    file.startsWith("./src/generated/apis/")
  );
  // A hand-written entry may take an API's key: it re-exports the generated module.
  const handWritten = new Map(
    Object.entries(config.exports).filter(([, f]) => !api.some(([, a]) => a === f)),
  );
  assert.deepEqual(
    api,
    generated.entries.filter((e) => !handWritten.has(e.key))
      .map((e) => [e.key, `./src/generated/${e.file}`]),
    HINT,
  );
  assert.equal(api.length, 79);
  assert.equal(handWritten.get("./notifications"), "./src/notifications/mod.ts");
  assert.equal(config.exports["."], "./mod.ts");
  // API entries come after the others and are sorted.
  const keys = Object.keys(config.exports);
  assert.deepEqual(keys.slice(keys.length - api.length), api.map(([k]) => k));
  assert.deepEqual(api.map(([k]) => k), api.map(([k]) => k).sort());
});
