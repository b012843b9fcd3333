import assert from "node:assert/strict";
// Importing the module makes Deno lay out node_modules/jose, which Bun resolves.
import { createSandboxHandler } from "../../tools/sandbox/mod.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

Deno.test("Bun: startSandbox serves with Bun.serve; token, paging, 401, drop, fault header", async () => {
  assert.equal(typeof createSandboxHandler, "function");
  let output: Deno.CommandOutput;
  try {
    output = await new Deno.Command("bun", {
      args: ["tests/sandbox/bun_smoke.ts"],
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
    }).output();
  } catch (e) {
    throw new Error(`could not run bun (source .ci/tools.sh first): ${e}`);
  }
  const stdout = new TextDecoder().decode(output.stdout).trim();
  const stderr = new TextDecoder().decode(output.stderr).trim();
  assert.equal(output.code, 0, `bun failed:\n${stdout}\n${stderr}`);
  const seen = JSON.parse(stdout.split("\n").at(-1)!);
  assert.equal(seen.runtime, "bun");
  assert.match(seen.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(seen.tokenStatus, 200);
  assert.equal(seen.tokenType, "bearer");
  assert.equal(seen.pageStatus, 200);
  assert.equal(seen.pageEntities, 7);
  assert.equal(seen.pageNext, null);
  assert.match(seen.correlationId, /^[0-9a-f-]{36}$/);
  assert.equal(seen.noAuthStatus, 401);
  assert.equal(seen.noAuthCode, "authentication.required");
  assert.equal(seen.dropped, "TypeError");
  assert.equal(seen.afterDropStatus, 200);
  assert.equal(seen.limitedStatus, 429);
  assert.equal(seen.limitedRetryAfter, "3");
  assert.equal(seen.limitedCode, "too.many.requests.retry.after");
  // token, page, no-auth, dropped, after, limited: the dropped request is logged once (no retry).
  assert.equal(seen.requestsLogged, 6);
});
