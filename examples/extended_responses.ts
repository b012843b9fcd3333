/**
 * Extended responses: `await api.method()` gives the body; `.withResponse()` on
 * the same call gives `{ data, status, headers, correlationId, rateLimit }` (the
 * official SDK's "extended responses"). Failures throw an `ApiError` carrying
 * the same details (status, Genesys code, correlation id).
 *
 * Run:
 *   deno run -A examples/extended_responses.ts
 *   bun examples/extended_responses.ts
 *
 * @module
 */

import { ApiError, PlatformClient } from "../mod.ts";
import { startSandbox } from "../tools/sandbox/mod.ts";
import { UsersApi } from "../src/generated/apis/users.js";

const sandbox = await startSandbox();
try {
  const client = new PlatformClient(sandbox.clientOptions);
  const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
  await client.loginClientCredentialsGrant(clientId, clientSecret);
  const users = new UsersApi(client);

  const page = await users.getUsers({ pageSize: 5 });
  console.log(`body only: ${page.entities?.length} users, total ${page.total}`);

  const { data, status, headers, correlationId, rateLimit } = await users
    .getUsers({ pageSize: 5 })
    .withResponse();
  console.log(`status: ${status}, content-type: ${headers.get("content-type")}`);
  console.log(`correlationId: ${correlationId}`);
  console.log(
    `rateLimit: ${rateLimit?.count}/${rateLimit?.allowed}, reset in ${rateLimit?.reset}s`,
  );
  console.log(
    `data: ${data.entities?.length} users on page ${data.pageNumber} of ${data.pageCount}`,
  );

  try {
    await users.getUser("00000000-0000-0000-0000-000000000000");
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    console.log(`ApiError: status=${error.status} code=${error.code}`);
    console.log(`ApiError correlationId: ${error.correlationId}`);
  }
} finally {
  await sandbox.stop();
}
