/**
 * Request logging through PlatformClient against a loopback server: the
 * fields of each level, both formats, the destinations, and redaction.
 */
import assert from "node:assert/strict";
import {
  ApiError,
  type Endpoint,
  type HttpLogRecord,
  type LoggingSettings,
  type LogRecord,
  NetworkError,
  PlatformClient,
} from "../../mod.ts";
import { type EchoServer, startEchoServer } from "../_helpers/echo_server.ts";

const sanitize = { sanitizeOps: true, sanitizeResources: true };
const DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const TOKEN = "tok-secret-8f2a";

const postUser: Endpoint = {
  name: "postUsers",
  method: "POST",
  path: "/api/v2/users",
  params: [{ name: "body", in: "body", required: true }],
};
const getUser: Endpoint = {
  name: "getUser",
  method: "GET",
  path: "/api/v2/users/{userId}",
  params: [{ name: "userId", in: "path", required: true }, { name: "code", in: "query" }],
};

interface Captured {
  client: PlatformClient;
  records: LogRecord[];
  lines: string[];
}

function logged(srv: EchoServer, logging: LoggingSettings, extra: object = {}): Captured {
  const records: LogRecord[] = [];
  const lines: string[] = [];
  const client = new PlatformClient({
    basePath: srv.url,
    accessToken: TOKEN,
    liveReloadConfig: false,
    logging: {
      logToConsole: false,
      sink: (record, line) => {
        records.push(record);
        lines.push(line);
      },
      ...logging,
    },
    ...extra,
  });
  return { client, records, lines };
}

function created(): Response {
  return Response.json({ id: "u1", name: "Ann" }, {
    status: 201,
    headers: { "inin-correlation-id": "corr-9", "set-cookie": "session=abc123; HttpOnly" },
  });
}

Deno.test({
  name:
    "trace: date, level, method, url, status, correlation id, both header sets; bodies only on request",
  ...sanitize,
  async fn() {
    await using srv = startEchoServer();
    for (const bodies of [false, true]) {
      const { client, records } = logged(srv, {
        logLevel: "trace",
        logRequestBody: bodies,
        logResponseBody: bodies,
      });
      await using _ = client;
      srv.reply(created);
      await client.call(postUser, [{ name: "Ann" }]);
      assert.equal(records.length, 1);
      const r = records[0] as HttpLogRecord;
      assert.deepEqual(Object.keys(r), [
        "date",
        "level",
        "method",
        "url",
        "statusCode",
        "correlationId",
        "requestHeaders",
        "responseHeaders",
        ...(bodies ? ["requestBody", "responseBody"] : []),
      ]);
      assert.match(r.date, DATE);
      assert.equal(r.level, "trace");
      assert.equal(r.method, "POST");
      assert.equal(r.url, `${srv.url}/api/v2/users`);
      assert.equal(r.statusCode, 201);
      assert.equal(r.correlationId, "corr-9");
      assert.deepEqual(r.requestHeaders, {
        accept: "application/json",
        authorization: "[REDACTED]",
        "content-type": "application/json",
      });
      assert.equal(r.responseHeaders?.["set-cookie"], "[REDACTED]");
      assert.equal(r.responseHeaders?.["inin-correlation-id"], "corr-9");
      if (bodies) {
        assert.deepEqual(r.requestBody, { name: "Ann" });
        assert.deepEqual(r.responseBody, { id: "u1", name: "Ann" });
      }
    }
  },
});

Deno.test({
  name: "debug: no response headers or body, even with logResponseBody",
  ...sanitize,
  async fn() {
    await using srv = startEchoServer();
    const { client, records } = logged(srv, {
      logLevel: "debug",
      logRequestBody: true,
      logResponseBody: true,
    });
    await using _ = client;
    srv.reply(created);
    await client.call(postUser, [{ name: "Ann" }]);
    assert.equal(records.length, 1);
    assert.deepEqual(Object.keys(records[0]), [
      "date",
      "level",
      "method",
      "url",
      "statusCode",
      "correlationId",
      "requestHeaders",
      "requestBody",
    ]);
    assert.equal(records[0].level, "debug");
  },
});

