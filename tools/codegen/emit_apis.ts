/**
 * API modules: one entry point per tag under `apis/`, written as two files.
 * `<stem>.js` is what runs: a table of operation lines (one per operation,
 * the grammar of `src/operations/operations.ts`) and a class whose constructor
 * hands the table to `ApiBase` (which installs the methods on the prototype).
 * `<stem>.d.ts` is what type-checkers and `deno doc` read: the class, an
 * interface merged with it declaring and documenting every method, a
 * namespace of option types, and re-exports of the client surface
 * (`PlatformClient` and its types) and of every model its signatures reach.
 * Keeping the types out of the runtime file means importing every API loads
 * about 0.6 MB of JavaScript instead of 3.7 MB of TypeScript. Plus
 * `apis/mod.ts` exporting every class.
 *
 * @module
 */

import { operationName, pathTemplateNames } from "../../src/operations/operations.ts";
import type {
  AuthKind,
  CollectionFormat,
  Endpoint,
  ParamLocation,
  ResponseKind,
} from "../../src/base/endpoint.ts";
import { cleanProse, jsdoc, oneLine, paragraphs, permissionsSentence } from "./docs.ts";
import { GENERATED_NOTE, modelImports, OPEN_ENUM_LINT_DIRECTIVE } from "./emit_models.ts";
import { propertyKey } from "./names.ts";
import { type ApiGroup, type ApiOperation, compare, type OperationParam } from "./operations.ts";
import {
  aliasedSurfaceExports,
  SURFACE_FILE,
  type SurfaceExport,
  surfaceNames,
} from "./surface.ts";
import { DefinitionError } from "./swagger.ts";
import { type RefSet, renderType, usesOpenEnum } from "./types.ts";

/** The package name examples import from. */
export const PACKAGE_NAME = "@cxkit/genesys-cloud";

/** The request-core modules generated API modules import, relative to `apis/`. */
const CORE = {
  apiBase: "../../operations/api_base.ts",
  apiPromise: "../../http/api_promise.ts",
  endpoint: "../../base/endpoint.ts",
  client: "../../client/platform_client.ts",
  operationClient: "../../operations/operation_client.ts",
} as const;

/** The TypeScript types of one operation's signature. */
interface Signature {
  /** Positional parameters: `name: Type`. */
  readonly positional: string[];
  /** Optional parameters as interface members, each with its JSDoc. */
  readonly optionMembers: string[];
  /** Return type (inside `ApiPromise<...>`). */
  readonly returns: string;
}

function signatureOf(op: ApiOperation, refs: RefSet): Signature {
  const positional: string[] = [];
  const optionMembers: string[] = [];
  for (const p of op.params) {
    if (p.required) {
      positional.push(`${p.name}: ${renderType(p.schema, refs, "  ")}`);
    } else {
      const doc = jsdoc(paramDoc(p), "    ");
      optionMembers.push(
        `${doc}    ${propertyKey(p.name)}?: ${renderType(p.schema, refs, "    ")};\n`,
      );
    }
  }
  return { positional, optionMembers, returns: returnType(op, refs) };
}

/**
 * The type a method's promise resolves to (inside `ApiPromise<...>`): the
 * success body's type, `| undefined` when another 2xx answer has no body,
 * `void` when none has one. Records the models it names in `refs`.
 */
export function returnType(op: ApiOperation, refs: RefSet): string {
  return op.returns === undefined
    ? "void"
    : renderType(op.returns, refs, "  ") + (op.mayReturnNothing ? " | undefined" : "");
}

/** Documentation of an optional parameter: its description, default and, when it has none, where it goes. */
function paramDoc(p: OperationParam): string[] {
  const text = oneLine(p.description);
  const base = text !== "" ? text : `The \`${p.wire}\` ${p.in} parameter.`;
  const fallback = p.default !== undefined ? ` Defaults to \`${String(p.default)}\`.` : "";
  return [base + fallback];
}

