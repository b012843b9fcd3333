/**
 * Per-call cost, this SDK (Deno or Bun), beside raw `fetch` in the same process: `n` calls of
 * `UsersApi.getUser(userId)` and `n` calls of `GET /api/v2/users/{userId}` with `fetch` +
 * `json()`, sequential or with `inflight` in flight, in `pairs` rounds of interleaved blocks
 * (`pairedBatches`). Then, as a second phase, raw `fetch` given the client's default time limit
 * (`AbortSignal.timeout(16_000)` per call) beside raw `fetch` without one, in `timedPairs` rounds:
 * what a time limit alone costs raw `fetch` in this runtime. It runs last because every call of
 * it leaves a 16 s timer behind, whose firing would otherwise land in the first phase's blocks.
 * Prints `{ oursUs, rawUs, timedUs, timedRawUs, warmupCalls }` (µs per call, in rounds).
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
const plan = {
  n: Number(input.n),
  inflight: Number(input.inflight),
  warmup: Number(input.warmup),
  warmupMs: Number(input.warmupMs ?? 0),
  pairs: Number(input.pairs),
  block: Number(input.block ?? input.n),
};
const raw = () => fetchUser(input.url, token, input.userId);
const main = await pairedBatches(plan, {
  oursUs: () => users.getUser(input.userId),
  rawUs: raw,
});
const timed = await pairedBatches({ ...plan, pairs: Number(input.timedPairs ?? plan.pairs) }, {
  timedUs: () => fetchUser(input.url, token, input.userId, TIME_LIMIT_MS),
  rawUs: raw,
});
report({
  oursUs: main.oursUs,
  rawUs: main.rawUs,
  timedUs: timed.timedUs,
  timedRawUs: timed.rawUs,
  warmupCalls: { ...main.warmupCalls, timedUs: timed.warmupCalls.timedUs },
});
