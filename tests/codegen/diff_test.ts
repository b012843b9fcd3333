/**
 * The definition diff (tools/diff) on small changes to the synthetic
 * definition: one test per kind of change, each asserting the exact changes
 * reported, their classification and their wording in the generated
 * package's names.
 */

import assert from "node:assert/strict";
import type { Change } from "../../tools/diff/changes.ts";
import { compareSnapshots } from "../../tools/diff/compare.ts";
import { compareTypes, MAX_SHOWN } from "../../tools/diff/type_changes.ts";
import { snapshot } from "../../tools/diff/snapshot.ts";
import type { SwaggerDocument } from "../../tools/codegen/swagger.ts";
import { syntheticDefinition } from "./_definition.ts";

// deno-lint-ignore no-explicit-any
type Mutable = any;

/** The operation at `path` and `method` of `doc`, for editing. */
function op(doc: SwaggerDocument, path: string, method: string): Mutable {
  return (doc.paths as Mutable)[path][method];
}

/** The definitions of `doc`, for editing. */
function defs(doc: SwaggerDocument): Mutable {
  return doc.definitions;
}

const WIDGET = "/api/v2/widgets/{widgetId}";
const EXPORT = "/api/v2/widgets/{widgetId}/export";

/** The changes from the synthetic definition to a copy edited by `edit`. */
function diff(edit: (doc: SwaggerDocument) => void, base = syntheticDefinition()): Change[] {
  const after = structuredClone(base);
  edit(after);
  return compareSnapshots(snapshot(base), snapshot(after));
}

/** A change without its model attribution, for compact assertions. */
function brief(c: Change): string {
  return `${c.breaking ? "B" : "A"} ${c.kind} ${c.message}`;
}

Deno.test("no change, no report", () => {
  assert.deepEqual(diff(() => {}), []);
});

Deno.test("API classes removed and added", () => {
  assert.deepEqual(
    diff((doc) => {
      // The edges operation stays in WidgetsApi only: its own class goes.
      op(doc, "/api/v2/telephony/providers/edges", "get").tags = ["Widgets"];
      op(doc, WIDGET, "head").tags = ["Widgets", "Gadgets"];
    }).map(brief),
    [
      "A class-added `GadgetsApi` added (1 methods)",
      "B class-removed `TelephonyProvidersEdgeApi` removed (1 methods)",
    ],
  );
});

Deno.test("methods removed (saying where the operation went), added and renamed", () => {
  const changes = diff((doc) => {
    delete (doc.paths as Mutable)[WIDGET].head;
    op(doc, EXPORT, "get").tags = ["Gadgets"];
    op(doc, WIDGET, "put")["x-purecloud-method-name"] = "replaceWidget";
    (doc.paths as Mutable)["/api/v2/widgets"] = {
      post: {
        tags: ["Widgets"],
        "x-purecloud-method-name": "postWidgets",
        parameters: [{ name: "body", in: "body", required: true, schema: { type: "object" } }],
        responses: { "200": { description: "ok", schema: { $ref: "#/definitions/Widget" } } },
      },
    };
  });
  assert.deepEqual(changes.map(brief), [
    "A class-added `GadgetsApi` added (1 methods)",
    "B method-removed `WidgetsApi.getWidgetExport` removed (GET /api/v2/widgets/{widgetId}/export; now `GadgetsApi.getWidgetExport`)",
    "B method-removed `WidgetsApi.headWidget` removed (HEAD /api/v2/widgets/{widgetId})",
    "B method-renamed `WidgetsApi.putWidget` renamed `replaceWidget` (PUT /api/v2/widgets/{widgetId})",
    "A method-added `WidgetsApi.postWidgets` added (POST /api/v2/widgets)",
  ]);
  const renamed = changes.find((c) => c.kind === "method-renamed")!;
  assert.deepEqual(
    { class: renamed.class, method: renamed.method, before: renamed.before, after: renamed.after },
    { class: "WidgetsApi", method: "replaceWidget", before: "putWidget", after: "replaceWidget" },
  );
});

Deno.test("a renamed method's signature is compared too", () => {
  assert.deepEqual(
    diff((doc) => {
      const put = op(doc, WIDGET, "put");
      put["x-purecloud-method-name"] = "replaceWidget";
      put.parameters = put.parameters.filter((p: { name: string }) => p.name !== "If-Match");
    }).map(brief),
    [
      "B method-renamed `WidgetsApi.putWidget` renamed `replaceWidget` (PUT /api/v2/widgets/{widgetId})",
      "B option-removed `WidgetsApi.replaceWidget`: optional parameter `opts.ifMatch` removed",
    ],
  );
});

