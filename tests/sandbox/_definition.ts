/**
 * Test helpers built on the raw Platform API definition (not the sandbox's compact model): a
 * JSON Schema validator (npm `ajv`) for responses, a generator of valid request values, and the
 * generated API classes' methods by operation.
 */

// Test-only dependencies, kept out of deno.json's import map (the package's own imports).
// deno-lint-ignore no-import-prefix
import { Ajv, type Plugin, type ValidateFunction } from "npm:ajv@8";
// deno-lint-ignore no-import-prefix
import formats from "npm:ajv-formats@3";
import { ApiBase, type Endpoint } from "../../mod.ts";

/** The definition the package is generated from (the same file `deno task generate` reads). */
export const DEFINITION_PATH = new URL(
  "../../../shared/genesys-api/platform-api-v2.2025-07.json",
  import.meta.url,
);

// deno-lint-ignore no-explicit-any
export type Json = any;

/** One operation of the raw definition. */
export interface RawOperation {
  method: string;
  path: string;
  op: Json;
}

let loaded: Json | undefined;

/** The parsed definition (read once per test process). */
export async function definition(): Promise<Json> {
  loaded ??= JSON.parse(await Deno.readTextFile(DEFINITION_PATH));
  return loaded;
}

/** Every operation, in definition order. */
export function operations(doc: Json): RawOperation[] {
  const out: RawOperation[] = [];
  for (const [path, item] of Object.entries<Json>(doc.paths)) {
    for (const [method, op] of Object.entries<Json>(item)) {
      if (method === "parameters") continue;
      out.push({ method: method.toUpperCase(), path, op });
    }
  }
  return out;
}

// ---- response validation (ajv) ----

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * An ajv instance holding the definitions. Genesys's formats: `uri` as a URI reference
 * (Genesys answers relative `selfUri`s such as `/api/v2/users/<id>` under `format: uri`),
 * `interval` (ISO-8601 `start/end`), `local-date-time`, `local-time`.
 */
export function responseValidator(doc: Json): (schema: Json) => ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true, inlineRefs: false, unicodeRegExp: false });
  // ajv-formats is CommonJS: its default export is the plugin function.
  (formats as unknown as Plugin<unknown>)(ajv);
  ajv.addFormat("uri", ajv.formats["uri-reference"] as never);
  ajv.addFormat("url", ajv.formats["uri-reference"] as never);
  ajv.addFormat("date-time", DATE_TIME);
  ajv.addFormat("interval", {
    validate: (s: string) => {
      const parts = s.split("/");
      return parts.length === 2 && parts.every((p) => DATE_TIME.test(p) || /^P/.test(p));
    },
  });
  ajv.addFormat("local-date-time", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/);
  ajv.addFormat("local-time", /^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/);
  ajv.addSchema({ $id: "genesys", definitions: doc.definitions });
  const cache = new Map<string, ValidateFunction>();
  return (schema: Json) => {
    const text = JSON.stringify(schema).replaceAll('"#/definitions/', '"genesys#/definitions/');
    let fn = cache.get(text);
    if (!fn) {
      fn = ajv.compile(JSON.parse(text));
      cache.set(text, fn);
    }
    return fn;
  };
}

// ---- valid request values ----

function resolve(doc: Json, schema: Json): Json {
  let s = schema ?? {};
  for (let i = 0; s.$ref && i < 16; i++) s = doc.definitions[s.$ref.replace("#/definitions/", "")];
  return s ?? {};
}

const UUID = "3f1b7c2e-8d4a-4e6b-9c0d-1a2b3c4d5e6f";

