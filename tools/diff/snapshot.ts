/**
 * A definition as a user of the generated package sees it: API classes with
 * their methods (positional parameters, `opts` members, return type, as the
 * generator writes them), models with their properties, and which models each
 * class's entry point exports. Built with the generator's own code
 * (`readOperations`, `groupByTag`, `renderType`, `renderModel`,
 * `returnType`), so every name and type is the generated package's.
 *
 * @module
 */

import type { ParamLocation } from "../../src/base/endpoint.ts";
import { returnType } from "../codegen/emit_apis.ts";
import { modelClosure } from "../codegen/emit_models.ts";
import { groupByTag, type OperationParam, readOperations } from "../codegen/operations.ts";
import type { AuthOverrides } from "../codegen/security.ts";
import type { Schema, SwaggerDocument } from "../codegen/swagger.ts";
import { type RefSet, renderModel, renderType } from "../codegen/types.ts";

/** A type as generated, with what is needed to tell an enum change from another change. */
export interface TypeView {
  /** The TypeScript type on one line, without comments (`"a" | "b" | (string & {})`). */
  readonly text: string;
  /** The same type with enum values left out (`string`), for comparing enums. */
  readonly base: string;
  /** The enum values (JSON), when the schema or its array items list some. */
  readonly enums?: readonly string[];
}

/** A parameter of a method. */
export interface ParamView {
  /** JavaScript name (`edgeGroupId`). */
  readonly name: string;
  /** Where it travels. */
  readonly in: ParamLocation;
  /** Its type. */
  readonly type: TypeView;
}

/** A method of an API class. */
export interface MethodView {
  /** Method name (`getUser`). */
  readonly name: string;
  /** `GET /api/v2/users/{userId}`: what identifies the operation across definitions. */
  readonly operation: string;
  /** Positional parameters, in order. */
  readonly positional: readonly ParamView[];
  /** Optional parameters (`opts` members), by name. */
  readonly options: ReadonlyMap<string, ParamView>;
  /** The type the call resolves to (`User`, `void`, `Job | undefined`). */
  readonly returns: string;
  /** Marked deprecated. */
  readonly deprecated: boolean;
}

/** An API class (one tag). */
export interface ClassView {
  /** Class name (`UsersApi`). */
  readonly name: string;
  /** Methods by name. */
  readonly methods: ReadonlyMap<string, MethodView>;
  /** Models its entry point exports: every model its signatures reach. */
  readonly models: ReadonlySet<string>;
}

/** A property of a model. */
export interface PropertyView {
  /** Property name as in the definition (`auth-token`). */
  readonly name: string;
  /** Declared without `?`. */
  readonly required: boolean;
  /** Its type. */
  readonly type: TypeView;
}

/** A model (definition). */
export interface ModelView {
  /** Model name. */
  readonly name: string;
  /** Properties by name; `undefined` for a model that is not an object with properties. */
  readonly properties?: ReadonlyMap<string, PropertyView>;
  /** The value type of a model with properties that is also a map. */
  readonly map?: TypeView;
  /** The whole type, on one line. */
  readonly type: TypeView;
}

/** The package surface generated from one definition. */
export interface Snapshot {
  /** API classes by name. */
  readonly classes: ReadonlyMap<string, ClassView>;
  /** Models by name. */
  readonly models: ReadonlyMap<string, ModelView>;
  /** Operations in the definition. */
  readonly operations: number;
  /** Class methods (an operation with two tags counts twice). */
  readonly methods: number;
  /** Each operation (`GET /path`) -> the `Class.method`s it is. */
  readonly locations: ReadonlyMap<string, readonly string[]>;
}

