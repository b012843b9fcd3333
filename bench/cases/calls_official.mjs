/**
 * Per-call cost, official SDK on Node, beside raw `fetch` on Node in the same process: `n`
 * calls of `UsersApi.getUser(userId)` and `n` raw calls, sequential or with `inflight` in
 * flight, in `pairs` rounds of interleaved blocks after a warm-up (`pairedBatches`). Prints
 * `{ oursUs: number[], rawUs: number[], warmupCalls }` (µs per call, in pairs; "ours" is the
 * official SDK).
 *
 * @module
 */
import {
  caseInput,
  fetchLogin,
  fetchUser,
  loadOfficial,
  officialClient,
  pairedBatches,
  report,
} from "./_input.mjs";

const input = caseInput();
const platformClient = await loadOfficial(input);
const client = officialClient(platformClient, input);
await client.loginClientCredentialsGrant(input.clientId, input.clientSecret);
const users = new platformClient.UsersApi();
const token = await fetchLogin(input);
report(
  await pairedBatches(
    {
      n: Number(input.n),
      inflight: Number(input.inflight),
      warmup: Number(input.warmup),
      warmupMs: Number(input.warmupMs ?? 0),
      pairs: Number(input.pairs),
      block: Number(input.block ?? input.n),
    },
    {
      oursUs: () => users.getUser(input.userId),
      rawUs: () => fetchUser(input.url, token, input.userId),
    },
  ),
);