/** The JSDoc lines of a method. */
function methodDoc(op: ApiOperation, className: string, hasOptions: boolean): string[] {
  const summary = cleanProse(op.summary);
  const description = cleanProse(op.description);
  const sameText = oneLine(op.description) === oneLine(op.summary);
  const tags: string[] = [];
  for (const p of op.params) {
    if (!p.required) continue;
    const text = oneLine(p.description);
    tags.push(`@param ${p.name}${text ? ` ${text}` : ""}`);
  }
  tags.push(
    hasOptions
      ? `@param opts Optional parameters (\`${className}.${op.methodName}Options\`) and per-call options.`
      : "@param opts Per-call options.",
  );
  for (const p of op.params) {
    if (p.required) continue;
    const text = oneLine(p.description);
    tags.push(`@param opts.${p.name}${text ? ` ${text}` : ""}`);
  }
  if (op.deprecated) tags.push("@deprecated This operation is deprecated in the Platform API.");
  return paragraphs(
    summary.length > 0 ? summary : [`\`${op.httpMethod} ${op.path}\``],
    sameText ? [] : description,
    permissionsSentence(op.permissions),
    [`\`${op.httpMethod} ${op.path}\``],
    tags,
  );
}

const LOCATION_SIGILS: { readonly [L in ParamLocation]: string } = {
  path: "/",
  query: "?",
  header: "^",
  body: "$",
};
const FORMAT_SUFFIXES: { readonly [F in CollectionFormat]: string } = {
  multi: "*",
  csv: "",
  ssv: "~ssv",
  tsv: "~tsv",
  pipes: "~pipes",
};
const AUTH_FLAGS: { readonly [A in AuthKind]: string } = {
  oauth: "",
  guest: "@guest",
  webmessaging: "@webmessaging",
  none: "@noauth",
};
const RESPONSE_FLAGS: { readonly [R in ResponseKind]: string } = {
  json: "",
  text: "@text",
  none: "@none",
};

/** The root a spec's relative path is relative to (see `src/operations/operations.ts`). */
const API_ROOT = "/api/v2/";
/** JavaScript parameter names the spec grammar can carry. */
const SPEC_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Characters the spec grammar gives a meaning to (separators, format and wire markers). */
const SPEC_UNSAFE = /[\s*~|;=]/;

/**
 * One operation as a spec string (`METHOD PATH TOKEN*`, the grammar of
 * `src/operations/operations.ts`): parameter tokens `[!]<loc><name>[=<wire>][<format>]`
 * in `params` order, then the flags that differ from the defaults. The
 * operation name is the table key, not part of the string. Throws a
 * {@linkcode DefinitionError} when a name, path or media type holds a
 * character the grammar cannot carry.
 */
export function operationSpec(endpoint: Endpoint): string {
  const where = endpoint.name;
  const unsafe = (what: string, value: string) =>
    new DefinitionError(`${where}: ${what} "${value}" cannot be written in an operation spec`);
  if (/\s/.test(endpoint.path)) throw unsafe("path", endpoint.path);
  const tokens: string[] = [endpoint.method, specPath(endpoint.path)];
  const implicit = implicitPathParams(endpoint);
  let optionalSeen = false;
  for (const [i, p] of endpoint.params.entries()) {
    if (!SPEC_NAME.test(p.name)) throw unsafe("parameter name", p.name);
    if (p.wire !== undefined && (p.wire === "" || SPEC_UNSAFE.test(p.wire))) {
      throw unsafe("wire name", p.wire);
    }
    if (p.required && optionalSeen) {
      throw new DefinitionError(`${where}: required parameter "${p.name}" follows optional ones`);
    }
    optionalSeen ||= !p.required;
    if (i < implicit || implicitBody(endpoint, i)) continue;
    tokens.push(
      (p.required ? "!" : "") + LOCATION_SIGILS[p.in] + p.name +
        (p.wire !== undefined ? `=${p.wire}` : "") + FORMAT_SUFFIXES[p.format ?? "csv"],
    );
  }
  const flags = [AUTH_FLAGS[endpoint.auth ?? "oauth"], RESPONSE_FLAGS[endpoint.response ?? "json"]];
  if (BODY_METHODS.has(endpoint.method) && !endpoint.params.some((p) => p.in === "body")) {
    flags.push("@nobody");
  }
  for (const [flag, media] of [["@ct=", endpoint.contentType], ["@accept=", endpoint.accept]]) {
    if (media === undefined) continue;
    if (media === "" || /\s/.test(media)) throw unsafe("media type", media);
    flags.push(flag + media);
  }
  return [...tokens, ...flags.filter((f) => f !== "")].join(" ");
}

