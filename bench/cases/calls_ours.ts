/**
 * Per-call cost, this SDK (Deno or Bun): `n` calls of `UsersApi.getUser(userId)`, sequential or
 * with `inflight` in flight, after a warm-up. Prints `{ ms, n }`.
 *
 * @module
 */
import { PlatformClient, UsersApi } from "../../src/generated/apis/users.js";
import { caseInput, drive } from "./_input.ts";

const input = caseInput();
const client = new PlatformClient({ basePath: input.url, loginBasePath: input.url });
await client.loginClientCredentialsGrant(input.clientId, input.clientSecret);
const users = new UsersApi(client);
const call = () => users.getUser(input.userId);
const n = Number(input.n);
const inflight = Number(input.inflight);
await drive(Number(input.warmup), inflight, call);
const start = performance.now();
await drive(n, inflight, call);
console.log(JSON.stringify({ ms: performance.now() - start, n }));
