/**
 * The request path where the program or the network misbehaves: a closed
 * client with a proxy, hooks that read bodies or return the wrong thing,
 * transports and bodies that ignore the time limit, values that cannot be
 * sent, and token answers that echo a secret into the log. Cases found by an
 * audit, each checked through the public API.
 */
import assert from "node:assert/strict";
import {
  AbortedError,
  type Endpoint,
  GenesysCloudError,
  type LogRecord,
  NetworkError,
  ParameterError,
  PlatformClient,
  TimeoutError,
} from "../../mod.ts";
import { startEchoServer } from "../_helpers/echo_server.ts";

const getUser: Endpoint = {
  name: "getUser",
  method: "GET",
  path: "/api/v2/users/{userId}",
  params: [
    { name: "userId", in: "path", required: true },
    { name: "since", in: "query" },
  ],
};
const putThing: Endpoint = {
  name: "putThing",
  method: "PUT",
  path: "/api/v2/things/{id}",
  params: [{ name: "id", in: "path", required: true }, {
    name: "body",
    in: "body",
    required: true,
  }],
};

const failure = (p: Promise<unknown>) =>
  p.then(() => assert.fail("expected a rejection"), (e: unknown) => e);

Deno.test("after close(), a client with a proxy refuses calls instead of going out without it", async () => {
  await using server = startEchoServer();
  const client = new PlatformClient({ basePath: server.url, accessToken: "t" });
  // Nothing listens on port 9 of the loopback: any call through the proxy fails.
  client.setProxy({ host: "127.0.0.1", port: 9 });
  await client.close();
  const error = await failure(client.call(getUser, ["u1"]));
  assert.ok(error instanceof GenesysCloudError, String(error));
  assert.match((error as Error).message, /closed/);
  assert.equal(server.seen.length, 0, "nothing went out directly");
});

Deno.test("hooks that read a body or return the wrong thing get a clear error, not a retried NetworkError", async () => {
  await using server = startEchoServer();
  const client = new PlatformClient({
    basePath: server.url,
    accessToken: "t",
    retry: { retryMax: 2, retryWaitMin: 1, retryWaitMax: 1 },
  });
  const check = async (pattern: RegExp, sent: number) => {
    const before = server.seen.length;
    const error = await failure(client.call(putThing, ["a", { n: 1 }]));
    assert.ok(error instanceof GenesysCloudError, String(error));
    assert.ok(!(error instanceof NetworkError), String(error));
    assert.match((error as Error).message, pattern);
    assert.equal(server.seen.length - before, sent);
  };
  let preHookCalls = 0;
  client.setPreHook(async (request) => {
    preHookCalls++;
    await request.text(); // should have read request.clone()
  });
  await check(/the pre-hook read the body: read a clone\(\) instead/, 0);
  assert.equal(preHookCalls, 1, "not retried");
  client.setPreHook(() => "http://elsewhere.example/" as unknown as Request);
  await check(/the pre-hook must return a Request or nothing/, 0);
  client.setPreHook(undefined);

  server.reply(() => Response.json({ ok: true }));
  client.setPostHook(async (response) => {
    await response.json();
  });
  await check(/the post-hook read the body: read a clone\(\) instead/, 1);
  server.reply(() => Response.json({ ok: true }));
  client.setPostHook(() => ({}) as unknown as Response);
  await check(/the post-hook must return a Response or nothing/, 1);
  // Hooks that read copies work.
  server.reply(() => Response.json({ ok: true }));
  client.setPreHook(async (request) => void await request.clone().text());
  client.setPostHook(async (response) => void await response.clone().json());
  assert.deepEqual(await client.call(putThing, ["a", { n: 1 }]), { ok: true });
  assert.equal(server.seen.at(-1)?.body, '{"n":1}');
});

Deno.test("the time limit and the caller's signal end a call whose transport or body ignores them", async () => {
  const started = performance.now();
  const hanging = new PlatformClient({
    accessToken: "t",
    transport: () => new Promise<Response>(() => {}), // never answers, ignores the signal
  });
  assert.ok(
    (await failure(hanging.call(getUser, ["u1"], { timeoutMs: 50 }))) instanceof TimeoutError,
  );
  const controller = new AbortController();
  const aborted = failure(hanging.call(getUser, ["u1"], { signal: controller.signal }));
  controller.abort();
  assert.ok((await aborted) instanceof AbortedError);

  const stalled = new PlatformClient({
    accessToken: "t",
    // Headers come at once; the body never ends, and this stream ignores the signal.
    transport: () =>
      Promise.resolve(
        new Response(
          new ReadableStream({
            start(c) {
              c.enqueue(new TextEncoder().encode('{"id":'));
            },
          }),
          { headers: { "content-type": "application/json" } },
        ),
      ),
  });
  assert.ok(
    (await failure(stalled.call(getUser, ["u1"], { timeoutMs: 50 }))) instanceof TimeoutError,
  );
  assert.ok(performance.now() - started < 5_000);
});

