import assert from "node:assert/strict";
import {
  callStatement,
  emitApiFile,
  emitApisIndex,
  endpointEntry,
} from "../../tools/codegen/emit_apis.ts";
import { emitModelFile, modelClosure } from "../../tools/codegen/emit_models.ts";
import { generate } from "../../tools/codegen/generate.ts";
import { modelFileStems } from "../../tools/codegen/names.ts";
import { groupByTag, readOperations } from "../../tools/codegen/operations.ts";
import {
  aliasedSurfaceExports,
  emitClientSurface,
  parseSurface,
} from "../../tools/codegen/surface.ts";
import { renderModel } from "../../tools/codegen/types.ts";
import { syntheticDefinition, syntheticSurface } from "./_definition.ts";

function widgetsFile(): string {
  const generated = generate(syntheticDefinition(), syntheticSurface());
  return generated.files.get("apis/widgets.ts")!;
}

Deno.test("endpointEntry writes the Endpoint literal with defaults left out", () => {
  assert.equal(
    endpointEntry({
      name: "getUser",
      method: "GET",
      path: "/api/v2/users/{userId}",
      params: [
        { name: "userId", in: "path", required: true },
        { name: "edgeGroupId", in: "query", wire: "edgeGroup.id", format: "multi" },
      ],
      accept: "text/plain",
      response: "text",
      auth: "guest",
    }),
    [
      "  getUser: {",
      '    name: "getUser",',
      '    method: "GET",',
      '    path: "/api/v2/users/{userId}",',
      "    params: [",
      '      { name: "userId", in: "path", required: true },',
      '      { name: "edgeGroupId", in: "query", wire: "edgeGroup.id", format: "multi" },',
      "    ],",
      '    accept: "text/plain",',
      '    response: "text",',
      '    auth: "guest",',
      "  },",
      "",
    ].join("\n"),
  );
  assert.match(endpointEntry({ name: "a", method: "GET", path: "/", params: [] }), /params: \[\],/);
});

Deno.test("callStatement is one line when it fits, one argument per line otherwise", () => {
  assert.equal(
    callStatement("User", "ENDPOINTS.getUser", "[userId]"),
    "    return this.client.call<User>(ENDPOINTS.getUser, [userId], opts);\n",
  );
  const long = callStatement(
    "SomeVeryLongResponseTypeName",
    "ENDPOINTS.getSomethingWithAVeryLongName",
    "[a, b]",
  );
  assert.equal(
    long,
    "    return this.client.call<SomeVeryLongResponseTypeName>(\n" +
      "      ENDPOINTS.getSomethingWithAVeryLongName,\n      [a, b],\n      opts,\n    );\n",
  );
});

Deno.test("API module: one-line methods, typed signature, options namespace", () => {
  const file = widgetsFile();
  assert.match(
    file,
    /\n {2}getWidget\(widgetId: string, opts\?: WidgetsApi\.getWidgetOptions\): ApiPromise<Widget> \{\n {4}return this\.client\.call<Widget>\(ENDPOINTS\.getWidget, \[widgetId\], opts\);\n {2}\}\n/,
  );
  // Required parameters in official order; optional ones only in the options type.
  assert.match(
    file,
    /putWidget\(widgetId: string, _date: string, body: Widget, opts\?: WidgetsApi\.putWidgetOptions\): ApiPromise<Widget>/,
  );
  assert.match(
    file,
    /return this\.client\.call<Widget>\(ENDPOINTS\.putWidget, \[widgetId, _date, body\], opts\);/,
  );
  assert.match(
    file,
    /headWidget\(widgetId: string, opts\?: WidgetsApi\.headWidgetOptions\): ApiPromise<void>/,
  );
  assert.match(
    file,
    /getWidgetExport\(widgetId: string, opts\?: WidgetsApi\.getWidgetExportOptions\): ApiPromise<string>/,
  );
  assert.match(
    file,
    /getTelephonyProvidersEdges\(opts\?: WidgetsApi\.getTelephonyProvidersEdgesOptions\): ApiPromise<Edge\[\]>/,
  );
  assert.match(file, /postWebchatGuestConversations\(body: \{ \[key: string\]: unknown \}, opts\?/);
  assert.match(file, /export declare namespace WidgetsApi \{\n/);
  assert.match(
    file,
    /export interface getWidgetOptions extends CallOptions \{\n {4}\/\*\* The `expand` query parameter\. \*\/\n {4}expand\?: \("a" \| "b" \| \(string & \{\}\)\)\[\];\n {4}\/\*\* The `state` query parameter\. Defaults to `active`\. \*\/\n {4}state\?: "active" \| "deleted" \| \(string & \{\}\);\n {2}\}/,
  );
  assert.match(file, /export type headWidgetOptions = CallOptions;/);
  assert.match(
    file,
    /export interface getTelephonyProvidersEdgesOptions extends CallOptions \{[^}]*edgeGroupId\?: string;[^}]*acceptLanguage\?: string;[^}]*_delete\?: boolean;/,
  );
  assert.ok(file.startsWith("// deno-lint-ignore-file ban-types\n/**\n * The Widgets API"));
});

