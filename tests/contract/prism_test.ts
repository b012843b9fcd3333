/**
 * Contract test: generated methods against Stoplight Prism mocking the full
 * definition. Prism validates every request (path, query, headers, body,
 * media types, credentials) and reports problems in the `sl-violations`
 * response header; an invalid request also gets a 4xx answer. Every call must
 * come back with no request violation and a 2xx status (or Prism's 500
 * "schema too complex", which it only reaches after the request passed
 * validation; such calls are repeated asking for the 400 example, whose
 * answer carries the full violation list).
 *
 * Set PRISM_URL to use an already running Prism instead of starting one, and
 * CONTRACT_ALL=1 to call every class method instead of a covering selection.
 */

import assert from "node:assert/strict";
import * as apis from "../../src/generated/apis/mod.ts";
import { PlatformClient } from "../../src/client/platform_client.ts";
import { loadDefinition } from "../../tools/codegen/load.ts";
import { DEFAULT_SOURCE, REPO_ROOT } from "../../tools/codegen/main.ts";
import { className, parameterName } from "../../tools/codegen/names.ts";
import { HTTP_METHODS, type Operation, type Parameter } from "../../tools/codegen/swagger.ts";
import { startPrism } from "./_prism.ts";
import { type Definitions, isUnsatisfiableInPrism, sampleParam } from "./_samples.ts";

interface Outcome {
  status: number;
  violations: { location: string[]; severity: string; message: string }[];
  problemType?: string;
}

interface Case {
  readonly name: string;
  readonly cls: string;
  readonly method: string;
  readonly path: string;
  readonly op: Operation;
}

const definition = await loadDefinition(DEFAULT_SOURCE);
const defs: Definitions = definition.definitions ?? {};

/**
 * The calls to make: every SCIM and HEAD operation and every fourth method of
 * each class (by name), or every class method when CONTRACT_ALL=1. About 720
 * calls by default; all 2,775 take several minutes.
 */
function selectedCases(): Case[] {
  const all = allCases();
  if (Deno.env.get("CONTRACT_ALL") === "1") return all;
  const indexInClass = new Map<string, number>();
  return all.filter((c) => {
    const i = indexInClass.get(c.cls) ?? 0;
    indexInClass.set(c.cls, i + 1);
    return i % 4 === 0 || (c.op.consumes ?? [])[0] === "application/scim+json" ||
      c.method === "HEAD";
  });
}

/** One case per class method: every operation through every class that has it. */
function allCases(): Case[] {
  const out: Case[] = [];
  // A name that differs from an earlier one only in case has the official suffix 0, 1, ...
  const caseFolded = new Map<string, number>();
  for (const [path, item] of Object.entries(definition.paths)) {
    for (const method of HTTP_METHODS) {
      const op = item[method] as Operation | undefined;
      if (op === undefined) continue;
      const defined = op["x-purecloud-method-name"]!;
      const earlier = caseFolded.get(defined.toLowerCase());
      caseFolded.set(defined.toLowerCase(), (earlier ?? -1) + 1);
      for (const tag of op.tags ?? []) {
        out.push({
          name: earlier === undefined ? defined : `${defined}${earlier}`,
          cls: className(tag),
          method: method.toUpperCase(),
          path,
          op,
        });
      }
    }
  }
  return out.sort((a, b) => (a.cls + a.name < b.cls + b.name ? -1 : 1));
}

/** Positional order of the official SDK: path, other required (definition order), body last. */
function positional(params: readonly Parameter[]): Parameter[] {
  const required = params.filter((p) => p.required || p.in === "path");
  return [
    ...required.filter((p) => p.in === "path"),
    ...required.filter((p) => p.in !== "path" && p.in !== "body"),
    ...required.filter((p) => p.in === "body"),
  ];
}

/** A client against `url` whose transport records Prism's verdict on the last request. */
function recordingClient(
  url: string,
): { client: PlatformClient; last: () => Outcome; [Symbol.asyncDispose]: () => Promise<void> } {
  let outcome: Outcome | undefined;
  const client = new PlatformClient({
    basePath: url,
    accessToken: "contract-test-token",
    timeoutMs: 60_000,
    transport: async (req: Request) => {
      const res = await fetch(req);
      const header = res.headers.get("sl-violations");
      const violations = header ? JSON.parse(header.replace(/^Too many violations! /, "")) : [];
      outcome = { status: res.status, violations };
      if (res.status < 400) return res;
      const text = await res.text();
      try {
        outcome.problemType = (JSON.parse(text) as { type?: string }).type;
      } catch {
        // Not a problem document.
      }
      return new Response(text, { status: res.status, headers: res.headers });
    },
  });
  client.setGuestToken("contract-guest-jwt");
  client.setWebMessagingToken("contract-webmessaging-jwt");
  return { client, last: () => outcome!, [Symbol.asyncDispose]: () => client.close() };
}

