/**
 * `LiteClient`, the small client (for Workers and browser bundles): a client
 * credentials login, calls through the same generated API classes, a token
 * renewed before it expires and after a 401, and a 429 retried as
 * `Retry-After` says. The secret and the tokens are never printed.
 *
 * Run:
 *   deno run -A examples/lite_client.ts
 *   bun examples/lite_client.ts
 *
 * @module
 */

import { ApiError, LiteClient } from "../mod.ts";
import { startSandbox } from "../tools/sandbox/mod.ts";
import { UsersApi } from "../src/generated/apis/users.js";

// Tokens live 2 seconds here, so renewal can be seen without waiting long.
const sandbox = await startSandbox({ tokenLifetimeSeconds: 2 });
try {
  const client = new LiteClient({
    ...sandbox.clientOptions,
    retry: { retryMax: 2, retryWaitMin: 10, retryWaitMax: 1_000 },
  });
  const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
  const auth = await client.loginClientCredentialsGrant(clientId, clientSecret);
  console.log(`logged in: expiresIn=${auth.expiresIn}s`);
  const tokenRequests = () => sandbox.counters.tokenRequests.client_credentials ?? 0;

  const users = new UsersApi(client);
  const page = await users.getUsers({ pageSize: 3 });
  console.log(`first page: ${page.entities?.length} of ${page.total} users`);

  // Past half of the lifetime, the next call first fetches a new token.
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  const target = page.entities![0];
  await users.getUser(target.id!);
  console.log(`after 1.1 s: token requests ${tokenRequests()} (renewed before expiry)`);

  // The server forgets every token: the call gets a 401, logs in again and is resent once.
  sandbox.expireTokens();
  const again = await users.getUser(target.id!).withResponse();
  console.log(
    `after the server revoked it: status ${again.status}, token requests ${tokenRequests()}`,
  );

  // One 429: waited out and retried.
  sandbox.faults.add({ path: `/api/v2/users/${target.id}`, method: "GET", status: 429, times: 1 });
  const retried = await users.getUser(target.id!);
  const sent = sandbox.requests.filter((r) => r.path === `/api/v2/users/${target.id}`).length;
  console.log(
    `after an injected 429: got ${retried.name}; GET /api/v2/users/{id} sent ${sent} times`,
  );

  // Failures are the same typed errors as with PlatformClient.
  try {
    await users.getUser("no-such-user");
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    console.log(`missing user: ApiError ${error.status} ${error.code}`);
  }
} finally {
  await sandbox.stop();
}
