import assert from "node:assert/strict";
import type { Endpoint } from "../../src/base/endpoint.ts";
import { JOB_OPERATIONS } from "../../src/generated/jobs.ts";
import { operationEntries, parseOperation } from "../../src/operations/operations.ts";
import {
  emitApiFile,
  emitApisIndex,
  operationLine,
  operationSpec,
  operationTable,
  pathReference,
} from "../../tools/codegen/emit_apis.ts";
import { emitModelFile, modelClosure } from "../../tools/codegen/emit_models.ts";
import { describeDefinition } from "../../tools/codegen/emit_definition.ts";
import { generate } from "../../tools/codegen/generate.ts";
import { findJobs } from "../../tools/codegen/jobs.ts";
import { loadDefinitionFile } from "../../tools/codegen/load.ts";
import { DEFAULT_OUT, DEFAULT_SOURCE } from "../../tools/codegen/main.ts";
import { modelFileStems } from "../../tools/codegen/names.ts";
import { groupByTag, readOperations } from "../../tools/codegen/operations.ts";
import {
  aliasedSurfaceExports,
  emitClientSurface,
  parseSurface,
} from "../../tools/codegen/surface.ts";
import { DefinitionError } from "../../tools/codegen/swagger.ts";
import { renderModel } from "../../tools/codegen/types.ts";
import { SYNTHETIC_OPTIONS, syntheticDefinition, syntheticSurface } from "./_definition.ts";

/** The declaration file of the synthetic Widgets API. */
function widgetsFile(): string {
  const generated = generate(syntheticDefinition(), syntheticSurface(), SYNTHETIC_OPTIONS);
  return generated.files.get("apis/widgets.d.ts")!;
}

/** The runtime module of the synthetic Widgets API. */
function widgetsRuntime(): string {
  const generated = generate(syntheticDefinition(), syntheticSurface(), SYNTHETIC_OPTIONS);
  return generated.files.get("apis/widgets.js")!;
}

const GET_USER: Endpoint = {
  name: "getUser",
  method: "GET",
  path: "/api/v2/users/{userId}",
  params: [
    { name: "userId", in: "path", required: true },
    { name: "expand", in: "query", format: "multi" },
    { name: "integrationPresenceSource", in: "query" },
    { name: "state", in: "query" },
  ],
};

Deno.test("operationSpec: a POST, PUT or PATCH says its body only when it is not the usual one", () => {
  const put = { name: "putThing", method: "PUT" as const, path: "/api/v2/things/{thingId}" };
  const thingId = { name: "thingId", in: "path" as const, required: true };
  const body = { name: "body", in: "body" as const, required: true };
  assert.equal(operationSpec({ ...put, params: [thingId, body] }), "PUT things/{thingId}");
  assert.equal(operationSpec({ ...put, params: [thingId] }), "PUT things/{thingId} @nobody");
  assert.equal(
    operationSpec({ ...put, params: [thingId, { name: "body", in: "body" as const }] }),
    "PUT things/{thingId} $body",
  );
  assert.equal(
    operationSpec({ ...put, params: [thingId, { ...body, name: "settings" }] }),
    "PUT things/{thingId} !$settings",
  );
  assert.equal(
    operationSpec({ ...put, method: "DELETE", params: [thingId] }),
    "DELETE things/{thingId}",
  );
  for (
    const params of [[thingId, body], [thingId], [thingId, { name: "body", in: "body" as const }]]
  ) {
    const spec = operationSpec({ ...put, params });
    assert.deepEqual(parseOperation("putThing", spec).params, params, spec);
  }
});

