/**
 * Operations: each Swagger operation becomes an {@linkcode ApiOperation}
 * (method name, ordered parameters, return schema and the {@linkcode Endpoint}
 * data the request core reads), grouped into one {@linkcode ApiGroup} per tag.
 *
 * @module
 */

import type {
  CollectionFormat,
  Endpoint,
  HttpMethod,
  ParamLocation,
  ParamSpec,
  ResponseKind,
} from "../../src/base/endpoint.ts";
import { apiFileStem, className, entryName, parameterName } from "./names.ts";
import { type AuthOverrides, authResolver } from "./security.ts";
import {
  DefinitionError,
  HTTP_METHODS,
  type Operation,
  type Parameter,
  type RequiredPermissions,
  type Schema,
  type SwaggerDocument,
} from "./swagger.ts";

/** One parameter of an operation, in the order of the method signature. */
export interface OperationParam {
  /** JavaScript name (`edgeGroupId`, `_date`). */
  readonly name: string;
  /** Name on the wire (`edgeGroup.id`, `date`). */
  readonly wire: string;
  /** Where it travels. */
  readonly in: ParamLocation;
  /** Required parameters are positional. */
  readonly required: boolean;
  /** Definition prose. */
  readonly description?: string;
  /** Its type as a schema (body schema, or the inline type of other parameters). */
  readonly schema: Schema;
  /** Default the server applies when it is left out. */
  readonly default?: unknown;
  /** How an array query parameter is written (`collectionFormat`); absent means `csv`. */
  readonly format?: CollectionFormat;
}

/** One operation as the generated code sees it. */
export interface ApiOperation {
  /** Method name (`x-purecloud-method-name`). */
  readonly methodName: string;
  /** HTTP method. */
  readonly httpMethod: HttpMethod;
  /** Path template. */
  readonly path: string;
  /** Every tag, the leading one first. */
  readonly tags: readonly string[];
  /** One-line summary. */
  readonly summary: string;
  /** Longer description. */
  readonly description: string;
  /** Marked deprecated in the definition. */
  readonly deprecated: boolean;
  /** Permissions the caller needs. */
  readonly permissions?: RequiredPermissions;
  /** Parameters: required ones (positional order) first, then optional ones. */
  readonly params: readonly OperationParam[];
  /** Schema of the success body; `undefined` when the response has none. */
  readonly returns?: Schema;
  /**
   * Another 2xx answer of the operation has no body (a 204 or a 202 beside a
   * 200 with one, or a 200 without one beside a 202 with one): the call may
   * resolve to `undefined`, and its type says so.
   */
  readonly mayReturnNothing: boolean;
  /** The data the request core needs, defaults omitted. */
  readonly endpoint: Endpoint;
}

/** The operations of one tag: one generated class and entry point. */
export interface ApiGroup {
  /** Tag name. */
  readonly tag: string;
  /** Tag description. */
  readonly description: string;
  /** Class name (`UsersApi`). */
  readonly className: string;
  /** Export path without `./` (`telephony-providers-edge`). */
  readonly entry: string;
  /** File stem under `apis/` (`telephony_providers_edge`). */
  readonly fileStem: string;
  /** Operations, sorted by method name. */
  readonly operations: readonly ApiOperation[];
}

const JSON_MEDIA = "application/json";
const COLLECTION_FORMATS: ReadonlySet<string> = new Set(["multi", "csv", "ssv", "tsv", "pipes"]);

/** Choices the definition leaves open. */
export interface ReadOptions {
  /** Credential kinds by security scheme name, over what `securityDefinitions` says. */
  readonly auth?: AuthOverrides;
}

/** Every operation of the document, in path and method order. */
export function readOperations(doc: SwaggerDocument, options: ReadOptions = {}): ApiOperation[] {
  const authOf = authResolver(doc, options.auth);
  const out: ApiOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const op = item[method] as Operation | undefined;
      if (op === undefined) continue;
      out.push(readOperation(doc, path, method, op, item.parameters ?? [], authOf));
    }
  }
  return out;
}