/** What a table reads as a path reference (`2`, `2/routingskills`): see `src/operations/operations.ts`. */
const REFERENCE_LIKE = /^\d+(\/|$)/;

/**
 * A path as a spec writes it: relative to `/api/v2/` (the grammar's short
 * form) when under it, unless the short form would read as a path reference
 * (a first segment of digits only, which no path of the 2025-07 or 2018-03
 * definitions has); absolute otherwise.
 */
function specPath(path: string): string {
  const short = path.slice(API_ROOT.length);
  return path.startsWith(API_ROOT) && short !== "" && !REFERENCE_LIKE.test(short) ? short : path;
}

/** Methods whose spec leaves unsaid a required body named `body` (see `src/operations/operations.ts`). */
const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);

/**
 * Whether parameter `i` is the body the spec can leave unsaid: a required
 * body named `body`, the last required parameter, of a POST, PUT or PATCH.
 */
function implicitBody(endpoint: Endpoint, i: number): boolean {
  const p = endpoint.params[i];
  return BODY_METHODS.has(endpoint.method) && p.in === "body" && p.name === "body" &&
    p.required === true && p.wire === undefined && !endpoint.params[i + 1]?.required;
}

/**
 * How many leading parameters the spec can leave unsaid: the path
 * parameters, when they are exactly the path's `{name}`s in order (required,
 * same names, no wire name) and come first; else 0. Throws a
 * {@linkcode DefinitionError} for a path template with no path parameter at
 * all, which a spec could not tell from one whose parameters go unsaid.
 */
function implicitPathParams(endpoint: Endpoint): number {
  const names = pathTemplateNames(endpoint.path);
  const declared = endpoint.params.filter((p) => p.in === "path");
  if (names.length > 0 && declared.length === 0) {
    throw new DefinitionError(`${endpoint.name}: path ${endpoint.path} has no path parameter`);
  }
  const leading = endpoint.params.slice(0, names.length);
  const same = declared.length === names.length &&
    leading.every((p, i) =>
      p.in === "path" && p.required && p.name === names[i] && p.wire === undefined &&
      p.format === undefined
    );
  return same ? names.length : 0;
}

/** Characters a spec cannot hold inside the table's template literal. */
const TEMPLATE_UNSAFE = /[`\\]|\$\{/;

/**
 * One line of the operation table: `name METHOD PATH TOKEN*`, without the
 * name when {@linkcode operationName} derives it from the method and the
 * full path (2,770 of 2,775 operations: a fifth of the table's bytes). With
 * `previous`, the path of the line before (as a spec writes it), the path is
 * written as a reference to it when that is shorter (see
 * {@linkcode pathReference}). Throws a {@linkcode DefinitionError} when the
 * line could not sit verbatim inside a template literal.
 */
export function operationLine(endpoint: Endpoint, previous?: string): string {
  if (!SPEC_NAME.test(endpoint.name)) {
    throw new DefinitionError(`operation name "${endpoint.name}" is not an identifier`);
  }
  const [method, path, ...tokens] = operationSpec(endpoint).split(" ");
  const written = previous === undefined ? path : pathReference(path, previous);
  const spec = [method, written, ...tokens].join(" ");
  const line = operationName(method, path) === endpoint.name ? spec : `${endpoint.name} ${spec}`;
  if (TEMPLATE_UNSAFE.test(line) || TEMPLATE_UNSAFE.test(path)) {
    throw new DefinitionError(
      `${endpoint.name}: "${line}" cannot be written in the operation table`,
    );
  }
  return line;
}

/**
 * `path` (as a spec writes it) as a reference to `previous`, the path of
 * the line before: `N` or `N/rest` for the `N` leading `/`-separated
 * segments the two share (as many as they share), then the rest of `path`;
 * or `path` itself when they share none or the shared text is no longer
 * than `N` written out (`users/{userId}/routingskills` after
 * `users/{userId}/routinglanguages` is `2/routingskills`).
 */
export function pathReference(path: string, previous: string): string {
  const segments = path.split("/");
  const before = previous.split("/");
  let n = 0;
  while (n < segments.length && n < before.length && segments[n] === before[n]) n++;
  const shared = segments.slice(0, n).join("/");
  return n > 0 && shared.length > String(n).length
    ? [String(n), ...segments.slice(n)].join("/")
    : path;
}

/**
 * Table order: by path as a spec writes it, segment by segment (so a path
 * comes right before the longer paths it starts, and lines sharing a prefix
 * sit together), then by method, then by name.
 */
function tableOrder(a: Endpoint, b: Endpoint): number {
  const x = specPath(a.path).split("/");
  const y = specPath(b.path).split("/");
  for (let i = 0; i < x.length && i < y.length; i++) {
    if (x[i] !== y[i]) return compare(x[i], y[i]);
  }
  return x.length - y.length || compare(a.method, b.method) || compare(a.name, b.name);
}

/**
 * The lines of an operation table: one per endpoint (duplicate lines once),
 * in table order (by path, then method, then name), each path written as a
 * reference to the previous line's where that is shorter. Reading them back
 * with `operationEntries` gives every endpoint's full spec.
 */
export function operationTable(endpoints: readonly Endpoint[]): string[] {
  const unique = new Map(endpoints.map((e) => [operationLine(e), e]));
  const ordered = [...unique.values()].sort(tableOrder);
  return ordered.map((e, i) =>
    operationLine(e, i === 0 ? undefined : specPath(ordered[i - 1].path))
  );
}

/**
 * The comment lines after a table's first line (`... one per line: \`[name] METHOD PATH TOKEN*\``):
 * the order, how path references read, where the grammar is.
 */
