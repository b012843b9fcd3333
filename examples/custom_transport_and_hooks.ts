/**
 * Custom transport and hooks. A transport is any `(Request) => Promise<Response>`:
 * here first the sandbox's in-process handler (no socket at all), then a wrapper
 * around `fetch` installed with `setHttpClient` that times each request. The
 * pre-hook adds a header to every attempt; the post-hook sees every response.
 *
 * Run:
 *   deno run -A examples/custom_transport_and_hooks.ts
 *   bun examples/custom_transport_and_hooks.ts
 *
 * @module
 */

import { PlatformClient, type Transport } from "../mod.ts";
import { createSandboxHandler, startSandbox } from "../tools/sandbox/mod.ts";
import { UsersApi } from "../src/generated/apis/users.js";

// 1. In-process transport: the client never opens a connection.
const handler = createSandboxHandler();
const client = new PlatformClient({
  basePath: "http://sandbox.invalid",
  loginBasePath: "http://sandbox.invalid",
  transport: (request) => handler(request),
});
client.setPreHook((request, context) => {
  const headers = new Headers(request.headers);
  headers.set("x-request-id", `${context.operation}-${context.attempt}`);
  return new Request(request, { headers });
});
client.setPostHook((response, request, context) => {
  const path = new URL(request.url).pathname;
  console.log(
    `post-hook: ${context.operation} ${request.method} ${path} -> ${response.status}` +
      ` (correlation ${response.headers.get("inin-correlation-id")})`,
  );
});
const { clientId, clientSecret } = handler.credentials.confidentialClient;
await client.loginClientCredentialsGrant(clientId, clientSecret);
const page = await new UsersApi(client).getUsers({ pageSize: 2 });
console.log(`in-process transport: ${page.entities?.length} users of ${page.total}`);
for (const r of handler.requests) {
  console.log(`sandbox got ${r.method} ${r.path} x-request-id=${r.headers.get("x-request-id")}`);
}

// 2. A transport wrapping fetch, installed with setHttpClient (the official SDK's name).
const sandbox = await startSandbox();
try {
  const timings: string[] = [];
  const timed: Transport = async (request) => {
    const started = performance.now();
    const response = await fetch(request);
    timings.push(`${request.method} ${new URL(request.url).pathname} ${response.status}`);
    console.log(`transport: ${timings.at(-1)} in ${(performance.now() - started).toFixed(1)} ms`);
    return response;
  };
  const served = new PlatformClient(sandbox.clientOptions);
  served.setHttpClient(timed);
  const creds = sandbox.credentials.confidentialClient;
  await served.loginClientCredentialsGrant(creds.clientId, creds.clientSecret);
  const me = await new UsersApi(served).getUsers({ pageSize: 1 });
  console.log(`fetch transport: ${me.entities?.length} user, ${timings.length} requests timed`);
} finally {
  await sandbox.stop();
}