Deno.test("operationSpec: method, path, parameter tokens in order, flags only when not default", () => {
  assert.equal(
    operationSpec(GET_USER),
    "GET users/{userId} ?expand* ?integrationPresenceSource ?state",
  );
  // Only paths under /api/v2/ take the short form; others, and the root itself, stay absolute.
  assert.equal(
    operationSpec({ ...GET_USER, path: "/oauth/users/{userId}" }).split(" ")[1],
    "/oauth/users/{userId}",
  );
  assert.equal(
    operationSpec({ ...GET_USER, name: "getRoot", path: "/api/v2/", params: [] }),
    "GET /api/v2/",
  );
  assert.equal(
    operationSpec({
      name: "putThing",
      method: "PUT",
      path: "/api/v2/things/{thingId}",
      params: [
        { name: "thingId", in: "path", required: true },
        { name: "_date", in: "query", wire: "date", required: true },
        { name: "body", in: "body", required: true },
        { name: "ifMatch", in: "header", wire: "If-Match" },
        { name: "edgeGroupId", in: "query", wire: "edgeGroup.id", format: "multi" },
        { name: "a", in: "query", format: "csv" },
        { name: "b", in: "query", format: "ssv" },
        { name: "c", in: "query", format: "tsv" },
        { name: "d", in: "query", format: "pipes" },
      ],
      contentType: "application/scim+json",
      accept: "text/calendar",
      response: "text",
      auth: "guest",
    }),
    "PUT things/{thingId} !?_date=date ^ifMatch=If-Match " +
      "?edgeGroupId=edgeGroup.id* ?a ?b~ssv ?c~tsv ?d~pipes " +
      "@guest @text @ct=application/scim+json @accept=text/calendar",
  );
  assert.equal(operationSpec({ name: "a", method: "HEAD", path: "/", params: [] }), "HEAD /");
  assert.equal(
    operationSpec({
      name: "a",
      method: "DELETE",
      path: "/x",
      params: [],
      response: "none",
      auth: "none",
    }),
    "DELETE /x @noauth @none",
  );
  assert.equal(
    operationSpec({ name: "a", method: "GET", path: "/x", params: [], auth: "webmessaging" }),
    "GET /x @webmessaging",
  );
  // The name goes unsaid when the runtime derives the same one from method and path.
  assert.equal(
    operationLine(GET_USER),
    "GET users/{userId} ?expand* ?integrationPresenceSource ?state",
  );
  assert.equal(
    operationLine({ ...GET_USER, name: "getUserById" }),
    "getUserById GET users/{userId} ?expand* ?integrationPresenceSource ?state",
  );
  const table = [GET_USER, { ...GET_USER, name: "getUserById" }].map((e) => operationLine(e)).join(
    "\n",
  );
  assert.deepEqual(operationEntries(table).map(([name]) => name), ["getUser", "getUserById"]);
});

Deno.test("operationSpec output parses back (src/operations/operations.ts) to the same Endpoint", () => {
  const endpoints: Endpoint[] = [
    GET_USER,
    {
      name: "patchScimV2User",
      method: "PATCH",
      path: "/api/v2/scim/v2/users/{userId}",
      params: [
        { name: "userId", in: "path", required: true },
        { name: "body", in: "body", required: true },
        { name: "ifMatch", in: "header", wire: "If-Match" },
        { name: "codes", in: "query", format: "pipes" },
        { name: "ids", in: "query", format: "ssv" },
        { name: "tabs", in: "query", format: "tsv" },
      ],
      contentType: "application/scim+json",
      accept: "application/scim+json",
      response: "none",
      auth: "webmessaging",
    },
    ...groupByTag(readOperations(syntheticDefinition())).flatMap((g) =>
      g.operations.map((op) => op.endpoint)
    ),
  ];
  for (const endpoint of endpoints) {
    assert.deepEqual(parseOperation(endpoint.name, operationSpec(endpoint)), endpoint);
  }
});

Deno.test("operationSpec refuses what the grammar cannot carry", () => {
  const base: Endpoint = { name: "op", method: "GET", path: "/x", params: [] };
  const refused: [Endpoint, RegExp][] = [
    [{ ...base, path: "/a b" }, /op: path "\/a b" cannot be written in an operation spec/],
    [
      { ...base, params: [{ name: "a-b", in: "query" }] },
      /op: parameter name "a-b" cannot be written/,
    ],
    ...["a b", "a*", "a~b", "a|b", "a;b", "a=b", ""].map((wire): [Endpoint, RegExp] => [
      { ...base, params: [{ name: "a", in: "query", wire }] },
      /op: wire name ".*" cannot be written/,
    ]),
    [
      { ...base, contentType: "application/json; charset=utf-8" },
      /op: media type "application\/json; charset=utf-8" cannot be written/,
    ],
    [{ ...base, accept: "" }, /op: media type "" cannot be written/],
    [
      {
        ...base,
        params: [{ name: "a", in: "query" }, { name: "b", in: "path", required: true }],
      },
      /op: required parameter "b" follows optional ones/,
    ],
  ];
  for (const [endpoint, message] of refused) {
    assert.throws(() => operationSpec(endpoint), message);
  }
});

