/**
 * Token refresh storm, this SDK on Deno. Against a server whose tokens live `lifetimeSeconds`
 * (the client's proactive renewal margin set to 0, so "expired" means past `expires_in`), each
 * round:
 * 1. 1 s after the previous burst, `calls` concurrent calls with a valid token (timed);
 * 2. once that token has expired (about 2 s later with a 3 s lifetime), `calls` concurrent calls
 *    (timed), counting the token requests the server received meanwhile (the client should
 *    make exactly one);
 * 3. the server invalidates every token (`/expire`) the client still thinks valid, then
 *    `calls` concurrent calls that all get a 401 first (timed, token requests counted).
 * Token requests during the valid burst are counted too (`validTokenRequests`): a valid burst
 * still running when its token expires (a machine too slow for the lifetime) makes that round
 * unusable, and the section leaves it out.
 * Prints `{ validMs[], validTokenRequests[], expiredMs[], expiredTokenRequests[], rejectedMs[],
 * rejectedTokenRequests[] }`.
 *
 * @module
 */
import { PlatformClient, UsersApi } from "../../src/generated/apis/users.js";
import { caseInput, drive } from "./_input.ts";

const input = caseInput();
const calls = Number(input.calls);
const rounds = Number(input.rounds);
const lifetimeMs = Number(input.lifetimeSeconds) * 1000;

async function tokenRequests(): Promise<number> {
  const res = await fetch(`${input.control}/stats`);
  return ((await res.json()) as { tokenRequests: number }).tokenRequests;
}

async function serverExpire(): Promise<void> {
  const res = await fetch(`${input.control}/expire`, { method: "POST" });
  await res.body?.cancel();
}

/**
 * Collects garbage when the process runs with `--v8-flags=--expose-gc`: every burst then starts
 * on an empty young generation. Otherwise a burst's ~20 MB of garbage meets 0, 1 or 2 scavenges
 * of up to 20 ms each, depending on what the bursts before it left: noise of +-15% per burst.
 */
const collectGarbage = (globalThis as { gc?: () => void }).gc ?? (() => {});

async function burst(users: UsersApi): Promise<number> {
  collectGarbage();
  const start = performance.now();
  const results = await Promise.all(
    Array.from({ length: calls }, () => users.getUser(input.userId)),
  );
  const ms = performance.now() - start;
  if (results.some((user) => typeof user.id !== "string")) throw new Error("a call returned no id");
  return ms;
}

const IDLE_MS = 1000;
const sleepUntil = async (at: number) => {
  const wait = at - performance.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
};

const client = new PlatformClient({
  basePath: input.url,
  loginBasePath: input.url,
  tokenRenewalMargin: 0,
});
const users = new UsersApi(client);
await client.loginClientCredentialsGrant(input.clientId, input.clientSecret);
await drive(Number(input.warmup), 64, () => users.getUser(input.userId));
// The warm-up used the login token; start the rounds on a fresh one. `tokenBy` is when the
// current token had surely been obtained (the end of the burst that obtained it): the client and
// the server both date its expiry no later than `tokenBy + lifetimeMs`.
await serverExpire();
await burst(users);
let tokenBy = performance.now();

const out = {
  validMs: [] as number[],
  validTokenRequests: [] as number[],
  expiredMs: [] as number[],
  expiredTokenRequests: [] as number[],
  rejectedMs: [] as number[],
  rejectedTokenRequests: [] as number[],
};
for (let round = 0; round < rounds; round++) {
  await sleepUntil(tokenBy + IDLE_MS);
  const beforeValid = await tokenRequests();
  out.validMs.push(await burst(users));
  out.validTokenRequests.push(await tokenRequests() - beforeValid);
  await sleepUntil(tokenBy + lifetimeMs + 250);
  const before = await tokenRequests();
  out.expiredMs.push(await burst(users));
  tokenBy = performance.now();
  out.expiredTokenRequests.push(await tokenRequests() - before);

  await sleepUntil(tokenBy + IDLE_MS);
  await serverExpire();
  const beforeRejected = await tokenRequests();
  out.rejectedMs.push(await burst(users));
  tokenBy = performance.now();
  out.rejectedTokenRequests.push(await tokenRequests() - beforeRejected);
}
console.log(JSON.stringify(out));
