/**
 * Runs worker.ts as a real Cloudflare Worker (workerd, through miniflare)
 * against the sandbox, twice: once with an access token binding, once with
 * client credentials bindings. Prints what each route answered.
 *
 *   source .ci/tools.sh   # esbuild and miniflare in .tools/node_modules
 *   deno run --allow-all examples/cloudflare_worker/main.ts
 *
 * Without `GENESYS_SANDBOX_URL` it starts its own sandbox. With it, give
 * `GENESYS_ACCESS_TOKEN` (a user token) and `GENESYS_CLIENT_ID` /
 * `GENESYS_CLIENT_SECRET` for that sandbox.
 *
 * @module
 */

import { createRequire } from "node:module";
import { startSandbox } from "../../tools/sandbox/mod.ts";
import type { LimitOutcome } from "./worker.ts";

const here = new URL(".", import.meta.url).pathname;
const toolsModules = new URL("../../.tools/node_modules/", import.meta.url).pathname;

/** Bundles worker.ts into one ES module (what `wrangler deploy` would upload). */
async function bundleWorker(): Promise<string> {
  const esbuild = Deno.env.get("ESBUILD") ?? `${toolsModules}.bin/esbuild`;
  const out = await new Deno.Command(esbuild, {
    args: [
      `${here}worker.ts`,
      "--bundle",
      "--format=esm",
      "--platform=neutral",
      "--main-fields=module,main",
      "--conditions=worker,browser",
      "--target=es2022",
      "--keep-names",
      "--log-level=error",
    ],
    stdin: "null",
  }).output();
  if (!out.success) {
    throw new Error(`esbuild failed:\n${new TextDecoder().decode(out.stderr)}`);
  }
  return new TextDecoder().decode(out.stdout);
}

/** A throwaway self-signed certificate and key (openssl), for the mTLS limit check. */
async function throwawayCertificate(): Promise<{ cert: string; key: string } | undefined> {
  const dir = await Deno.makeTempDir({ prefix: "worker-cert-" });
  try {
    const out = await new Deno.Command("openssl", {
      args: [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        `${dir}/key.pem`,
        "-out",
        `${dir}/cert.pem`,
        "-days",
        "1",
        "-subj",
        "/CN=worker-example",
      ],
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).output();
    if (!out.success) return undefined;
    return {
      cert: await Deno.readTextFile(`${dir}/cert.pem`),
      key: await Deno.readTextFile(`${dir}/key.pem`),
    };
  } catch {
    return undefined; // no openssl: the mTLS-contents check is skipped
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

interface MiniflareWorker {
  fetch(url: string): Promise<Response>;
}
interface MiniflareInstance {
  ready: Promise<URL>;
  getWorker(name: string): Promise<MiniflareWorker>;
  dispose(): Promise<void>;
}

async function show(
  worker: MiniflareWorker,
  label: string,
  path: string,
  printBody = true,
): Promise<unknown> {
  const res = await worker.fetch(`http://worker.local${path}`);
  const text = await res.text();
  console.log(`[${label}] GET ${path} -> ${res.status}${printBody ? ` ${text}` : ""}`);
  return res.ok ? JSON.parse(text) : undefined;
}

const external = Deno.env.get("GENESYS_SANDBOX_URL");
await using sandbox = external ? undefined : await startSandbox();
const baseUrl = external ?? sandbox!.url;
const accessToken = Deno.env.get("GENESYS_ACCESS_TOKEN") ??
  await sandbox!.issueAccessToken({ userId: sandbox!.credentials.user.id });
const clientId = Deno.env.get("GENESYS_CLIENT_ID") ??
  sandbox!.credentials.confidentialClient.clientId;
const clientSecret = Deno.env.get("GENESYS_CLIENT_SECRET") ??
  sandbox!.credentials.confidentialClient.clientSecret;

const script = await bundleWorker();
console.log(`bundled worker.ts: ${script.length} bytes`);
const mtls = await throwawayCertificate();

const require = createRequire(toolsModules);
const { Miniflare } = require("miniflare") as {
  Miniflare: new (options: unknown) => MiniflareInstance;
};
const worker = (name: string, bindings: Record<string, string>) => ({
  name,
  modules: true,
  script,
  compatibilityDate: "2025-01-01",
  bindings: { GENESYS_BASE_URL: baseUrl, ...bindings },
});
const mf = new Miniflare({
  workers: [
    worker("with-token", {
      GENESYS_ACCESS_TOKEN: accessToken,
      ...(mtls ? { GENESYS_MTLS_CERT: mtls.cert, GENESYS_MTLS_KEY: mtls.key } : {}),
    }),
    worker("with-client-credentials", {
      GENESYS_CLIENT_ID: clientId,
      GENESYS_CLIENT_SECRET: clientSecret,
    }),
  ],
});
try {
  await mf.ready;
  const tokenWorker = await mf.getWorker("with-token");
  const ccWorker = await mf.getWorker("with-client-credentials");
  await show(tokenWorker, "access token", "/me");
  await show(ccWorker, "client credentials", "/users?pageSize=5");
  await show(ccWorker, "client credentials", "/me"); // a client token is not a user: 400
  await show(ccWorker, "client credentials", "/lite/users?pageSize=5"); // on LiteClient
  const limits = await show(tokenWorker, "access token", "/limits", false) as LimitOutcome[];
  for (const outcome of limits) {
    console.log(`limit ${outcome.attempt}: ${outcome.error}: ${outcome.message}`);
  }
} finally {
  await mf.dispose();
}
