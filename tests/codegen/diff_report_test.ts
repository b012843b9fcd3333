/**
 * The diff report and command line: counts by kind and by API class,
 * Markdown and JSON output, `deno task diff` on a file and a URL, errors.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { API_DEFINITION } from "../../src/generated/definition.ts";
import { REPO_ROOT } from "../../tools/codegen/main.ts";
import { compareSnapshots } from "../../tools/diff/compare.ts";
import { parseDiffArgs } from "../../tools/diff/main.ts";
import {
  buildReport,
  type DefinitionInfo,
  renderJson,
  renderMarkdown,
} from "../../tools/diff/report.ts";
import { snapshot } from "../../tools/diff/snapshot.ts";
import type { SwaggerDocument } from "../../tools/codegen/swagger.ts";
import { syntheticDefinition } from "./_definition.ts";

// deno-lint-ignore no-explicit-any
type Mutable = any;

/** The synthetic definition with one breaking and two additive method changes and model changes. */
function edited(): SwaggerDocument {
  const doc = syntheticDefinition();
  const paths = doc.paths as Mutable;
  delete paths["/api/v2/widgets/{widgetId}"].head; // breaking, WidgetsApi
  paths["/api/v2/widgets/{widgetId}"].get.deprecated = true; // additive, WidgetsApi
  paths["/api/v2/telephony/providers/edges"].get.parameters.push({
    name: "site",
    in: "query",
    type: "string",
  }); // additive, in both classes
  const defs = doc.definitions as Mutable;
  delete defs.Edge.properties.matrix; // breaking, models of both classes
  defs.Edge.properties.label = { type: "string" }; // additive, models of both classes
  return doc;
}

function info(source: string, doc: SwaggerDocument): DefinitionInfo {
  const snap = snapshot(doc);
  return {
    source,
    title: doc.info?.title ?? "",
    version: doc.info?.version ?? "",
    sha256: "0123456789abcdef".repeat(4),
    operations: snap.operations,
    classes: snap.classes.size,
    methods: snap.methods,
    models: snap.models.size,
  };
}

function report() {
  const before = syntheticDefinition();
  const after = edited();
  return buildReport(
    info("old.json", before),
    info("https://example.test/new.json", after),
    compareSnapshots(snapshot(before), snapshot(after)),
  );
}

Deno.test("buildReport counts changes by kind and by API class (methods and models apart)", () => {
  const r = report();
  assert.deepEqual(r.totals, { breaking: 2, additive: 4 });
  assert.deepEqual(r.byKind.map((k) => [k.kind, k.breaking, k.count]), [
    ["method-removed", true, 1],
    ["property-removed", true, 1],
    ["option-added", false, 2],
    ["deprecated", false, 1],
    ["property-added", false, 1],
  ]);
  assert.deepEqual(r.byClass, [
    {
      class: "TelephonyProvidersEdgeApi",
      breaking: 0,
      additive: 1,
      modelsBreaking: 1,
      modelsAdditive: 1,
    },
    { class: "WidgetsApi", breaking: 1, additive: 2, modelsBreaking: 1, modelsAdditive: 1 },
  ]);
  assert.equal(r.old.operations, 9);
  assert.equal(r.new.operations, 8);
  assert.equal(r.new.methods, 9);
});