Deno.test("operationSpec leaves path parameters unsaid only when the path template says it all", () => {
  const base: Endpoint = { name: "op", method: "GET", path: "/a/{x}/b/{y}", params: [] };
  const x = { name: "x", in: "path" as const, required: true };
  const y = { name: "y", in: "path" as const, required: true };
  const q = { name: "q", in: "query" as const };
  const cases: [Endpoint, string][] = [
    [{ ...base, params: [x, y, q] }, "GET /a/{x}/b/{y} ?q"],
    // Another order, a wire name or a parameter before them: every path token is written.
    [{ ...base, params: [y, x] }, "GET /a/{x}/b/{y} !/y !/x"],
    [
      { ...base, path: "/a/{x.id}", params: [{ ...x, wire: "x.id" }] },
      "GET /a/{x.id} !/x=x.id",
    ],
    [
      { ...base, params: [{ name: "b", in: "body", required: true }, x, y] },
      "GET /a/{x}/b/{y} !$b !/x !/y",
    ],
  ];
  for (const [endpoint, spec] of cases) {
    assert.equal(operationSpec(endpoint), spec);
    assert.deepEqual(parseOperation(endpoint.name, spec), endpoint, spec);
  }
  assert.throws(
    () => operationSpec({ ...base, params: [q] }),
    /op: path \/a\/\{x\}\/b\/\{y\} has no path parameter/,
  );
});

Deno.test("operationLine refuses what the table's template literal cannot hold verbatim", () => {
  const base: Endpoint = { name: "op", method: "GET", path: "/x", params: [] };
  for (const path of ["/a`b", "/a\\b", "/a${b}"]) {
    const params = path.includes("{") ? [{ name: "b", in: "path" as const, required: true }] : [];
    assert.throws(
      () => operationLine({ ...base, path, params }),
      /op: ".*" cannot be written in the operation table/,
      path,
    );
  }
  assert.throws(
    () => operationLine({ ...base, name: "get-op" }),
    /operation name "get-op" is not an identifier/,
  );
});

Deno.test("pathReference: the shared leading segments as a count, only when that is shorter", () => {
  const cases: [path: string, previous: string, written: string][] = [
    [
      "users/{userId}/routingskills/bulk",
      "users/{userId}/routinglanguages",
      "2/routingskills/bulk",
    ],
    // The whole path shared: the count alone.
    ["users/{userId}", "users/{userId}", "2"],
    ["users/{userId}", "users/{userId}/routingskills", "2"],
    ["users/{userId}/routingskills", "users/{userId}", "2/routingskills"],
    // As many segments as the two share, not fewer.
    ["a/bb/cc/d", "a/bb/cc/e", "3/d"],
    // Nothing shared, or shared text no longer than the count: the path itself.
    ["users/{userId}", "groups/{groupId}", "users/{userId}"],
    ["a/x", "a/y", "a/x"],
    ["ab/x", "ab/y", "1/x"],
    // Absolute paths share their empty first segment only with each other.
    ["/oauth/clients/x", "/oauth/clients", "3/x"],
    ["/oauth/clients", "oauth/clients", "/oauth/clients"],
    ["/", "/", "/"],
  ];
  for (const [path, previous, written] of cases) {
    assert.equal(pathReference(path, previous), written, `${path} after ${previous}`);
    // What the parser reads back is the path.
    const [, [, spec]] = operationEntries(`GET ${previous}\nGET ${written}`);
    assert.equal(spec, `GET ${path}`, written);
  }
});

