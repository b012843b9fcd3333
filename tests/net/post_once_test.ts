/**
 * The client never replays a POST that may have reached the server, even where Deno's `fetch`
 * itself would (it resends a request with a copyable body once when a reused keep-alive
 * connection closes after the server read it; see fetch_resend_test.ts). Each round sends one
 * answered call (so the connection is kept alive and reused) and one the upstream reads, counts
 * and then drops: the dropped POST must arrive once and its caller get a `NetworkError`.
 */

import assert from "node:assert/strict";
import {
  type Endpoint,
  LiteClient,
  NetworkError,
  type OperationClient,
  PlatformClient,
} from "../../mod.ts";
import { startCountingUpstream, type Verdict } from "../_infra/counting_upstream.ts";

const postThing: Endpoint = {
  name: "postThings",
  method: "POST",
  path: "/things",
  params: [{ name: "body", in: "body", required: true }],
};
const ROUNDS = 8;

async function rounds(client: OperationClient, tag: string) {
  const outcomes: { id: string; error?: unknown }[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    await client.call(postThing, [{ n: i }], {
      customHeaders: { "x-request-id": `ok-${tag}-${i}` },
    });
    const id = `drop-${tag}-${i}`;
    const error = await client.call(postThing, [{ n: i }], {
      customHeaders: { "x-request-id": id },
    })
      .then(() => undefined, (e) => e);
    outcomes.push({ id, error });
  }
  return outcomes;
}

for (const verdict of ["close", "reset"] as Verdict[]) {
  Deno.test(`a POST whose reused connection is ${verdict === "close" ? "closed" : "reset"} after the server read it is sent once`, async () => {
    await using upstream = startCountingUpstream({
      onRequest: ({ id, delivery }) => id.startsWith("drop") && delivery === 1 ? verdict : "answer",
    });
    const base = { basePath: upstream.url, accessToken: "t" };
    const clients: [string, OperationClient][] = [
      ["direct", new PlatformClient({ ...base, liveReloadConfig: false })],
      [
        "retries and a hook",
        (() => {
          const c = new PlatformClient({
            ...base,
            liveReloadConfig: false,
            retry: { retryMax: 3, retryWaitMin: 1, retryWaitMax: 5 },
          });
          c.setPreHook((request) => request);
          return c;
        })(),
      ],
      ["LiteClient", new LiteClient(base)],
    ];
    for (const [tag, client] of clients) {
      for (const { id, error } of await rounds(client, `${verdict}-${tag.replace(/ /g, "_")}`)) {
        assert.equal(
          upstream.deliveries(id),
          1,
          `${tag}: ${id} delivered ${upstream.deliveries(id)} times`,
        );
        assert.ok(error instanceof NetworkError, `${tag}: ${id}: ${String(error)}`);
      }
    }
  });
}
