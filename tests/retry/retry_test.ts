/**
 * The retry loop on the wire: counts, hooks, Retry-After clamping, no POST
 * replay after a connection that reached the server, retries after a refused
 * connection, and cancellation during a wait.
 */
import assert from "node:assert/strict";
import {
  AbortedError,
  ApiError,
  type ClientOptions,
  type Endpoint,
  type LogRecord,
  NetworkError,
  PlatformClient,
} from "../../mod.ts";
import { startEchoServer } from "../_helpers/echo_server.ts";

const sanitize = { sanitizeOps: true, sanitizeResources: true };
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
const fast = { retryWaitMin: 1, retryWaitMax: 5 };

function client(basePath: string, options: ClientOptions = {}): PlatformClient {
  return new PlatformClient({
    basePath,
    accessToken: "t",
    liveReloadConfig: false,
    logging: { logToConsole: false },
    ...options,
  });
}

const status = (code: number, headers?: HeadersInit) => () =>
  new Response(JSON.stringify({ code: `s${code}` }), { status: code, headers });

Deno.test({
  name: "503, 503, then 200: three attempts; hooks see attempts 1, 2, 3",
  ...sanitize,
  async fn() {
    await using srv = startEchoServer();
    const hooked: [string, number][] = [];
    const pre: number[] = [];
    const records: LogRecord[] = [];
    await using c = client(srv.url, {
      retry: { ...fast, retryMax: 2, requestLogHook: (req, n) => hooked.push([req.method, n]) },
      logging: { logLevel: "trace", logToConsole: false, sink: (r) => records.push(r) },
    });
    c.setPreHook((_req, ctx) => void pre.push(ctx.attempt));
    srv.reply(status(503));
    srv.reply(status(503));
    assert.deepEqual(await c.call(getUser, ["u1"]), { ok: true });
    assert.equal(srv.seen.length, 3);
    assert.deepEqual(hooked, [["GET", 1], ["GET", 2], ["GET", 3]]);
    assert.deepEqual(pre, [1, 2, 3]);
    assert.deepEqual(
      records.map((r) => r.level),
      ["error", "error", "trace"],
      "every attempt logged",
    );
  },
});

Deno.test({
  name: "retryMax bounds the attempts; the last answer surfaces",
  ...sanitize,
  async fn() {
    await using srv = startEchoServer();
    await using c = client(srv.url, { retry: { ...fast, retryMax: 2 } });
    for (let i = 0; i < 3; i++) srv.reply(status(500));
    srv.reply(() => Response.json({ never: "reached" }));
    await assert.rejects(c.call(getUser, ["u1"]), (e: unknown) => {
      assert.ok(e instanceof ApiError);
      assert.equal(e.status, 500);
      return true;
    });
    assert.equal(srv.seen.length, 3);
  },
});

Deno.test({
  name: "501 and 4xx are not retried; with the default (retryMax 0) nothing is",
  ...sanitize,
  async fn() {
    await using srv = startEchoServer();
    await using c = client(srv.url, { retry: { ...fast, retryMax: 3 } });
    for (const code of [501, 400, 404, 409]) {
      const before = srv.seen.length;
      srv.reply(status(code));
      await assert.rejects(c.call(getUser, ["u1"]), ApiError);
      assert.equal(srv.seen.length, before + 1, String(code));
    }
    await using plain = client(srv.url);
    assert.equal(plain.config.values.retry.retryMax, 0);
    const before = srv.seen.length;
    srv.reply(status(503));
    await assert.rejects(plain.call(getUser, ["u1"]), ApiError);
    assert.equal(srv.seen.length, before + 1);
  },
});

Deno.test({
  name: "Retry-After longer than retryWaitMax ends the call at once: ApiError with retryAfterMs",
  ...sanitize,
  async fn() {
    await using srv = startEchoServer();
    await using c = client(srv.url, {
      timeoutMs: 10_000,
      retry: { retryWaitMin: 1, retryWaitMax: 20, retryMax: 2 },
    });
    srv.reply(status(429, { "Retry-After": "3600" }));
    const error = await c.call(getUser, ["u1"]).then(() => undefined, (e) => e);
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 429);
    assert.equal(error.retryAfterMs, 3_600_000);
    assert.equal(srv.seen.length, 1, "not retried before the server's Retry-After");
    srv.reply(status(503, { "Retry-After": new Date(Date.now() + 3_600_000).toUTCString() }));
    const dated = await c.call(getUser, ["u1"]).then(() => undefined, (e) => e);
    assert.ok(dated instanceof ApiError && dated.status === 503);
    assert.ok(dated.retryAfterMs! > 3_500_000);
    assert.equal(srv.seen.length, 2);
  },
});

Deno.test({
  name: "retry settings from the config file apply to calls",
  ...sanitize,
  async fn() {
    await using srv = startEchoServer();
    await using c = client(srv.url);
    c.config.replaceFileLayer({ retry: { retryMax: 1, retryWaitMin: 0, retryWaitMax: 0 } });
    srv.reply(status(502));
    assert.deepEqual(await c.call(getUser, ["u1"]), { ok: true });
    assert.equal(srv.seen.length, 2);
  },
});

/** A server that reads each request, then closes the connection without answering. */
function hangUpServer() {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const requests: string[] = [];
  const done = (async () => {
    for (let i = 0; i < 10; i++) {
      let conn: Deno.Conn;
      try {
        conn = await listener.accept();
      } catch {
        return;
      }
      const buf = new Uint8Array(8192);
      const n = await conn.read(buf).catch(() => null);
      if (n) requests.push(new TextDecoder().decode(buf.subarray(0, n)).split("\r\n")[0]);
      conn.close();
    }
  })();
  return {
    url: `http://127.0.0.1:${listener.addr.port}`,
    requests,
    async [Symbol.asyncDispose]() {
      listener.close();
      await done;
    },
  };
}

