/**
 * The committed output against the definition, behaviourally: every method of
 * every class (installed on the prototype from the class's operation table) is
 * called through a `PlatformClient` whose transport records the `Request`, and
 * the request is compared with what the definition says (HTTP method, path,
 * query, headers, body, media types, credential). The declared signatures (the
 * interface merged with each class) are checked against the same positional
 * order, and the `Endpoint` each table entry becomes against the generator's.
 *
 * The definition is the committed one, or the file or URL in
 * `GENESYS_API_DEFINITION` (tools/codegen/check_other.sh generates from another
 * definition into a scratch copy and runs this test there).
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import * as apis from "../../src/generated/apis/mod.ts";
import { PlatformClient } from "../../src/client/platform_client.ts";
import type { Endpoint } from "../../src/base/endpoint.ts";
import { API_DEFINITION } from "../../src/generated/definition.ts";
import { loadDefinitionFile } from "../../tools/codegen/load.ts";
import { DEFAULT_OUT, DEFAULT_SOURCE } from "../../tools/codegen/main.ts";
import { apiFileStem, className, parameterName } from "../../tools/codegen/names.ts";
import { groupByTag, readOperations } from "../../tools/codegen/operations.ts";
import { HTTP_METHODS, type Operation, type Parameter } from "../../tools/codegen/swagger.ts";

interface DefinedOperation {
  readonly method: string;
  readonly path: string;
  readonly op: Operation;
  readonly params: readonly Parameter[];
}

const SOURCE = Deno.env.get("GENESYS_API_DEFINITION") ?? DEFAULT_SOURCE;
const { doc: definition, sha256 } = await loadDefinitionFile(SOURCE);

/** Counts of the definitions in ../shared/genesys-api (its README), by SHA-256. */
const KNOWN: {
  readonly [sha256: string]: { operations: number; classes: number; methods: number };
} = {
  // platform-api-v2.2025-07.json
  "930f27c69368b2953ae2fd59b534127388cc17115ef14521a01b401b128400e9": {
    operations: 2657,
    classes: 80,
    methods: 2775,
  },
  // platform-api-v2.2018-03.json
  "5291bf4dd8661549aa07d13f87fa7e18a2d7c98b360b95273aff7dc62dfb2732": {
    operations: 932,
    classes: 42,
    methods: 966,
  },
};
const operations = new Map<string, DefinedOperation>();
// The official SDKs add 0, 1, ... to a name that differs from an earlier one only in case
// (`getPresenceDefinition0`, defined after `getPresencedefinition`).
const caseFolded = new Map<string, number>();
for (const [path, item] of Object.entries(definition.paths)) {
  for (const method of HTTP_METHODS) {
    const op = item[method] as Operation | undefined;
    if (op === undefined) continue;
    const defined = op["x-purecloud-method-name"]!;
    const earlier = caseFolded.get(defined.toLowerCase());
    caseFolded.set(defined.toLowerCase(), (earlier ?? -1) + 1);
    const name = earlier === undefined ? defined : `${defined}${earlier}`;
    assert.ok(!operations.has(name), `method name ${name} is used twice in the definition`);
    operations.set(name, { method: method.toUpperCase(), path, op, params: op.parameters ?? [] });
  }
}

/** One method per (operation, tag); one class per tag. */
const expectedMethods = new Set<string>();
for (const [name, def] of operations) {
  for (const tag of def.op.tags ?? []) expectedMethods.add(`${className(tag)}.${name}`);
}
const expectedClasses = new Set([...expectedMethods].map((m) => m.split(".")[0]));
const METHODS = expectedMethods.size;

type ApiClass = new (
  client: PlatformClient,
) => Record<string, (...args: unknown[]) => Promise<unknown>>;
const classes = Object.entries(apis) as unknown as [string, ApiClass][];

/** The methods on the prototype: defined there by the first construction of the class. */
function methodNames(cls: ApiClass): string[] {
  return Object.getOwnPropertyNames(cls.prototype).filter((n) => n !== "constructor");
}

/** Tag of each class, for finding its module. */
const tagOf = new Map<string, string>();
for (const { op } of operations.values()) {
  for (const tag of op.tags ?? []) tagOf.set(className(tag), tag);
}

/**
 * The parameter names of every method declared on the interface merged with
 * `name` in its module's source (`["userId", "opts"]`), read by bracket depth.
 */
async function declaredParameters(name: string): Promise<Map<string, string[]>> {
  const file = join(DEFAULT_OUT, "apis", `${apiFileStem(tagOf.get(name)!)}.d.ts`);
  const text = await Deno.readTextFile(file);
  const start = text.indexOf(
    `\nexport interface ${name}<C extends OperationClient = PlatformClient> {\n`,
  );
  assert.ok(start >= 0, `${file}: interface ${name}`);
  const block = text.slice(start, text.indexOf("\n}\n", start));
  const out = new Map<string, string[]>();
  for (const member of block.matchAll(/\n {2}(\w+)\(/g)) {
    const params: string[] = [];
    let depth = 0;
    let current = "";
    let i = member.index + member[0].length;
    for (; depth >= 0 && i < block.length; i++) {
      const c = block[i];
      if (c === '"') {
        const end = block.indexOf('"', i + 1);
        current += block.slice(i, end + 1);
        i = end;
        continue;
      }
      if ("([{<".includes(c)) depth++;
      if (")]}>".includes(c)) depth--;
      if (depth < 0 || (depth === 0 && c === ",")) {
        if (current.trim() !== "") params.push(current.trim());
        current = "";
      } else {
        current += c;
      }
    }
    assert.ok(/^\): /.test(block.slice(i - 1)), `${name}.${member[1]}: return type follows`);
    out.set(member[1], params.map((p) => p.slice(0, p.indexOf(":"))));
  }
  return out;
}

