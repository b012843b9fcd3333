/**
 * Serves the PKCE login page (index.html + app.js, the SDK bundled for the
 * browser) next to a sandbox, and registers the page as a redirect URI of the
 * sandbox's public client. Open the printed URL: the page redirects to the
 * sandbox's login, comes back signed in, calls the API, and a reload reuses
 * the stored token. Stop with Ctrl-C.
 *
 *   deno run --allow-all examples/browser_pkce/serve.ts
 *
 * `startBrowserPkceExample()` does the same for tests.
 *
 * @module
 */

import { type Sandbox, startSandbox } from "../../tools/sandbox/mod.ts";
import type { PageConfig } from "./types.ts";

const here = new URL(".", import.meta.url).pathname;
const esbuildBin = new URL("../../.tools/node_modules/.bin/esbuild", import.meta.url).pathname;

/** The running page server and its sandbox. */
export interface BrowserPkceExample extends AsyncDisposable {
  /** The page's URL (also its redirect URI), `http://127.0.0.1:<port>/`. */
  url: string;
  /** The sandbox the page logs in to. */
  sandbox: Sandbox;
  /** Stops the page server and the sandbox. */
  stop(): Promise<void>;
}

/** Bundles app.ts (and the SDK) into one browser ES module. */
export async function bundleApp(): Promise<string> {
  const out = await new Deno.Command(Deno.env.get("ESBUILD") ?? esbuildBin, {
    args: [
      `${here}app.ts`,
      "--bundle",
      "--format=esm",
      "--platform=browser",
      "--target=es2022",
      "--keep-names",
      "--log-level=error",
    ],
    stdin: "null",
  }).output();
  if (!out.success) throw new Error(`esbuild failed:\n${new TextDecoder().decode(out.stderr)}`);
  return new TextDecoder().decode(out.stdout);
}

/** Starts the sandbox and the page server on 127.0.0.1 (free ports). */
export async function startBrowserPkceExample(): Promise<BrowserPkceExample> {
  const [appJs, html] = await Promise.all([
    bundleApp(),
    Deno.readTextFile(`${here}index.html`),
  ]);
  const sandbox = await startSandbox();
  const page: { config?: PageConfig } = {};
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    const path = new URL(req.url).pathname;
    if (path === "/" || path === "/index.html") {
      return new Response(html, { headers: { "content-type": "text/html; charset=utf-8" } });
    }
    if (path === "/app.js") {
      return new Response(appJs, { headers: { "content-type": "text/javascript" } });
    }
    if (path === "/config.json") return Response.json(page.config);
    return new Response("not found", { status: 404 });
  });
  const url = `http://127.0.0.1:${server.addr.port}/`;
  sandbox.allowRedirectUri(url);
  page.config = {
    apiBase: sandbox.clientOptions.basePath,
    loginBase: sandbox.clientOptions.loginBasePath,
    clientId: sandbox.credentials.publicClient.clientId,
    redirectUri: url,
  };
  const stop = async () => {
    await server.shutdown();
    await sandbox.stop();
  };
  return { url, sandbox, stop, [Symbol.asyncDispose]: stop };
}

if (import.meta.main) {
  const example = await startBrowserPkceExample();
  console.log(`open ${example.url} (sandbox at ${example.sandbox.url}); Ctrl-C to stop`);
  await new Promise<void>((resolve) => Deno.addSignalListener("SIGINT", () => resolve()));
  await example.stop();
}
