/**
 * Hosts the Durable Object of the fleet benchmark: bundles bench/cases/fleet_do_worker.ts with
 * esbuild, runs it in workerd through npm `miniflare` (from .tools/node_modules) with the
 * namespace `STORE` bound to `GenesysCloudStoreObject` (storage in memory), serves it on
 * 127.0.0.1, prints `listening <url>` and stops when its standard input closes.
 *
 *   deno run -A bench/cases/fleet_do_host.ts
 */

import { createRequire } from "node:module";

const tools = new URL("../../.tools/node_modules/", import.meta.url).pathname;
const entry = new URL("./fleet_do_worker.ts", import.meta.url).pathname;
const bundled = await new Deno.Command(`${tools}.bin/esbuild`, {
  args: [entry, "--bundle", "--format=esm", "--platform=neutral", "--target=es2022"],
  stdin: "null",
  stderr: "piped",
}).output();
if (!bundled.success) throw new Error(new TextDecoder().decode(bundled.stderr));

const { Miniflare } = createRequire(tools)("miniflare") as {
  Miniflare: new (options: unknown) => { ready: Promise<URL>; dispose(): Promise<void> };
};
const mf = new Miniflare({
  host: "127.0.0.1",
  port: 0,
  modules: true,
  script: new TextDecoder().decode(bundled.stdout),
  compatibilityDate: "2025-01-01",
  durableObjects: { STORE: "GenesysCloudStoreObject" },
});
try {
  const url = await mf.ready;
  console.log(`listening ${url.origin}`);
  for await (const _ of Deno.stdin.readable) {
    // until the benchmark closes standard input
  }
} finally {
  await mf.dispose();
}
