/**
 * Per-call cost, this SDK (Deno or Bun), beside raw `fetch` in the same process: `n` calls of
 * `UsersApi.getUser(userId)` and `n` calls of `GET /api/v2/users/{userId}` with `fetch` +
 * `json()`, sequential or with `inflight` in flight, after a warm-up of each. A third variant,
 * raw `fetch` with the client's default time limit (`AbortSignal.timeout(16_000)` per call),
 * shows what a time limit alone costs. Batches run in `pairs` rounds ours, raw, timed, timed,
 * raw, ours, ... Prints `{ oursUs: number[], rawUs: number[], timedUs: number[], warmupCalls }`
 * (µs per call, in rounds).
 *
 * @module
 */
import { PlatformClient, UsersApi } from "../../src/generated/apis/users.js";
import { caseInput, fetchLogin, fetchUser, pairedBatches, report } from "./_input.mjs";

/** The client's default per-call time limit (`timeoutMs`), given to the timed raw variant. */
const TIME_LIMIT_MS = 16_000;

const input = caseInput();
const client = new PlatformClient({ basePath: input.url, loginBasePath: input.url });
await client.loginClientCredentialsGrant(input.clientId, input.clientSecret);
const users = new UsersApi(client);
const token = await fetchLogin(input);
report(
  await pairedBatches(
    {
      n: Number(input.n),
      inflight: Number(input.inflight),
      warmup: Number(input.warmup),
      warmupMs: Number(input.warmupMs ?? 0),
      pairs: Number(input.pairs),
    },
    {
      ours: () => users.getUser(input.userId),
      raw: () => fetchUser(input.url, token, input.userId),
      timed: () => fetchUser(input.url, token, input.userId, TIME_LIMIT_MS),
    },
  ),
);
