/**
 * A 200 whose body is cut mid-read: with retries on, an idempotent call is sent again (as a
 * failed connection would be); a POST is not (the server acted on it) and fails with a
 * `NetworkError`. The server is a raw TCP listener that promises 200 bytes and sends 20.
 */

import assert from "node:assert/strict";
import { type Endpoint, LiteClient, NetworkError, PlatformClient } from "../../mod.ts";

/** Answers the first `cut` requests with a truncated body, then whole ones. */
function cuttingServer(cut: number) {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const methods: string[] = [];
  const done = (async () => {
    for (let i = 0; i < 10; i++) {
      let conn: Deno.Conn;
      try {
        conn = await listener.accept();
      } catch {
        return;
      }
      const buffer = new Uint8Array(64 * 1024);
      const n = await conn.read(buffer);
      const head = new TextDecoder().decode(buffer.subarray(0, n ?? 0));
      methods.push(head.split(" ")[0]);
      const body = '{"id":"u1","name":"whole"}';
      const text = methods.length <= cut
        ? `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 200\r\nconnection: close\r\n\r\n{"id":"u1","na`
        : `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`;
      await conn.write(new TextEncoder().encode(text)).catch(() => {});
      conn.close();
    }
  })();
  const { port } = listener.addr as Deno.NetAddr;
  return {
    url: `http://127.0.0.1:${port}`,
    methods,
    async [Symbol.asyncDispose]() {
      listener.close();
      await done;
    },
  };
}

const getUser: Endpoint = {
  name: "getUser",
  method: "GET",
  path: "/api/v2/users/{userId}",
  params: [{ name: "userId", in: "path", required: true }],
};
const postUser: Endpoint = {
  name: "postUsers",
  method: "POST",
  path: "/api/v2/users",
  params: [{ name: "body", in: "body", required: true }],
};
const retry = { retryMax: 2, retryWaitMin: 1, retryWaitMax: 5 };

for (
  const [name, make] of [
    [
      "PlatformClient",
      (url: string) =>
        new PlatformClient({ basePath: url, accessToken: "t", liveReloadConfig: false, retry }),
    ],
    ["LiteClient", (url: string) => new LiteClient({ basePath: url, accessToken: "t", retry })],
  ] as const
) {
  Deno.test(`${name}: a GET whose 200 body is cut off is sent again`, async () => {
    await using server = cuttingServer(1);
    const client = make(server.url);
    assert.deepEqual(await client.call(getUser, ["u1"]), { id: "u1", name: "whole" });
    assert.deepEqual(server.methods, ["GET", "GET"]);
  });

  Deno.test(`${name}: a POST whose 200 body is cut off is not sent again`, async () => {
    await using server = cuttingServer(1);
    const client = make(server.url);
    const error = await client.call(postUser, [{ name: "x" }]).then(() => undefined, (e) => e);
    assert.ok(error instanceof NetworkError, String(error));
    assert.deepEqual(server.methods, ["POST"]);
  });
}
