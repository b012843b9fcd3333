/**
 * The API model the generic layer serves: what request validation and response synthesis need of
 * a Swagger 2.0 definition, and nothing else (no descriptions, examples or vendor extensions).
 * {@linkcode compactDefinition} makes it from a definition; the committed data file holds the
 * model of the definition the package was generated from.
 *
 * @module
 */

/**
 * A JSON schema, reduced to the keywords validation and synthesis read (Swagger 2.0 meanings).
 *
 * @example
 * ```ts
 * import type { Schema } from "./model.ts";
 * const name: Schema = { type: "string", minLength: 1 };
 * ```
 */
export interface Schema {
  /** `#/definitions/<name>`. */
  $ref?: string;
  /** `object`, `array`, `string`, `integer`, `number` or `boolean`. */
  type?: string;
  /** `date-time`, `date`, `interval`, `uri`, `int32`, `int64`, ... */
  format?: string;
  /** The allowed values. */
  enum?: unknown[];
  /** The schema of an array's items. */
  items?: Schema;
  /** An object's properties. */
  properties?: Record<string, Schema>;
  /** An object's required properties. */
  required?: string[];
  /** The schema of the values of an object's other properties (a map). */
  additionalProperties?: Schema | boolean;
  /** Set by the server only: never required in a request. */
  readOnly?: boolean;
  /** An array's items are distinct. */
  uniqueItems?: boolean;
  /** Fewest array items. */
  minItems?: number;
  /** Most array items. */
  maxItems?: number;
  /** Least number. */
  minimum?: number;
  /** Greatest number. */
  maximum?: number;
  /** Shortest string. */
  minLength?: number;
  /** Longest string. */
  maxLength?: number;
  /** A regular expression a string matches. */
  pattern?: string;
}

/**
 * A path, query or header parameter.
 *
 * @example
 * ```ts
 * import type { ParamModel } from "./model.ts";
 * const pageSize: ParamModel = { name: "pageSize", in: "query", schema: { type: "integer" } };
 * ```
 */
export interface ParamModel {
  /** Name on the wire (`pageSize`, `If-Match`, `edgeGroup.id`). */
  name: string;
  /** Where it travels. */
  in: "path" | "query" | "header";
  /** Whether a request must have it (always, for path parameters). */
  required?: boolean;
  /** The value's schema (`type`, `format`, `enum`, `items`, `minimum`, ...). */
  schema: Schema;
  /** For arrays: `multi` repeats the key; `ssv`, `tsv`, `pipes` join values (`csv` if absent). */
  collectionFormat?: string;
}

/** Which credential an operation takes: an API token, a guest chat JWT, a web messaging JWT. */
export type OperationAuth = "oauth" | "guest" | "webmessaging" | "none";

/**
 * One operation.
 *
 * @example
 * ```ts
 * import type { OperationModel } from "./model.ts";
 * const ping: OperationModel = {
 *   id: "getPing", method: "GET", path: "/api/v2/ping", auth: "none", params: [],
 *   status: 200, produces: "application/json", consumes: ["application/json"],
 * };
 * ```
 */
export interface OperationModel {
  /** The official SDK method name (`x-purecloud-method-name`), else the operationId. */
  id: string;
  /** HTTP method, upper case. */
  method: string;
  /** Path template, `/api/v2/users/{userId}`. */
  path: string;
  /** The credential it takes. */
  auth: OperationAuth;
  /** Its path, query and header parameters. */
  params: ParamModel[];
  /** The body parameter. */
  body?: { name: string; required: boolean; schema: Schema };
  /** The status of a successful answer: the lowest 2xx declared, preferring 200; 204 when none. */
  status: number;
  /** The schema of that answer's body, when it has one. */
  response?: Schema;
  /** Content type of the answer (`application/json`, `text/plain`, `application/scim+json`, ...). */
  produces: string;
  /** Content types the body may have. */
  consumes: string[];
}

/**
 * The whole model of a definition (see {@linkcode compactDefinition}).
 *
 * @example
 * ```ts
 * import { compactDefinition } from "./model.ts";
 * const model = compactDefinition({ paths: {} });
 * console.log(model.format); // genesys-sandbox-api/1
 * ```
 */
export interface ApiModel {
  /** Format marker. */
  format: "genesys-sandbox-api/1";
  /** The definition's `info.title` and `info.version`. */
  source: { title: string; version: string };
  /** The operations, in definition order. */
  operations: OperationModel[];
  /** Definitions by name; `$ref`s are `#/definitions/<name>`. */
  definitions: Record<string, Schema>;
}

/**
 * A Swagger 2.0 document (the parts read here).
 *
 * @example
 * ```ts
 * import type { SwaggerDocument } from "./model.ts";
 * const doc: SwaggerDocument = { swagger: "2.0", paths: {} };
 * ```
 */
export interface SwaggerDocument {
  /** `"2.0"`. */
  swagger?: string;
  /** Title and version. */
  info?: { title?: string; version?: string };
  /** Default request content types. */
  consumes?: string[];
  /** Default response content types. */
  produces?: string[];
  /** Default security requirements. */
  security?: Record<string, string[]>[];
  /** Path items by path template. */
  paths: Record<string, Record<string, unknown>>;
  /** Schemas by name. */
  definitions?: Record<string, unknown>;
}