export const TABLE_NOTE: readonly string[] = [
  "(grammar: `src/operations/operations.ts`), ordered by path. A PATH `N` or `N/rest` reuses the",
  "first N `/`-separated segments of the previous line's path, then the rest: after",
  "`users/{userId}/routinglanguages`, `2/routingskills` is `users/{userId}/routingskills` and `2`",
  "is `users/{userId}`.",
];

/** `users` for `UsersApi`: the variable name examples use. */
function variableName(className: string): string {
  const base = className.replace(/Api$/, "");
  const lower = base.charAt(0).toLowerCase() + base.slice(1);
  return /^[A-Z]+$/.test(base) ? base.toLowerCase() : lower;
}

/** A short example: construct the class and, when there is a simple GET, call it. */
function classExample(group: ApiGroup): string[] {
  const api = variableName(group.className);
  const gets = group.operations
    .filter((op) =>
      op.httpMethod === "GET" && op.params.every((p) => !p.required || p.in === "path")
    )
    .sort((a, b) =>
      a.params.filter((p) => p.required).length - b.params.filter((p) => p.required).length ||
      a.path.length - b.path.length || compare(a.methodName, b.methodName)
    );
  // The simplest GET: fewest required parameters, then shortest path.
  const call = gets[0];
  const lines = [
    "```ts",
    `import { ${
      [group.className, "PlatformClient"].sort(compare).join(", ")
    } } from "${PACKAGE_NAME}/${group.entry}";`,
    "",
    'const client = new PlatformClient({ environment: "mypurecloud.ie" });',
    'client.setAccessToken("<access token>");',
    `const ${api} = new ${group.className}(client);`,
  ];
  if (call !== undefined) {
    const args = call.params.filter((p) => p.required).map((p) =>
      p.schema.type === "integer" || p.schema.type === "number" ? "1" : `"<${p.name}>"`
    );
    lines.push(`const result = await ${api}.${call.methodName}(${args.join(", ")});`);
    lines.push("console.log(result);");
  }
  lines.push("```");
  return lines;
}

/** Local names of the request-core symbols an API module uses; `Core<Name>` when a model takes the name. */
interface CoreLocals {
  readonly ApiBase: string;
  readonly ApiPromise: string;
  readonly CallOptions: string;
  readonly PlatformClient: string;
  readonly OperationClient: string;
}

function coreLocals(models: ReadonlySet<string>): CoreLocals {
  const local = (name: string) => (models.has(name) ? `Core${name}` : name);
  return {
    ApiBase: local("ApiBase"),
    ApiPromise: local("ApiPromise"),
    CallOptions: local("CallOptions"),
    PlatformClient: local("PlatformClient"),
    OperationClient: local("OperationClient"),
  };
}

/**
 * Exports of the core symbols the class's public signatures use
 * (`ApiBase`, `ApiPromise`, `CallOptions`, `OperationClient`) that the surface does not export.
 */