/** A type on one line without JSDoc (inline objects render with member docs and newlines). */
export function oneLineType(text: string): string {
  return text.replace(/\/\*\*[\s\S]*?\*\//g, "").replace(/\s+/g, " ").trim();
}

/** `schema` without enum values (its own and its array items'). */
function withoutEnums(schema: Schema): Schema {
  const { enum: _, ...rest } = schema;
  if (rest.items === undefined) return rest;
  const { enum: __, ...items } = rest.items;
  return { ...rest, items };
}

/** The {@linkcode TypeView} of a schema, recording the models it names in `refs`. */
export function typeView(schema: Schema | undefined, refs: RefSet = new Set()): TypeView {
  const text = oneLineType(renderType(schema, refs));
  if (schema === undefined) return { text, base: text };
  const values = schema.enum ?? schema.items?.enum;
  const base = oneLineType(renderType(withoutEnums(schema), new Set()));
  return values !== undefined && values.length > 0
    ? { text, base, enums: [...new Set(values.map((v) => JSON.stringify(v)))] }
    : { text, base };
}

function paramView(p: OperationParam, refs: RefSet): ParamView {
  return { name: p.name, in: p.in, type: typeView(p.schema, refs) };
}

function modelView(name: string, schema: Schema): ModelView {
  const type = typeView(schema);
  const props = schema.properties;
  if (props === undefined || Object.keys(props).length === 0 || schema.allOf !== undefined) {
    return { name, type };
  }
  const required = new Set(schema.required ?? []);
  const properties = new Map<string, PropertyView>();
  for (const [prop, propSchema] of Object.entries(props)) {
    properties.set(prop, { name: prop, required: required.has(prop), type: typeView(propSchema) });
  }
  const map = schema.additionalProperties;
  if (map === undefined || map === false) return { name, properties, type };
  return { name, properties, map: typeView(map === true ? {} : map), type };
}

/**
 * The package surface of `doc`. `auth` decides security schemes the
 * definition leaves open, as `deno task generate --auth` does. Throws the
 * generator's `DefinitionError` for what it cannot express.
 *
 * @example
 * ```ts
 * import { snapshot } from "./snapshot.ts";
 * const snap = snapshot({
 *   swagger: "2.0",
 *   paths: {
 *     "/api/v2/users/{userId}": {
 *       get: {
 *         tags: ["Users"],
 *         "x-purecloud-method-name": "getUser",
 *         parameters: [{ name: "userId", in: "path", required: true, type: "string" }],
 *         responses: { "200": { description: "ok", schema: { $ref: "#/definitions/User" } } },
 *       },
 *     },
 *   },
 *   definitions: { User: { type: "object", properties: { name: { type: "string" } } } },
 * });
 * console.log(snap.classes.get("UsersApi")?.methods.get("getUser")?.returns); // "User"
 * ```
 */
export function snapshot(doc: SwaggerDocument, auth: AuthOverrides = {}): Snapshot {
  const definitions = doc.definitions ?? {};
  const models = new Map<string, ModelView>();
  const refsOf = new Map<string, ReadonlySet<string>>();
  for (const name of Object.keys(definitions).sort()) {
    models.set(name, modelView(name, definitions[name]));
    refsOf.set(name, renderModel(name, definitions[name]).refs);
  }
  const operations = readOperations(doc, { auth });
  const groups = groupByTag(operations);
  const classes = new Map<string, ClassView>();
  const locations = new Map<string, string[]>();
  let methodCount = 0;
  for (const group of groups) {
    const refs: RefSet = new Set();
    const methods = new Map<string, MethodView>();
    for (const op of group.operations) {
      const operation = `${op.httpMethod} ${op.path}`;
      const positional = op.params.filter((p) => p.required).map((p) => paramView(p, refs));
      const options = new Map(
        op.params.filter((p) => !p.required).map((p) => [p.name, paramView(p, refs)]),
      );
      methods.set(op.methodName, {
        name: op.methodName,
        operation,
        positional,
        options,
        returns: oneLineType(returnType(op, refs)),
        deprecated: op.deprecated,
      });
      const where = locations.get(operation) ?? [];
      where.push(`${group.className}.${op.methodName}`);
      locations.set(operation, where);
      methodCount++;
    }
    const reached = modelClosure(refs, (name) => refsOf.get(name) ?? []);
    classes.set(group.className, { name: group.className, methods, models: reached });
  }
  return { classes, models, operations: operations.length, methods: methodCount, locations };
}
