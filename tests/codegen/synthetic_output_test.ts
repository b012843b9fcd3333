/**
 * End to end on the synthetic definition: served over http, generated with
 * `run` into a scratch tree beside links to the real request core, then
 * checked with `deno check`, `deno lint`, `deno doc --lint` and `deno fmt --check`.
 * The definition names models `Record`, `Array`, `Promise`, `Endpoint`,
 * `Settings` and `ConfigFileError`, so this proves generated code never depends
 * on a shadowable name, and that the root module (which re-exports the generated
 * models, API classes and `API_DEFINITION` next to a feature module exporting
 * `ConfigFileError`) type-checks without naming any model by hand.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { REPO_ROOT, run } from "../../tools/codegen/main.ts";
import { listFiles } from "../../tools/codegen/write.ts";
import { SYNTHETIC_MOD, syntheticDefinition } from "./_definition.ts";
import { generatedDocProblems } from "./_doc_lint.ts";

async function deno(args: string[], cwd: string): Promise<{ code: number; output: string }> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args,
    cwd,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const text = new TextDecoder();
  return { code, output: text.decode(stdout) + text.decode(stderr) };
}

Deno.test("synthetic definition: generated from a URL, it checks, lints, documents and is formatted", async () => {
  const scratch = await Deno.makeTempDir({ prefix: "codegen-synthetic-" });
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    () => Response.json(syntheticDefinition()),
  );
  try {
    // The generated tree sits at src/generated next to links to the real src/ folders.
    await Deno.mkdir(join(scratch, "src"));
    for await (const entry of Deno.readDir(join(REPO_ROOT, "src"))) {
      if (entry.isDirectory && entry.name !== "generated") {
        await Deno.symlink(join(REPO_ROOT, "src", entry.name), join(scratch, "src", entry.name));
      }
    }
    const out = join(scratch, "src", "generated");
    const mod = join(scratch, "mod.ts");
    await Deno.writeTextFile(mod, SYNTHETIC_MOD);
    const source = `http://127.0.0.1:${server.addr.port}/api/v2/docs/swagger`;
    const summary = await run({ source, out, mod });
    assert.deepEqual(
      { classes: summary.classes, methods: summary.methods, operations: summary.operations },
      { classes: 2, methods: 10, operations: 9 },
    );
    assert.equal(summary.exportsUpdated, false);
    assert.deepEqual([...summary.renamedModels], [
      ["ConfigFileError", "ConfigFileErrorModel"],
      ["Endpoint", "EndpointModel"],
      ["Settings", "SettingsModel"],
    ]);
    assert.equal(summary.record.operations, 9);
    const files = await listFiles(out);
    assert.equal(files.length, summary.files);
    assert.ok(
      files.includes("apis/widgets.js") && files.includes("apis/widgets.d.ts") &&
        files.includes("models/record.ts"),
    );

    const config = join(REPO_ROOT, "deno.json");
    const entries = [
      "apis/mod.ts",
      "apis/widgets.js",
      "apis/telephony_providers_edge.js",
      "models/mod.ts",
    ]
      .map((f) => join(out, f));
    const check = await deno(["check", "--config", config, mod, ...entries], scratch);
    assert.equal(check.code, 0, check.output);
    const lint = await deno(["lint", "--config", config, out], scratch);
    assert.equal(lint.code, 0, lint.output);
    // Problems in the request core's own documentation are the core's; none may be in generated code.
    const doc = await deno(["doc", "--lint", "--config", config, ...entries], scratch);
    assert.deepEqual(generatedDocProblems(doc.output, out), [], doc.output);
    const fmt = await deno(["fmt", "--check", "--config", config, out], scratch);
    assert.equal(fmt.code, 0, fmt.output);

    // Importing the .js entry gives the declared types (through @ts-self-types), not `any`:
    // each @ts-expect-error must meet an error, or the check fails.
    const usage = join(scratch, "usage.ts");
    await Deno.writeTextFile(
      usage,
      [
        'import { PlatformClient, WidgetsApi } from "./src/generated/apis/widgets.js";',
        "const api = new WidgetsApi(new PlatformClient());",
        "// @ts-expect-error widgetId is a string",
        "await api.getWidget(1);",
        "// @ts-expect-error no such operation",
        "await api.getNothing();",
        'const widget: { id?: string } = await api.getWidget("w1", { expand: ["a"] });',
        "console.log(widget);",
        'import { API_DEFINITION, type ConfigFileErrorModel, ConfigFileError } from "./mod.ts";',
        "const line: ConfigFileErrorModel = { line: 3 };",
        "console.log(line, ConfigFileError, API_DEFINITION.sha256.length);",
        "",
      ].join("\n"),
    );
    const typed = await deno(["check", "--config", config, usage], scratch);
    assert.equal(typed.code, 0, typed.output);

    // Running again changes nothing.
    const again = await run({ source, out, mod });
    assert.equal(again.written, 0);
    assert.equal(again.removed, 0);
  } finally {
    await server.shutdown();
    await Deno.remove(scratch, { recursive: true });
  }
});
