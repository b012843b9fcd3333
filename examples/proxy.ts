/**
 * Through an HTTP proxy: every request, the login included, goes through the
 * proxy given as a URL (`http://user:password@host:port`) in `--proxy` or
 * `GENESYS_PROXY_URL` (`client.setProxy`). The proxy password is never
 * printed. Needs Deno or Bun.
 *
 * Run (with a proxy listening, e.g. tinyproxy on 8888):
 *   deno run -A examples/proxy.ts --proxy http://user:secret@127.0.0.1:8888
 *   GENESYS_PROXY_URL=http://127.0.0.1:8888 bun examples/proxy.ts
 *
 * @module
 */

import { PlatformClient, type ProxyConfig, proxyUrl } from "../mod.ts";
import { UsersApi } from "../src/generated/apis/users.js";
import { startSandbox } from "../tools/sandbox/mod.ts";

interface RuntimeArgs {
  Deno?: {
    args: string[];
    env: { get(name: string): string | undefined };
    exit(code: number): never;
  };
  Bun?: { argv: string[]; env: Record<string, string | undefined> };
  process?: { exit(code: number): never };
}
const runtime = globalThis as RuntimeArgs;

/** A `--flag value` argument, else the environment variable. */
function setting(flag: string, envName: string): string | undefined {
  const args = runtime.Deno?.args ?? runtime.Bun?.argv.slice(2) ?? [];
  const at = args.indexOf(flag);
  if (at >= 0) return args[at + 1];
  return runtime.Deno?.env.get(envName) ?? runtime.Bun?.env[envName];
}

/** `http://user:password@host:port` -> `ProxyConfig`. */
function parseProxyUrl(text: string): ProxyConfig {
  const url = new URL(text);
  const protocol = url.protocol === "https:" ? "https" : "http";
  const config: ProxyConfig = { host: url.hostname, protocol };
  if (url.port) config.port = Number(url.port);
  if (url.username) {
    config.auth = {
      username: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
    };
  }
  return config;
}

const proxySetting = setting("--proxy", "GENESYS_PROXY_URL");
if (!proxySetting) {
  console.error("give the proxy: --proxy http://[user:password@]host:port (or GENESYS_PROXY_URL)");
  (runtime.Deno ?? runtime.process)!.exit(2);
}
const proxy = parseProxyUrl(proxySetting!);

const sandbox = await startSandbox();
const client = new PlatformClient(sandbox.clientOptions);
try {
  console.log(`sandbox: ${sandbox.url}`);
  console.log(`proxy: ${proxyUrl(proxy)}${proxy.auth ? ` (user ${proxy.auth.username})` : ""}`);
  client.setProxy(proxy);
  const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
  await client.loginClientCredentialsGrant(clientId, clientSecret);
  const page = await new UsersApi(client).getUsers({ pageSize: 5 });
  const names = (page.entities ?? []).map((u) => u.name).join(", ");
  console.log(`through the proxy: logged in, ${page.total} users; first ${names}`);

  // What the server received: the proxy added its Via header to each request.
  for (const seen of sandbox.requests) {
    console.log(`sandbox received ${seen.method} ${seen.path} via: ${seen.headers.get("via")}`);
  }
} finally {
  client.setProxy(undefined); // releases the proxy HTTP client
  await sandbox.stop();
}
