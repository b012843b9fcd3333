/**
 * The client's own cost per call, without the network (Deno or Bun): `fetch` is replaced by a
 * function that answers at once with a canned response, and in one process batches of
 * `UsersApi.getUser(id)` alternate with batches of the raw equivalent (`fetch` with the same
 * headers, then `json()`). Same process, same stub, interleaved: machine noise hits both alike.
 * Prints `{ oursUs: number[], rawUs: number[] }`, microseconds per call per round.
 *
 * @module
 */
import { PlatformClient, UsersApi } from "../../src/generated/apis/users.js";
import { caseInput } from "./_input.ts";

const input = caseInput();
const rounds = Number(input.rounds ?? 7);
const batch = Number(input.batch ?? 20_000);
const USER_ID = "4c2a1f7e-9a43-4d7b-8a55-2f1c0e6b9d31";
const BODY = JSON.stringify({
  id: USER_ID,
  name: "Ada Lovelace",
  email: "ada.lovelace@example.com",
  state: "active",
  version: 42,
  selfUri: `/api/v2/users/${USER_ID}`,
});
const HEADERS = {
  "content-type": "application/json",
  "inin-correlation-id": "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
};
const BASE = "http://127.0.0.1:9";

// Every fetch of this process answers at once: what is left is each side's own work.
globalThis.fetch = () => Promise.resolve(new Response(BODY, { headers: HEADERS }));

const client = new PlatformClient({ basePath: BASE, accessToken: "token" });
const users = new UsersApi(client);
const raw = async () => {
  const res = await fetch(`${BASE}/api/v2/users/${encodeURIComponent(USER_ID)}`, {
    headers: { "authorization": "Bearer token", "accept": "application/json" },
  });
  return await res.json();
};
const ours = () => users.getUser(USER_ID);

async function time(call: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < batch; i++) await call();
  return (performance.now() - start) * 1000 / batch;
}

// Warm-up: both paths compiled and optimized before any round counts.
await time(raw);
await time(ours);
const oursUs: number[] = [];
const rawUs: number[] = [];
for (let round = 0; round < rounds; round++) {
  // Alternate which goes first, so neither always runs right after a GC of the other's garbage.
  if (round % 2 === 0) {
    rawUs.push(await time(raw));
    oursUs.push(await time(ours));
  } else {
    oursUs.push(await time(ours));
    rawUs.push(await time(raw));
  }
}
console.log(JSON.stringify({ oursUs, rawUs }));
