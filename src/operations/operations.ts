/**
 * Operation tables: each generated API class is a table of one-line operation
 * specs, and these few lines turn the table into methods (the Octokit model).
 * Generated files stay small; types and docs live on an interface merged with
 * the class.
 *
 * Spec grammar: `METHOD PATH TOKEN*`, separated by single spaces. A table
 * line is `name METHOD PATH TOKEN*`, or just the spec when the operation's
 * name is the one {@linkcode operationName} derives from its method and path
 * (almost always: `GET users/{userId}` is `getUser`).
 *
 * - `PATH` is absolute (`/api/v2/users/{userId}`) or relative to `/api/v2/`
 *   (`users/{userId}`); generated tables write every path under `/api/v2/`
 *   the short way.
 * - In a table, a `PATH` may instead reuse the start of the previous line's
 *   path: `N` or `N/rest`, a decimal count `N` then nothing or `/` and the
 *   rest, is the first `N` `/`-separated segments of the previous line's
 *   path (as expanded, in the form written), then the rest: after
 *   `users/{userId}/routinglanguages`, `2/routingskills/bulk` is
 *   `users/{userId}/routingskills/bulk` and `2` is `users/{userId}`. No real
 *   path reads so: none under `/api/v2/` starts with an all-digit segment
 *   (the generator would write such a path absolute). A reference on a
 *   table's first line, or one with `N` of 0 or more than the previous
 *   path's segments, is a malformed line.
 * - Parameter: `[!]<loc><name>[=<wire>][<format>]`
 *   - `!` required (positional, in the order given);
 *   - `<loc>`: `/` path, `?` query, `^` header, `$` body;
 *   - `=<wire>`: the name on the wire when it differs (`?edgeGroupId=edgeGroup.id`);
 *   - `<format>` for query arrays: `*` multi (repeat the key), `~ssv`, `~tsv`,
 *     `~pipes`; none means csv.
 * - A POST, PUT or PATCH takes a required JSON body named `body`, after the
 *   other required parameters, unless its spec has a `$` token or `@nobody`.
 * - Path parameters may go unsaid: a spec with no `/` token has one required
 *   path parameter per `{name}` of its path, in path order, before all the
 *   others. (Specs list them only when names or order differ from the path's.)
 * - Flags, only when not the default: `@guest`, `@webmessaging`, `@noauth`
 *   (credential), `@text`, `@none` (response), `@nobody` (a POST, PUT or PATCH without body), `@ct=<type>` (request body
 *   type), `@accept=<type>`.
 *
 * @example
 * ```ts
 * import { parseOperation } from "./operations.ts";
 * const e = parseOperation("getUser", "GET users/{userId} ?expand*");
 * console.log(e.path); // /api/v2/users/{userId}
 * console.log(e.params[0]); // { name: "userId", in: "path", required: true }
 * console.log(e.params[1]); // { name: "expand", in: "query", format: "multi" }
 * ```
 *
 * @module
 */

import { ApiPromise } from "../http/api_promise.ts";
import type { Endpoint, ParamSpec } from "../base/endpoint.ts";
import { GenesysCloudError } from "../base/errors.ts";

/**
 * An API class's operations, as generated API files hold them: one string,
 * one operation per line, `[name] METHOD PATH TOKEN*` (blank lines and
 * surrounding spaces ignored; without a name, {@linkcode operationName}
 * gives it).
 *
 * One string per API keeps the whole package light: the engine holds a single
 * literal instead of an object with one property per operation, and each line
 * is split only when its class is first constructed.
 */
export type OperationTable = string;

