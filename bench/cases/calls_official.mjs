/**
 * Per-call cost, official SDK on Node: `n` calls of `UsersApi.getUser(userId)`, sequential or
 * with `inflight` in flight, after a warm-up. Prints `{ ms, n }`.
 *
 * @module
 */
import { caseInput, drive, loadOfficial, officialClient, report } from "./_input.mjs";

const input = caseInput();
const platformClient = await loadOfficial(input);
const client = officialClient(platformClient, input);
await client.loginClientCredentialsGrant(input.clientId, input.clientSecret);
const users = new platformClient.UsersApi();
const call = () => users.getUser(input.userId);
await drive(input.warmup, input.inflight, call);
const start = performance.now();
await drive(input.n, input.inflight, call);
report({ ms: performance.now() - start, n: input.n });