Deno.test("positional parameters added, removed, renamed and reordered", () => {
  assert.deepEqual(
    diff((doc) => {
      op(doc, WIDGET, "get").parameters.push({
        name: "revision",
        in: "query",
        required: true,
        type: "integer",
      });
      const put = op(doc, WIDGET, "put");
      put.parameters = put.parameters.filter((p: { name: string }) => p.name !== "date");
    }).map(brief),
    [
      "B param-added `WidgetsApi.getWidget`: positional parameter `revision: number` added (position 2)",
      "B param-removed `WidgetsApi.putWidget`: positional parameter `_date: string` (position 2) removed",
    ],
  );

  // A path parameter renamed keeps its place and type: callers passing it by position are unaffected.
  const renamed = diff((doc) => {
    const paths = doc.paths as Mutable;
    const get = paths[EXPORT].get;
    get.parameters[0].name = "id";
    delete paths[EXPORT];
    paths["/api/v2/widgets/{id}/export"] = { get };
  });
  assert.deepEqual(renamed.map(brief), [
    "A param-renamed `WidgetsApi.getWidgetExport`: positional parameter `widgetId` renamed `id` (position 1, same type)",
  ]);
  assert.equal(renamed[0].breaking, false);

  const base = syntheticDefinition();
  op(base, EXPORT, "get").parameters.push(
    { name: "from", in: "query", required: true, type: "string" },
    { name: "to", in: "query", required: true, type: "string" },
  );
  assert.deepEqual(
    diff((doc) => {
      const params = op(doc, EXPORT, "get").parameters;
      params.push(
        params.splice(params.findIndex((p: { name: string }) => p.name === "from"), 1)[0],
      );
    }, base).map(brief),
    [
      "B params-reordered `WidgetsApi.getWidgetExport`: positional parameters reordered: (widgetId, from, to) -> (widgetId, to, from)",
    ],
  );
});

Deno.test("parameters moving between positional and opts; options removed and added", () => {
  assert.deepEqual(
    diff((doc) => {
      const put = op(doc, WIDGET, "put");
      put.parameters.find((p: { name: string }) => p.name === "date").required = false;
      put.parameters = put.parameters.filter((p: { name: string }) => p.name !== "If-Match");
      op(doc, WIDGET, "get").parameters.find((p: { name: string }) => p.name === "state")
        .required = true;
      op(doc, WIDGET, "head").parameters.push({ name: "fresh", in: "query", type: "boolean" });
    }).map(brief),
    [
      "B option-now-required `WidgetsApi.getWidget`: optional parameter `opts.state` is now required, positional parameter 2",
      "A option-added `WidgetsApi.headWidget`: optional parameter `opts.fresh: boolean` added",
      "B param-now-optional `WidgetsApi.putWidget`: positional parameter `_date` (position 2) is now optional, `opts._date`",
      "B option-removed `WidgetsApi.putWidget`: optional parameter `opts.ifMatch` removed",
    ],
  );
});

Deno.test("parameter types: changed, enum values removed and added", () => {
  const changes = diff((doc) => {
    op(doc, WIDGET, "head").parameters[0].type = "integer";
    const state = op(doc, WIDGET, "get").parameters.find((p: { name: string }) =>
      p.name === "state"
    );
    state.enum = ["active", "archived"];
    // Array items' enums count as the parameter's.
    const expand = op(doc, WIDGET, "get").parameters.find((p: { name: string }) =>
      p.name === "expand"
    );
    expand.items.enum = ["a", "b", "c"];
  });
  assert.deepEqual(changes.map(brief), [
    'A enum-added `WidgetsApi.getWidget` parameter `opts.expand`: enum values added: "c"',
    'B enum-removed `WidgetsApi.getWidget` parameter `opts.state`: enum values removed: "deleted"',
    'A enum-added `WidgetsApi.getWidget` parameter `opts.state`: enum values added: "archived"',
    "B param-type `WidgetsApi.headWidget` parameter `widgetId`: type `string` -> `number`",
  ]);
  const typeChange = changes.find((c) => c.kind === "param-type")!;
  assert.deepEqual([typeChange.member, typeChange.before, typeChange.after], [
    "widgetId",
    "string",
    "number",
  ]);
  assert.deepEqual(changes[1].values, ['"deleted"']);
});

Deno.test("response types: changed (breaking), added where there was none (additive)", () => {
  assert.deepEqual(
    diff((doc) => {
      op(doc, WIDGET, "get").responses["200"].schema = { $ref: "#/definitions/Edge" };
      op(doc, "/api/v2/webmessaging/messages", "get").responses["200"] = {
        description: "ok",
        schema: { $ref: "#/definitions/Record" },
      };
      // Another 2xx without a body makes the result optional.
      op(doc, "/api/v2/telephony/providers/edges", "get").responses["204"] = { description: "" };
    }).map(brief),
    [
      "B return-type `TelephonyProvidersEdgeApi.getTelephonyProvidersEdges`: resolves to `Edge[] | undefined`, was `Edge[]`",
      "B return-type `WidgetsApi.getTelephonyProvidersEdges`: resolves to `Edge[] | undefined`, was `Edge[]`",
      "A return-added `WidgetsApi.getWebmessagingMessages`: resolves to `Record | undefined`, was `void`",
      "B return-type `WidgetsApi.getWidget`: resolves to `Edge`, was `Widget`",
    ],
  );
});

Deno.test("operations newly deprecated (additive); deprecation lifted is not reported", () => {
  assert.deepEqual(
    diff((doc) => {
      op(doc, WIDGET, "get").deprecated = true;
      op(doc, WIDGET, "put").deprecated = false;
    }).map(brief),
    ["A deprecated `WidgetsApi.getWidget` is deprecated"],
  );
});