Deno.test({
  name: "error: successes are not logged; a 4xx has both header sets and, with the flag, its body",
  ...sanitize,
  async fn() {
    await using srv = startEchoServer();
    const { client, records } = logged(srv, { logLevel: "error", logResponseBody: true });
    await using _ = client;
    await client.call(getUser, ["u1"]);
    assert.equal(records.length, 0);
    srv.reply(() =>
      Response.json({ code: "not.found", message: "no such user" }, {
        status: 404,
        headers: { "inin-correlation-id": "corr-404" },
      })
    );
    await assert.rejects(client.call(getUser, ["nope"]), ApiError);
    assert.equal(records.length, 1);
    const r = records[0] as HttpLogRecord;
    assert.deepEqual(Object.keys(r), [
      "date",
      "level",
      "method",
      "url",
      "statusCode",
      "correlationId",
      "requestHeaders",
      "responseHeaders",
      "responseBody",
    ]);
    assert.equal(r.level, "error");
    assert.equal(r.statusCode, 404);
    assert.equal(r.correlationId, "corr-404");
    assert.deepEqual(r.responseBody, { code: "not.found", message: "no such user" });
  },
});

Deno.test({
  name: "trace logs failures as error records; none logs nothing",
  ...sanitize,
  async fn() {
    await using srv = startEchoServer();
    const trace = logged(srv, { logLevel: "trace" });
    await using _a = trace.client;
    srv.reply(() => new Response("boom", { status: 500 }));
    await assert.rejects(trace.client.call(getUser, ["u1"]), ApiError);
    assert.deepEqual(trace.records.map((r) => r.level), ["error"]);
    const none = logged(srv, { logLevel: "none", logRequestBody: true });
    await using _b = none.client;
    srv.reply(() => new Response("boom", { status: 500 }));
    await assert.rejects(none.client.call(getUser, ["u1"]), ApiError);
    await none.client.call(postUser, [{}]);
    assert.equal(none.records.length, 0);
  },
});

Deno.test({
  name: "a request without an answer is an error record with the failure, no status",
  ...sanitize,
  async fn() {
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = listener.addr.port;
    listener.close();
    const records: LogRecord[] = [];
    await using client = new PlatformClient({
      basePath: `http://127.0.0.1:${port}`,
      accessToken: TOKEN,
      liveReloadConfig: false,
      logging: { logLevel: "error", logToConsole: false, sink: (r) => records.push(r) },
    });
    await assert.rejects(client.call(getUser, ["u1"]), NetworkError);
    assert.equal(records.length, 1);
    const r = records[0] as HttpLogRecord;
    assert.deepEqual(Object.keys(r), ["date", "level", "method", "url", "requestHeaders", "error"]);
    assert.match(r.error!, /TypeError: .*Connection refused/);
  },
});

Deno.test({
  name: "text format: a heading line, then headers and bodies indented",
  ...sanitize,
  async fn() {
    await using srv = startEchoServer();
    const { client, lines } = logged(srv, {
      logLevel: "trace",
      logRequestBody: true,
      logResponseBody: true,
    });
    await using _ = client;
    srv.reply(() =>
      Response.json({ id: "u1" }, {
        status: 201,
        headers: { "inin-correlation-id": "corr-9" },
      })
    );
    await client.call(postUser, [{ name: "Ann" }]);
    const [date, ...rest] = lines[0].split(" ");
    assert.match(date, DATE);
    const withoutDate = rest.join(" ").replace(/date: .*\n/, "date: <date>\n");
    assert.equal(
      withoutDate,
      `TRACE POST ${srv.url}/api/v2/users -> 201 (correlation id corr-9)
  Request headers:
    accept: application/json
    authorization: [REDACTED]
    content-type: application/json
  Response headers:
    content-length: 11
    content-type: application/json
    date: <date>
    inin-correlation-id: corr-9
  Request body: {"name":"Ann"}
  Response body: {"id":"u1"}`,
    );
  },
});