Deno.test("operationTable: by path and method, references where shorter, names from full paths", () => {
  const op = (name: string, method: Endpoint["method"], path: string): Endpoint => ({
    name,
    method,
    path,
    params: pathParams(path),
  });
  const endpoints: Endpoint[] = [
    op("getUserRoutingskills", "GET", "/api/v2/users/{userId}/routingskills"),
    op("getUser", "GET", "/api/v2/users/{userId}"),
    op("deleteUser", "DELETE", "/api/v2/users/{userId}"),
    op("getUserssearch", "GET", "/api/v2/users-search"),
    op("getUserQueues", "GET", "/api/v2/users/{userId}/queues"),
    // A name operationName would not derive from the full path is written.
    op("getUserSkillsById", "GET", "/api/v2/users/{userId}/routingskills/{skillId}"),
    op("getUsers", "GET", "/api/v2/users"),
    op("getOauthClient", "GET", "/oauth/clients/{clientId}"),
    op("getOauthClients", "GET", "/oauth/clients"),
    // Under /api/v2/, a first segment of digits only is written absolute (it would read as a
    // reference), and shares its segments as absolute paths do.
    op("get2faX", "GET", "/api/v2/2fa/x"),
    op("getApiV22X", "GET", "/api/v2/2/x"),
    op("getApiV22Y", "GET", "/api/v2/2/y"),
  ];
  const lines = operationTable([...endpoints, endpoints[0]]);
  assert.deepEqual(lines, [
    "GET /api/v2/2/x",
    "GET 4/y",
    "GET /oauth/clients",
    "GET 3/{clientId}",
    "GET 2fa/x",
    "GET users",
    "DELETE 1/{userId}",
    "GET 2",
    "GET 2/queues",
    "GET 2/routingskills",
    "getUserSkillsById GET 3/{skillId}",
    "GET users-search",
  ]);
  // Read back: every endpoint once, whole, under its own name.
  const byName = (a: { name: string }, b: { name: string }) => a.name < b.name ? -1 : 1;
  assert.deepEqual(
    operationEntries(lines.join("\n")).map(([name, spec]) => parseOperation(name, spec))
      .sort(byName),
    endpoints.sort(byName),
  );
  // The same endpoints in any order give the same lines.
  assert.deepEqual(operationTable([...endpoints].reverse()), lines);
  assert.deepEqual(operationTable([]), []);
});

/** The required path parameters of a path template, in order. */
function pathParams(path: string): Endpoint["params"] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: "path" as const,
    required: true,
  }));
}

Deno.test("committed tables, expanded, are exactly the definition's operations (every API, jobs)", async () => {
  const { doc } = await loadDefinitionFile(DEFAULT_SOURCE);
  const groups = groupByTag(readOperations(doc));
  /** `[name, spec]` pairs sorted by name, and what each spec parses to. */
  const check = (table: string, endpoints: readonly Endpoint[], where: string) => {
    const entries = operationEntries(table).sort(([a], [b]) => a < b ? -1 : 1);
    const expected = [...endpoints].sort((a, b) => a.name < b.name ? -1 : 1);
    assert.deepEqual(
      entries,
      expected.map((e) => [e.name, operationSpec(e)]),
      `${where}: names and full specs (method, path, tokens)`,
    );
    assert.deepEqual(entries.map(([name, spec]) => parseOperation(name, spec)), expected, where);
  };
  let references = 0;
  let operations = 0;
  for (const group of groups) {
    const js = await Deno.readTextFile(`${DEFAULT_OUT}/apis/${group.fileStem}.js`);
    const table = js.slice(js.indexOf("const OPERATIONS = `") + 20, js.indexOf("`;\n"));
    check(table, group.operations.map((op) => op.endpoint), group.fileStem);
    references += table.split("\n").filter((line) => /^(\w+ )?[A-Z]+ \d+(\/|$| )/.test(line))
      .length;
    operations += group.operations.length;
  }
  assert.equal(operations, 2775);
  assert.ok(references > 1500, `${references} of ${operations} lines reuse a path`);
  const found = findJobs(doc, groups);
  const jobEndpoints = new Map<string, Endpoint>();
  for (const f of found.families) {
    for (const c of [f.submit, f.status, f.results, f.cancel, f.availability]) {
      if (c) jobEndpoints.set(c.op.methodName, c.op.endpoint);
    }
  }
  for (const b of found.bulk) jobEndpoints.set(b.call.op.methodName, b.call.op.endpoint);
  check(JOB_OPERATIONS, [...jobEndpoints.values()], "JOB_OPERATIONS");
});

