/**
 * The sandbox's budgets for rate-limit tests: per token (with a window of seconds), per user
 * whatever the token, and a limit of its own on chosen paths.
 */

import assert from "node:assert/strict";
import { startSandbox } from "../../tools/sandbox/mod.ts";

async function statuses(url: string, token: string, paths: string[]): Promise<number[]> {
  const out: number[] = [];
  for (const path of paths) {
    const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    await res.body?.cancel();
    out.push(res.status);
  }
  return out;
}

Deno.test("sandbox: a per-path limit of its own, per token, beside the token's budget", async () => {
  await using sandbox = await startSandbox({
    enforceRateLimit: true,
    rateLimitAllowed: 100,
    resourceRateLimits: [{
      path: "/api/v2/users/{userId}",
      method: "GET",
      allowed: 3,
      windowSeconds: 5,
    }],
  });
  const token = await sandbox.issueAccessToken();
  const user = [...sandbox.state.users.keys()][0];
  const got = await statuses(sandbox.url, token, Array(5).fill(`/api/v2/users/${user}`));
  assert.deepEqual(got, [200, 200, 200, 429, 429]);
  // Other paths keep the token's budget.
  assert.deepEqual(await statuses(sandbox.url, token, ["/api/v2/users?pageSize=1"]), [200]);
  // Another token has a window of its own on the path.
  const other = await sandbox.issueAccessToken();
  assert.deepEqual(await statuses(sandbox.url, other, [`/api/v2/users/${user}`]), [200]);
});

Deno.test("sandbox: a per-user budget counts every token of the user", async () => {
  await using sandbox = await startSandbox({
    enforceRateLimit: true,
    rateLimitAllowed: 100,
    userRateLimitAllowed: 3,
    rateLimitWindowSeconds: 5,
  });
  const user = [...sandbox.state.users.keys()][0];
  const first = await sandbox.issueAccessToken({ userId: user });
  const second = await sandbox.issueAccessToken({ userId: user });
  const path = "/api/v2/users?pageSize=1";
  assert.deepEqual(await statuses(sandbox.url, first, [path, path]), [200, 200]);
  assert.deepEqual(await statuses(sandbox.url, second, [path, path]), [200, 429]);
  // A client-credentials token has no user: only its own budget applies.
  const app = await sandbox.issueAccessToken();
  assert.deepEqual(await statuses(sandbox.url, app, [path, path, path, path]), [
    200,
    200,
    200,
    200,
  ]);
});
