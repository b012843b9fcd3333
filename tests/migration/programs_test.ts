/**
 * The proof of the migration: official-SDK programs (`programs/`, CommonJS in sloppy mode and
 * an ES module) run with `purecloud-platform-client-v2` on Node, then with only the package
 * name changed on Deno, Bun and Node (as it is, and through an esbuild bundle), against the
 * sandbox. Every run prints the same lines and sends the same requests as the official SDK's
 * run.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { startSandbox } from "../../tools/sandbox/mod.ts";
import type { RecordedRequest, Sandbox } from "../../tools/sandbox/mod.ts";
import { type Ran, run, succeeded, tool, workspace } from "./_programs.ts";

/** Where the Deno subprocesses find their cache (their `HOME` is the workspace). */
const DENO_DIR = JSON.parse(
  succeeded(
    "deno info",
    await run(Deno.execPath(), ["info", "--json"], { cwd: Deno.cwd() }),
  ).stdout,
).denoDir as string;

/** The environment of a program: the sandbox behind a gateway, the client's credentials. */
function programEnv(sandbox: Sandbox, home: string): Record<string, string> {
  const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
  return {
    PATH: Deno.env.get("PATH") ?? "",
    HOME: home,
    DENO_DIR,
    NO_COLOR: "1",
    SANDBOX_PORT: new URL(sandbox.url).port,
    GENESYS_CLOUD_CLIENT_ID: clientId,
    GENESYS_CLOUD_CLIENT_SECRET: clientSecret,
  };
}

/** A request as compared across runs: method, path, sorted query, body. */
function wire(r: RecordedRequest): string {
  const query = [...new URLSearchParams(r.search)].map(([k, v]) => `${k}=${v}`).sort();
  const body = r.path === "/oauth/token"
    ? [...new URLSearchParams(r.body)].map(([k, v]) => `${k}=${v}`).sort().join("&")
    : r.body;
  return `${r.method} ${r.path}${query.length ? "?" + query.join("&") : ""} ${body}`.trim();
}

type Runtime = "deno" | "bun" | "node" | "node (esbuild bundle)";

/** Runs `name` with this package on `runtime`. */
async function runOurs(name: string, runtime: Runtime, sandbox: Sandbox): Promise<Ran> {
  await using ws = await workspace(name, "ours");
  const env = programEnv(sandbox, ws.dir);
  if (runtime === "deno") {
    return await run(Deno.execPath(), ["run", "-A", ws.program], { cwd: ws.dir, env });
  }
  if (runtime === "bun") return await run(tool("bun"), [ws.program], { cwd: ws.dir, env });
  // Node 20.19 and later `require()` an ES module (the package is one).
  if (runtime === "node") return await run("node", [ws.program], { cwd: ws.dir, env });
  const bundle = join(ws.dir, `${name}.bundle.${name.endsWith(".mjs") ? "mjs" : "cjs"}`);
  succeeded(
    "esbuild (program)",
    await run(tool("esbuild"), [
      ws.program,
      "--bundle",
      "--platform=node",
      `--format=${name.endsWith(".mjs") ? "esm" : "cjs"}`,
      "--log-level=warning",
      `--outfile=${bundle}`,
    ], { cwd: ws.dir }),
  );
  return await run("node", [bundle], { cwd: ws.dir, env });
}

/** Setup for each program: faults the sandbox injects before a run (the same every run). */
const SETUP: Record<string, (sandbox: Sandbox) => void> = {
  "users_report.js": () => {},
  "queues.mjs": (sandbox) => {
    sandbox.faults.add({
      path: "/api/v2/routing/queues",
      method: "GET",
      status: 429,
      retryAfter: 7,
    });
  },
};

/** What each program must print (the official SDK's run prints it too). */
const EXPECTED: Record<string, RegExp[]> = {
  "users_report.js": [
    /^config: refresh false, wait 5, log none\/json$/m,
    /^token set: true$/m,
    /^users page 2 of \d+: (\w[\w ]*, ){4}\w[\w ]*$/m,
    /^queues: Billing \d+, Billing \d+, Billing \d+$/m,
    /^error: 404 not\.found \{\}$/m,
  ],
  "queues.mjs": [
    /^429, retry-after 7 s \(too\.many\.requests\.retry\.after\)$/m,
    /^status 200, 2 queues of \d+, correlation id: string$/m,
    /^queue \S.*: 200$/m,
    /^error 404 not\.found, has correlation id: true$/m,
    /^plain: 1 user, total \d+$/m,
  ],
};

/** What each program prints on stderr with this package (the official SDK prints nothing). */
const WARNINGS: Record<string, string> = {
  "users_report.js":
    'getRoutingQueues: "sortBy" is not an option of this operation: sent without it\n',
  "queues.mjs": "",
};

for (const name of Object.keys(SETUP)) {
  Deno.test(`official program ${name}: the same output and requests with only the import changed`, async (t) => {
    await using sandbox = await startSandbox();
    SETUP[name](sandbox);
    // The reference: the official SDK (262), on Node.
    let reference: Ran;
    {
      await using ws = await workspace(name, "official");
      reference = succeeded(
        `${name} (official)`,
        await run("node", [ws.program], { cwd: ws.dir, env: programEnv(sandbox, ws.dir) }),
      );
    }
    for (const re of EXPECTED[name]) {
      assert.match(reference.stdout, re, `the official run printed:\n${reference.stdout}`);
    }
    assert.equal(reference.stderr, "");
    const requests = sandbox.requests.map(wire);
    assert.ok(requests.length >= 4, requests.join("\n"));
    for (const runtime of ["deno", "bun", "node", "node (esbuild bundle)"] as const) {
      await t.step(runtime, async () => {
        sandbox.resetLog();
        sandbox.faults.clear();
        SETUP[name](sandbox);
        const ours = succeeded(`${name} (${runtime})`, await runOurs(name, runtime, sandbox));
        assert.equal(ours.stdout, reference.stdout);
        // The one thing added: a warning, once, for the option the API has dropped.
        assert.equal(ours.stderr, WARNINGS[name]);
        assert.deepEqual(sandbox.requests.map(wire), requests);
      });
    }
  });
}
