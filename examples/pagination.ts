/**
 * Pagination: `paginate()` walks every page of a listing, whatever its paging
 * style. Here: users (`pageNumber`/`pageCount`) and external contacts (a cursor
 * listing, next page given by `nextUri`), against the local sandbox.
 *
 * Run:
 *   deno run -A examples/pagination.ts
 *   bun examples/pagination.ts
 *
 * @module
 */

import { paginate, PlatformClient } from "../mod.ts";
import { startSandbox } from "../tools/sandbox/mod.ts";
import { UsersApi } from "../src/generated/apis/users.js";
import { ExternalContactsApi } from "../src/generated/apis/external_contacts.js";

const sandbox = await startSandbox();
try {
  const client = new PlatformClient(sandbox.clientOptions);
  const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
  await client.loginClientCredentialsGrant(clientId, clientSecret);

  const users = new UsersApi(client);
  const names: string[] = [];
  for await (const user of paginate((o) => users.getUsers(o), { pageSize: 20 })) {
    names.push(user.name ?? "");
  }
  const userPages = sandbox.requests.filter((r) => r.path === "/api/v2/users").length;
  console.log(`users: ${names.length} listed in ${userPages} pages (pageSize 20)`);
  console.log(`first: ${names[0]}, last: ${names.at(-1)}`);

  const contacts = new ExternalContactsApi(client);
  let count = 0;
  for await (
    const _contact of paginate((o) => contacts.getExternalcontactsScanContacts(o), { limit: 100 })
  ) {
    count++;
  }
  const scanRequests = sandbox.requests.filter((r) =>
    r.path === "/api/v2/externalcontacts/scan/contacts"
  );
  console.log(`external contacts: ${count} listed in ${scanRequests.length} cursor pages`);
  console.log(`cursor of the last page request: ${new URL(scanRequests.at(-1)!.url).search}`);
  console.log(`sandbox holds ${sandbox.state.users.size} users`);
} finally {
  await sandbox.stop();
}
