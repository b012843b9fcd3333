import assert from "node:assert/strict";
import { join } from "node:path";
import { DEFAULT_MOD, DEFAULT_OUT, DEFAULT_SOURCE, parseArgs } from "../../tools/codegen/main.ts";
import { listFiles, replaceExports, syncTree, writeFiles } from "../../tools/codegen/write.ts";

const DENO_JSON = `{
  "name": "@cxkit/genesys-cloud",
  "exports": {
    ".": "./mod.ts",
    "./zeta": "./src/generated/apis/zeta.js",
    "./testing": "./testing/mod.ts"
  },
  "fmt": { "exclude": ["node_modules/"] }
}
`;

Deno.test("replaceExports keeps non-API entries and writes API entries sorted", () => {
  const api = new Map([
    ["./users", "./src/generated/apis/users.js"],
    ["./agent-ui", "./src/generated/apis/agent_ui.js"],
  ]);
  const out = replaceExports(DENO_JSON, api, "./src/generated/apis");
  assert.equal(
    out,
    `{
  "name": "@cxkit/genesys-cloud",
  "exports": {
    ".": "./mod.ts",
    "./testing": "./testing/mod.ts",
    "./agent-ui": "./src/generated/apis/agent_ui.js",
    "./users": "./src/generated/apis/users.js"
  },
  "fmt": { "exclude": ["node_modules/"] }
}
`,
  );
  // Idempotent, and the stale "./zeta" entry is gone.
  assert.equal(replaceExports(out, api, "./src/generated/apis"), out);
});

Deno.test("replaceExports leaves an API key to a hand-written entry that has it", () => {
  const text =
    `{\n  "exports": {\n    ".": "./mod.ts",\n    "./users": "./src/users/mod.ts"\n  }\n}\n`;
  const api = new Map([
    ["./users", "./src/generated/apis/users.js"],
    ["./groups", "./src/generated/apis/groups.js"],
  ]);
  const out = replaceExports(text, api, "./src/generated/apis");
  assert.deepEqual(JSON.parse(out).exports, {
    ".": "./mod.ts",
    "./users": "./src/users/mod.ts",
    "./groups": "./src/generated/apis/groups.js",
  });
  assert.equal(replaceExports(out, api, "./src/generated/apis"), out);
});

Deno.test("replaceExports adds an exports map when there is none, and ignores look-alike keys", () => {
  const out = replaceExports(
    `{\n  "name": "x",\n  "tasks": { "exports": "echo" }\n}\n`,
    new Map([["./a", "./src/generated/apis/a.js"]]),
    "./src/generated/apis",
  );
  assert.deepEqual(JSON.parse(out), {
    exports: { "./a": "./src/generated/apis/a.js" },
    name: "x",
    tasks: { exports: "echo" },
  });
  const fromString = replaceExports(`{ "exports": "./mod.ts" }`, new Map(), "./src/generated/apis");
  assert.deepEqual(JSON.parse(fromString), { exports: { ".": "./mod.ts" } });
});

Deno.test("syncTree rewrites changed files, removes stale ones, leaves the rest", async () => {
  const staging = await Deno.makeTempDir();
  const out = await Deno.makeTempDir();
  try {
    await writeFiles(
      staging,
      new Map([["a.ts", "A\n"], ["sub/b.ts", "B2\n"], ["sub/c.ts", "C\n"]]),
    );
    await writeFiles(out, new Map([["a.ts", "A\n"], ["sub/b.ts", "B1\n"], ["old/x.ts", "X\n"]]));
    const before = (await Deno.stat(join(out, "a.ts"))).mtime;
    const report = await syncTree(staging, out);
    assert.deepEqual(report, { written: 2, removed: 1, unchanged: 1, bytes: 7 });
    assert.deepEqual(await listFiles(out), ["a.ts", "sub/b.ts", "sub/c.ts"]);
    assert.equal(await Deno.readTextFile(join(out, "sub/b.ts")), "B2\n");
    assert.deepEqual((await Deno.stat(join(out, "a.ts"))).mtime, before);
    // The emptied directory is removed too.
    await assert.rejects(Deno.stat(join(out, "old")), Deno.errors.NotFound);
    assert.deepEqual(await syncTree(staging, out), {
      written: 0,
      removed: 0,
      unchanged: 3,
      bytes: 7,
    });
  } finally {
    await Deno.remove(staging, { recursive: true });
    await Deno.remove(out, { recursive: true });
  }
});

Deno.test("parseArgs: definition, --out, --mod, --auth and --version, defaults from the repository root", () => {
  const defaults = { auth: {}, version: false };
  assert.deepEqual(parseArgs([]), {
    source: DEFAULT_SOURCE,
    out: DEFAULT_OUT,
    mod: DEFAULT_MOD,
    ...defaults,
  });
  assert.ok(DEFAULT_SOURCE.endsWith("/shared/genesys-api/platform-api-v2.2025-07.json"));
  // The repository root is wherever this clone lives (CI clones into other folder names).
  const repo = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");
  assert.equal(DEFAULT_OUT, `${repo}/src/generated`);
  assert.equal(DEFAULT_MOD, `${repo}/mod.ts`);
  assert.equal(
    DEFAULT_SOURCE,
    `${repo.replace(/\/[^/]+$/, "")}/shared/genesys-api/platform-api-v2.2025-07.json`,
  );
  assert.deepEqual(parseArgs(["https://x/swagger", "--out", "/tmp/g", "--mod=/tmp/m.ts"]), {
    source: "https://x/swagger",
    out: "/tmp/g",
    mod: "/tmp/m.ts",
    ...defaults,
  });
  assert.deepEqual(parseArgs(["--out=/tmp/h", "d.json"]), {
    source: "d.json",
    out: "/tmp/h",
    mod: DEFAULT_MOD,
    ...defaults,
  });
  assert.deepEqual(
    parseArgs(["--auth", "Partner JWT=guest", "--auth=PureCloud Auth=oauth", "--version"]),
    {
      source: DEFAULT_SOURCE,
      out: DEFAULT_OUT,
      mod: DEFAULT_MOD,
      auth: { "Partner JWT": "guest", "PureCloud Auth": "oauth" },
      version: true,
    },
  );
  assert.throws(() => parseArgs(["--out"]), /--out needs a directory/);
  assert.throws(() => parseArgs(["--mod"]), /--mod needs a file/);
  assert.throws(() => parseArgs(["--auth"]), /--auth needs <scheme>=<kind>/);
  assert.throws(
    () => parseArgs(["--auth", "Partner JWT=bearer"]),
    /--auth takes "<scheme>=<oauth\|guest\|webmessaging\|none>", not "Partner JWT=bearer"/,
  );
  assert.throws(() => parseArgs(["--auth", "=guest"]), /--auth takes/);
  assert.throws(
    () => parseArgs(["--verbose"]),
    /unknown option --verbose\nusage: deno task generate/,
  );
  assert.throws(() => parseArgs(["a", "b"]), /unexpected argument b/);
});