Deno.test({
  name: "a POST that reached the server is not replayed after the connection drops; a GET is",
  ...sanitize,
  async fn() {
    await using srv = hangUpServer();
    await using c = client(srv.url, { retry: { ...fast, retryMax: 3 } });
    await assert.rejects(c.call(postUser, [{ name: "once" }]), NetworkError);
    assert.deepEqual(srv.requests, ["POST /api/v2/users HTTP/1.1"]);
    await assert.rejects(c.call(getUser, ["u1"]), NetworkError);
    assert.deepEqual(srv.requests.slice(1), Array(4).fill("GET /api/v2/users/u1 HTTP/1.1"));
  },
});

Deno.test({
  name: "a POST is retried after a refused connection (it never reached a server)",
  ...sanitize,
  async fn() {
    const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = probe.addr.port;
    probe.close();
    let server: Deno.HttpServer | undefined;
    const bodies: string[] = [];
    const attempts: number[] = [];
    try {
      await using c = client(`http://127.0.0.1:${port}`, {
        retry: {
          ...fast,
          retryMax: 3,
          requestLogHook: (_req, attempt) => {
            attempts.push(attempt);
            // Nothing listens for the first attempt; the server comes up before the second.
            if (attempt === 2) {
              server = Deno.serve({ hostname: "127.0.0.1", port, onListen() {} }, async (req) => {
                bodies.push(await req.text());
                return Response.json({ id: "new" }, { status: 201 });
              });
            }
          },
        },
      });
      assert.deepEqual(await c.call(postUser, [{ name: "Ann" }]), { id: "new" });
      assert.deepEqual(attempts, [1, 2]);
      assert.deepEqual(bodies, ['{"name":"Ann"}']);
    } finally {
      await server?.shutdown();
    }
  },
});

Deno.test({
  name: "aborting during a retry wait ends the call at once, with no timer left behind",
  ...sanitize,
  async fn() {
    await using srv = startEchoServer();
    await using c = client(srv.url, {
      retry: { retryWaitMin: 60_000, retryWaitMax: 60_000, retryMax: 3 },
    });
    const controller = new AbortController();
    srv.reply(status(503, { "Retry-After": "60" }));
    c.setPostHook(() => {
      setTimeout(() => controller.abort(new Error("user gave up")), 20);
    });
    await assert.rejects(
      // A time limit long enough for the 60 s wait to begin.
      c.call(getUser, ["u1"], { signal: controller.signal, timeoutMs: 120_000 }),
      (e: unknown) => {
        assert.ok(e instanceof AbortedError);
        assert.equal((e.cause as Error).message, "user gave up");
        return true;
      },
    );
    assert.equal(srv.seen.length, 1);
  },
});

Deno.test({
  name: "a retry wait that would outlast timeoutMs is not begun: the answer at hand is the result",
  ...sanitize,
  async fn() {
    await using srv = startEchoServer();
    await using c = client(srv.url, {
      retry: { retryWaitMin: 60_000, retryWaitMax: 60_000, retryMax: 3 },
    });
    srv.reply(status(500));
    await assert.rejects(
      c.call(getUser, ["u1"], { timeoutMs: 100 }),
      (e: unknown) => e instanceof ApiError && e.status === 500,
    );
    assert.equal(srv.seen.length, 1);
    // A 429 whose Retry-After goes past the time limit keeps its status and hint.
    await using patient = client(srv.url, { retry: { retryMax: 3 } });
    srv.reply(status(429, { "Retry-After": "7" }));
    await assert.rejects(
      patient.call(getUser, ["u1"], { timeoutMs: 2_000 }),
      (e: unknown) =>
        e instanceof ApiError && e.status === 429 && e.headers.get("retry-after") === "7",
    );
    assert.equal(srv.seen.length, 2);
    // No answer at all: the failure itself, not a TimeoutError after a pointless wait.
    await using unreachable = client("http://127.0.0.1:9", {
      retry: { retryWaitMin: 60_000, retryWaitMax: 60_000, retryMax: 3 },
    });
    await assert.rejects(unreachable.call(getUser, ["u1"], { timeoutMs: 1_000 }), NetworkError);
  },
});

Deno.test({
  name: "errors from a pre-hook surface unchanged and are never retried",
  ...sanitize,
  async fn() {
    await using srv = startEchoServer();
    await using c = client(srv.url, { retry: { ...fast, retryMax: 3 } });
    let calls = 0;
    const failure = new RangeError("hook says no");
    c.setPreHook(() => {
      calls++;
      throw failure;
    });
    await assert.rejects(c.call(getUser, ["u1"]), (e: unknown) => e === failure);
    assert.equal(calls, 1);
    assert.equal(srv.seen.length, 0);
  },
});

Deno.test("Bun: no POST replay after a dropped connection; POST retried after refusal", async () => {
  const root = new URL("../..", import.meta.url).pathname;
  const out = await new Deno.Command(`${root}.tools/node_modules/.bin/bun`, {
    args: [`${root}tests/retry/bun_retry_check.ts`],
    cwd: root,
    stdin: "null",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  const stderr = new TextDecoder().decode(out.stderr);
  assert.deepEqual(stdout.trim().split("\n"), [
    "ok - Bun classifies refused, DNS and dropped connections",
    "ok - POST reached the server and the connection dropped: sent once",
    "ok - GET after a dropped connection: retried",
    "ok - POST after a refused connection: retried and created once",
    "bun retry: all checks passed",
  ], stdout + stderr);
  assert.equal(out.code, 0, stderr);
});
