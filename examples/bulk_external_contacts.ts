/**
 * Bulk writes of external contacts, against the local sandbox: `runBulk` takes any number of
 * contacts, sends them in batches at the operation's limit (50), two batches at a time through
 * the client, sends again the contacts an answer reports as not processed, and reports every
 * contact: created (with its new id), or failed with the server's reason. Then the created
 * contacts are removed the same way, by id.
 *
 * The sandbox validates each contact on its own (a bad one fails alone) and reports a contact
 * whose data contains `sandbox:unprocessed` as not processed (retryable) the first time.
 *
 * Run:
 *   deno run -A examples/bulk_external_contacts.ts
 *   bun examples/bulk_external_contacts.ts
 *
 * @module
 */

import { PlatformClient } from "../mod.ts";
import { BULK_OPERATIONS, runBulk } from "../src/jobs/mod.ts";
import { startSandbox } from "../tools/sandbox/mod.ts";

const sandbox = await startSandbox();
try {
  const client = new PlatformClient(sandbox.clientOptions);
  const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
  await client.loginClientCredentialsGrant(clientId, clientSecret);

  // 230 contacts from a CRM export: three the server will not process at first, two invalid.
  const contacts = Array.from({ length: 230 }, (_, i) => ({
    firstName: `Customer${i}`,
    lastName: [17, 118, 201].includes(i) ? "sandbox:unprocessed" : `Family${i}`,
    workEmail: `customer${i}@example.com`,
    surveyOptOut: false,
  }));
  // Data as it comes from elsewhere: a string where the API takes a boolean.
  Object.assign(contacts[42], { surveyOptOut: "no" });
  Object.assign(contacts[99], { surveyOptOut: "yes" });

  const { limit, limitFrom } = BULK_OPERATIONS.postExternalcontactsBulkContactsAdd;
  console.log(`postExternalcontactsBulkContactsAdd: ${limit} contacts per call (${limitFrom})`);
  const added = await runBulk(client, "postExternalcontactsBulkContactsAdd", {
    entities: contacts,
  }, { concurrency: 2 });
  const sizes = sandbox.requests
    .filter((r) => r.path === "/api/v2/externalcontacts/bulk/contacts/add")
    .map((r) => JSON.parse(r.body).entities.length);
  console.log(`calls: ${added.calls} with ${sizes.join(", ")} contacts`);
  console.log(
    `created ${added.succeeded}, failed ${added.failed}, not processed ${added.unprocessed}; ` +
      `${added.redriven} sent again`,
  );
  for (const r of added.items) {
    if (r.attempts > 1) console.log(`  #${r.index} sent ${r.attempts} times: ${r.status}`);
    if (r.status !== "succeeded") console.log(`  #${r.index} ${r.status}: ${r.reason}`);
  }

  // Remove what was created, by the ids the answers gave each contact.
  const ids = added.items.flatMap((r) => (r.entity?.id ? [{ id: r.entity.id }] : []));
  const removed = await runBulk(client, "postExternalcontactsBulkContactsRemove", {
    entities: ids,
  });
  console.log(`removed ${removed.succeeded} of ${ids.length} in ${removed.calls} calls`);
} finally {
  await sandbox.stop();
}