Deno.test("values that cannot be sent are ParameterErrors naming the parameter; nothing is sent", async () => {
  await using server = startEchoServer();
  const client = new PlatformClient({ basePath: server.url, accessToken: "t" });
  const cases: [Promise<unknown>, string, RegExp][] = [
    [client.call(getUser, ["\uD800"]), "userId", /cannot be sent: URI malformed/],
    [client.call(getUser, ["u1"], { since: new Date(Number.NaN) }), "since", /cannot be sent/],
    [client.call(putThing, ["a", { n: 1n }]), "body", /cannot be sent: .*BigInt/],
    [client.call(getUser, ["u1"], { signal: "stop" }), "signal", /must be an AbortSignal/],
  ];
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  cases.push([client.call(putThing, ["a", cyclic]), "body", /cannot be sent: .*circular/i]);
  for (const [call, parameter, pattern] of cases) {
    const error = await failure(call);
    assert.ok(error instanceof ParameterError, String(error));
    assert.equal(error.parameter, parameter);
    assert.match(error.message, pattern);
  }
  assert.equal(server.seen.length, 0);
});

Deno.test("guest and web-messaging tokens a header cannot carry are refused where given, never echoed", () => {
  const client = new PlatformClient();
  for (
    const [set, name] of [
      [(jwt: string) => client.setGuestToken(jwt), "setGuestToken"],
      [(jwt: string) => client.setWebMessagingToken(jwt), "setWebMessagingToken"],
    ] as const
  ) {
    assert.throws(
      () => set("eyJ.s3cret\nx"),
      (e) =>
        e instanceof ParameterError && e.operation === name && e.parameter === "jwt" &&
        !e.message.includes("s3cret"),
    );
  }
});

Deno.test("a token answer that echoes the code, refresh token or verifier is logged without them", async () => {
  const records: LogRecord[] = [];
  const lines: string[] = [];
  const client = new PlatformClient({
    liveReloadConfig: false,
    logging: {
      logLevel: "trace",
      logResponseBody: true,
      logRequestBody: true,
      logToConsole: false,
      sink: (record, line) => {
        records.push(record);
        lines.push(line);
      },
    },
    transport: async (request) => {
      const form = new URLSearchParams(await request.text());
      const echoed = form.get("code") ?? form.get("refresh_token");
      return Response.json(
        { error: "invalid_grant", error_description: `grant ${echoed} is not valid` },
        { status: 400 },
      );
    },
  });
  try {
    await failure(
      client.loginCodeAuthorizationGrant("id", "secret", "AUTHCODE-1234", "https://app/cb"),
    );
    await failure(client.refreshCodeAuthorizationGrant("id", "secret", "REFRESH-5678"));
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(records.length, 2);
    const logged = JSON.stringify(records) + lines.join("\n");
    for (const secret of ["AUTHCODE-1234", "REFRESH-5678", "secret"]) {
      assert.ok(!logged.includes(secret), `${secret} logged: ${logged}`);
    }
    assert.match(logged, /invalid_grant/);
  } finally {
    await client.close();
  }
});

Deno.test("control characters in a header value are a ParameterError before sending, not a retried NetworkError", async () => {
  await using server = startEchoServer();
  const client = new PlatformClient({
    basePath: server.url,
    accessToken: "t",
    retry: { retryMax: 2, retryWaitMin: 1, retryWaitMax: 1 },
  });
  // Deno's fetch refuses these when the request is sent; tab is allowed.
  for (const value of ["a\x01b", "a\x1fb", "a\x7fb"]) {
    const error = await failure(client.call(getUser, ["u1"], { customHeaders: { "x-v": value } }));
    assert.ok(error instanceof ParameterError, String(error));
  }
  assert.throws(() => client.setAccessToken("t\x01"), ParameterError);
  assert.equal(server.seen.length, 0);
  server.reply(() => Response.json({ id: "u1" }));
  await client.call(getUser, ["u1"], { customHeaders: { "x-v": "a\tb" } });
  assert.equal(server.seen[0].headers.get("x-v"), "a\tb");
});
