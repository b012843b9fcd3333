/**
 * Per-call cost, raw `fetch` (Node, Deno, Bun): `n` calls of `GET /api/v2/users/{userId}`,
 * sequential or with `inflight` in flight, after a warm-up. Prints `{ ms, n }`.
 *
 * @module
 */
import { caseInput, drive, fetchLogin, fetchUser, report } from "./_input.mjs";

const input = caseInput();
const token = await fetchLogin(input);
const call = () => fetchUser(input.url, token, input.userId);
await drive(input.warmup, input.inflight, call);
const start = performance.now();
await drive(input.n, input.inflight, call);
report({ ms: performance.now() - start, n: input.n });
