/**
 * The definition the sandbox serves: the bundled model is the one of the definition the package
 * is generated from (no drift), and a user can pass another one (a path, a parsed document).
 */

import assert from "node:assert/strict";
import { createSandboxHandler, startSandbox } from "../../tools/sandbox/mod.ts";
import { decodeApiModel } from "../../tools/sandbox/api/load.ts";
import { compactDefinition } from "../../tools/sandbox/api/model.ts";
import {
  API_DATA_SOURCE,
  API_MODEL_GZIP_BASE64,
} from "../../tools/sandbox/api/platform_api_data.ts";
import { definition, DEFINITION_PATH } from "./_definition.ts";

Deno.test("the bundled model is the compact form of the definition the package is generated from", async () => {
  const doc = await definition();
  const bundled = await decodeApiModel(API_MODEL_GZIP_BASE64);
  assert.deepEqual(bundled, compactDefinition(doc));
  assert.equal(API_DATA_SOURCE.file, "platform-api-v2.2025-07.json");
  assert.equal(API_DATA_SOURCE.operations, 2657);
  const digest = await crypto.subtle.digest(
    "SHA-256",
    await Deno.readFile(DEFINITION_PATH),
  );
  const hex = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
  assert.equal(API_DATA_SOURCE.sha256, hex);
});

async function get(sandbox: ReturnType<typeof createSandboxHandler>, path: string) {
  const token = await sandbox.issueAccessToken();
  const res = await sandbox(
    new Request(`http://sandbox.test${path}`, { headers: { authorization: `Bearer ${token}` } }),
  );
  return { status: res.status, json: await res.json() };
}

Deno.test("another definition, by path: its operations are served, the bundled ones are not", async () => {
  const older = new URL("platform-api-v2.2018-03.json", DEFINITION_PATH);
  const sandbox = createSandboxHandler({ definition: older.pathname });
  const roles = await get(sandbox, `/api/v2/users/${crypto.randomUUID()}/roles`);
  assert.equal(roles.status, 200);
  assert.ok(Array.isArray(roles.json.roles));
  const newer = await get(sandbox, "/api/v2/assistants");
  assert.equal(newer.status, 404);
  assert.equal(newer.json.code, "operation.not.found");
});

Deno.test("another definition, as an object; a broken one fails startSandbox", async () => {
  const sandbox = createSandboxHandler({
    definition: {
      paths: {
        "/api/v2/ping": {
          get: {
            responses: {
              "200": {
                schema: {
                  type: "object",
                  required: ["pong", "at"],
                  properties: {
                    pong: { type: "boolean" },
                    at: { type: "string", format: "date-time" },
                  },
                },
              },
            },
          },
        },
      },
    },
  });
  const ping = await sandbox(new Request("http://sandbox.test/api/v2/ping"));
  assert.equal(ping.status, 200);
  const body = await ping.json();
  assert.equal(typeof body.pong, "boolean");
  assert.match(body.at, /^\d{4}-\d\d-\d\dT/);
  await assert.rejects(
    startSandbox({ definition: { swagger: "2.0" } as never }),
    /not a Swagger 2.0 definition/,
  );
  await assert.rejects(
    startSandbox({ definition: "/nonexistent/definition.json" }),
    /No such file/,
  );
});