function readOperation(
  doc: SwaggerDocument,
  path: string,
  method: string,
  op: Operation,
  shared: readonly Parameter[],
  authOf: ReturnType<typeof authResolver>,
): ApiOperation {
  const methodName = op["x-purecloud-method-name"] ?? op.operationId;
  const where = `${method.toUpperCase()} ${path}`;
  if (!methodName) {
    throw new DefinitionError(`${where} has neither x-purecloud-method-name nor operationId`);
  }
  if (method === "options") {
    throw new DefinitionError(`${where}: OPTIONS operations are not supported`);
  }
  const params = orderParams(mergeParams(doc, shared, op.parameters ?? []), methodName);
  const accept = firstMedia(op.produces ?? doc.produces);
  const returns = successSchema(op);
  const mayReturnNothing = returns !== undefined && emptySuccess(op);
  const response: ResponseKind = method === "head" || returns === undefined
    ? "none"
    : accept.startsWith("text/")
    ? "text"
    : "json";
  const contentType = firstMedia(op.consumes ?? doc.consumes);
  const auth = authOf(op.security ?? doc.security, `${methodName} (${where})`);
  // Fields equal to the request core's defaults are left out.
  const endpoint: Endpoint = {
    name: methodName,
    method: method.toUpperCase() as HttpMethod,
    path,
    params: params.map(paramSpec),
    ...(contentType !== JSON_MEDIA ? { contentType } : {}),
    ...(accept !== JSON_MEDIA ? { accept } : {}),
    ...(response !== "json" ? { response } : {}),
    ...(auth !== "oauth" ? { auth } : {}),
  };
  return {
    methodName,
    httpMethod: endpoint.method,
    path,
    tags: op.tags && op.tags.length > 0 ? [...new Set(op.tags)] : ["Default"],
    summary: op.summary ?? "",
    description: op.description ?? "",
    deprecated: op.deprecated === true,
    permissions: op["x-inin-requires-permissions"],
    params,
    returns: response === "none" ? undefined : response === "text" ? { type: "string" } : returns,
    mayReturnNothing: response === "json" && mayReturnNothing,
    endpoint,
  };
}

/** Path-level parameters overridden by operation parameters of the same name and location. */
function mergeParams(
  doc: SwaggerDocument,
  shared: readonly Parameter[],
  own: readonly Parameter[],
): Parameter[] {
  const byKey = new Map<string, Parameter>();
  for (const raw of [...shared, ...own]) {
    const p = resolveParam(doc, raw);
    byKey.set(`${p.in}:${p.name}`, p);
  }
  return [...byKey.values()];
}

function resolveParam(doc: SwaggerDocument, p: Parameter): Parameter {
  if (p.$ref === undefined) return p;
  const prefix = "#/parameters/";
  const target = p.$ref.startsWith(prefix)
    ? doc.parameters?.[p.$ref.slice(prefix.length)]
    : undefined;
  if (target === undefined) throw new DefinitionError(`unresolvable parameter $ref "${p.$ref}"`);
  return target;
}

/**
 * The official SDK order: required path parameters, then the other required
 * ones in definition order with the body last (positional arguments; the SDK
 * writes `putQualitySurveysScorable(customerSurveyUrl, body)` although the
 * definition lists the body first), then the optional ones in definition
 * order (read from `opts`).
 */
function orderParams(params: readonly Parameter[], methodName: string): OperationParam[] {
  const converted = params.map((p) => toOperationParam(p, methodName));
  const seen = new Set<string>();
  for (const p of converted) {
    if (seen.has(p.name)) {
      throw new DefinitionError(`${methodName}: two parameters are both named "${p.name}"`);
    }
    seen.add(p.name);
  }
  return [
    ...converted.filter((p) => p.required && p.in === "path"),
    ...converted.filter((p) => p.required && p.in !== "path" && p.in !== "body"),
    ...converted.filter((p) => p.required && p.in === "body"),
    ...converted.filter((p) => !p.required),
  ];
}

function toOperationParam(p: Parameter, methodName: string): OperationParam {
  if (p.in === "formData") {
    throw new DefinitionError(`${methodName}: formData parameter "${p.name}" is not supported`);
  }
  const schema: Schema = p.in === "body"
    ? p.schema ?? {}
    : { type: p.type, format: p.format, enum: p.enum, items: p.items };
  if (p.collectionFormat !== undefined && !COLLECTION_FORMATS.has(p.collectionFormat)) {
    throw new DefinitionError(
      `${methodName}: parameter "${p.name}" has unsupported collectionFormat "${p.collectionFormat}"`,
    );
  }
  return {
    name: parameterName(p.name),
    wire: p.name,
    in: p.in,
    // Path parameters are always required (Swagger 2.0 says so even when the flag is missing).
    required: p.in === "path" || p.required === true,
    description: p.description,
    schema,
    default: p.default,
    ...(p.collectionFormat !== undefined ? { format: p.collectionFormat as CollectionFormat } : {}),
  };
}

