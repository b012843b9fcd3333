import assert from "node:assert/strict";
import { cleanProse, jsdoc, permissionsSentence } from "../../tools/codegen/docs.ts";
import {
  hasTopLevelOperator,
  type RefSet,
  renderModel,
  renderType,
  usesOpenEnum,
} from "../../tools/codegen/types.ts";
import type { Schema } from "../../tools/codegen/swagger.ts";

function render(schema: Schema): { type: string; refs: string[] } {
  const refs: RefSet = new Set();
  const type = renderType(schema, refs);
  return { type, refs: [...refs].sort() };
}

Deno.test("scalars and formats map to their base type", () => {
  assert.equal(render({ type: "string", format: "date-time" }).type, "string");
  assert.equal(render({ type: "integer", format: "int64" }).type, "number");
  assert.equal(render({ type: "number", format: "double" }).type, "number");
  assert.equal(render({ type: "boolean" }).type, "boolean");
  assert.equal(render({}).type, "unknown");
  assert.equal(render(undefined as unknown as Schema).type, "unknown");
});

Deno.test("enums are literal unions left open for values added later", () => {
  const s = render({ type: "string", enum: ["on", "off", "on"] }).type;
  assert.equal(s, '"on" | "off" | (string & {})');
  assert.equal(render({ type: "integer", enum: [2, 23] }).type, "2 | 23 | (number & {})");
  assert.equal(
    render({ type: "string", enum: ['say "hi"'] }).type,
    '"say \\"hi\\"" | (string & {})',
  );
  assert.ok(usesOpenEnum(s));
  assert.ok(!usesOpenEnum("string"));
});

Deno.test("arrays parenthesize unions and nest", () => {
  assert.equal(
    render({ type: "array", items: { type: "string", enum: ["a"] } }).type,
    '("a" | (string & {}))[]',
  );
  assert.equal(
    render({ type: "array", items: { type: "array", items: { type: "string" } } }).type,
    "string[][]",
  );
  assert.equal(render({ type: "array" }).type, "unknown[]");
});

Deno.test("maps and free-form objects use index signatures, never Record<>", () => {
  assert.equal(
    render({ type: "object", additionalProperties: { type: "string" } }).type,
    "{ [key: string]: string }",
  );
  assert.equal(
    render({ type: "object", additionalProperties: true }).type,
    "{ [key: string]: unknown }",
  );
  assert.equal(render({ type: "object" }).type, "{ [key: string]: unknown }");
  const nested = render({
    type: "object",
    additionalProperties: { type: "array", items: { $ref: "#/definitions/Record" } },
  });
  assert.equal(nested.type, "{ [key: string]: Record[] }");
  assert.deepEqual(nested.refs, ["Record"]);
});

Deno.test("inline objects list documented members; beside a map they intersect", () => {
  const both = render({
    type: "object",
    required: ["a"],
    properties: { a: { type: "string", description: "The a." }, "b-c": { type: "integer" } },
    additionalProperties: { type: "boolean" },
  }).type;
  assert.equal(
    both,
    '{\n  /** The a. */\n  a: string;\n  /** Not described in the API definition. */\n  "b-c"?: number;\n}' +
      " & { [key: string]: boolean }",
  );
});

