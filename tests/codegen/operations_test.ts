import assert from "node:assert/strict";
import {
  type ApiOperation,
  groupByTag,
  readOperations,
  type ReadOptions,
} from "../../tools/codegen/operations.ts";
import type { SwaggerDocument } from "../../tools/codegen/swagger.ts";
import { syntheticDefinition } from "./_definition.ts";

function byName(
  doc: SwaggerDocument = syntheticDefinition(),
  options: ReadOptions = {},
): Map<string, ApiOperation> {
  return new Map(readOperations(doc, options).map((op) => [op.methodName, op]));
}

Deno.test("parameters: path first, other required in definition order, body last, then optional", () => {
  const put = byName().get("putWidget")!;
  assert.deepEqual(
    put.params.map((p) => [p.name, p.in, p.required]),
    [
      ["widgetId", "path", true],
      ["_date", "query", true],
      ["body", "body", true],
      ["ifMatch", "header", false],
    ],
  );
  assert.deepEqual(put.endpoint.params, [
    { name: "widgetId", in: "path", required: true },
    { name: "_date", in: "query", wire: "date", required: true },
    { name: "body", in: "body", required: true },
    { name: "ifMatch", in: "header", wire: "If-Match" },
  ]);
});

Deno.test("endpoint data keeps wire names and non-csv collection formats only", () => {
  const ops = byName();
  assert.deepEqual(ops.get("getWidget")!.endpoint, {
    name: "getWidget",
    method: "GET",
    path: "/api/v2/widgets/{widgetId}",
    params: [
      { name: "widgetId", in: "path", required: true },
      { name: "expand", in: "query", format: "multi" },
      { name: "state", in: "query" },
    ],
  });
  assert.deepEqual(ops.get("getWidgetExport")!.endpoint.params, [
    { name: "widgetId", in: "path", required: true },
    { name: "ids", in: "query" },
    { name: "codes", in: "query", format: "pipes" },
  ]);
  assert.deepEqual(ops.get("getTelephonyProvidersEdges")!.endpoint.params, [
    { name: "edgeGroupId", in: "query", wire: "edgeGroup.id" },
    { name: "acceptLanguage", in: "header", wire: "Accept-Language" },
    { name: "_delete", in: "query", wire: "delete" },
    { name: "pageSize", in: "query" },
  ]);
});

Deno.test("auth kinds: oauth is the default, guest, webmessaging and none are explicit", () => {
  const ops = byName();
  assert.equal(ops.get("getWidget")!.endpoint.auth, undefined);
  assert.equal(ops.get("headWidget")!.endpoint.auth, undefined);
  assert.equal(ops.get("getWebchatGuestConversationMembers")!.endpoint.auth, "guest");
  assert.equal(ops.get("getWebmessagingMessages")!.endpoint.auth, "webmessaging");
  assert.equal(ops.get("postWebchatGuestConversations")!.endpoint.auth, "none");
  const doc = syntheticDefinition();
  const get = doc.paths["/api/v2/widgets/{widgetId}"].get as { security?: unknown };
  get.security = [];
  assert.equal(byName(doc).get("getWidget")!.endpoint.auth, "none");
  get.security = [{ "Mystery Key": [] }];
  assert.throws(
    () => readOperations(doc),
    /^DefinitionError: getWidget \(GET \/api\/v2\/widgets\/\{widgetId\}\): security scheme "Mystery Key" \(not declared in securityDefinitions\) is neither OAuth 2 nor a guest-chat or web-messaging token the client can send; choose its credential with --auth "Mystery Key=<oauth\|guest\|webmessaging\|none>"$/,
  );
  assert.equal(
    byName(doc, { auth: { "Mystery Key": "guest" } }).get("getWidget")!.endpoint.auth,
    "guest",
  );
});

Deno.test("media types and response kinds", () => {
  const ops = byName();
  const scim = ops.get("patchScimV2User")!.endpoint;
  assert.equal(scim.contentType, "application/scim+json");
  assert.equal(scim.accept, "application/scim+json");
  assert.equal(scim.response, undefined);
  const text = ops.get("getWidgetExport")!;
  assert.equal(text.endpoint.accept, "text/plain");
  assert.equal(text.endpoint.response, "text");
  assert.deepEqual(text.returns, { type: "string" });
  assert.equal(ops.get("headWidget")!.endpoint.response, "none");
  assert.equal(ops.get("headWidget")!.returns, undefined);
  assert.equal(ops.get("getWebmessagingMessages")!.endpoint.response, "none");
  assert.equal(ops.get("getWidget")!.endpoint.contentType, undefined);
  assert.equal(ops.get("getWidget")!.endpoint.accept, undefined);
});

