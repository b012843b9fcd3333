/**
 * The notifications client outside Deno: a page in headless Chromium (playwright-core and
 * Debian's chromium, as the browser example tests) and a Worker in real workerd each subscribe
 * through the sandbox and receive events. (Bun: `tests/bun/notifications_cases.ts`.)
 */

import assert from "node:assert/strict";
import { pageResult, withPage } from "../examples/browser_harness.ts";
import { startWorker } from "../_infra/workerd.ts";
import { startSandbox } from "../../tools/sandbox/mod.ts";
import type { NotificationStats } from "../../src/notifications/mod.ts";

const HERE = new URL("./runtimes/", import.meta.url).pathname;
const ESBUILD = new URL("../../.tools/node_modules/.bin/esbuild", import.meta.url).pathname;

async function bundle(entry: string): Promise<string> {
  const out = await new Deno.Command(Deno.env.get("ESBUILD") ?? ESBUILD, {
    args: [entry, "--bundle", "--format=esm", "--platform=browser", "--target=es2022"],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(`esbuild: ${new TextDecoder().decode(out.stderr)}`);
  return new TextDecoder().decode(out.stdout);
}

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>notifications</title>
<script type="module" src="/page.js"></script></head>
<body data-state="loading"><h1>Notifications</h1><pre id="result"></pre></body></html>`;

Deno.test("Chromium: a page subscribes through the sandbox, gets events across a socket drop", async () => {
  await using sandbox = await startSandbox({ notifications: { heartbeatIntervalSeconds: 0.2 } });
  const userId = sandbox.credentials.user.id;
  const config = {
    apiBase: sandbox.url,
    token: await sandbox.issueAccessToken({ userId }),
    userId,
  };
  const js = await bundle(`${HERE}page.ts`);
  await using server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    const path = new URL(req.url).pathname;
    if (path === "/") return new Response(PAGE, { headers: { "content-type": "text/html" } });
    if (path === "/page.js") {
      return new Response(js, { headers: { "content-type": "text/javascript" } });
    }
    if (path === "/config.json") return Response.json(config);
    return new Response("not found", { status: 404 });
  });
  const topic = `v2.users.${userId}.presence`;
  const result = await withPage(async (page, log) => {
    await page.goto(`http://127.0.0.1:${server.addr.port}/`);
    await page.waitForSelector('body[data-state="subscribed"], body[data-state="error"]', {
      timeout: 10_000,
    }).catch((e) => {
      throw new Error(`the page did not subscribe:\n${log.join("\n")}`, { cause: e });
    });
    sandbox.notifications.publish(topic, { presenceDefinition: { systemPresence: "Busy" } });
    await page.waitForSelector('body[data-count="1"]', { timeout: 5_000 });
    // The page's socket drops; it reconnects to the same channel, and the next event arrives.
    sandbox.notifications.dropSocket();
    const until = Date.now() + 5_000;
    while (sandbox.notifications.counters.socketsOpened < 2 && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 20));
    }
    sandbox.notifications.publish(topic, { presenceDefinition: { systemPresence: "Away" } });
    return await pageResult<
      {
        seen: string[];
        states: string[];
        stats: NotificationStats;
        after: NotificationStats;
        userAgent: string;
        error?: string;
      }
    >(page, log);
  });
  assert.equal(result.error, undefined, result.error);
  assert.match(result.userAgent, /Chrome\//);
  assert.deepEqual(result.seen, ["Busy", "Away"]);
  assert.deepEqual(result.states.slice(0, 3), [
    "open:connected",
    "reconnecting:socket-closed",
    "open:connected",
  ]);
  assert.equal(result.stats.reconnects, 1);
  assert.equal(result.stats.gaps, 1);
  assert.deepEqual([result.after.sockets, result.after.timers, result.after.channels], [0, 0, 0]);
  // What the page sent: the channel and the subscription through the REST API, CORS and all.
  const put = sandbox.requests.find((r) => r.method === "PUT");
  assert.deepEqual(JSON.parse(put!.body), [{ id: topic }]);
  assert.equal(put!.headers.get("authorization"), `Bearer ${config.token}`);
});

Deno.test("workerd: a Worker subscribes outbound and receives the event of its own REST call", async () => {
  await using sandbox = await startSandbox();
  const userId = sandbox.credentials.user.id;
  const token = await sandbox.issueAccessToken({ userId });
  await using worker = await startWorker(`${HERE}worker.ts`);
  const q = new URLSearchParams({ api: sandbox.url, token, user: userId });
  const res = await fetch(`${worker.url}/?${q}`);
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  assert.deepEqual(
    [body.topicName, body.systemPresence, body.message],
    [`v2.users.${userId}.presence`, "Meal", "from a Worker"],
  );
  assert.equal(body.stats.messages, 1);
  assert.deepEqual([body.after.sockets, body.after.timers, body.after.channels], [0, 0, 0]);
  // The sandbox saw the Worker's channel, its subscription and its socket.
  assert.equal(sandbox.notifications.counters.socketsOpened, 1);
  assert.equal(
    sandbox.requests.filter((r) => r.path === "/api/v2/notifications/channels").length,
    1,
  );
});
