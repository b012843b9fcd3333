/**
 * Partial updates that clear a field: the `patch<T>()` builder sends exactly
 * the fields you set, and a field set to `null` is sent as `null` (the server
 * then removes it). Plain objects would drop `undefined` fields, so `null` is
 * the only way to say "clear this".
 *
 * Run:
 *   deno run -A examples/patch_with_null.ts
 *   bun examples/patch_with_null.ts
 *
 * @module
 */

import { patch, PlatformClient } from "../mod.ts";
import { startSandbox } from "../tools/sandbox/mod.ts";
import { type UpdateUser, UsersApi } from "../src/generated/apis/users.js";

const sandbox = await startSandbox();
try {
  const client = new PlatformClient(sandbox.clientOptions);
  const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
  await client.loginClientCredentialsGrant(clientId, clientSecret);
  const users = new UsersApi(client);

  const [first] = (await users.getUsers({ pageSize: 1 })).entities ?? [];
  const before = await users.getUser(first.id!);
  console.log(
    `before: ${before.name} title=${JSON.stringify(before.title)} version=${before.version}`,
  );

  const body = patch<UpdateUser>()
    .set("title", null) // clear the title
    .set("department", "Platform Engineering")
    .set("version", before.version!)
    .build();
  const after = await users.patchUser(first.id!, body);

  const sent = sandbox.requests.findLast((r) => r.method === "PATCH")!;
  console.log(`PATCH ${sent.path}`);
  console.log(`body sent: ${sent.body}`);
  console.log(
    `after:  ${after.name} title=${JSON.stringify(after.title)} department=${after.department} ` +
      `version=${after.version}`,
  );
} finally {
  await sandbox.stop();
}