Deno.test("the return schema is the first 2xx response that has one", () => {
  const ops = byName();
  // 200 has no body, 202 has a Widget.
  assert.deepEqual(ops.get("putWidget")!.returns, { $ref: "#/definitions/Widget" });
  // ...and the 200 without a body makes `undefined` a possible result.
  assert.equal(ops.get("putWidget")!.mayReturnNothing, true);
  assert.deepEqual(ops.get("getTelephonyProvidersEdges")!.returns, {
    type: "array",
    items: { $ref: "#/definitions/Edge" },
  });
  assert.equal(ops.get("getTelephonyProvidersEdges")!.mayReturnNothing, false);
});

Deno.test("metadata: summary, deprecation, permissions, tags", () => {
  const ops = byName();
  const put = ops.get("putWidget")!;
  assert.equal(put.deprecated, true);
  assert.deepEqual(put.permissions, { type: "ALL", permissions: ["widgets:widget:edit"] });
  assert.equal(ops.get("getWidget")!.deprecated, false);
  assert.deepEqual(ops.get("getTelephonyProvidersEdges")!.tags, [
    "Telephony Providers Edge",
    "Widgets",
  ]);
});

Deno.test("groupByTag puts a two-tag operation in both classes, sorted", () => {
  const groups = groupByTag(readOperations(syntheticDefinition()), { Widgets: "Widget things" });
  assert.deepEqual(groups.map((g) => [g.className, g.entry, g.fileStem]), [
    ["TelephonyProvidersEdgeApi", "telephony-providers-edge", "telephony_providers_edge"],
    ["WidgetsApi", "widgets", "widgets"],
  ]);
  assert.deepEqual(groups[0].operations.map((o) => o.methodName), ["getTelephonyProvidersEdges"]);
  const widgets = groups[1].operations.map((o) => o.methodName);
  assert.deepEqual(widgets, [...widgets].sort());
  assert.ok(widgets.includes("getTelephonyProvidersEdges"));
  assert.equal(groups[1].description, "Widget things");
});

Deno.test("groupByTag suffixes a name that differs from an earlier one only in case, as the official SDKs do", () => {
  const doc = syntheticDefinition();
  const put = doc.paths["/api/v2/widgets/{widgetId}"].put as Record<string, unknown>;
  put["x-purecloud-method-name"] = "GETWidget";
  const widgets = groupByTag(readOperations(doc)).find((g) => g.className === "WidgetsApi")!;
  const renamed = widgets.operations.find((o) => o.httpMethod === "PUT")!;
  assert.equal(renamed.methodName, "GETWidget0");
  assert.equal(renamed.endpoint.name, "GETWidget0");
  assert.ok(widgets.operations.some((o) => o.methodName === "getWidget" && o.httpMethod === "GET"));
});

Deno.test("definition problems are reported by name", () => {
  const clash = syntheticDefinition();
  (clash.paths["/api/v2/widgets/{widgetId}"].get as { tags: string[] }).tags = ["Tele-phony"];
  (clash.paths["/api/v2/widgets/{widgetId}"].put as { tags: string[] }).tags = ["Tele phony"];
  assert.throws(
    () => groupByTag(readOperations(clash)),
    /tags "Tele-phony" and "Tele phony" would both become class TelePhonyApi/,
  );

  const twice = syntheticDefinition();
  (twice.paths["/api/v2/widgets/{widgetId}"].put as Record<string, unknown>)[
    "x-purecloud-method-name"
  ] = "getWidget";
  assert.throws(
    () => groupByTag(readOperations(twice)),
    /WidgetsApi would have two methods named getWidget/,
  );

  const form = syntheticDefinition();
  (form.paths["/api/v2/widgets/{widgetId}"].head as { parameters: unknown[] }).parameters.push({
    name: "file",
    in: "formData",
    type: "file",
  });
  assert.throws(
    () => readOperations(form),
    /headWidget: formData parameter "file" is not supported/,
  );

  const dup = syntheticDefinition();
  (dup.paths["/api/v2/widgets/{widgetId}"].head as { parameters: unknown[] }).parameters.push({
    name: "widget.id",
    in: "query",
    type: "string",
  }, { name: "widgetId", in: "header", type: "string" });
  assert.throws(() => readOperations(dup), /headWidget: two parameters are both named "widgetId"/);
});

Deno.test("path-level and $ref parameters are merged into each operation", () => {
  const doc = syntheticDefinition() as SwaggerDocument & { parameters: Record<string, unknown> };
  (doc as { parameters: Record<string, unknown> }).parameters = {
    Trace: { name: "X-Trace", in: "header", type: "string" },
  };
  const item = doc.paths["/api/v2/widgets/{widgetId}/export"] as Record<string, unknown>;
  item.parameters = [{ $ref: "#/parameters/Trace" }];
  const op = byName(doc).get("getWidgetExport")!;
  // Shared parameters come first among the optional ones.
  assert.deepEqual(op.endpoint.params[1], { name: "xTrace", in: "header", wire: "X-Trace" });
  item.parameters = [{ $ref: "#/parameters/Missing" }];
  assert.throws(() => readOperations(doc), /unresolvable parameter \$ref "#\/parameters\/Missing"/);
});
