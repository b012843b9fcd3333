/**
 * Errors that official code can read: `err.headers["retry-after"]` after
 * `hasOwnProperty("retry-after")`, `messageParams` and `messageWithParams` at the top level,
 * and a one-line `console.log(err)` in Deno, Bun and Node; the redaction of secrets holds
 * for all of it.
 */

import assert from "node:assert/strict";
import { inspect } from "node:util";
import { join } from "node:path";
import { ApiError, PlatformClient, UsersApi } from "../../src/generated/apis/users.js";
import { startSandbox } from "../../tools/sandbox/mod.ts";
import { installPackage, run, succeeded, tool } from "./_programs.ts";

const BODY = JSON.stringify({
  message: "The user u-1 was not found",
  code: "not.found",
  status: 404,
  messageWithParams: "The user {id} was not found",
  messageParams: { id: "u-1" },
  contextId: "ctx-1",
});

function notFound(headers: HeadersInit = {}, secrets?: string[]): ApiError {
  return new ApiError({
    status: 404,
    operation: "getUser",
    method: "GET",
    url: "https://api.mypurecloud.com/api/v2/users/u-1",
    headers: new Headers(headers),
    body: BODY,
    secrets,
  });
}

Deno.test("ApiError.headers: bracket access and hasOwnProperty, as official errors; still a Headers", () => {
  const response = new Headers({
    "Retry-After": "3",
    "inin-correlation-id": "c-1",
    "Content-Type": "application/json",
    // Named like Headers methods: readable with get() only, never shadowing the method.
    "get": "shadow",
    "has": "shadow",
  });
  const err = notFound(response);
  assert.ok(err.headers instanceof Headers);
  assert.ok(Object.prototype.hasOwnProperty.call(err.headers, "retry-after"));
  assert.equal(err.headers["retry-after"], "3");
  assert.equal(err.headers["inin-correlation-id"], "c-1");
  assert.equal(err.headers["content-type"], "application/json");
  assert.equal(err.headers.get("Retry-After"), "3");
  assert.equal(err.headers.get("get"), "shadow");
  assert.equal(typeof err.headers.get, "function");
  assert.equal(typeof err.headers.has, "function");
  assert.equal(err.headers["x-absent"], undefined);
  // As JSON, the headers read as the official plain object.
  assert.deepEqual(JSON.parse(JSON.stringify(err.headers)), {
    "content-type": "application/json",
    "inin-correlation-id": "c-1",
    "retry-after": "3",
  });
  // The response's own Headers are left as they were.
  assert.deepEqual(Object.keys(response), []);
});

Deno.test("ApiError: messageParams and messageWithParams at the top level, as official errors", () => {
  const err = notFound();
  assert.equal(err.messageWithParams, "The user {id} was not found");
  assert.deepEqual(err.messageParams, { id: "u-1" });
  assert.equal(err.code, "not.found");
  assert.equal(err.status, 404);
  assert.equal(err.contextId, "ctx-1");
  const bare = new ApiError({
    status: 500,
    method: "GET",
    url: "u",
    headers: new Headers(),
    body: "",
  });
  assert.equal(bare.messageWithParams, undefined);
  assert.equal(bare.messageParams, undefined);
});

const LINE =
  "ApiError: 404 not.found: The user u-1 was not found (getUser: GET https://api.mypurecloud.com/api/v2/users/u-1, correlation id c-1)";

Deno.test("console.log(err) is one line in Deno: status, code, message, operation, URL, correlation id", () => {
  const err = notFound({ "inin-correlation-id": "c-1" });
  assert.equal(Deno.inspect(err), LINE);
  // Inside an object too (on a line of its own when long).
  assert.match(Deno.inspect({ err }), new RegExp(`^\\{\\s*err: ${escape(LINE)}\\s*\\}$`));
  assert.equal(inspect(err), LINE);
});

Deno.test("the secrets a client holds are redacted from the bracket headers and the parameters", () => {
  const secret = "s3cr3t-token-value";
  const err = new ApiError({
    status: 400,
    method: "GET",
    url: "https://api.mypurecloud.com/api/v2/users",
    headers: new Headers({ "x-echo": `Bearer ${secret}`, "x-b64": btoa(secret) }),
    body: JSON.stringify({
      code: "bad.request",
      message: `token ${secret}`,
      messageWithParams: `token {t}`,
      messageParams: { t: secret },
    }),
    secrets: [secret],
  });
  const shown = [
    JSON.stringify(err.headers),
    err.headers["x-echo"],
    err.headers["x-b64"],
    JSON.stringify(err.messageParams),
    err.messageWithParams,
    Deno.inspect(err),
    JSON.stringify(err),
  ].join("\n");
  assert.ok(!shown.includes(secret), shown);
  assert.ok(!shown.includes(btoa(secret)), shown);
  assert.equal(err.headers["x-echo"], "Bearer [REDACTED]");
  assert.deepEqual(err.messageParams, { t: "[REDACTED]" });
});

Deno.test("an error from the sandbox: headers[...] and messageParams as the official SDK shows them", async () => {
  await using sandbox = await startSandbox();
  const client = new PlatformClient(sandbox.clientOptions);
  const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
  await client.loginClientCredentialsGrant(clientId, clientSecret);
  sandbox.faults.add({ path: "/api/v2/users", status: 429, retryAfter: 5 });
  const err = await new UsersApi(client).getUsers().then(
    () => assert.fail("expected a 429"),
    (e: unknown) => e as ApiError,
  );
  assert.ok(err instanceof ApiError);
  // deno-lint-ignore no-prototype-builtins -- official code reads errors this way
  assert.ok(err.headers.hasOwnProperty("retry-after"));
  assert.equal(err.headers["retry-after"], "5");
  assert.equal(err.headers["inin-correlation-id"], err.correlationId);
  assert.equal(typeof err.messageParams, "object");
  assert.equal(Deno.inspect(err).split("\n").length, 1);
  assert.match(Deno.inspect(err), /^ApiError: 429 too\.many\.requests\S* .*\(getUsers: GET http/);
});

Deno.test("console.log(err) is the same line in Bun and in Node (the package as npm installs it)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "migration-inspect-" });
  try {
    await installPackage(join(dir, "node_modules"));
    const program = join(dir, "print.mjs");
    await Deno.writeTextFile(
      program,
      `import { ApiError } from "@cxkit/genesys-cloud";
const err = new ApiError({
  status: 404, operation: "getUser", method: "GET",
  url: "https://api.mypurecloud.com/api/v2/users/u-1",
  headers: new Headers({ "inin-correlation-id": "c-1" }), body: ${JSON.stringify(BODY)},
});
console.log(err);
console.log([err]);
`,
    );
    const expected = `${LINE}\n`;
    const bun = succeeded("bun", await run(tool("bun"), [program], { cwd: dir }));
    assert.equal(bun.stdout.split("\n")[0] + "\n", expected);
    assert.match(bun.stdout, new RegExp(`\\[\\s*${escape(LINE)},?\\s*\\]`));
    const node = succeeded("node", await run("node", [program], { cwd: dir }));
    assert.equal(node.stdout.split("\n")[0] + "\n", expected);
    assert.match(node.stdout, new RegExp(`\\[\\s*${escape(LINE)},?\\s*\\]`));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