Deno.test({
  name: "json format: one object per line on the console; errors go to console.error",
  ...sanitize,
  async fn() {
    await using srv = startEchoServer();
    const out: string[] = [];
    const err: string[] = [];
    const { log, error } = console;
    console.log = (line: string) => out.push(line);
    console.error = (line: string) => err.push(line);
    try {
      await using client = new PlatformClient({
        basePath: srv.url,
        accessToken: TOKEN,
        liveReloadConfig: false,
        logging: { logLevel: "debug", logFormat: "json" },
      });
      await client.call(getUser, ["a"]);
      await client.call(getUser, ["b"]);
      srv.reply(() => new Response("{}", { status: 503 }));
      await assert.rejects(client.call(getUser, ["c"]), ApiError);
    } finally {
      console.log = log;
      console.error = error;
    }
    assert.equal(out.length, 2);
    assert.equal(err.length, 1);
    for (const line of [...out, ...err]) {
      assert.ok(!line.includes("\n"));
      const record = JSON.parse(line);
      assert.equal(record.method, "GET");
    }
    assert.equal(JSON.parse(out[1]).url, `${srv.url}/api/v2/users/b`);
    assert.equal(JSON.parse(err[0]).statusCode, 503);
  },
});

Deno.test({
  name: "file destination: appended to an existing file, flushed by close()",
  ...sanitize,
  async fn() {
    await using srv = startEchoServer();
    const dir = await Deno.makeTempDir({ prefix: "gc-log-" });
    try {
      const path = `${dir}/sdk.log`;
      await Deno.writeTextFile(path, "earlier line\n");
      const client = new PlatformClient({
        basePath: srv.url,
        accessToken: TOKEN,
        liveReloadConfig: false,
        logging: { logLevel: "debug", logFormat: "json", logToConsole: false, logFilePath: path },
      });
      await Promise.all([client.call(getUser, ["a"]), client.call(getUser, ["b"])]);
      await client.call(getUser, ["c"]);
      await client.close();
      const lines = (await Deno.readTextFile(path)).trimEnd().split("\n");
      assert.equal(lines.length, 4);
      assert.equal(lines[0], "earlier line");
      const urls = lines.slice(1).map((l) => JSON.parse(l).url).sort();
      assert.deepEqual(urls, ["a", "b", "c"].map((id) => `${srv.url}/api/v2/users/${id}`));
      assert.ok(!lines.join("").includes(TOKEN));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "redaction: token requests via send() hide every credential in headers and form bodies",
  ...sanitize,
  async fn() {
    await using srv = startEchoServer();
    const { client, records, lines } = logged(srv, {
      logLevel: "trace",
      logRequestBody: true,
      logResponseBody: true,
    });
    await using _ = client;
    const secrets = {
      client_secret: "cs-0001",
      code: "authcode-0002",
      code_verifier: "verifier-0003",
      refresh_token: "rt-0004",
      assertion: "saml-0005",
      password: "pw-0006",
    };
    const basic = btoa("my-client:cs-0001");
    srv.reply(() =>
      Response.json({
        access_token: "at-0007",
        refresh_token: "rt-0008",
        id_token: "idt-0009",
        token_type: "bearer",
        expires_in: 86399,
      })
    );
    const form = new URLSearchParams({ grant_type: "authorization_code", username: "bob" });
    for (const [k, v] of Object.entries(secrets)) form.set(k, v);
    const res = await client.send(
      new Request(`${srv.url}/oauth/token`, {
        method: "POST",
        headers: { Authorization: `Basic ${basic}`, Cookie: "sid=cookie-0010" },
        body: form,
      }),
      { operation: "oauth/token", attempt: 1 },
    );
    assert.equal((await res.json()).access_token, "at-0007", "the caller still gets the body");
    assert.equal(srv.seen[0].body, form.toString(), "the wire is untouched");
    const r = records[0] as HttpLogRecord;
    assert.equal(r.requestHeaders.authorization, "[REDACTED]");
    assert.equal(r.requestHeaders.cookie, "[REDACTED]");
    const sent = new URLSearchParams(r.requestBody as string);
    assert.equal(sent.get("grant_type"), "authorization_code");
    assert.equal(sent.get("username"), "bob");
    for (const k of Object.keys(secrets)) assert.equal(sent.get(k), "[REDACTED]", k);
    assert.deepEqual(r.responseBody, {
      access_token: "[REDACTED]",
      refresh_token: "[REDACTED]",
      id_token: "[REDACTED]",
      token_type: "bearer",
      expires_in: 86399,
    });
    const everything = lines.join("\n") + JSON.stringify(records);
    for (const secret of [...Object.values(secrets), basic, "cookie-0010", "at-0007", "rt-0008"]) {
      assert.ok(!everything.includes(secret), secret);
    }
  },
});

Deno.test({
  name:
    "redaction: query credentials, JSON token fields, echoed bearer token and proxy/gateway passwords",
  ...sanitize,
  async fn() {
    await using srv = startEchoServer();
    const { client, records, lines } = logged(srv, {
      logLevel: "trace",
      logRequestBody: true,
      logResponseBody: true,
    }, {
      // A custom transport is kept as is, so the proxy settings are only data here.
      transport: (req: Request) => fetch(req),
      proxy: { host: "127.0.0.1", port: 3128, auth: { username: "u", password: "proxy-pw-0011" } },
    });
    await using _ = client;
    srv.reply(() =>
      new Response(`you sent ${TOKEN}; proxy password proxy-pw-0011`, {
        headers: { "content-type": "text/plain" },
      })
    );
    await client.call({ ...getUser, response: "text" }, ["u1"], { code: "qcode-0012" });
    srv.reply(() =>
      Response.json({ nested: { myToken: "nt-0013", list: [{ secret: "s-0014" }] } })
    );
    await client.call(postUser, [{ credentials: { password: "pw-0015" }, code: "ac-0016" }]);
    const first = records[0] as HttpLogRecord;
    assert.equal(first.url, `${srv.url}/api/v2/users/u1?code=%5BREDACTED%5D`);
    assert.equal(first.responseBody, "you sent [REDACTED]; proxy password [REDACTED]");
    const second = records[1] as HttpLogRecord;
    assert.deepEqual(second.requestBody, { credentials: "[REDACTED]", code: "[REDACTED]" });
    assert.deepEqual(second.responseBody, {
      nested: { myToken: "[REDACTED]", list: [{ secret: "[REDACTED]" }] },
    });
    const everything = lines.join("\n") + JSON.stringify(records);
    for (const secret of [TOKEN, "proxy-pw-0011", "qcode-0012", "nt-0013", "s-0014", "pw-0015"]) {
      assert.ok(!everything.includes(secret), secret);
    }
  },
});

Deno.test({
  name: "logging never breaks a request: throwing sink, unwritable log file",
  ...sanitize,
  async fn() {
    await using srv = startEchoServer();
    const { error } = console;
    const complaints: string[] = [];
    console.error = (line: string) => complaints.push(line);
    try {
      await using client = new PlatformClient({
        basePath: srv.url,
        accessToken: TOKEN,
        liveReloadConfig: false,
        logging: {
          logLevel: "trace",
          logToConsole: false,
          logFilePath: "/nonexistent-dir/for/sure/sdk.log",
          sink: () => {
            throw new Error("sink exploded");
          },
        },
      });
      assert.deepEqual(await client.call(getUser, ["a"]), { ok: true });
      assert.deepEqual(await client.call(getUser, ["b"]), { ok: true });
    } finally {
      console.error = error;
    }
    assert.equal(complaints.length, 1, "the file problem is reported once");
    assert.match(complaints[0], /cannot write log file \/nonexistent-dir\/for\/sure\/sdk.log/);
  },
});

Deno.test({
  name: "logging settings can change at run time and come from the config file",
  ...sanitize,
  async fn() {
    await using srv = startEchoServer();
    const { client, records } = logged(srv, { logLevel: "none" });
    await using _ = client;
    await client.call(getUser, ["a"]);
    client.config.set({ logging: { logLevel: "debug" } });
    await client.call(getUser, ["b"]);
    client.config.replaceFileLayer({ logging: { logLevel: "trace" } });
    await client.call(getUser, ["c"]);
    assert.deepEqual(records.map((r) => r.level), ["debug", "debug"]);
    client.config.set({ logging: { logLevel: undefined } });
    await client.call(getUser, ["d"]);
    assert.deepEqual(records.map((r) => r.level), ["debug", "debug", "trace"]);
  },
});