Deno.test("models removed and added, with the API classes that export them", () => {
  const changes = diff((doc) => {
    delete defs(doc).Range;
    delete defs(doc).Widget.properties.range;
    defs(doc).Gadget = { type: "object", properties: { id: { type: "string" } } };
    defs(doc).Widget.properties.gadget = { $ref: "#/definitions/Gadget" };
  });
  assert.deepEqual(changes.map(brief), [
    "A model-added `Gadget` added",
    "B model-removed `Range` removed",
    "B property-removed `Widget.range` removed",
    "A property-added `Widget.gadget` added: `Gadget`",
  ]);
  assert.deepEqual(changes.map((c) => c.model), ["Gadget", "Range", "Widget", "Widget"]);
  // Widget reaches both classes (Edge refers to it); a model no operation reaches, none.
  for (const c of changes) {
    assert.deepEqual(c.classes, ["TelephonyProvidersEdgeApi", "WidgetsApi"], c.message);
  }
  const unused = diff((doc) => delete defs(doc).ConfigFileError);
  assert.deepEqual(unused.map((c) => [c.kind, c.classes]), [["model-removed", []]]);
});

Deno.test("model properties: removed, added (optional or required), retyped, made optional", () => {
  assert.deepEqual(
    diff((doc) => {
      const widget = defs(doc).Widget;
      delete widget.properties.labels;
      widget.properties.color = { type: "string" };
      widget.properties.kind = { type: "string" };
      widget.required = ["kind"]; // name is no longer required
      defs(doc).Range.properties.from = { type: "integer" };
    }).map(brief),
    [
      "B property-type `Range.from`: type `string` -> `number`",
      "B property-type `Widget.name`: now optional (`name: string` -> `name?: string`)",
      "B property-removed `Widget.labels` removed",
      "A property-added `Widget.color` added: `string`",
      "B required-property-added `Widget.kind` added (required): `string`",
    ],
  );
});

Deno.test("model enums: values removed and added, list dropped; whole-model types", () => {
  assert.deepEqual(
    diff((doc) => {
      defs(doc).Widget.properties.status.enum = ["on", "standby"];
      delete defs(doc).Widget.properties.family.enum;
      defs(doc).Empty = { type: "object", additionalProperties: { type: "string" } };
    }).map(brief),
    [
      "B model-type `Empty`: type `{ [key: string]: unknown }` -> `{ [key: string]: string }`",
      'B enum-removed `Widget.status`: enum values removed: "off"',
      'A enum-added `Widget.status`: enum values added: "standby"',
      "A enum-unlisted `Widget.family`: any `number` now, was `2 | 23 | (number & {})`",
    ],
  );
});

Deno.test("compareTypes: enums over the same base, listed or not; anything else is a type change", () => {
  const t = (text: string, base: string, enums?: string[]) => ({ text, base, enums });
  assert.deepEqual(compareTypes(t("string", "string"), t("string", "string")), { kind: "same" });
  assert.deepEqual(
    compareTypes(
      t('"a" | "b" | X', "string", ['"a"', '"b"']),
      t('"b" | "c" | X', "string", ['"b"', '"c"']),
    ),
    { kind: "enum", removed: ['"a"'], added: ['"c"'] },
  );
  // Listing values where any was taken adds them; dropping the list takes any value again.
  assert.deepEqual(compareTypes(t("string", "string"), t('"a" | X', "string", ['"a"'])), {
    kind: "enum",
    removed: [],
    added: ['"a"'],
  });
  assert.deepEqual(compareTypes(t('"a" | X', "string", ['"a"']), t("string", "string")), {
    kind: "unlisted",
    values: ['"a"'],
  });
  // An enum whose base changes (string to array of strings) is a type change.
  assert.deepEqual(
    compareTypes(t('"a" | X', "string", ['"a"']), t('("a" | X)[]', "string[]", ['"a"'])),
    { kind: "type" },
  );
  assert.deepEqual(compareTypes(t("string", "string"), t("number", "number")), { kind: "type" });
});

Deno.test("a model losing its last property is retyped whole; long types are cut in messages only", () => {
  const values = Array.from({ length: 30 }, (_, i) => `value-number-${i}`);
  const changes = diff((doc) => {
    defs(doc).Range = { type: "object" };
    defs(doc).Widget.properties.name = { type: "array", items: { type: "string", enum: values } };
  });
  assert.deepEqual(changes.map((c) => [c.kind, c.model, c.member]), [
    ["model-type", "Range", undefined],
    ["property-type", "Widget", "name"],
  ]);
  assert.equal(
    changes[0].message,
    "`Range`: type `{ from?: string; }` -> `{ [key: string]: unknown }`",
  );
  const full = `(${values.map((v) => JSON.stringify(v)).join(" | ")} | (string & {}))[]`;
  assert.equal(changes[1].after, full);
  assert.equal(
    changes[1].message,
    `\`Widget.name\`: type \`string\` -> \`${full.slice(0, MAX_SHOWN - 3)}...\``,
  );
});