function ownCoreExports(core: CoreLocals, exportedBySurface: ReadonlySet<string>): string {
  const missing = (name: keyof CoreLocals) => !exportedBySurface.has(name);
  const values = missing("ApiBase") ? [core.ApiBase] : [];
  const types = (["ApiPromise", "CallOptions", "OperationClient"] as const).filter(missing).map((
    n,
  ) => core[n]);
  return (values.length > 0 ? `export { ${values.join(", ")} };\n` : "") +
    (types.length > 0 ? `export type { ${types.join(", ")} };\n` : "");
}

function importSpec(name: keyof CoreLocals, locals: CoreLocals): string {
  return locals[name] === name ? name : `${name} as ${locals[name]}`;
}

/** The two files of one API entry point: the runtime module and its declarations. */
export interface ApiFiles {
  /** `apis/<stem>.js`: the operation table and the class; points at its types with `@ts-self-types`. */
  readonly js: string;
  /** `apis/<stem>.d.ts`: the class, its methods and option types, documented, and the re-exports. */
  readonly dts: string;
}

/**
 * The entry module of one tag, as a JavaScript module and its declaration
 * file: at run time only the small operation table and class load (the
 * engine never sees the types), while type-checkers and `deno doc` read the
 * `.d.ts`. `closureOf` gives the models a set of models
 * refers to, directly or not: the module exports all of them so that every
 * type reachable from its public signatures is importable from it. `surface`
 * is re-exported too (see `surface.ts`).
 */