type ApiInstance = Record<string, (...args: unknown[]) => Promise<unknown>>;

Deno.test({
  name: "contract: generated calls pass Prism's request validation",
  // Loading the 18.8 MB definition takes Prism a minute or more.
  sanitizeOps: true,
  sanitizeResources: true,
}, async () => {
  const external = Deno.env.get("PRISM_URL");
  const prism = external
    ? { url: external, stop: () => Promise.resolve() }
    : await startPrism(REPO_ROOT, DEFAULT_SOURCE);
  try {
    await using recording = recordingClient(prism.url);
    const { client, last } = recording;
    const instances = new Map<string, ApiInstance>();
    for (const [name, cls] of Object.entries(apis)) {
      instances.set(name, new (cls as unknown as new (c: PlatformClient) => ApiInstance)(client));
    }
    const cases = selectedCases();
    const failures: string[] = [];
    const coverage = {
      classes: new Set<string>(),
      methods: new Set<string>(),
      locations: new Set<string>(),
      multi: 0,
      scim: 0,
    };
    let tooComplex = 0;
    const skippedParams = new Set<string>();

    for (const c of cases) {
      const params = c.op.parameters ?? [];
      const args = positional(params);
      const opts: Record<string, unknown> = {};
      for (const p of params) {
        if (args.includes(p)) continue;
        if (isUnsatisfiableInPrism(p)) {
          skippedParams.add(`${c.name}.${p.name}`);
          continue;
        }
        opts[parameterName(p.name)] = sampleParam(p, defs);
      }
      const api = instances.get(c.cls)!;
      const call = async (extra?: Record<string, string>) => {
        await api[c.name](...args.map((p) => sampleParam(p, defs)), {
          ...opts,
          ...(extra && { customHeaders: extra }),
        })
          .catch(() => undefined);
        return last();
      };
      let outcome = await call();
      if (outcome.status === 500 && outcome.problemType?.endsWith("#SCHEMA_TOO_COMPLEX")) {
        tooComplex++;
        outcome = await call({ Prefer: "code=400" });
        if (outcome.status === 400 && outcome.violations.length === 0) {
          outcome = { ...outcome, status: 200 };
        }
      }
      const requestViolations = outcome.violations.filter((v) => v.location[0] === "request");
      if (requestViolations.length > 0 || outcome.status < 200 || outcome.status > 299) {
        failures.push(
          `${c.cls}.${c.name} (${c.method} ${c.path}) -> ${outcome.status} ${
            outcome.problemType ?? ""
          } ${
            JSON.stringify(requestViolations.map((v) => `${v.location.join(".")}: ${v.message}`))
          }`,
        );
        continue;
      }
      coverage.classes.add(c.cls);
      coverage.methods.add(c.method);
      for (const p of params) coverage.locations.add(p.in);
      if (params.some((p) => p.collectionFormat === "multi")) coverage.multi++;
      if ((c.op.consumes ?? [])[0] === "application/scim+json") coverage.scim++;
    }

    console.log(
      `prism: ${cases.length - failures.length} of ${cases.length} calls accepted ` +
        `(${new Set(cases.map((c) => c.name)).size} operations, ` +
        `${coverage.classes.size} classes, methods ${[...coverage.methods].sort().join("/")}, ` +
        `locations ${
          [...coverage.locations].sort().join("/")
        }, ${coverage.multi} with multi arrays, ` +
        `${coverage.scim} SCIM; ${tooComplex} re-checked via the 400 example; ` +
        `${skippedParams.size} optional boolean parameters with string enums left out)`,
    );
    assert.deepEqual(failures, []);
    assert.ok(cases.length >= 500);
    assert.equal(coverage.classes.size, Object.keys(apis).length);
    assert.deepEqual([...coverage.methods].sort(), [
      "DELETE",
      "GET",
      "HEAD",
      "PATCH",
      "POST",
      "PUT",
    ]);
    assert.deepEqual([...coverage.locations].sort(), ["body", "header", "path", "query"]);
    assert.ok(coverage.multi > 0 && coverage.scim > 0);
  } finally {
    await prism.stop();
  }
});