const METHODS = new Set(["get", "put", "post", "delete", "patch", "head", "options"]);
const SCHEMA_KEYS = [
  "$ref",
  "type",
  "format",
  "enum",
  "readOnly",
  "uniqueItems",
  "minItems",
  "maxItems",
  "minimum",
  "maximum",
  "minLength",
  "maxLength",
  "pattern",
] as const;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Keeps only the keywords of {@linkcode Schema}, recursively. */
export function compactSchema(raw: unknown): Schema {
  if (!isObject(raw)) return {};
  const out: Record<string, unknown> = {};
  for (const key of SCHEMA_KEYS) {
    const v = raw[key];
    if (v === undefined || v === false) continue;
    out[key] = key === "enum" ? [...(v as unknown[])] : v;
  }
  if (isObject(raw.items)) out.items = compactSchema(raw.items);
  if (isObject(raw.properties)) {
    const props: Record<string, Schema> = {};
    for (const [name, p] of Object.entries(raw.properties)) props[name] = compactSchema(p);
    out.properties = props;
  }
  if (Array.isArray(raw.required) && raw.required.length > 0) out.required = [...raw.required];
  if (raw.additionalProperties === true) out.additionalProperties = true;
  else if (isObject(raw.additionalProperties)) {
    out.additionalProperties = compactSchema(raw.additionalProperties);
  }
  if (Array.isArray(raw.allOf)) {
    // Not used by the Genesys definition; merged flatly for other definitions.
    for (const part of raw.allOf) {
      const c = compactSchema(part);
      if (c.$ref && !out.$ref && !out.properties) out.$ref = c.$ref;
      if (c.properties) out.properties = { ...(out.properties as Json), ...c.properties };
      if (c.required) out.required = [...((out.required as string[]) ?? []), ...c.required];
      if (c.type && !out.type) out.type = c.type;
    }
  }
  return out as Schema;
}

function chooseStatus(responses: Json): { status: number; schema?: Schema } {
  const codes = Object.keys(responses).filter((c) => /^2\d\d$/.test(c)).map(Number).sort((a, b) =>
    a - b
  );
  if (codes.length === 0) return { status: 204 };
  const status = codes.includes(200) ? 200 : codes[0];
  const response = responses[String(status)];
  const schema = isObject(response) && isObject(response.schema)
    ? compactSchema(response.schema)
    : undefined;
  return schema ? { status, schema } : { status };
}

function authOf(security: unknown): OperationAuth {
  if (!Array.isArray(security) || security.length === 0) return "none";
  const names = security.flatMap((s) => (isObject(s) ? Object.keys(s) : []));
  if (names.some((n) => /guest/i.test(n))) return "guest";
  if (names.some((n) => /webmessaging/i.test(n))) return "webmessaging";
  return "oauth";
}

function paramModel(raw: Json): ParamModel | undefined {
  const where = raw.in;
  if (where !== "path" && where !== "query" && where !== "header") return undefined;
  const schema = compactSchema(raw);
  const param: ParamModel = { name: String(raw.name), in: where, schema };
  if (raw.required === true || where === "path") param.required = true;
  if (typeof raw.collectionFormat === "string" && raw.collectionFormat !== "csv") {
    param.collectionFormat = raw.collectionFormat;
  }
  return param;
}

/**
 * The {@linkcode ApiModel} of a Swagger 2.0 definition. Operations keep the definition's order
 * of paths and methods; the same definition always gives the same model.
 *
 * @example
 * ```ts
 * import { compactDefinition } from "./model.ts";
 * const model = compactDefinition({
 *   paths: { "/api/v2/ping": { get: { responses: { "200": { schema: { type: "string" } } } } } },
 * });
 * console.log(model.operations[0].status); // 200
 * ```
 */
export function compactDefinition(doc: SwaggerDocument): ApiModel {
  if (!isObject(doc) || !isObject(doc.paths)) {
    throw new TypeError("not a Swagger 2.0 definition: it has no paths object");
  }
  const operations: OperationModel[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!isObject(item)) continue;
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const [method, raw] of Object.entries(item)) {
      if (!METHODS.has(method) || !isObject(raw)) continue;
      const params: ParamModel[] = [];
      let body: OperationModel["body"];
      const all = [...shared, ...(Array.isArray(raw.parameters) ? raw.parameters : [])];
      for (const p of all) {
        if (!isObject(p)) continue;
        if (p.in === "body") {
          body = {
            name: String(p.name),
            required: p.required === true,
            schema: compactSchema(p.schema),
          };
          continue;
        }
        const param = paramModel(p);
        if (param) params.push(param);
      }
      const { status, schema } = chooseStatus(isObject(raw.responses) ? raw.responses : {});
      const produces = (raw.produces ?? doc.produces ?? ["application/json"]) as string[];
      const consumes = (raw.consumes ?? doc.consumes ?? ["application/json"]) as string[];
      const op: OperationModel = {
        id: String(raw["x-purecloud-method-name"] ?? raw.operationId ?? `${method} ${path}`),
        method: method.toUpperCase(),
        path,
        auth: authOf(raw.security ?? doc.security),
        params,
        status,
        produces: produces[0] ?? "application/json",
        consumes: [...consumes],
      };
      if (body) op.body = body;
      if (schema) op.response = schema;
      operations.push(op);
    }
  }
  const definitions: Record<string, Schema> = {};
  for (const [name, def] of Object.entries(doc.definitions ?? {})) {
    definitions[name] = compactSchema(def);
  }
  return {
    format: "genesys-sandbox-api/1",
    source: { title: String(doc.info?.title ?? ""), version: String(doc.info?.version ?? "") },
    operations,
    definitions,
  };
}

/**
 * The definition name of a `$ref` (`#/definitions/Queue` gives `Queue`).
 *
 * @example
 * ```ts
 * import { refName } from "./model.ts";
 * console.log(refName("#/definitions/Queue")); // Queue
 * ```
 */
export function refName(ref: string): string {
  return ref.startsWith("#/definitions/") ? ref.slice(14) : ref;
}
