/**
 * Plausible argument values built from the definition: ids for id-like
 * strings, the first value of enums, valid dates and intervals, numbers within
 * their minimum, and minimal bodies holding each required property.
 *
 * @module
 */

import { type Parameter, refName, type Schema } from "../../tools/codegen/swagger.ts";

/** Named schemas, to resolve `$ref`. */
export type Definitions = { readonly [name: string]: Schema };

const SAMPLE_ID = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

/** A value for a string of the given format (and name, for id-like strings). */
export function sampleString(format: string | undefined, name = ""): string {
  switch (format) {
    case "date-time":
      return "2025-07-01T12:00:00.000Z";
    case "date":
      return "2025-07-01";
    case "local-date-time":
      return "2025-07-01T12:00:00";
    case "local-time":
      return "12:00:00";
    case "interval":
      return "2025-07-01T00:00:00.000Z/2025-07-02T00:00:00.000Z";
    case "uri":
    case "url":
      return "https://example.com/resource";
    case "email":
      return "user@example.com";
    case "uuid":
      return SAMPLE_ID;
  }
  return /id$/i.test(name) ? SAMPLE_ID : "example";
}

function sampleScalar(s: Schema & { minimum?: number; minLength?: number }, name: string): unknown {
  if (s.enum && s.enum.length > 0) return s.enum[0];
  switch (s.type) {
    case "integer":
    case "number":
      return Math.max(typeof s.minimum === "number" ? s.minimum : 1, 1);
    case "boolean":
      return true;
    case "string": {
      const value = sampleString(s.format, name);
      const min = typeof s.minLength === "number" ? s.minLength : 0;
      return value.length >= min ? value : value.padEnd(min, "x");
    }
  }
  return undefined;
}

/**
 * A minimal valid value of `schema`: objects hold their required (writable)
 * properties, arrays their minimum number of items. `depth` bounds recursion.
 */
export function sampleSchema(
  schema: Schema | undefined,
  defs: Definitions,
  name = "",
  depth = 0,
): unknown {
  if (schema === undefined) return {};
  if (schema.$ref !== undefined) {
    const target = defs[refName(schema.$ref)];
    return depth > 12 ? {} : sampleSchema(target, defs, name, depth + 1);
  }
  if (schema.allOf) {
    return Object.assign({}, ...schema.allOf.map((s) => sampleSchema(s, defs, name, depth + 1)));
  }
  if (schema.type === "array") {
    const min = (schema as { minItems?: number }).minItems ?? 0;
    return Array.from({ length: min }, () => sampleSchema(schema.items, defs, name, depth + 1));
  }
  if (schema.type === "object" || schema.properties !== undefined) {
    const out: Record<string, unknown> = {};
    for (const key of schema.required ?? []) {
      const prop = schema.properties?.[key];
      if (prop === undefined || prop.readOnly) continue;
      out[key] = sampleSchema(prop, defs, key, depth + 1);
    }
    return out;
  }
  return sampleScalar(schema, name) ?? {};
}

/**
 * True for a parameter no value can satisfy in Prism: a boolean declaring the
 * strings `"true"`/`"false"` as its enum (Prism coerces the query value to a
 * boolean, then finds it is not one of the strings). The wire value `true` is
 * what the real API expects; Prism's check is what cannot pass.
 */
export function isUnsatisfiableInPrism(p: Parameter): boolean {
  return p.type === "boolean" && (p.enum ?? []).some((v) => typeof v === "string");
}

/** A value for a parameter (body parameters get a minimal body). */
export function sampleParam(p: Parameter, defs: Definitions): unknown {
  if (p.in === "body") return sampleSchema(p.schema, defs, p.name);
  if (p.type === "array") return [sampleScalar(p.items ?? { type: "string" }, p.name)];
  return sampleScalar(p as Schema, p.name) ?? "example";
}
