import assert from "node:assert/strict";
import { readOperations } from "../../tools/codegen/operations.ts";
import { authResolver, classifyScheme, tokenKindOfName } from "../../tools/codegen/security.ts";
import { DefinitionError, type SwaggerDocument } from "../../tools/codegen/swagger.ts";
import { syntheticDefinition } from "./_definition.ts";

/** The synthetic definition with every operation secured by `scheme`, declared as `declared`. */
function securedBy(scheme: string, declared?: Record<string, unknown>): SwaggerDocument {
  const doc = syntheticDefinition() as SwaggerDocument & { securityDefinitions: unknown };
  (doc as { securityDefinitions: unknown }).securityDefinitions = declared === undefined
    ? {}
    : { [scheme]: declared };
  for (const item of Object.values(doc.paths)) {
    for (const op of Object.values(item)) {
      if (!Array.isArray(op) && op !== undefined) {
        (op as { security?: unknown }).security = [{ [scheme]: [] }];
      }
    }
  }
  return doc;
}

Deno.test("oauth2 schemes are the access token whatever their name (2018-03's PureCloud Auth)", () => {
  const ops = readOperations(
    securedBy("PureCloud Auth", { type: "oauth2", flow: "implicit", scopes: { all: "all" } }),
  );
  assert.equal(ops.length, 9);
  // `oauth` is the request core's default, so the endpoint leaves it out.
  assert.deepEqual(ops.map((op) => op.endpoint.auth), Array(9).fill(undefined));
  assert.equal(classifyScheme("Anything At All", { type: "oauth2" }), "oauth");
});

Deno.test("a token in the Authorization header is the guest or web-messaging JWT its name says", () => {
  const header = { type: "apiKey", in: "header", name: "Authorization" };
  assert.equal(classifyScheme("Guest Chat JWT", header), "guest");
  assert.equal(classifyScheme("Webchat Token", header), "guest");
  assert.equal(classifyScheme("Webmessaging JWT", header), "webmessaging");
  assert.equal(classifyScheme("Web Messaging Guest JWT", header), "webmessaging");
  assert.equal(classifyScheme("guest-jwt", { ...header, name: "authorization" }), "guest");
  const ops = readOperations(securedBy("Guest Chat JWT", header));
  assert.deepEqual(new Set(ops.map((op) => op.endpoint.auth)), new Set(["guest"]));
  // Used but not declared (2025-07's Webmessaging JWT): the name decides.
  assert.equal(classifyScheme("Webmessaging JWT", undefined), "webmessaging");
  assert.deepEqual(
    new Set(readOperations(securedBy("Webmessaging JWT")).map((op) => op.endpoint.auth)),
    new Set(["webmessaging"]),
  );
  assert.equal(tokenKindOfName("PureCloud OAuth"), undefined);
  assert.equal(tokenKindOfName("Partner JWT"), undefined);
});

Deno.test("schemes the client cannot send are errors naming the operation and the scheme", () => {
  const cases: [string, Record<string, unknown> | undefined, RegExp][] = [
    [
      "Partner JWT",
      { type: "apiKey", in: "header", name: "Authorization" },
      /security scheme "Partner JWT" \(declared as "apiKey" in header "Authorization"\) is neither OAuth 2 nor a guest-chat or web-messaging token the client can send/,
    ],
    [
      "Guest Key",
      { type: "apiKey", in: "query", name: "key" },
      /security scheme "Guest Key" \(declared as "apiKey" in query "key"\) cannot be sent: the client sends an OAuth access token or a guest-chat or web-messaging JWT in the Authorization header/,
    ],
    [
      "Chat Basic",
      { type: "basic" },
      /security scheme "Chat Basic" \(declared as "basic"\) cannot be sent/,
    ],
    [
      "Mystery",
      undefined,
      /security scheme "Mystery" \(not declared in securityDefinitions\) is neither/,
    ],
  ];
  for (const [scheme, declared, message] of cases) {
    const doc = securedBy(scheme, declared);
    assert.throws(
      () => readOperations(doc),
      (e: unknown) =>
        e instanceof DefinitionError && message.test(e.message) &&
        // The first operation of the definition, by name, method and path.
        e.message.startsWith("getWidget (GET /api/v2/widgets/{widgetId}): ") &&
        e.message.endsWith(
          `; choose its credential with --auth "${scheme}=<oauth|guest|webmessaging|none>"`,
        ),
      scheme,
    );
    // --auth decides such a scheme.
    const ops = readOperations(doc, { auth: { [scheme]: "webmessaging" } });
    assert.deepEqual(new Set(ops.map((op) => op.endpoint.auth)), new Set(["webmessaging"]));
  }
});

Deno.test("overrides win over the definition; no requirement or an empty one sends no credential", () => {
  const doc = syntheticDefinition();
  const resolve = authResolver(doc, { "PureCloud OAuth": "none" });
  assert.equal(resolve([{ "PureCloud OAuth": [] }], "x"), "none");
  assert.equal(resolve([{ "Guest Chat JWT": [] }], "x"), "guest");
  assert.equal(resolve(undefined, "x"), "none");
  assert.equal(resolve([], "x"), "none");
  assert.equal(resolve([{}, { "Guest Chat JWT": [] }], "x"), "guest");
  // A name that is an Object.prototype key is a scheme like any other.
  assert.throws(() => resolve([{ toString: [] }], "op"), /op: security scheme "toString"/);
});
