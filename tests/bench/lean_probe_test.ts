import assert from "node:assert/strict";
import { leanApi, LeanClient } from "../../bench/probes/lean_client.ts";
import { ApiError } from "../../src/core/errors.ts";
import { startEchoServer } from "../_helpers/echo_server.ts";
import type { ApiPromise } from "../../src/core/api_promise.ts";

// The size probe's README claim is what it does; these check it does that, on the wire.
const Users = leanApi(`GET users/{userId}`);
type UsersApi = { getUser(id: string, opts?: object): ApiPromise<{ id: string }> };

const token = (value: string) => () =>
  Response.json({ access_token: value, token_type: "bearer", expires_in: 86_400 });

Deno.test("lean probe: logs in, refreshes once after a 401, retries a 429, raises ApiError", async () => {
  await using server = startEchoServer();
  const client = new LeanClient({ basePath: server.url, loginBasePath: server.url, retryMax: 2 });
  server.reply(token("t1"));
  await client.loginClientCredentialsGrant("id", "secret");
  const login = server.seen[0];
  assert.equal(login.path, "/oauth/token");
  assert.equal(login.headers.get("authorization"), `Basic ${btoa("id:secret")}`);
  assert.equal(login.body, "grant_type=client_credentials");

  const users = new Users(client) as unknown as UsersApi;
  server.reply(() => new Response("{}", { status: 401 }));
  server.reply(token("t2"));
  server.reply(() => new Response("{}", { status: 429, headers: { "retry-after": "0" } }));
  server.reply(() => Response.json({ id: "u1" }, { headers: { "inin-correlation-id": "c-9" } }));
  const got = await users.getUser("u1").withResponse();
  assert.equal(got.data.id, "u1");
  assert.equal(got.correlationId, "c-9");
  const calls = server.seen.slice(1).map((r) => `${r.path} ${r.headers.get("authorization")}`);
  assert.deepEqual(calls, [
    "/api/v2/users/u1 Bearer t1",
    "/oauth/token Basic aWQ6c2VjcmV0",
    "/api/v2/users/u1 Bearer t2",
    "/api/v2/users/u1 Bearer t2",
  ]);

  server.reply(() => Response.json({ message: "User not found" }, { status: 404 }));
  const error = await users.getUser("nobody").then(() => undefined, (e) => e);
  assert.ok(error instanceof ApiError);
  assert.equal(error.status, 404);
});
