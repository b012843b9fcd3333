import assert from "node:assert/strict";
import { checkDocument, isUrl, loadDefinition } from "../../tools/codegen/load.ts";
import { DefinitionError } from "../../tools/codegen/swagger.ts";
import { syntheticDefinition } from "./_definition.ts";

Deno.test("isUrl tells URLs from paths", () => {
  assert.ok(isUrl("https://api.mypurecloud.com/api/v2/docs/swagger"));
  assert.ok(isUrl("HTTP://127.0.0.1:8080/x"));
  assert.ok(!isUrl("../shared/genesys-api/platform-api-v2.2025-07.json"));
  assert.ok(!isUrl("C:\\defs\\api.json"));
});

Deno.test("loadDefinition reads a file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/def.json`;
    await Deno.writeTextFile(path, JSON.stringify(syntheticDefinition()));
    const doc = await loadDefinition(path);
    assert.equal(doc.swagger, "2.0");
    assert.ok(doc.paths["/api/v2/widgets/{widgetId}"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("loadDefinition names what is wrong with a file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await assert.rejects(
      loadDefinition(`${dir}/missing.json`),
      (e: unknown) =>
        e instanceof DefinitionError &&
        /definition file not found: .*missing\.json/.test(e.message),
    );
    await Deno.writeTextFile(`${dir}/bad.json`, "{ not json");
    await assert.rejects(loadDefinition(`${dir}/bad.json`), /bad\.json is not valid JSON/);
    await Deno.writeTextFile(`${dir}/v3.json`, JSON.stringify({ openapi: "3.0.0", paths: {} }));
    await assert.rejects(loadDefinition(`${dir}/v3.json`), /expected a Swagger 2\.0 document/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("checkDocument requires paths and an object", () => {
  assert.throws(() => checkDocument([], "x"), /x: the definition must be a JSON object/);
  assert.throws(
    () => checkDocument({ swagger: "2.0" }, "x"),
    /x: the definition has no "paths" object/,
  );
  assert.throws(
    () => checkDocument({ swagger: "2.0", paths: {}, definitions: 3 }, "x"),
    /"definitions" must be an object/,
  );
});

Deno.test("loadDefinition fetches an http URL", async () => {
  const body = JSON.stringify(syntheticDefinition());
  const seen: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    const url = new URL(req.url);
    seen.push(`${req.method} ${url.pathname} ${req.headers.get("accept")}`);
    return url.pathname === "/api/v2/docs/swagger"
      ? new Response(body, { headers: { "content-type": "application/json" } })
      : new Response("nope", { status: 404, statusText: "Not Found" });
  });
  try {
    const base = `http://127.0.0.1:${server.addr.port}`;
    const doc = await loadDefinition(`${base}/api/v2/docs/swagger`);
    assert.deepEqual(
      Object.keys(doc.definitions!).sort(),
      Object.keys(syntheticDefinition().definitions!).sort(),
    );
    await assert.rejects(
      loadDefinition(`${base}/missing`),
      (e: unknown) =>
        e instanceof DefinitionError && e.message === `GET ${base}/missing answered 404 Not Found`,
    );
    assert.deepEqual(seen, [
      "GET /api/v2/docs/swagger application/json",
      "GET /missing application/json",
    ]);
  } finally {
    await server.shutdown();
  }
});
