/**
 * Runs tests/stores/_do_worker.ts in workerd through miniflare, as two
 * Workers ("a" defines the Durable Object classes, "b" binds to a's) sharing
 * one namespace, with Durable Object storage kept in the directory given as
 * the first argument. Serves them on 127.0.0.1 (POST /a, POST /b), prints
 * `listening <port>`, and stops when its standard input closes.
 *
 * A separate process because miniflare leaves timers and message ports that
 * the test sanitizers would report.
 *
 *   deno run --allow-all tests/stores/_miniflare_host.ts <storage dir>
 */

import { createRequire } from "node:module";

const tools = new URL("../../.tools/node_modules/", import.meta.url).pathname;
const entry = new URL("./_do_worker.ts", import.meta.url).pathname;
const persist = Deno.args[0];
if (!persist) throw new Error("usage: _miniflare_host.ts <storage dir>");

const bundled = await new Deno.Command(`${tools}.bin/esbuild`, {
  args: [
    entry,
    "--bundle",
    "--format=esm",
    "--platform=neutral",
    "--main-fields=module,main",
    "--conditions=worker,browser",
    "--target=es2022",
    "--log-level=error",
  ],
  stdin: "null",
}).output();
if (!bundled.success) throw new Error(new TextDecoder().decode(bundled.stderr));
const script = new TextDecoder().decode(bundled.stdout);

interface MiniflareWorker {
  fetch(url: string, init: { method: string; body: string }): Promise<Response>;
}
const { Miniflare } = createRequire(tools)("miniflare") as {
  Miniflare: new (options: unknown) => {
    ready: Promise<URL>;
    getWorker(name: string): Promise<MiniflareWorker>;
    dispose(): Promise<void>;
  };
};
const common = { modules: true, script, compatibilityDate: "2025-01-01" };
const mf = new Miniflare({
  durableObjectsPersist: persist,
  workers: [
    {
      name: "a",
      ...common,
      durableObjects: { STORE: "GenesysCloudStoreObject", BROKEN: "BrokenObject" },
    },
    {
      name: "b",
      ...common,
      durableObjects: {
        STORE: { className: "GenesysCloudStoreObject", scriptName: "a" },
        BROKEN: { className: "BrokenObject", scriptName: "a" },
      },
    },
  ],
});
try {
  await mf.ready;
  const workers: Record<string, MiniflareWorker> = {
    a: await mf.getWorker("a"),
    b: await mf.getWorker("b"),
  };
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    onListen: ({ port }) => console.log(`listening ${port}`),
  }, async (request) => {
    const worker = workers[new URL(request.url).pathname.slice(1)];
    if (!worker || request.method !== "POST") {
      return new Response("no such worker", { status: 404 });
    }
    const answer = await worker.fetch("http://worker.local/", {
      method: "POST",
      body: await request.text(),
    });
    return new Response(await answer.text(), { status: answer.status });
  });
  for await (const _ of Deno.stdin.readable) {
    // until the test closes standard input
  }
  await server.shutdown();
} finally {
  await mf.dispose();
}