/** A client whose transport keeps the last request and answers 204. */
function recordingClient(): {
  client: PlatformClient;
  last: () => Request;
  [Symbol.asyncDispose]: () => Promise<void>;
} {
  let request: Request | undefined;
  const client = new PlatformClient({
    transport: (req: Request) => {
      request = req;
      return Promise.resolve(new Response(null, { status: 204 }));
    },
    accessToken: "oauth-token",
    basePath: "http://127.0.0.1:1",
  });
  client.setGuestToken("guest-token");
  client.setWebMessagingToken("webmessaging-token");
  return { client, last: () => request!, [Symbol.asyncDispose]: () => client.close() };
}

/** The official SDK's positional order: path, other required (definition order), body last. */
function positional(params: readonly Parameter[]): Parameter[] {
  const required = params.filter((p) => p.required || p.in === "path");
  return [
    ...required.filter((p) => p.in === "path"),
    ...required.filter((p) => p.in !== "path" && p.in !== "body"),
    ...required.filter((p) => p.in === "body"),
  ];
}

function expectedAuthorization(op: Operation): string | null {
  const security = op.security ?? definition.security;
  const scheme = Object.keys(security?.find((s) => Object.keys(s).length > 0) ?? {})[0];
  if (scheme === undefined) return null;
  if (definition.securityDefinitions?.[scheme]?.type === "oauth2") return "Bearer oauth-token";
  return {
    "Guest Chat JWT": "Bearer guest-token",
    "Webmessaging JWT": "Bearer webmessaging-token",
  }[scheme] ?? "unknown scheme";
}

/** A value for a parameter, distinct per position, of a type the request core accepts. */
function sample(p: Parameter, i: number): unknown {
  if (p.in === "body") return { marker: `body-${i}` };
  if (p.type === "array") return [`a${i}`, `b${i}`];
  if (p.type === "integer" || p.type === "number") return 100 + i;
  if (p.type === "boolean") return true;
  return `v${i}`;
}

function check(
  name: string,
  def: DefinedOperation,
  req: Request,
  values: Map<Parameter, unknown>,
  body: unknown,
) {
  assert.equal(req.method, def.method, `${name}: HTTP method`);
  const url = new URL(req.url);
  let path = def.path;
  for (const [p, v] of values) if (p.in === "path") path = path.replace(`{${p.name}}`, String(v));
  assert.equal(decodeURIComponent(url.pathname), path, `${name}: path`);
  for (const [p, v] of values) {
    if (p.in === "query") {
      const got = url.searchParams.getAll(p.name);
      const expected = Array.isArray(v)
        ? p.collectionFormat === "multi"
          ? v.map(String)
          : [v.join(p.collectionFormat === "pipes" ? "|" : ",")]
        : [String(v)];
      assert.deepEqual(got, expected, `${name}: query ${p.name}`);
    } else if (p.in === "header") {
      assert.equal(req.headers.get(p.name), String(v), `${name}: header ${p.name}`);
    }
  }
  const queryNames = new Set([...values.keys()].filter((p) => p.in === "query").map((p) => p.name));
  assert.deepEqual(
    [...new Set(url.searchParams.keys())].sort(),
    [...queryNames].sort(),
    `${name}: query names`,
  );
  assert.equal(
    req.headers.get("authorization"),
    expectedAuthorization(def.op),
    `${name}: credential`,
  );
  const produces = def.op.produces ?? definition.produces ?? ["application/json"];
  assert.equal(req.headers.get("accept"), produces[0], `${name}: Accept`);
  if (body !== undefined) {
    const consumes = def.op.consumes ?? definition.consumes ?? ["application/json"];
    assert.equal(req.headers.get("content-type"), consumes[0], `${name}: Content-Type`);
  }
  return body;
}

Deno.test("the generated code records this definition (API_DEFINITION)", () => {
  assert.equal(API_DEFINITION.sha256, sha256, `src/generated is not from ${SOURCE}`);
  assert.equal(API_DEFINITION.operations, operations.size);
  assert.equal(API_DEFINITION.classes, expectedClasses.size);
  assert.equal(API_DEFINITION.methods, METHODS);
  assert.equal(API_DEFINITION.models, Object.keys(definition.definitions ?? {}).length);
  assert.equal(API_DEFINITION.title, definition.info?.title);
  const known = KNOWN[sha256];
  if (known !== undefined) {
    assert.deepEqual(
      { operations: operations.size, classes: expectedClasses.size, methods: METHODS },
      known,
    );
  }
});

