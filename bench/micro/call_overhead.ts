/**
 * The SDK's own cost per call, without the network: `deno run -A bench/micro/call_overhead.ts`
 * (or `bun bench/micro/call_overhead.ts`) times, with mitata, `UsersApi.getUser(id)` on a
 * transport that answers at once with a canned response, against the raw equivalent (build the
 * `Request`, answer it the same way, read the JSON body). The difference is what the request
 * core adds to every call; the end-to-end figures are in `bench/main.ts`.
 *
 * @module
 */

// @ts-types="../../.tools/node_modules/mitata/src/main.d.mts"
import {
  bench,
  do_not_optimize,
  run,
  summary,
} from "../../.tools/node_modules/mitata/src/main.mjs";
import { PlatformClient, UsersApi } from "../../src/generated/apis/users.js";

const USER_ID = "4c2a1f7e-9a43-4d7b-8a55-2f1c0e6b9d31";
const BODY = JSON.stringify({
  id: USER_ID,
  name: "Ada Lovelace",
  email: "ada.lovelace@example.com",
  state: "active",
  username: "ada.lovelace@example.com",
  version: 42,
  selfUri: `/api/v2/users/${USER_ID}`,
});
const RESPONSE_HEADERS = {
  "content-type": "application/json",
  "inin-correlation-id": "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
  "inin-ratelimit-allowed": "300",
  "inin-ratelimit-count": "12",
  "inin-ratelimit-reset": "60",
};

const answer = (_request: Request) =>
  Promise.resolve(new Response(BODY, { headers: RESPONSE_HEADERS }));
const client = new PlatformClient({
  basePath: "http://127.0.0.1:1",
  accessToken: "token",
  transport: answer,
});
const users = new UsersApi(client);

summary(() => {
  bench("raw: Request + canned Response + json()", async () => {
    const request = new Request(`http://127.0.0.1:1/api/v2/users/${encodeURIComponent(USER_ID)}`, {
      headers: { "Authorization": "Bearer token", "Accept": "application/json" },
    });
    const res = await answer(request);
    do_not_optimize(await res.json());
  });
  bench("ours: UsersApi.getUser(id)", async () => {
    do_not_optimize(await users.getUser(USER_ID));
  });
});

await run();