Deno.test("allOf renders an intersection and records every reference", () => {
  const r = render({
    allOf: [{ $ref: "#/definitions/A" }, { $ref: "#/definitions/B" }],
    properties: { c: { type: "string" } },
  });
  assert.match(r.type, /^A & B & \{\n/);
  assert.deepEqual(r.refs, ["A", "B"]);
  assert.equal(
    render({
      type: "array",
      items: { allOf: [{ $ref: "#/definitions/A" }, { $ref: "#/definitions/B" }] },
    }).type,
    "(A & B)[]",
  );
});

Deno.test("references outside #/definitions and unknown types are rejected", () => {
  assert.throws(() => render({ $ref: "other.json#/X" }), /unsupported \$ref "other.json#\/X"/);
  assert.throws(() => render({ type: "tuple" }), /unsupported schema type "tuple"/);
});

Deno.test("hasTopLevelOperator ignores operators inside brackets and strings", () => {
  assert.ok(hasTopLevelOperator("A | B"));
  assert.ok(hasTopLevelOperator("{ a: 1 } & { b: 2 }"));
  assert.ok(!hasTopLevelOperator("{ a: A | B }"));
  assert.ok(!hasTopLevelOperator('"a|b"'));
  assert.ok(!hasTopLevelOperator("(A | B)[]"));
});

Deno.test("renderModel: interface with required, optional, readonly and quoted members", () => {
  const { code, refs } = renderModel("Widget", {
    type: "object",
    description: "A widget.",
    required: ["name"],
    properties: {
      id: { type: "string", readOnly: true },
      name: { type: "string", description: "Its name." },
      parent: { $ref: "#/definitions/Widget" },
      owner: { $ref: "#/definitions/User" },
      "auth-token": { type: "string" },
    },
  });
  assert.equal(
    code,
    [
      "/** A widget. */",
      "export interface Widget {",
      "  /** Set by the server (not described in the API definition). */",
      "  readonly id?: string;",
      "  /** Its name. */",
      "  name: string;",
      "  /** Not described in the API definition. */",
      "  parent?: Widget;",
      "  /** Not described in the API definition. */",
      "  owner?: User;",
      "  /** Not described in the API definition. */",
      '  "auth-token"?: string;',
      "}",
      "",
    ].join("\n"),
  );
  // A recursive definition does not import itself.
  assert.deepEqual([...refs], ["User"]);
});

Deno.test("renderModel: empty objects and maps get a documented index signature", () => {
  assert.equal(
    renderModel("Empty", { type: "object" }).code,
    "/** The `Empty` data type of the Platform API. */\nexport interface Empty {\n" +
      "  /** Any field: the definition declares no fixed fields. */\n  [key: string]: unknown;\n}\n",
  );
  assert.match(
    renderModel("Counts", { type: "object", additionalProperties: { type: "integer" } }).code,
    /\/\*\* Values by key\. \*\/\n {2}\[key: string\]: number;/,
  );
});

Deno.test("renderModel: non-objects become type aliases", () => {
  assert.equal(
    renderModel("Color", { type: "string", enum: ["red"], description: "A color." }).code,
    '/** A color. */\nexport type Color = "red" | (string & {});\n',
  );
  const both = renderModel("Mixed", {
    type: "object",
    properties: { a: { type: "string" } },
    additionalProperties: { type: "string" },
  });
  assert.match(
    both.code,
    /^\/\*\* The `Mixed` data type of the Platform API\. \*\/\nexport type Mixed = \{/,
  );
});

Deno.test("cleanProse escapes comment ends and tags, normalizes whitespace", () => {
  assert.deepEqual(cleanProse("a */ b"), ["a *\\/ b"]);
  assert.deepEqual(cleanProse("x\n@example\ny"), ["x", "\\@example", "y"]);
  assert.deepEqual(cleanProse("\n\na  \r\n\r\n\r\nb\u00a0c\n\n"), ["a", "", "b c"]);
  assert.deepEqual(cleanProse(undefined), []);
});

Deno.test("jsdoc lays out one-line and multi-line blocks", () => {
  assert.equal(jsdoc(["Short."], "  "), "  /** Short. */\n");
  assert.equal(jsdoc(["A", "", "B"]), "/**\n * A\n *\n * B\n */\n");
  assert.equal(jsdoc([]), "");
});

Deno.test("permissionsSentence reads ANY and ALL", () => {
  assert.deepEqual(permissionsSentence({ type: "ANY", permissions: ["a:b:c"] }), [
    "Requires the `a:b:c` permission.",
  ]);
  assert.deepEqual(permissionsSentence({ type: "ANY", permissions: ["a", "b"] }), [
    "Requires any of these permissions: `a`, `b`.",
  ]);
  assert.deepEqual(permissionsSentence({ type: "ALL", permissions: ["a", "b"] }), [
    "Requires all of these permissions: `a`, `b`.",
  ]);
  assert.deepEqual(permissionsSentence({ type: "ANY", permissions: [] }), []);
  assert.deepEqual(permissionsSentence(undefined), []);
});