Deno.test("renderMarkdown: definitions, totals, tables, breaking then additive lists", () => {
  const text = renderMarkdown(report());
  const lines = text.split("\n");
  assert.equal(lines[0], "# Platform API definition diff");
  assert.ok(
    lines.includes("| old | old.json | Synthetic 1 | 9 | 2 | 10 | 12 | `0123456789ab` |"),
    text,
  );
  assert.ok(
    lines.includes(
      "| new | https://example.test/new.json | Synthetic 1 | 8 | 2 | 9 | 12 | `0123456789ab` |",
    ),
  );
  assert.ok(
    lines.includes("**2 breaking, 4 additive** changes for code using the generated package."),
  );
  assert.ok(lines.includes("| method removed | yes | 1 |"));
  assert.ok(lines.includes("| optional parameter added | no | 2 |"));
  assert.ok(lines.includes("| WidgetsApi | 1 | 2 | 1 | 1 |"));
  const breaking = text.slice(text.indexOf("## Breaking changes (2)"), text.indexOf("## Additive"));
  assert.equal(
    breaking,
    [
      "## Breaking changes (2)",
      "",
      "#### WidgetsApi (1)",
      "",
      "- `WidgetsApi.headWidget` removed (HEAD /api/v2/widgets/{widgetId})",
      "",
      "#### Models (1)",
      "",
      "- `Edge.matrix` removed; in `TelephonyProvidersEdgeApi`, `WidgetsApi`",
      "",
      "",
    ].join("\n"),
  );
  assert.match(text, /## Additive changes \(4\)\n\n#### TelephonyProvidersEdgeApi \(1\)\n/);
  assert.match(text, /- `WidgetsApi.getWidget` is deprecated\n/);
  assert.ok(
    text.endsWith("- `Edge.label` added: `string`; in `TelephonyProvidersEdgeApi`, `WidgetsApi`\n"),
  );

  const breakingOnly = renderMarkdown(report(), { breakingOnly: true });
  assert.doesNotMatch(breakingOnly, /## Additive changes/);
  assert.match(breakingOnly, /\*\*2 breaking, 4 additive\*\*/);
});

Deno.test("renderJson holds the whole report", () => {
  const r = report();
  const parsed = JSON.parse(renderJson(r));
  assert.deepEqual(parsed, JSON.parse(JSON.stringify(r)));
  assert.equal(parsed.changes.length, 6);
  assert.deepEqual(parsed.changes.find((c: { kind: string }) => c.kind === "method-removed"), {
    kind: "method-removed",
    breaking: true,
    class: "WidgetsApi",
    method: "headWidget",
    message: "`WidgetsApi.headWidget` removed (HEAD /api/v2/widgets/{widgetId})",
  });
});

Deno.test("parseDiffArgs: two definitions, --json, --breaking, --auth, --version", () => {
  assert.deepEqual(parseDiffArgs(["a.json", "https://x/b", "--json"]), {
    old: "a.json",
    new: "https://x/b",
    json: true,
    breaking: false,
    auth: {},
    version: false,
  });
  assert.deepEqual(parseDiffArgs(["--breaking", "a", "b", "--auth", "X JWT=guest"]).auth, {
    "X JWT": "guest",
  });
  assert.equal(parseDiffArgs(["--version"]).version, true);
  assert.throws(
    () => parseDiffArgs(["a"]),
    /expected two definitions, got 1\nusage: deno task diff/,
  );
  assert.throws(() => parseDiffArgs(["a", "b", "c"]), /expected two definitions, got 3/);
  assert.throws(() => parseDiffArgs(["a", "b", "--md"]), /unknown option --md/);
  assert.throws(() => parseDiffArgs(["a", "b", "--auth", "X=jwt"]), /--auth takes/);
});

async function runDiff(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", "--allow-net", "tools/diff/main.ts", ...args],
    cwd: REPO_ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const text = new TextDecoder();
  return { code, stdout: text.decode(stdout), stderr: text.decode(stderr) };
}

Deno.test("deno task diff: a file against a URL, Markdown and JSON; errors exit 1", async () => {
  const dir = await Deno.makeTempDir({ prefix: "diff-cli-" });
  const newText = JSON.stringify(edited());
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    () => new Response(newText, { headers: { "content-type": "application/json" } }),
  );
  try {
    const old = join(dir, "old.json");
    await Deno.writeTextFile(old, JSON.stringify(syntheticDefinition()));
    const url = `http://127.0.0.1:${server.addr.port}/api/v2/docs/swagger`;
    const sha = async (text: string) =>
      [...new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)))]
        .map((b) => b.toString(16).padStart(2, "0")).join("");

    const md = await runDiff([old, url]);
    assert.equal(md.code, 0, md.stderr);
    assert.match(md.stdout, /^# Platform API definition diff\n/);
    assert.match(md.stdout, /\*\*2 breaking, 4 additive\*\*/);
    assert.ok(
      md.stdout.includes(
        `| new | ${url} | Synthetic 1 | 8 | 2 | 9 | 12 | \`${
          (await sha(newText)).slice(0, 12)
        }\` |`,
      ),
    );

    const json = await runDiff([old, url, "--json"]);
    assert.equal(json.code, 0, json.stderr);
    const parsed = JSON.parse(json.stdout);
    assert.deepEqual(parsed.totals, { breaking: 2, additive: 4 });
    assert.equal(parsed.new.sha256, await sha(newText));
    assert.equal(parsed.old.source, old);

    // What the generator cannot express stops the diff with the generator's message.
    const partner = syntheticDefinition() as Mutable;
    partner.paths["/api/v2/widgets/{widgetId}"].get.security = [{ "Partner Key": [] }];
    const bad = join(dir, "partner.json");
    await Deno.writeTextFile(bad, JSON.stringify(partner));
    const refused = await runDiff([old, bad]);
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      /^diff: getWidget \(GET \/api\/v2\/widgets\/\{widgetId\}\): security scheme "Partner Key" \(not declared in securityDefinitions\)/,
    );
    const decided = await runDiff([old, bad, "--json", "--auth", "Partner Key=oauth"]);
    assert.equal(decided.code, 0, decided.stderr);
    assert.deepEqual(JSON.parse(decided.stdout).changes, []);

    const usage = await runDiff([old]);
    assert.equal(usage.code, 1);
    assert.match(usage.stderr, /^diff: expected two definitions, got 1\nusage: deno task diff/);
    const missing = await runDiff([old, join(dir, "none.json")]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^diff: definition file not found: .*none\.json/);
  } finally {
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("deno task diff --version prints what src/generated was generated from", async () => {
  const { code, stdout } = await runDiff(["--version"]);
  assert.equal(code, 0);
  assert.equal(
    stdout,
    `src/generated: ${API_DEFINITION.title} ${API_DEFINITION.version}: ${API_DEFINITION.operations} operations -> ` +
      `${API_DEFINITION.classes} classes, ${API_DEFINITION.methods} methods, ${API_DEFINITION.models} models; ` +
      `sha256 ${API_DEFINITION.sha256}\n`,
  );
});