/** The request core's view of a parameter, defaults omitted. */
function paramSpec(p: OperationParam): ParamSpec {
  const isArrayQuery = p.in === "query" && p.schema.type === "array";
  return {
    name: p.name,
    in: p.in,
    ...(p.wire !== p.name ? { wire: p.wire } : {}),
    ...(isArrayQuery && p.format !== undefined && p.format !== "csv" ? { format: p.format } : {}),
    ...(p.required ? { required: true } : {}),
  };
}

/** The first media type listed, `application/json` when none is. */
function firstMedia(types: readonly string[] | undefined): string {
  return types && types.length > 0 ? types[0] : JSON_MEDIA;
}

/** The schema of the first 2xx response (by status code) that has one. */
function successSchema(op: Operation): Schema | undefined {
  const codes = Object.keys(op.responses ?? {})
    .filter((c) => /^2\d\d$/.test(c))
    .sort();
  for (const code of codes) {
    const schema = op.responses?.[code]?.schema;
    if (schema !== undefined) return schema;
  }
  return undefined;
}

/** Whether a 2xx response of `op` comes without a body schema. */
function emptySuccess(op: Operation): boolean {
  return Object.entries(op.responses ?? {}).some(([code, r]) =>
    /^2\d\d$/.test(code) && r?.schema === undefined
  );
}

/**
 * One group per tag (an operation with several tags is in each of them),
 * sorted by class name, operations sorted by method name.
 */
export function groupByTag(
  operations: readonly ApiOperation[],
  tagDescriptions: { readonly [tag: string]: string | undefined } = {},
): ApiGroup[] {
  const byTag = new Map<string, ApiOperation[]>();
  for (const op of operations) {
    for (const tag of op.tags) {
      const list = byTag.get(tag) ?? [];
      list.push(op);
      byTag.set(tag, list);
    }
  }
  const groups: ApiGroup[] = [];
  const classes = new Map<string, string>();
  for (const [tag, ops] of byTag) {
    const name = className(tag);
    const clash = classes.get(name);
    if (clash !== undefined) {
      throw new DefinitionError(`tags "${clash}" and "${tag}" would both become class ${name}`);
    }
    classes.set(name, tag);
    const sorted = caseDistinct(ops).sort((a, b) => compare(a.methodName, b.methodName));
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i].methodName === sorted[i - 1].methodName) {
        throw new DefinitionError(`${name} would have two methods named ${sorted[i].methodName}`);
      }
    }
    groups.push({
      tag,
      description: tagDescriptions[tag] ?? "",
      className: name,
      entry: entryName(tag),
      fileStem: apiFileStem(tag),
      operations: sorted,
    });
  }
  return groups.sort((a, b) => compare(a.className, b.className));
}

/**
 * The operations of one class, where a name that differs from an earlier one
 * (in definition order) only in case gets the official SDKs' suffix: `0`,
 * then `1`, ... (`getPresenceDefinition0` beside the older
 * `getPresencedefinition`). Names that differ only in case would be easy to
 * mistype, and the official SDKs never have both.
 */
function caseDistinct(ops: readonly ApiOperation[]): ApiOperation[] {
  const seen = new Map<string, number>();
  return ops.map((op) => {
    const key = op.methodName.toLowerCase();
    const earlier = seen.get(key);
    if (earlier === undefined) {
      seen.set(key, 0);
      return op;
    }
    seen.set(key, earlier + 1);
    const same = ops.find((o) => o !== op && o.methodName === op.methodName);
    if (same !== undefined) return op; // an exact duplicate: reported by the caller
    const methodName = `${op.methodName}${earlier}`;
    return { ...op, methodName, endpoint: { ...op.endpoint, name: methodName } };
  });
}

/** Code-unit order, independent of locale. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
