/**
 * Type rendering: a Swagger schema becomes a TypeScript type expression, and
 * a definition becomes an interface (or type alias) with documented members.
 *
 * Generated types never name a global type (`Record`, `Array`, `Promise`):
 * maps are index signatures and arrays use `T[]`, so a definition called
 * `Record` or `Array` can never shadow what generated code relies on.
 *
 * @module
 */

import { cleanProse, jsdoc } from "./docs.ts";
import { propertyKey } from "./names.ts";
import { DefinitionError, refName, type Schema } from "./swagger.ts";

/** Names of the definitions a rendered type refers to. */
export type RefSet = Set<string>;

/** The open tail of an enum union: the value a server adds later stays a valid value. */
export const OPEN_STRING = "(string & {})";
/** The open tail of a numeric enum union. */
export const OPEN_NUMBER = "(number & {})";

/** True when a rendered type uses an open enum tail (its file needs a lint exemption for `{}`). */
export function usesOpenEnum(text: string): boolean {
  return text.includes(OPEN_STRING) || text.includes(OPEN_NUMBER);
}

/**
 * Renders a schema as a type expression and records the definitions it
 * refers to in `refs`. `indent` is the indentation of the line the type
 * starts on (used for multi-line inline object types).
 */
export function renderType(schema: Schema | undefined, refs: RefSet, indent = ""): string {
  if (schema === undefined) return "unknown";
  if (schema.$ref !== undefined) {
    const name = refName(schema.$ref);
    refs.add(name);
    return name;
  }
  if (schema.allOf !== undefined && schema.allOf.length > 0) {
    const { allOf: _, ...rest } = schema;
    const parts = schema.allOf.map((s) => wrap(renderType(s, refs, indent)));
    if (rest.properties !== undefined || rest.additionalProperties !== undefined) {
      parts.push(renderType(rest, refs, indent));
    }
    return parts.length === 1 ? parts[0] : parts.join(" & ");
  }
  if (schema.enum !== undefined && schema.enum.length > 0) return renderEnum(schema);
  switch (schema.type) {
    case "string":
      return "string";
    case "integer":
    case "number":
      return "number";
    case "boolean":
      return "boolean";
    case "file":
      return "Blob";
    case "array":
      return `${wrap(renderType(schema.items, refs, indent))}[]`;
    case "object":
    case undefined:
      if (schema.type === undefined && schema.properties === undefined) return "unknown";
      return renderObject(schema, refs, indent);
    default:
      throw new DefinitionError(`unsupported schema type ${JSON.stringify(schema.type)}`);
  }
}

/** Parenthesizes unions and intersections so `[]` or `&` binds to the whole type. */
function wrap(type: string): string {
  return hasTopLevelOperator(type) ? `(${type})` : type;
}

/** True when `type` has a `|` or `&` outside brackets and string literals. */
export function hasTopLevelOperator(type: string): boolean {
  let depth = 0;
  for (let i = 0; i < type.length; i++) {
    const c = type[i];
    if (c === '"') {
      for (i++; i < type.length && type[i] !== '"'; i++) if (type[i] === "\\") i++;
    } else if (c === "(" || c === "{" || c === "[" || c === "<") depth++;
    else if (c === ")" || c === "}" || c === "]" || c === ">") depth--;
    else if ((c === "|" || c === "&") && depth === 0) return true;
  }
  return false;
}

/** An enum as a union of its literal values, left open for values the server adds later. */
export function renderEnum(schema: Schema): string {
  const values = [...new Set(schema.enum ?? [])];
  const literals = values.map((v) => JSON.stringify(v));
  if (schema.type === "boolean") return "boolean";
  const numeric = schema.type === "integer" || schema.type === "number";
  literals.push(numeric ? OPEN_NUMBER : OPEN_STRING);
  return literals.join(" | ");
}

/**
 * An inline object: its properties, an index signature for maps and
 * free-form objects, or both as an intersection (an index signature beside
 * properties of other types would not type-check).
 */
function renderObject(schema: Schema, refs: RefSet, indent: string): string {
  const members = renderMembers(schema, refs, `${indent}  `);
  const map = mapValueType(schema, refs, `${indent}  `);
  const literal = `{\n${members.join("")}${indent}}`;
  if (map === undefined) return members.length > 0 ? literal : "{ [key: string]: unknown }";
  const index = `{ [key: string]: ${map} }`;
  return members.length > 0 ? `${literal} & ${index}` : index;
}

/** The value type of a map (`additionalProperties`), or `undefined` when the schema is no map. */
export function mapValueType(schema: Schema, refs: RefSet, indent: string): string | undefined {
  const ap = schema.additionalProperties;
  if (ap === undefined || ap === false) return undefined;
  return ap === true ? "unknown" : renderType(ap, refs, indent);
}

/** The documented members of an object schema, one string per member (each ends with a newline). */
export function renderMembers(schema: Schema, refs: RefSet, indent: string): string[] {
  const required = new Set(schema.required ?? []);
  const out: string[] = [];
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    const described = cleanProse(prop.description);
    const doc = jsdoc(described.length > 0 ? described : [undescribed(prop)], indent);
    const readonly = prop.readOnly ? "readonly " : "";
    const optional = required.has(name) ? "" : "?";
    const type = renderType(prop, refs, indent);
    out.push(`${doc}${indent}${readonly}${propertyKey(name)}${optional}: ${type};\n`);
  }
  return out;
}

/** Documentation for a property the definition does not describe. */
function undescribed(prop: Schema): string {
  return prop.readOnly
    ? "Set by the server (not described in the API definition)."
    : "Not described in the API definition.";
}

/** A rendered definition: its declaration and the definitions it refers to. */
export interface RenderedModel {
  /** `export interface ...` or `export type ... = ...;`, with its JSDoc. */
  readonly code: string;
  /** Definitions referred to (its own name excluded). */
  readonly refs: RefSet;
}

/**
 * A definition as an exported declaration: an interface for objects (a map
 * or free-form object gets an index signature), a type alias for anything
 * else (`allOf`, enums, arrays, scalars, properties beside a map).
 */
export function renderModel(name: string, schema: Schema): RenderedModel {
  const refs: RefSet = new Set();
  const description = cleanProse(schema.description);
  const doc = jsdoc(
    description.length > 0 ? description : [`The \`${name}\` data type of the Platform API.`],
  );
  let code: string;
  if (isInterface(schema)) {
    const members = renderMembers(schema, refs, "  ");
    if (members.length === 0) {
      const map = mapValueType(schema, refs, "  ");
      const doc = map === undefined
        ? "Any field: the definition declares no fixed fields."
        : "Values by key.";
      members.push(`${jsdoc([doc], "  ")}  [key: string]: ${map ?? "unknown"};\n`);
    }
    code = `${doc}export interface ${name} {\n${members.join("")}}\n`;
  } else {
    code = `${doc}export type ${name} = ${renderType(schema, refs)};\n`;
  }
  refs.delete(name);
  return { code, refs };
}

/** True when a schema renders as an interface: an object with properties or a map, not both. */
function isInterface(schema: Schema): boolean {
  if (schema.$ref !== undefined || schema.allOf !== undefined || schema.enum !== undefined) {
    return false;
  }
  if (schema.type !== "object" && !(schema.type === undefined && schema.properties)) return false;
  const hasMembers = Object.keys(schema.properties ?? {}).length > 0;
  const isMap = schema.additionalProperties !== undefined && schema.additionalProperties !== false;
  return !(hasMembers && isMap);
}