Deno.test("API module: the .js holds the operation table and the class handing it to ApiBase", () => {
  const js = widgetsRuntime();
  assert.ok(js.startsWith('// @ts-self-types="./widgets.d.ts"\n/**\n'));
  // Ordered by path, then method; a path sharing leading segments with the one before says
  // how many (`2`: `widgets/{widgetId}`; `3/{conversationId}/members`).
  assert.ok(
    js.includes(
      [
        "\n/**",
        " * The operations of {@linkcode WidgetsApi}, one per line: `[name] METHOD PATH TOKEN*`",
        " * (grammar: `src/operations/operations.ts`), ordered by path. A PATH `N` or `N/rest` reuses the",
        " * first N `/`-separated segments of the previous line's path, then the rest: after",
        " * `users/{userId}/routinglanguages`, `2/routingskills` is `users/{userId}/routingskills` and `2`",
        " * is `users/{userId}`.",
        " */",
        "const OPERATIONS = `",
        "PATCH scim/v2/users/{userId} @ct=application/scim+json @accept=application/scim+json",
        "GET telephony/providers/edges ?edgeGroupId=edgeGroup.id ^acceptLanguage=Accept-Language ?_delete=delete ?pageSize",
        "POST webchat/guest/conversations @noauth",
        "GET 3/{conversationId}/members @guest",
        "GET webmessaging/messages ?pageNumber @webmessaging @none",
        "GET widgets/{widgetId} ?expand* ?state",
        "HEAD 2 @none",
        "PUT 2 !?_date=date ^ifMatch=If-Match",
        "GET 2/export ?ids ?codes~pipes @text @accept=text/plain",
        "`;\n",
      ].join("\n"),
    ),
    js,
  );
  // The table as the runtime reads it gives back every operation of the group, with full paths.
  const table = js.slice(js.indexOf("const OPERATIONS = `") + 20, js.indexOf("`;\n"));
  const group = groupByTag(readOperations(syntheticDefinition()))
    .find((g) => g.className === "WidgetsApi")!;
  const byName = (a: { name: string }, b: { name: string }) => a.name < b.name ? -1 : 1;
  assert.deepEqual(
    operationEntries(table).map(([name, spec]) => parseOperation(name, spec)).sort(byName),
    group.operations.map((op) => op.endpoint).sort(byName),
  );
  assert.match(
    js,
    /\nexport class WidgetsApi extends ApiBase \{\n {2}\/\*\*\n {3}\* Uses `client`, or the shared \{@linkcode PlatformClient\.instance\} when omitted\.\n {3}\*\n {3}\* @param \{ConstructorParameters<typeof ApiBase>\[0\]\} \[client\] The client calls go through\.\n {3}\*\/\n {2}constructor\(client\) \{\n {4}super\(client, OPERATIONS\);\n {2}\}\n\}\n$/,
  );
  assert.match(js, /\nimport \{ ApiBase \} from "\.\.\/\.\.\/operations\/api_base\.ts";\n/);
  assert.match(js, /\nexport \* from "\.\.\/client_surface\.ts";\n/);
  // Plain JavaScript: no types, no model imports.
  assert.doesNotMatch(js, /import type|export type|interface |declare |\.\.\/models\//);
  // Nothing but declarations at the top level: no calls, so bundlers can drop unused classes.
  assert.doesNotMatch(js, /^[A-Za-z_$][\w$.]*\(/m);
});

Deno.test("API module: the .d.ts declares the class and a typed, documented method interface", () => {
  const file = widgetsFile();
  assert.match(
    file,
    /\nexport declare class WidgetsApi<C extends OperationClient = PlatformClient> extends ApiBase<C> \{\n {2}\/\*\*\n {3}\* Uses `client` \(a `PlatformClient`, a `LiteClient` or any other \{@linkcode OperationClient\}\),\n {3}\* or the shared \{@linkcode PlatformClient\.instance\} when omitted\.\n {3}\*\/\n {2}constructor\(client\?: C\);\n\}\n/,
  );
  assert.match(
    file,
    /\n \* @typeParam C The client's type: `PlatformClient` unless another is passed\.\n/,
  );
  assert.match(
    file,
    /import type \{ OperationClient \} from "\.\.\/\.\.\/operations\/operation_client\.ts";\n/,
  );
  assert.doesNotMatch(file, /OPERATIONS|OperationTable/);
  assert.match(
    file,
    /import type \{ PlatformClient \} from "\.\.\/\.\.\/client\/platform_client\.ts";\n/,
  );
  assert.match(
    file,
    /\nexport interface WidgetsApi<C extends OperationClient = PlatformClient> \{\n[\s\S]*\n {2}getWidget\(widgetId: string, opts\?: WidgetsApi\.getWidgetOptions\): ApiPromise<Widget>;\n/,
  );
  // Required parameters in official order; optional ones only in the options type.
  assert.match(
    file,
    /putWidget\(widgetId: string, _date: string, body: Widget, opts\?: WidgetsApi\.putWidgetOptions\): ApiPromise<Widget \| undefined>/,
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
  // The model `Endpoint` keeps its name; the core type is exported as CoreEndpoint.
  assert.match(file, /import type \{ CallOptions \} from "\.\.\/\.\.\/base\/endpoint\.ts";/);
  assert.match(
    file,
    /export type \{ Endpoint as CoreEndpoint \} from "\.\.\/\.\.\/base\/endpoint\.ts";/,
  );
  assert.match(
    file,
    /export type \{ Settings as CoreSettings \} from "\.\.\/\.\.\/config\/configuration\.ts";/,
  );
  // No global is needed by generated code, so models named Record/Array/Promise are harmless.
  assert.doesNotMatch(file, /Record</);
  assert.doesNotMatch(file, /Array</);
  const edges = generate(syntheticDefinition(), syntheticSurface(), SYNTHETIC_OPTIONS).files.get(
    "apis/telephony_providers_edge.d.ts",
  )!;
  assert.match(edges, /import type \{ CallOptions \} from "\.\.\/\.\.\/base\/endpoint\.ts";/);
  assert.doesNotMatch(edges, /CoreEndpoint/);
  // Edge refers to Widget, which refers to the model Settings.
  assert.match(edges, /Settings as CoreSettings/);
  // Only value re-exports reach the runtime module.
  const runtime = generate(syntheticDefinition(), syntheticSurface(), SYNTHETIC_OPTIONS).files.get(
    "apis/telephony_providers_edge.js",
  )!;
  assert.doesNotMatch(runtime, /CoreSettings|CoreEndpoint/);
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
  const first = generate(syntheticDefinition(), syntheticSurface(), SYNTHETIC_OPTIONS);
  const second = generate(syntheticDefinition(), syntheticSurface(), SYNTHETIC_OPTIONS);
  assert.deepEqual([...first.files], [...second.files]);
  assert.deepEqual(first.entries, [
    { key: "./telephony-providers-edge", file: "apis/telephony_providers_edge.js" },
    { key: "./widgets", file: "apis/widgets.js" },
  ]);
  assert.deepEqual(
    [...first.files.keys()].filter((f) => !f.startsWith("models/")).sort(),
    [
      "apis/mod.ts",
      "apis/telephony_providers_edge.d.ts",
      "apis/telephony_providers_edge.js",
      "apis/widgets.d.ts",
      "apis/widgets.js",
      "client_surface.ts",
      "definition.ts",
      "jobs.ts",
    ],
  );
  assert.equal([...first.files.keys()].filter((f) => f.startsWith("models/")).length, 13);
  const index = first.files.get("apis/mod.ts")!;
  assert.match(
    index,
    /export \{ TelephonyProvidersEdgeApi \} from "\.\/telephony_providers_edge\.js";\nexport \{ WidgetsApi \} from "\.\/widgets\.js";\n$/,
  );
  assert.match(
    first.files.get("models/mod.ts")!,
    /export type \{ Widget \} from "\.\/widget\.ts";/,
  );
  const groups = groupByTag(readOperations(syntheticDefinition()));
  assert.equal(emitApisIndex(groups), index);
});

Deno.test("models/mod.ts exports models named like another root export as <Name>Model", () => {
  // By default the taken names are the surface's (Endpoint and Settings here) and the classes'.
  const doc = syntheticDefinition();
  (doc.definitions as Record<string, unknown>).WidgetsApi = { type: "object" };
  const plain = generate(doc, syntheticSurface(), SYNTHETIC_OPTIONS);
  const index = plain.files.get("models/mod.ts")!;
  assert.match(index, /\nexport type \{ Endpoint as EndpointModel \} from "\.\/endpoint\.ts";\n/);
  assert.match(index, /\nexport type \{ Settings as SettingsModel \} from "\.\/settings\.ts";\n/);
  assert.match(
    index,
    /\nexport type \{ WidgetsApi as WidgetsApiModel \} from "\.\/widgets_api\.ts";\n/,
  );
  assert.match(index, /\nexport type \{ Widget \} from "\.\/widget\.ts";\n/);
  assert.match(index, /\nexport type \{ ConfigFileError \} from "\.\/config_file_error\.ts";\n/);
  assert.match(
    index,
    /second name: `Endpoint` as `EndpointModel`, `Settings` as `SettingsModel`, `WidgetsApi` as `WidgetsApiModel`\./,
  );
  assert.deepEqual([...plain.renamedModels], [
    ["Endpoint", "EndpointModel"],
    ["Settings", "SettingsModel"],
    ["WidgetsApi", "WidgetsApiModel"],
  ]);
  // The root's other exports, as root_exports.ts finds them, and definition.ts's own names.
  const taken = generate(syntheticDefinition(), syntheticSurface(), {
    ...SYNTHETIC_OPTIONS,
    rootNames: new Set(["ConfigFileError", "PlatformClient"]),
  });
  const renamed = taken.files.get("models/mod.ts")!;
  assert.match(renamed, /\{ ConfigFileError as ConfigFileErrorModel \}/);
  assert.match(renamed, /\{ Endpoint \} from "\.\/endpoint\.ts"/);
  const own = syntheticDefinition();
  (own.definitions as Record<string, unknown>).ApiDefinition = { type: "object" };
  assert.match(
    generate(own, syntheticSurface(), SYNTHETIC_OPTIONS).files.get("models/mod.ts")!,
    /\{ ApiDefinition as ApiDefinitionModel \}/,
  );
  // A second name that is taken too is an error naming the definition.
  const clash = syntheticDefinition();
  (clash.definitions as Record<string, unknown>).SettingsModel = { type: "object" };
  assert.throws(
    () => generate(clash, syntheticSurface(), SYNTHETIC_OPTIONS),
    (e: unknown) =>
      e instanceof DefinitionError &&
      e.message ===
        'definition "Settings": the package root exports another Settings, and SettingsModel is taken too',
  );
});

Deno.test("definition.ts records the definition: title, version, SHA-256 and counts", () => {
  const generated = generate(syntheticDefinition(), syntheticSurface(), SYNTHETIC_OPTIONS);
  assert.deepEqual(generated.record, {
    title: "Synthetic",
    version: "1",
    sha256: "ab".repeat(32),
    operations: 9,
    classes: 2,
    methods: 10,
    models: 12,
  });
  const text = generated.files.get("definition.ts")!;
  assert.ok(
    text.endsWith(
      [
        "export const API_DEFINITION: ApiDefinition = Object.freeze({",
        '  title: "Synthetic",',
        '  version: "1",',
        `  sha256: "${"ab".repeat(32)}",`,
        "  operations: 9,",
        "  classes: 2,",
        "  methods: 10,",
        "  models: 12,",
        "});",
        "",
      ].join("\n"),
    ),
    text,
  );

  assert.match(text, /export interface ApiDefinition \{/);
  assert.match(text, /@example/);
  assert.equal(
    describeDefinition(generated.record),
    `Synthetic 1: 9 operations -> 2 classes, 10 methods, 12 models; sha256 ${"ab".repeat(32)}`,
  );
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

Deno.test("emitApiFile aliases PlatformClient when a model takes the name", () => {
  const doc = syntheticDefinition();
  const defs = doc.definitions as Record<string, unknown>;
  // A model named like a core type the runtime module no longer imports is harmless.
  defs.OperationTable = { type: "object", properties: { a: { type: "string" } } };
  defs.PlatformClient = {
    type: "object",
    properties: { table: { $ref: "#/definitions/OperationTable" } },
  };
  const get = doc.paths["/api/v2/widgets/{widgetId}"].get as { responses: unknown };
  get.responses = {
    "200": { description: "ok", schema: { $ref: "#/definitions/PlatformClient" } },
  };
  const generated = generate(doc, syntheticSurface(), SYNTHETIC_OPTIONS);
  const file = generated.files.get("apis/widgets.d.ts")!;
  const js = generated.files.get("apis/widgets.js")!;
  assert.match(
    file,
    /import type \{ PlatformClient as CorePlatformClient \} from "\.\.\/\.\.\/client\/platform_client\.ts";/,
  );
  assert.doesNotMatch(file + js, /CoreOperationTable/);
  assert.match(file, /\{@linkcode CorePlatformClient\.instance\}/);
  assert.match(
    file,
    /export declare class WidgetsApi<C extends OperationClient = CorePlatformClient> extends ApiBase<C> \{/,
  );
  assert.match(file, /constructor\(client\?: C\);/);
  for (const text of [file, js]) {
    assert.match(
      text,
      /export \{ PlatformClient as CorePlatformClient \} from "\.\.\/\.\.\/client\/platform_client\.ts";/,
    );
  }
  assert.match(
    file,
    /getWidget\(widgetId: string, opts\?: WidgetsApi\.getWidgetOptions\): ApiPromise<PlatformClient>;/,
  );
});
