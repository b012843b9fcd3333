/**
 * Regions and gateways: the environment (`mypurecloud.ie`) or region name
 * (`eu_west_1`) decides the API and login hosts; a gateway replaces both with
 * `protocol://host:port/<pathParams>/...`. Here a small local gateway strips its
 * path prefixes and forwards to the sandbox, so every login and API request is
 * seen passing through it.
 *
 * Run:
 *   deno run -A examples/regions_and_gateway.ts
 *   bun examples/regions_and_gateway.ts
 *
 * @module
 */

import { PlatformClient } from "../mod.ts";
import { startSandbox } from "../tools/sandbox/mod.ts";
import { UsersApi } from "../src/generated/apis/users.js";
import { serveLocal } from "./_shared/serve.ts";

const client = new PlatformClient();
for (const environment of ["mypurecloud.com", "eu_west_1", "mypurecloud.de", "ap_southeast_2"]) {
  client.setEnvironment(environment);
  const { api, login } = client.config.urls;
  console.log(`${environment.padEnd(16)} api=${api} login=${login}`);
}

const sandbox = await startSandbox();
const seen: string[] = [];
// The gateway: /gc/login/* goes to the login side, /gc/api/* to the API side.
const gateway = serveLocal(async (req) => {
  const url = new URL(req.url);
  const match = url.pathname.match(/^\/gc\/(login|api)(\/.*)$/);
  if (!match) return new Response("no route in the gateway", { status: 404 });
  seen.push(`${req.method} ${url.pathname}`);
  const headers = new Headers(req.headers);
  headers.delete("host");
  const body = req.method === "GET" || req.method === "HEAD" ? undefined : await req.arrayBuffer();
  return await fetch(`${sandbox.url}${match[2]}${url.search}`, {
    method: req.method,
    headers,
    body,
    redirect: "manual",
  });
});
try {
  const port = Number(new URL(gateway.url).port);
  client.setGateway({
    host: "127.0.0.1",
    protocol: "http",
    port,
    pathParamsLogin: "gc/login",
    pathParamsApi: "gc/api",
  });
  console.log(`gateway          api=${client.config.urls.api} login=${client.config.urls.login}`);

  const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
  await client.loginClientCredentialsGrant(clientId, clientSecret);
  const page = await new UsersApi(client).getUsers({ pageSize: 3 });
  console.log(`via gateway: ${page.entities?.length} users of ${page.total}`);
  for (const line of seen) console.log(`gateway saw: ${line}`);
} finally {
  await gateway.close();
  await sandbox.stop();
}