Deno.test(`${expectedClasses.size} classes with ${METHODS} methods: one per (operation, tag), on the prototype`, async () => {
  await using recording = recordingClient();
  assert.equal(classes.length, expectedClasses.size);
  for (const [cn, cls] of classes) {
    assert.deepEqual(methodNames(cls), [], `${cn}: no method before the first construction`);
    const api = new cls(recording.client);
    // The client sits in a private field, read through the `client` getter.
    assert.deepEqual(Object.keys(api), [], `${cn}: instances hold only the client`);
    assert.equal(api.client, recording.client);
    for (const name of methodNames(cls)) {
      assert.equal(typeof api[name], "function", `${cn}.${name}`);
      assert.equal(api[name].name, name, `${cn}.${name}: function name`);
    }
    // A second instance reuses the prototype's methods.
    const again = new cls(recording.client);
    assert.equal(again[methodNames(cls)[0]], api[methodNames(cls)[0]]);
  }
  assert.equal(classes.reduce((n, [, cls]) => n + methodNames(cls).length, 0), METHODS);
  const actual = new Set(classes.flatMap(([cn, cls]) => methodNames(cls).map((m) => `${cn}.${m}`)));
  assert.deepEqual([...actual].sort(), [...expectedMethods].sort());
});

Deno.test("every method sends what the definition describes (required parameters)", async () => {
  await using recording = recordingClient();
  const { client, last } = recording;
  let calls = 0;
  for (const [, cls] of classes) {
    const api = new cls(client);
    for (const name of methodNames(cls)) {
      const def = operations.get(name)!;
      const args = positional(def.params);
      const values = new Map(args.map((p, i) => [p, sample(p, i)] as const));
      await api[name](...values.values(), undefined);
      const req = last();
      const bodyParam = args.find((p) => p.in === "body");
      check(name, def, req, values, bodyParam && values.get(bodyParam));
      const text = await req.text();
      assert.equal(text, bodyParam ? JSON.stringify(values.get(bodyParam)) : "", `${name}: body`);
      calls++;
    }
  }
  assert.equal(calls, METHODS);
});

Deno.test("every declared signature: the definition's positional parameters, then opts", async () => {
  await using recording = recordingClient();
  let methods = 0;
  for (const [cn, cls] of classes) {
    const declared = await declaredParameters(cn);
    new cls(recording.client);
    assert.deepEqual([...declared.keys()].sort(), methodNames(cls).sort(), `${cn}: declared`);
    for (const [name, params] of declared) {
      const expected = positional(operations.get(name)!.params).map((p) => parameterName(p.name));
      assert.deepEqual(params, [...expected, "opts?"], `${cn}.${name}`);
      methods++;
    }
  }
  assert.equal(methods, METHODS);
});

Deno.test("every table entry becomes the generator's Endpoint for the operation", async () => {
  const expected = new Map(
    groupByTag(readOperations(definition)).flatMap((g) => g.operations)
      .map((op) => [op.methodName, op.endpoint]),
  );
  let seen: Endpoint | undefined;
  const client = {
    call(endpoint: Endpoint) {
      seen = endpoint;
      return Promise.resolve(undefined);
    },
  } as unknown as PlatformClient;
  let calls = 0;
  for (const [, cls] of classes) {
    const api = new cls(client);
    for (const name of methodNames(cls)) {
      seen = undefined;
      await api[name]();
      assert.deepEqual(seen, expected.get(name), name);
      calls++;
    }
  }
  assert.equal(calls, METHODS);
});

Deno.test("every optional parameter goes where the definition says, by its JavaScript name", async () => {
  await using recording = recordingClient();
  const { client, last } = recording;
  let calls = 0;
  const exercised = new Set<string>();
  for (const [, cls] of classes) {
    const api = new cls(client);
    for (const name of methodNames(cls)) {
      const def = operations.get(name)!;
      const args = positional(def.params);
      const optional = def.params.filter((p) => !args.includes(p));
      const values = new Map<Parameter, unknown>(args.map((p, i) => [p, sample(p, i)]));
      const opts: Record<string, unknown> = {};
      optional.forEach((p, i) => {
        const v = sample(p, 50 + i);
        values.set(p, v);
        opts[parameterName(p.name)] = v;
      });
      await api[name](...args.map((p) => values.get(p)), opts);
      const req = last();
      const bodyParam = def.params.find((p) => p.in === "body");
      check(name, def, req, values, bodyParam && values.get(bodyParam));
      const text = await req.text();
      assert.equal(text, bodyParam ? JSON.stringify(values.get(bodyParam)) : "", `${name}: body`);
      calls++;
      for (const p of optional) exercised.add(`${name} ${p.in} ${p.name}`);
    }
  }
  assert.equal(calls, METHODS);
  const allOptional = [...operations].flatMap(([name, def]) =>
    def.params.filter((p) => !p.required && p.in !== "path").map((p) => `${name} ${p.in} ${p.name}`)
  );
  assert.deepEqual([...exercised].sort(), allOptional.sort());
});