Deno.test("API module: JSDoc carries summary, description, permissions, params, deprecation", () => {
  const file = widgetsFile();
  const doc = file.slice(
    file.lastIndexOf("/**", file.indexOf("  getWidget(")),
    file.indexOf("  getWidget("),
  );
  assert.equal(
    doc,
    [
      "/**",
      "   * Get a widget.",
      "   *",
      "   * Returns one widget. Closing *\\/ must not end the comment.",
      "   *",
      "   * Requires any of these permissions: `widgets:widget:view`, `widgets:widget:edit`.",
      "   *",
      "   * `GET /api/v2/widgets/{widgetId}`",
      "   *",
      "   * @param widgetId Widget ID",
      "   * @param opts Optional parameters (`WidgetsApi.getWidgetOptions`) and per-call options.",
      "   * @param opts.expand",
      "   * @param opts.state",
      "   */",
      "",
    ].join("\n"),
  );
  assert.match(
    file,
    /Requires the `widgets:widget:edit` permission\.[\s\S]*@deprecated This operation is deprecated in the Platform API\.\n {3}\*\/\n {2}putWidget\(/,
  );
});

Deno.test("API module: models used directly or indirectly are imported and re-exported", () => {
  const file = widgetsFile();
  for (
    const model of [
      "Widget",
      "Edge",
      "Record",
      "Range",
      "Settings",
      "Array",
      "Promise",
      "Endpoint",
      "ScimV2User",
    ]
  ) {
    assert.match(file, new RegExp(`import type \\{ ${model} \\} from "\\.\\./models/`), model);
  }
  assert.doesNotMatch(file, /import type \{ ErrorBody \}/);
  assert.match(
    file,
    /export type \{\s*Array,\s*Edge,\s*Endpoint,\s*Promise,\s*Range,\s*Record,\s*ScimV2User,\s*Settings,\s*Widget,?\s*\};/,
  );
  assert.match(file, /export \* from "\.\.\/client_surface\.ts";/);
});

Deno.test("API module: request-core names taken by models are aliased, not shadowed", () => {
  const file = widgetsFile();
  // The model `Endpoint` keeps its name; the core type is imported and exported as CoreEndpoint.
  assert.match(
    file,
    /import type \{ CallOptions, Endpoint as CoreEndpoint \} from "\.\.\/\.\.\/core\/endpoint\.ts";/,
  );
  assert.match(file, /const ENDPOINTS: \{ readonly \[method: string\]: CoreEndpoint \} = \{/);
  assert.match(
    file,
    /export type \{ Endpoint as CoreEndpoint \} from "\.\.\/\.\.\/core\/endpoint\.ts";/,
  );
  assert.match(
    file,
    /export type \{ Settings as CoreSettings \} from "\.\.\/\.\.\/config\/configuration\.ts";/,
  );
  // No global is needed by generated code, so models named Record/Array/Promise are harmless.
  assert.doesNotMatch(file, /Record</);
  assert.doesNotMatch(file, /Array</);
  const edges = generate(syntheticDefinition(), syntheticSurface()).files.get(
    "apis/telephony_providers_edge.ts",
  )!;
  assert.match(
    edges,
    /import type \{ CallOptions, Endpoint \} from "\.\.\/\.\.\/core\/endpoint\.ts";/,
  );
  assert.doesNotMatch(edges, /CoreEndpoint/);
  // Edge refers to Widget, which refers to the model Settings.
  assert.match(edges, /Settings as CoreSettings/);
});

Deno.test("parseSurface takes the root mod.ts re-exports from outside src/generated", () => {
  const surface = parseSurface(`/**
 * Docs mentioning export { Nope } from "./x.ts";
 * @module
 */
export { PlatformClient, type ClientOptions } from "./src/core/client.ts";
// export { Commented } from "./src/core/old.ts";
export type {
  CallOptions,
  Endpoint as EndpointSpec,
} from "./src/core/endpoint.ts";
export * from "./src/core/errors.ts";
export * from "./src/generated/apis/mod.ts";
export type * from "./src/generated/models/mod.ts";
export { default as x } from "jose";
`);
  assert.deepEqual(surface, [
    { from: "./src/core/client.ts", values: ["PlatformClient"], types: ["ClientOptions"] },
    {
      from: "./src/core/endpoint.ts",
      values: [],
      types: ["CallOptions", "Endpoint as EndpointSpec"],
    },
    { from: "./src/core/errors.ts", values: [], types: [], star: true },
    { from: "jose", values: ["default as x"], types: [] },
  ]);
});

Deno.test("emitClientSurface re-exports from src/generated, and needs PlatformClient", () => {
  const text = emitClientSurface(parseSurface(
    'export { PlatformClient } from "./src/core/client.ts";\nexport * from "./src/core/errors.ts";\n' +
      'export type { Thing } from "./lib/thing.ts";\nexport { x } from "jose";\n',
  ));
  assert.match(
    text,
    /\n\nexport \{ PlatformClient \} from "\.\.\/core\/client\.ts";\nexport \* from "\.\.\/core\/errors\.ts";\n/,
  );
  assert.match(
    text,
    /export type \{ Thing \} from "\.\.\/\.\.\/lib\/thing\.ts";\nexport \{ x \} from "jose";\n$/,
  );
  assert.match(text, /@module/);
  assert.throws(() => emitClientSurface([]), /the root mod\.ts does not export PlatformClient/);
});

Deno.test("aliasedSurfaceExports gives taken names a Core alias", () => {
  const surface = parseSurface(
    'export { PlatformClient, ApiError as Failure } from "./src/core/client.ts";\n' +
      'export type { Transport } from "./src/core/transport.ts";\n',
  );
  assert.equal(aliasedSurfaceExports(new Set(["User"]), surface, "src/generated/apis"), "");
  assert.equal(
    aliasedSurfaceExports(
      new Set(["Failure", "PlatformClient", "Transport"]),
      surface,
      "src/generated/apis",
    ),
    'export { ApiError as CoreFailure, PlatformClient as CorePlatformClient } from "../../core/client.ts";\n' +
      'export type { Transport as CoreTransport } from "../../core/transport.ts";\n',
  );
});

Deno.test("model modules import their direct references only", () => {
  const doc = syntheticDefinition();
  const stems = modelFileStems(Object.keys(doc.definitions!));
  const widget = emitModelFile("Widget", renderModel("Widget", doc.definitions!.Widget), stems);
  assert.match(widget, /^\/\/ deno-lint-ignore-file ban-types\n\/\/ Generated by tools\/codegen/);
  assert.match(
    widget,
    /import type \{ Range \} from "\.\/range\.ts";\nimport type \{ Record \} from "\.\/record\.ts";\nimport type \{ Settings \} from "\.\/settings\.ts";\n\n/,
  );
  assert.doesNotMatch(widget, /import type \{ Widget \}/);
  assert.match(widget, /family\?: 2 \| 23 \| \(number & \{\}\);/);
  assert.match(widget, /labels\?: \{ \[key: string\]: string \};/);
  assert.match(widget, /"auth-token"\?: string;/);
  const range = emitModelFile("Range", renderModel("Range", doc.definitions!.Range), stems);
  assert.doesNotMatch(range, /deno-lint-ignore/);
  assert.throws(
    () =>
      emitModelFile(
        "X",
        renderModel("X", { type: "object", properties: { y: { $ref: "#/definitions/Nope" } } }),
        stems,
      ),
    /definition X refers to "Nope", which is not in "definitions"/,
  );
});

Deno.test("modelClosure follows references through cycles", () => {
  const refs: Record<string, string[]> = { A: ["B"], B: ["C", "A"], C: [], D: ["A"] };
  assert.deepEqual([...modelClosure(["A"], (n) => refs[n])].sort(), ["A", "B", "C"]);
  assert.deepEqual([...modelClosure([], (n) => refs[n])], []);
});

Deno.test("generate: files, entries and mod files are complete and deterministic", () => {
  const first = generate(syntheticDefinition(), syntheticSurface());
  const second = generate(syntheticDefinition(), syntheticSurface());
  assert.deepEqual([...first.files], [...second.files]);
  assert.deepEqual(first.entries, [
    { key: "./telephony-providers-edge", file: "apis/telephony_providers_edge.ts" },
    { key: "./widgets", file: "apis/widgets.ts" },
  ]);
  assert.deepEqual(
    [...first.files.keys()].filter((f) => !f.startsWith("models/")).sort(),
    ["apis/mod.ts", "apis/telephony_providers_edge.ts", "apis/widgets.ts", "client_surface.ts"],
  );
  assert.equal([...first.files.keys()].filter((f) => f.startsWith("models/")).length, 12);
  const index = first.files.get("apis/mod.ts")!;
  assert.match(
    index,
    /export \{ TelephonyProvidersEdgeApi \} from "\.\/telephony_providers_edge\.ts";\nexport \{ WidgetsApi \} from "\.\/widgets\.ts";\n$/,
  );
  assert.match(
    first.files.get("models/mod.ts")!,
    /export type \{ Widget \} from "\.\/widget\.ts";/,
  );
  const groups = groupByTag(readOperations(syntheticDefinition()));
  assert.equal(emitApisIndex(groups), index);
});

Deno.test("emitApiFile refuses a model named like its class", () => {
  const doc = syntheticDefinition();
  const defs = doc.definitions as Record<string, unknown>;
  defs.WidgetsApi = { type: "object", properties: { a: { type: "string" } } };
  const get = doc.paths["/api/v2/widgets/{widgetId}"].get as { responses: unknown };
  get.responses = { "200": { description: "ok", schema: { $ref: "#/definitions/WidgetsApi" } } };
  const groups = groupByTag(readOperations(doc));
  const stems = modelFileStems(Object.keys(doc.definitions!));
  const widgets = groups.find((g) => g.className === "WidgetsApi")!;
  assert.throws(
    () => emitApiFile(widgets, stems, (d) => d, syntheticSurface()),
    /WidgetsApi uses a model of the same name/,
  );
});