export function emitApiFile(
  group: ApiGroup,
  stems: ReadonlyMap<string, string>,
  closureOf: (direct: ReadonlySet<string>) => ReadonlySet<string>,
  surface: readonly SurfaceExport[],
): ApiFiles {
  const refs: RefSet = new Set();
  const signatures = group.operations.map((op) => signatureOf(op, refs));
  const exported = closureOf(refs);
  const { className } = group;
  if (exported.has(className)) {
    throw new DefinitionError(`${className} uses a model of the same name`);
  }
  const core = coreLocals(exported);

  const methods: string[] = [];
  const options: string[] = [];
  group.operations.forEach((op, i) => {
    const sig = signatures[i];
    const optionsName = `${op.methodName}Options`;
    const hasOptions = sig.optionMembers.length > 0;
    const args = [...sig.positional, `opts?: ${className}.${optionsName}`].join(", ");
    methods.push(
      jsdoc(methodDoc(op, className, hasOptions), "  ") +
        `  ${op.methodName}(${args}): ${core.ApiPromise}<${sig.returns}>;\n`,
    );
    const target = `\`${className}.${op.methodName}\``;
    if (hasOptions) {
      options.push(
        jsdoc([`Optional parameters of ${target}, and per-call options.`], "  ") +
          `  export interface ${optionsName} extends ${core.CallOptions} {\n` +
          `${sig.optionMembers.join("")}  }\n`,
      );
    } else {
      options.push(
        jsdoc([`Options of ${target}: per-call options only.`], "  ") +
          `  export type ${optionsName} = ${core.CallOptions};\n`,
      );
    }
  });

  const models = [...exported].sort(compare);
  const moduleDoc = paragraphs(
    [
      `The ${group.tag} API of the Genesys Cloud Platform API: {@linkcode ${className}}, its`,
      "option types, `PlatformClient`, and the models its methods take and return.",
    ],
    cleanProse(group.description),
    ["@module"],
  );
  const classDoc = paragraphs(
    [`${group.tag}: ${group.operations.length} operations of the Platform API.`],
    cleanProse(group.description),
    ["@typeParam C The client's type: `PlatformClient` unless another is passed."],
    ["@example", ...classExample(group)],
  );
  const reexports = [
    `export * from "../${SURFACE_FILE}";\n`,
    aliasedSurfaceExports(exported, surface, "src/generated/apis"),
    ownCoreExports(core, surfaceNames(surface)),
  ];
  // The `@param` type keeps `checkJs` programs free of implicit `any` (the `.d.ts` is what
  // importers see; this is for checkers that read the `.js` itself).
  const constructorDoc = jsdoc([
    `Uses \`client\`, or the shared {@linkcode ${core.PlatformClient}.instance} when omitted.`,
    "",
    `@param {ConstructorParameters<typeof ${core.ApiBase}>[0]} [client] The client calls go through.`,
  ], "  ");
  const declarationConstructorDoc = jsdoc([
    `Uses \`client\` (a \`PlatformClient\`, a \`LiteClient\` or any other {@linkcode ${core.OperationClient}}),`,
    `or the shared {@linkcode ${core.PlatformClient}.instance} when omitted.`,
  ], "  ");
  const typeParams = `<C extends ${core.OperationClient} = ${core.PlatformClient}>`;

  const js = [
    `// @ts-self-types="./${group.fileStem}.d.ts"\n`,
    jsdoc([
      `The runtime half of the ${group.tag} API entry point: the operation table of`,
      `{@linkcode ${className}} and the class that installs it. Types and documentation are in`,
      `\`${group.fileStem}.d.ts\`.`,
      "",
      "@module",
    ]),
    GENERATED_NOTE,
    "\n",
    `import { ${importSpec("ApiBase", core)} } from "${CORE.apiBase}";\n`,
    "\n",
    ...reexports.map(valueExportsOnly),
    "\n",
    jsdoc([
      `The operations of {@linkcode ${className}}, one per line: \`[name] METHOD PATH TOKEN*\``,
      ...TABLE_NOTE,
    ]),
    "const OPERATIONS = `\n",
    ...operationTable(group.operations.map((op) => op.endpoint)).map((line) => `${line}\n`),
    "`;\n\n",
    jsdoc([`${group.tag}: ${group.operations.length} operations of the Platform API.`]),
    `export class ${className} extends ${core.ApiBase} {\n`,
    constructorDoc,
    "  constructor(client) {\n",
    "    super(client, OPERATIONS);\n",
    "  }\n",
    "}\n",
  ].join("");

  const declarations = [
    `import { ${importSpec("ApiBase", core)} } from "${CORE.apiBase}";\n`,
    `import type { ${importSpec("ApiPromise", core)} } from "${CORE.apiPromise}";\n`,
    `import type { ${importSpec("CallOptions", core)} } from "${CORE.endpoint}";\n`,
    `import type { ${importSpec("PlatformClient", core)} } from "${CORE.client}";\n`,
    `import type { ${importSpec("OperationClient", core)} } from "${CORE.operationClient}";\n`,
    modelImports(models, stems, "../models/", className),
    "\n",
    ...reexports,
    models.length > 0 ? `export type { ${models.join(", ")} };\n` : "",
    "\n",
    jsdoc(classDoc),
    `export declare class ${className}${typeParams} extends ${core.ApiBase}<C> {\n`,
    declarationConstructorDoc,
    `  constructor(client?: C);\n`,
    "}\n\n",
    jsdoc([
      `The methods of {@linkcode ${className}}, one per operation: each sends its request through the`,
      "client and resolves to the response body (`.withResponse()` gives the status and headers too).",
    ]),
    `export interface ${className}${typeParams} {\n`,
    methods.join("\n"),
    "}\n\n",
    jsdoc([
      `Option types of the {@linkcode ${className}} methods: optional parameters and per-call options.`,
    ]),
    `export declare namespace ${className} {\n`,
    options.join(""),
    "}\n",
  ].join("");
  const lint = usesOpenEnum(declarations) ? OPEN_ENUM_LINT_DIRECTIVE : "";
  const dts = `${lint}${jsdoc(moduleDoc)}${GENERATED_NOTE}\n${declarations}`;
  return { js, dts };
}

/** The runtime lines of generated re-export statements (`export type` ones dropped). */
function valueExportsOnly(statements: string): string {
  return statements.split("\n").filter((line) => !line.startsWith("export type ")).join("\n");
}

/** `apis/mod.ts`: every API class (and its option namespace). */
export function emitApisIndex(groups: readonly ApiGroup[]): string {
  const lines = groups.map((g) => `export { ${g.className} } from "./${g.fileStem}.js";\n`);
  const first = groups[0];
  const doc = paragraphs(
    [
      `Every API class of the Genesys Cloud Platform API (${groups.length} classes), one per tag.`,
      "Import a single API from its own entry point to load only that API and its models.",
    ],
    first === undefined ? [] : [
      "@example",
      "```ts",
      `import { ${first.className} } from "./mod.ts";`,
      `console.log(typeof ${first.className}); // "function"`,
      "```",
    ],
    ["@module"],
  );
  return `${jsdoc(doc)}${GENERATED_NOTE}\n${lines.join("")}`;
}
