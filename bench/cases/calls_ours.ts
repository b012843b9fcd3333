/**
 * Per-call cost, this SDK (Deno or Bun), beside raw `fetch` in the same process: `n` calls of
 * `UsersApi.getUser(userId)` and `n` calls of `GET /api/v2/users/{userId}` with `fetch` +
 * `json()`, sequential or with `inflight` in flight, in `pairs` pairs of batches ours, raw, raw,
 * ours, ... after a warm-up of both. Prints `{ oursUs: number[], rawUs: number[] }` (µs per call, in pairs).
 *
 * @module
 */
import { PlatformClient, UsersApi } from "../../src/generated/apis/users.js";
import { caseInput, fetchLogin, fetchUser, pairedBatches, report } from "./_input.mjs";

const input = caseInput();
const client = new PlatformClient({ basePath: input.url, loginBasePath: input.url });
await client.loginClientCredentialsGrant(input.clientId, input.clientSecret);
const users = new UsersApi(client);
const token = await fetchLogin(input);
report(
  await pairedBatches(
    Number(input.n),
    Number(input.inflight),
    Number(input.warmup),
    () => users.getUser(input.userId),
    () => fetchUser(input.url, token, input.userId),
    Number(input.pairs),
  ),
);
