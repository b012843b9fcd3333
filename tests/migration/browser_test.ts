/**
 * A browser page without a build step (docs/migration.md): the compat entry built into one ES
 * module file with the documented command, an import map naming it, and official code in a
 * module script, in headless Chromium against the sandbox.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { startSandbox } from "../../tools/sandbox/mod.ts";
import { pageResult, withPage } from "../examples/browser_harness.ts";
import { installPackage, ROOT, run, succeeded, tool } from "./_programs.ts";

/** The page: official code (the import aside), with the sandbox's port and a token in its URL. */
const PAGE = `<!doctype html>
<html>
<body data-state="loading">
<pre id="result"></pre>
<script type="importmap">
  { "imports": { "@cxkit/genesys-cloud/compat": "./genesys-cloud.mjs" } }
</script>
<script type="module">
  import platformClient from "@cxkit/genesys-cloud/compat";
  const params = new URLSearchParams(location.search);
  try {
    const client = platformClient.ApiClient.instance;
    client.setGateway({ host: "127.0.0.1", port: Number(params.get("port")), protocol: "http" });
    client.setAccessToken(params.get("token"));
    const me = await new platformClient.UsersApi().getUsersMe();
    const queues = await new platformClient.RoutingApi().getRoutingQueues({ pageSize: 2, sortBy: "name" });
    let missing;
    try {
      await new platformClient.UsersApi().getUser("missing");
    } catch (err) {
      missing = { status: err.status, code: err.code, correlation: err.headers.hasOwnProperty("inin-correlation-id") };
    }
    document.querySelector("#result").textContent = JSON.stringify({ me: me.name, queues: queues.entities.length, missing });
    document.body.dataset.state = "done";
  } catch (err) {
    document.querySelector("#result").textContent = JSON.stringify({ error: String(err) });
    document.body.dataset.state = "error";
  }
</script>
</body>
</html>
`;

/** The build command of docs/migration.md, with the pinned esbuild for `npx esbuild`. */
async function documentedBuild(): Promise<string[]> {
  const docs = await Deno.readTextFile(join(ROOT, "docs/migration.md"));
  const line = docs.split("\n").find((l) =>
    l.startsWith("npx esbuild @cxkit/genesys-cloud/compat")
  );
  assert.ok(line, "docs/migration.md shows the build command");
  return line.split(" ").slice(2);
}

Deno.test("a page with an import map and the documented single-file build runs official code", async () => {
  const dir = await Deno.makeTempDir({ prefix: "migration-browser-" });
  try {
    await installPackage(join(dir, "node_modules"));
    succeeded(
      "esbuild (documented)",
      await run(tool("esbuild"), await documentedBuild(), { cwd: dir }),
    );
    const built = await Deno.stat(join(dir, "genesys-cloud.mjs"));
    assert.ok(built.size < 300_000, `the single file is ${built.size} bytes`);
    await Deno.writeTextFile(join(dir, "index.html"), PAGE);
    await using sandbox = await startSandbox();
    const token = await sandbox.issueAccessToken({ userId: sandbox.credentials.user.id });
    const pages = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
      const name = new URL(req.url).pathname.slice(1) || "index.html";
      if (!["index.html", "genesys-cloud.mjs"].includes(name)) {
        return new Response(null, { status: 404 });
      }
      const type = name.endsWith(".html") ? "text/html" : "text/javascript";
      return new Response(await Deno.readFile(join(dir, name)), {
        headers: { "content-type": type },
      });
    });
    try {
      const port = new URL(sandbox.url).port;
      const result = await withPage(async (page, log) => {
        await page.goto(
          `http://127.0.0.1:${pages.addr.port}/?port=${port}&token=${encodeURIComponent(token)}`,
        );
        return await pageResult<Record<string, unknown>>(page, log);
      });
      assert.deepEqual(result, {
        me: sandbox.state.users.get(sandbox.credentials.user.id)?.name,
        queues: 2,
        missing: { status: 404, code: "not.found", correlation: true },
      });
      // The stale option was dropped: the query the page sent holds no sortBy.
      const sent = sandbox.requests.filter((r) =>
        r.method === "GET" && r.path === "/api/v2/routing/queues"
      );
      assert.deepEqual(sent.map((r) => r.search), ["?pageSize=2"]);
    } finally {
      await pages.shutdown();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