function stringFor(s: Json, name: string): string {
  let v: string;
  switch (s.format) {
    case "date-time":
      v = "2025-02-03T10:00:00.000Z";
      break;
    case "date":
      v = "2025-02-03";
      break;
    case "interval":
      v = "2025-02-03T00:00:00.000Z/2025-02-04T00:00:00.000Z";
      break;
    case "local-date-time":
      v = "2025-02-03T10:00:00";
      break;
    case "local-time":
      v = "10:00:00";
      break;
    case "uri":
    case "url":
      v = "https://example.com/resource";
      break;
    default:
      v = /id$/i.test(name) ? UUID : `test-${name || "value"}`;
  }
  if (s.pattern) {
    const re = new RegExp(s.pattern);
    v = [v, UUID, "#336699", "file.txt", "abc"].find((c) => re.test(c)) ?? v;
  }
  if (s.minLength !== undefined && v.length < s.minLength) v = v.padEnd(s.minLength, "x");
  if (s.maxLength !== undefined && v.length > s.maxLength) v = v.slice(0, s.maxLength);
  return v;
}

/** A minimal valid value of a schema: required, writable properties only; `minItems` items. */
export function validValue(doc: Json, schema: Json, name = "", depth = 0): Json {
  const s = resolve(doc, schema);
  if (s.enum) return s.enum[0];
  const type = s.type ?? (s.properties ? "object" : undefined);
  switch (type) {
    case "object": {
      const out: Json = {};
      if (depth > 8) return out;
      for (const key of s.required ?? []) {
        const prop = s.properties?.[key];
        if (!prop || prop.readOnly || resolve(doc, prop).readOnly) continue;
        out[key] = validValue(doc, prop, key, depth + 1);
      }
      return out;
    }
    case "array": {
      const n = s.minItems ?? 0;
      return Array.from({ length: n }, () => validValue(doc, s.items, name, depth + 1));
    }
    case "integer":
      return Math.min(Math.max(s.minimum ?? 1, 1), s.maximum ?? 1);
    case "number":
      return Math.min(Math.max(s.minimum ?? 1.5, 1.5), s.maximum ?? 1.5);
    case "boolean":
      return true;
    case "string":
      return stringFor(s, name);
    default:
      return {};
  }
}

/** A valid text value of a path, query or header parameter. */
export function paramText(p: Json): string {
  if (p.enum) return String(p.enum[0]);
  if (p.type === "array") return paramText({ ...p.items, name: p.name });
  if (p.type === "integer" || p.type === "number") return String(Math.max(p.minimum ?? 1, 1));
  if (p.type === "boolean") return "true";
  return stringFor(p, p.name);
}

// ---- generated methods ----

/** A generated method: its class instance maker, name and endpoint. */
export interface GeneratedMethod {
  api: new (client: unknown) => Record<string, (...args: unknown[]) => Json>;
  name: string;
  endpoint: Endpoint;
}

/**
 * Every generated method by `METHOD /path`, found by calling each method of each
 * `src/generated/apis/*.js` class with a client that records the endpoint it is given.
 */
export async function generatedMethods(): Promise<Map<string, GeneratedMethod>> {
  const dir = new URL("../../src/generated/apis/", import.meta.url);
  const files = [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) => n.endsWith(".js"))
    .sort();
  const found = new Map<string, GeneratedMethod>();
  let seen: Endpoint | undefined;
  const recorder = {
    call(endpoint: Endpoint) {
      seen = endpoint;
      return null;
    },
  };
  for (const file of files) {
    const mod = await import(new URL(file, dir).href);
    for (const value of Object.values<Json>(mod)) {
      if (typeof value !== "function" || !(value.prototype instanceof ApiBase)) continue;
      const instance = new value(recorder);
      let proto = Object.getPrototypeOf(instance);
      while (Object.getPrototypeOf(proto) !== ApiBase.prototype) {
        proto = Object.getPrototypeOf(proto);
      }
      for (const name of Object.getOwnPropertyNames(proto)) {
        if (name === "constructor" || typeof instance[name] !== "function") continue;
        seen = undefined;
        instance[name]();
        if (!seen) continue;
        const endpoint: Endpoint = seen;
        const key = `${endpoint.method} ${endpoint.path}`;
        if (!found.has(key)) found.set(key, { api: value, name, endpoint });
      }
    }
  }
  return found;
}
