/**
 * A client no one here wrote: the official `purecloud-platform-client-v2` SDK runs a scripted
 * session on Node (`official_sdk_calls.mjs`) against the served sandbox, and succeeds.
 */

import assert from "node:assert/strict";
import { startSandbox } from "../../tools/sandbox/mod.ts";

const TOOLS_PACKAGE_JSON = new URL("../../.tools/package.json", import.meta.url).pathname;
const SCRIPT = new URL("./official_sdk_calls.mjs", import.meta.url).pathname;

Deno.test({
  name: "the official JavaScript SDK on Node: login, users, queues CRUD, analytics, conversations",
  // .ci/tools.sh installs the SDK (.ci/tools-package.json) and Node.
  fn: async () => {
    await using sandbox = await startSandbox();
    const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
    const [recorded] = sandbox.state.recordings.keys();
    const { code, stdout, stderr } = await new Deno.Command("node", {
      args: [SCRIPT],
      env: {
        SANDBOX_URL: sandbox.url,
        CLIENT_ID: clientId,
        CLIENT_SECRET: clientSecret,
        TOOLS_PACKAGE_JSON,
        RECORDED_CONVERSATION_ID: recorded,
      },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const err = new TextDecoder().decode(stderr);
    assert.equal(code, 0, err);
    const out = JSON.parse(new TextDecoder().decode(stdout).trim().split("\n").pop()!);

    assert.deepEqual(out.login, { tokenType: "string", expiresIn: true });
    assert.deepEqual(out.users, {
      pageSize: 10,
      pageNumber: 2,
      total: 57,
      count: 10,
      oneId: true,
      email: out.users.email,
    });
    assert.match(out.users.email, /@sandbox\.example$/);

    assert.equal(out.queues.readName, "Official SDK queue");
    assert.equal(out.queues.acw, "MANDATORY");
    assert.equal(out.queues.updatedName, "Official SDK queue (renamed)");
    assert.equal(out.queues.updatedDescription, "renamed");
    assert.deepEqual(out.queues.listed, ["Official SDK queue (renamed)"]);
    assert.equal(out.queues.afterDelete, 404);
    assert.equal(sandbox.state.queues.has(out.queues.id), false);
    assert.deepEqual(out.skills, { same: true });

    assert.ok(out.analytics.conversations > 0);
    assert.match(out.analytics.firstStart, /^2025-/);
    assert.equal(out.analytics.results, true);
    assert.deepEqual(out.analytics.invalid, { status: 400, field: "body.interval" });

    assert.deepEqual(out.conversations, { calls: 3, callId: true, placed: true, emails: true });
    assert.deepEqual(out.recordings, { count: 2, conversationId: recorded });
    assert.deepEqual(out.tokenInfo, { clientId });

    // What went over the wire: the SDK's own requests, with its own headers.
    const paths = sandbox.requests.map((r) => `${r.method} ${r.path}`);
    assert.ok(paths.includes("POST /oauth/token"));
    assert.ok(paths.includes("PUT /api/v2/routing/queues/" + out.queues.id));
    assert.ok(paths.includes("POST /api/v2/analytics/conversations/details/query"));
    const sdkRequest = sandbox.requests.find((r) => r.path === "/api/v2/routing/queues");
    assert.match(sdkRequest?.headers.get("authorization") ?? "", /^Bearer /);
  },
});