const LOCATIONS: Record<string, ParamSpec["in"]> = {
  "/": "path",
  "?": "query",
  "^": "header",
  "$": "body",
};
const API_ROOT = "/api/v2/";
const PATH_START = /^[\w{/]/;
const METHODS = new Set<string>(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"]);
/** A parameter token: required mark, location, name, wire name, format. */
const PARAM = /^(!?)([/?^$])([^=~*]+)(?:=([^~*]+))?(\*|~(?:ssv|tsv|pipes|csv))?$/;
/** The body a POST, PUT or PATCH takes when its spec names none. */
const BODY: ParamSpec = { name: "body", in: "body", required: true };
/** Flags and what each sets. */
const FLAGS: Record<string, [keyof Endpoint, string]> = {
  "@guest": ["auth", "guest"],
  "@webmessaging": ["auth", "webmessaging"],
  "@noauth": ["auth", "none"],
  "@text": ["response", "text"],
  "@none": ["response", "none"],
};

/**
 * Parses one spec string into an {@linkcode Endpoint}. Throws a
 * {@linkcode GenesysCloudError} naming the operation on a malformed spec.
 *
 * @example
 * ```ts
 * import { parseOperation } from "./operations.ts";
 * const e = parseOperation("postScimUsers", "POST /api/v2/scim/users !$body @ct=application/scim+json");
 * console.log(e.method, e.contentType); // POST application/scim+json
 * ```
 */
export function parseOperation(name: string, spec: string): Endpoint {
  const [method, path = "", ...tokens] = spec.split(" ");
  const bad = (token: string) =>
    new GenesysCloudError(`operation ${name}: cannot read "${token}" in spec "${spec}"`);
  if (!METHODS.has(method)) throw bad(method);
  if (!PATH_START.test(path)) throw bad(path);
  const params: ParamSpec[] = [];
  const endpoint: Record<string, unknown> = {
    name,
    method,
    path: path[0] === "/" ? path : API_ROOT + path,
    params,
  };
  // POST, PUT and PATCH send a body unless they say otherwise.
  let body = method[0] === "P";
  for (const token of tokens) {
    const [flag, value] = token.split(/=(.*)/);
    const match = PARAM.exec(token);
    if (FLAGS[token]) endpoint[FLAGS[token][0]] = FLAGS[token][1];
    else if (token === "@nobody") body = false;
    else if (flag === "@ct" || flag === "@accept") {
      endpoint[flag === "@ct" ? "contentType" : "accept"] = value;
    } else if (match) {
      const [, required, location, paramName, wire, format] = match;
      const param: Record<string, unknown> = { name: paramName, in: LOCATIONS[location] };
      if (wire) param.wire = wire;
      if (format) param.format = format === "*" ? "multi" : format.slice(1);
      if (required) param.required = true;
      if (location === "$") body = false;
      params.push(param as unknown as ParamSpec);
    } else throw bad(token);
  }
  if (body) {
    const firstOptional = params.findIndex((p) => !p.required);
    params.splice(firstOptional < 0 ? params.length : firstOptional, 0, BODY);
  }
  if (!params.some((p) => p.in === "path")) {
    params.unshift(
      ...pathTemplateNames(endpoint.path as string).map((n): ParamSpec => ({
        name: n,
        in: "path",
        required: true,
      })),
    );
  }
  return endpoint as unknown as Endpoint;
}

/**
 * The `[name, spec]` pairs of a table, each spec with its full path (a path
 * reference such as `2/routingskills` expanded from the previous line's
 * path). A line starting with its HTTP method has the name
 * {@linkcode operationName} gives it from the full path; any other line
 * starts with the name. A line whose name is not a JavaScript identifier,
 * that has no spec (or no path) after it, or whose path reference has no
 * previous path or more segments than it, throws a
 * {@linkcode GenesysCloudError} quoting the line.
 *
 * @example
 * ```ts
 * import { operationEntries } from "./operations.ts";
 * const table = `
 * GET users/{userId} ?expand*
 * DELETE 2
 * GET 2/routingskills ?pageSize
 * getPing GET /api/v2/ping
 * `;
 * console.log(operationEntries(table)[1]); // ["deleteUser", "DELETE users/{userId}"]
 * console.log(operationEntries(table)[2]);
 * // ["getUserRoutingskills", "GET users/{userId}/routingskills ?pageSize"]
 * console.log(operationEntries(table)[3]); // ["getPing", "GET /api/v2/ping"]
 * ```
 */
export function operationEntries(table: OperationTable): [name: string, spec: string][] {
  const entries: [string, string][] = [];
  let previous: string[] | undefined;
  for (const raw of table.split("\n")) {
    const line = raw.trim();
    if (line === "") continue;
    const words = line.split(" ");
    const named = !METHODS.has(words[0]);
    const at = named ? 2 : 1;
    const [, count, rest = ""] = REFERENCE.exec(words[at]) ?? [];
    if (count) {
      // `+count <= undefined` is false: a reference on the first line does not fit either.
      if (!(+count >= 1 && +count <= previous?.length!)) {
        throw new GenesysCloudError(
          `malformed operation table line "${line}": path reference ${count} does not fit the previous path`,
        );
      }
      words[at] = previous!.slice(0, +count).join("/") + rest;
    }
    const path = words[at] ?? "";
    if (!OPERATION_NAME.test(words[0]) || !PATH_START.test(path)) {
      throw new GenesysCloudError(`malformed operation table line "${line}"`);
    }
    previous = path.split("/");
    entries.push([named ? words[0] : operationName(words[0], path), words.slice(at - 1).join(" ")]);
  }
  return entries;
}

/** A path reference: a count of the previous path's segments, then `/` and the rest, if any. */
const REFERENCE = /^(\d+)(\/.*)?$/;

/**
 * The name of an operation whose table line gives none, from its method and
 * path as written: the method in lower case, then each literal path segment
 * without its other characters, capitalised. A segment followed by a
 * `{param}` is made singular (`users/{userId}`: `User`; `policies`: `Policy`;
 * `addresses`: `Address`) or, when it is not a plural, followed by the
 * parameter's name (`status/{statusId}`: `StatusStatusId`). This is the
 * official SDKs' name for 2,770 of the 2,775 operations; the generator writes
 * the name of any other.
 *
 * @example
 * ```ts
 * import { operationName } from "./operations.ts";
 * console.log(operationName("GET", "users/{userId}/routingskills")); // getUserRoutingskills
 * console.log(operationName("PATCH", "recording/mediaretentionpolicies/{policyId}"));
 * // patchRecordingMediaretentionpolicy
 * ```
 */
export function operationName(method: string, path: string): string {
  const segments = path.split("/");
  let name = method.toLowerCase();
  for (let i = 0; i < segments.length; i++) {
    let word = segments[i].replace(NOT_WORD, "");
    if (word === "" || segments[i][0] === "{") continue;
    const next = segments[i + 1];
    if (next?.[0] === "{") {
      word = word.endsWith("ies")
        ? word.slice(0, -3) + "y"
        : /(ss|us|x)es$/.test(word)
        ? word.slice(0, -2)
        : /[^isu]s$/.test(word)
        ? word.slice(0, -1)
        : word + capitalized(next.slice(1, -1));
    }
    name += capitalized(word);
  }
  return name;
}

const NOT_WORD = /[^A-Za-z0-9]/g;
const capitalized = (word: string) => word[0].toUpperCase() + word.slice(1);

const OPERATION_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * The parameter names of a path template, in order: `["userId", "skillId"]`
 * for `/api/v2/users/{userId}/routingskills/{skillId}`.
 *
 * @example
 * ```ts
 * import { pathTemplateNames } from "./operations.ts";
 * console.log(pathTemplateNames("/api/v2/users/{userId}")); // ["userId"]
 * ```
 */
export function pathTemplateNames(path: string): string[] {
  return path.match(/\{[^}]*\}/g)?.map((braced) => braced.slice(1, -1)) ?? [];
}

/** What an installed method needs of its instance. */
interface CallsThroughClient {
  readonly client: {
    call<T>(endpoint: Endpoint, args: readonly unknown[], opts?: object): ApiPromise<T>;
  };
}

/**
 * Defines one method per table entry on `prototype` (skipping names it
 * already has). Each method parses its spec on first use and then passes its
 * positional arguments and trailing `opts` to `client.call`.
 *
 * @example
 * ```ts
 * import { installOperations } from "./operations.ts";
 * class PingApi {
 *   client = { call: (e: { path: string }) => Promise.resolve(e.path) };
 * }
 * installOperations(PingApi.prototype, "getPing GET /api/v2/ping");
 * console.log(await (new PingApi() as unknown as { getPing(): Promise<string> }).getPing());
 * ```
 */
export function installOperations(prototype: object, table: OperationTable): void {
  for (const [name, spec] of operationEntries(table)) {
    if (name in prototype) continue;
    let endpoint: Endpoint | undefined;
    let positional = 0;
    // A method with a computed key: the function's `name` is the operation's.
    const method = {
      [name](this: CallsThroughClient, ...args: unknown[]) {
        if (endpoint === undefined) {
          endpoint = parseOperation(name, spec);
          positional = endpoint.params.filter((p) => p.required).length;
        }
        let client: CallsThroughClient["client"];
        try {
          client = this.client;
        } catch (error) {
          // No client (none given, no shared one): the call fails like any other.
          return new ApiPromise(Promise.reject(error));
        }
        // `call` reads only the required parameters of `args`: no copy of them per call.
        return client.call(endpoint, args, args[positional] as object);
      },
    }[name];
    Object.defineProperty(prototype, name, {
      value: method,
      // Not enumerable (the default of `defineProperty`), as class methods are.
      writable: true,
      configurable: true,
    });
  }
}
