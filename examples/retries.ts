/**
 * Retries: with `retry: { retryMax, retryWaitMin, retryWaitMax }` (milliseconds)
 * the client resends requests answered 429 or 5xx (except 501), honouring
 * `Retry-After` (capped by `retryWaitMax`), and requests whose connection broke
 * (only idempotent methods when the request may have been delivered). Other
 * errors (404...) fail at once. `requestLogHook` sees every attempt. Retrying is
 * off by default (`retryMax: 0`).
 *
 * Run:
 *   deno run -A examples/retries.ts
 *   bun examples/retries.ts
 *
 * @module
 */

import { ApiError, PlatformClient } from "../mod.ts";
import { startSandbox } from "../tools/sandbox/mod.ts";
import { UsersApi } from "../src/generated/apis/users.js";

const sandbox = await startSandbox();
try {
  const client = new PlatformClient({
    ...sandbox.clientOptions,
    retry: {
      retryMax: 3,
      retryWaitMin: 20,
      retryWaitMax: 2_000,
      requestLogHook: (request, attempt) => {
        console.log(`  attempt ${attempt}: ${request.method} ${new URL(request.url).pathname}`);
      },
    },
  });
  const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
  await client.loginClientCredentialsGrant(clientId, clientSecret);
  const users = new UsersApi(client);
  const [user] = sandbox.state.users.values();
  const path = `/api/v2/users/${user.id}`;
  const sentTo = () => sandbox.requests.filter((r) => r.path === path).length;

  console.log("1. 429 with Retry-After: 1");
  sandbox.faults.add({ path, method: "GET", status: 429, retryAfter: 1, times: 1 });
  let started = Date.now();
  await users.getUser(user.id);
  console.log(
    `   ok after ${sentTo()} requests, waited ~${Math.round((Date.now() - started) / 100) / 10} s`,
  );

  console.log("2. 503 twice, no Retry-After: exponential backoff with jitter");
  sandbox.resetLog();
  sandbox.faults.add({ path, method: "GET", status: 503, retryAfter: null, times: 2 });
  await users.getUser(user.id);
  console.log(`   ok after ${sentTo()} requests`);

  console.log("3. connection dropped on a GET (idempotent: resent)");
  sandbox.resetLog();
  sandbox.faults.add({ path, method: "GET", drop: true, times: 1 });
  await users.getUser(user.id);
  console.log(`   ok after ${sentTo()} requests, ${sandbox.counters.faultsInjected} dropped`);

  console.log("4. 503 on every attempt: gives up after retryMax");
  sandbox.resetLog();
  sandbox.faults.add({ path, method: "GET", status: 503, retryAfter: 0, times: 10 });
  try {
    await users.getUser(user.id);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    console.log(`   ApiError ${error.status} ${error.code} after ${sentTo()} requests`);
  }
  sandbox.faults.clear();

  console.log("5. 404 is not retried");
  sandbox.resetLog();
  started = Date.now();
  const missing = "00000000-0000-0000-0000-000000000000";
  try {
    await users.getUser(missing);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const sent = sandbox.requests.filter((r) => r.path === `/api/v2/users/${missing}`).length;
    console.log(`   ApiError ${error.status} ${error.code} after ${sent} request`);
  }
} finally {
  await sandbox.stop();
}
