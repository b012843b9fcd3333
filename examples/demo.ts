/**
 * The tour: starts the embedded Genesys Cloud sandbox, logs in with client
 * credentials, lists every user through pagination, clears a field with an
 * explicit `null` in a PATCH, survives an injected 429 thanks to retries,
 * prints a correlation id, and stops the sandbox.
 *
 * Run:
 *   deno task demo            (deno run -A examples/demo.ts)
 *   bun examples/demo.ts
 *
 * @module
 */

import { paginate, patch, PlatformClient } from "../mod.ts";
import { startSandbox } from "../tools/sandbox/mod.ts";
import { type UpdateUser, UsersApi } from "../src/generated/apis/users.js";

const runtime = "Bun" in globalThis ? "Bun" : "Deno";
const step = (n: number, title: string) => console.log(`\n[${n}] ${title}`);

step(1, `start the sandbox (${runtime})`);
const sandbox = await startSandbox();
try {
  console.log(`    listening on ${sandbox.url} with ${sandbox.state.users.size} seeded users`);

  step(2, "log in with client credentials");
  const client = new PlatformClient({
    ...sandbox.clientOptions,
    retry: {
      retryMax: 3,
      retryWaitMin: 50,
      retryWaitMax: 2_000,
      requestLogHook: (request, attempt) => {
        if (attempt > 1) {
          console.log(
            `    retry: ${request.method} ${new URL(request.url).pathname} attempt ${attempt}`,
          );
        }
      },
    },
  });
  const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
  const auth = await client.loginClientCredentialsGrant(clientId, clientSecret);
  console.log(
    `    token obtained, expires in ${auth.expiresIn} s (the token itself is never printed)`,
  );

  step(3, "list ALL users with paginate()");
  const users = new UsersApi(client);
  let listed = 0;
  for await (const _user of paginate((o) => users.getUsers(o), { pageSize: 25 })) listed++;
  const pages = sandbox.requests.filter((r) => r.path === "/api/v2/users").length;
  console.log(`    listed ${listed} users in ${pages} pages of 25`);

  step(4, "PATCH a user, clearing the title with an explicit null");
  const [target] = (await users.getUsers({ pageSize: 1, pageNumber: 2 })).entities ?? [];
  const body = patch<UpdateUser>()
    .set("title", null)
    .set("department", "Demo")
    .set("version", target.version!)
    .build();
  const patched = await users.patchUser(target.id!, body);
  const sent = sandbox.requests.findLast((r) => r.method === "PATCH")!;
  console.log(`    body sent: ${sent.body}`);
  console.log(
    `    ${patched.name}: title=${patched.title ?? "(cleared)"}, version ${patched.version}`,
  );

  step(5, "survive an injected 429 (retry honours Retry-After)");
  sandbox.faults.add({ path: `/api/v2/users/${target.id}`, method: "GET", status: 429, times: 1 });
  const before = sandbox.counters.faultsInjected;
  const again = await users.getUser(target.id!);
  const sentGets = sandbox.requests.filter((r) =>
    r.method === "GET" && r.path === `/api/v2/users/${target.id}`
  ).length;
  console.log(
    `    got ${again.name} after ${sandbox.counters.faultsInjected - before} injected 429; ` +
      `GET /api/v2/users/{id} sent ${sentGets} times in total`,
  );

  step(6, "read the correlation id with withResponse()");
  const { status, correlationId, rateLimit } = await users.getUser(target.id!).withResponse();
  console.log(`    status ${status}, correlation id ${correlationId}`);
  console.log(`    rate limit ${rateLimit?.count}/${rateLimit?.allowed} in this window`);
} finally {
  step(7, "stop the sandbox");
  await sandbox.stop();
  console.log(`    stopped; done`);
}
