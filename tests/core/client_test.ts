import assert from "node:assert/strict";
import {
  AbortedError,
  ApiError,
  ConfigurationError,
  type Endpoint,
  GenesysCloudError,
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
    { name: "expand", in: "query", format: "multi" },
    { name: "edgeGroupId", in: "query", wire: "edgeGroup.id" },
    { name: "ids", in: "query" },
    { name: "flag", in: "query" },
    { name: "count", in: "query" },
    { name: "ifMatch", in: "header", wire: "If-Match" },
  ],
};

const patchUser: Endpoint = {
  name: "patchUser",
  method: "PATCH",
  path: "/api/v2/users/{userId}",
  params: [
    { name: "userId", in: "path", required: true },
    { name: "body", in: "body", required: true },
  ],
};

Deno.test("GET: path segment encoding, multi/csv query, false and 0 kept, header wire names", async () => {
  await using srv = startEchoServer();
  const client = new PlatformClient({ basePath: srv.url, accessToken: "tok" });
  const data = await client.call<{ ok: boolean }>(getUser, ["a/b ../?#é"], {
    expand: ["presence", "groups"],
    edgeGroupId: "g1",
    ids: ["1", "2"],
    flag: false,
    count: 0,
    ifMatch: "v3",
    customHeaders: { "X-Extra": "yes" },
  });
  assert.deepEqual(data, { ok: true });
  const r = srv.seen[0];
  assert.equal(r.method, "GET");
  assert.equal(r.path, "/api/v2/users/a%2Fb%20..%2F%3F%23%C3%A9");
  assert.equal(
    r.search,
    "?expand=presence&expand=groups&edgeGroup.id=g1&ids=1%2C2&flag=false&count=0",
  );
  assert.equal(r.headers.get("authorization"), "Bearer tok");
  assert.equal(r.headers.get("if-match"), "v3");
  assert.equal(r.headers.get("x-extra"), "yes");
  assert.equal(r.headers.get("accept"), "application/json");
  assert.equal(r.body, "");
});

Deno.test("PATCH body: undefined dropped, null kept, content type set", async () => {
  await using srv = startEchoServer();
  const client = new PlatformClient({ basePath: srv.url, accessToken: "tok" });
  await client.call(patchUser, ["u1", { name: "n", title: null, dept: undefined, version: 2 }]);
  const r = srv.seen[0];
  assert.equal(r.method, "PATCH");
  assert.equal(r.body, '{"name":"n","title":null,"version":2}');
  assert.equal(r.headers.get("content-type"), "application/json");
});

Deno.test("a string body that is JSON text is sent as it is; any other string as a JSON string", async () => {
  await using srv = startEchoServer();
  const client = new PlatformClient({ basePath: srv.url, accessToken: "tok" });
  // What official-SDK code passes to the operations whose body is typed `string`.
  await client.call(patchUser, ["u1", JSON.stringify({ eventId: "e1", n: [1, 2] })]);
  await client.call(patchUser, ["u1", ' {"a": 1} ']);
  await client.call(patchUser, ["u1", "plain text"]);
  await client.call(patchUser, ["u1", '{"broken"']);
  assert.deepEqual(srv.seen.map((r) => r.body), [
    '{"eventId":"e1","n":[1,2]}',
    ' {"a": 1} ',
    '"plain text"',
    '"{\\"broken\\""',
  ]);
  assert.ok(srv.seen.every((r) => r.headers.get("content-type") === "application/json"));
});

Deno.test("missing required parameter rejects before sending, naming method and parameter", async () => {
  await using srv = startEchoServer();
  const client = new PlatformClient({ basePath: srv.url, unknownOptions: "error" });
  for (const bad of [undefined, null, ""]) {
    await assert.rejects(client.call(getUser, [bad]), (e: unknown) => {
      assert.ok(e instanceof ParameterError);
      assert.equal(e.message, 'getUser: parameter "userId" is required');
      return true;
    });
  }
  await assert.rejects(client.call(getUser, [".."]), ParameterError);
  await assert.rejects(client.call(getUser, ["x"], { nope: 1 }), /"nope" is not an option/);
  assert.equal(srv.seen.length, 0);
});

Deno.test("withResponse gives status, headers, correlation id and rate limit", async () => {
  await using srv = startEchoServer();
  srv.reply(() =>
    Response.json({ id: "u" }, {
      headers: {
        "inin-correlation-id": "c-42",
        "inin-ratelimit-allowed": "300",
        "inin-ratelimit-count": "7",
        "inin-ratelimit-reset": "55",
      },
    })
  );
  const client = new PlatformClient({ basePath: srv.url });
  const r = await client.call<{ id: string }>(getUser, ["u"]).withResponse();
  assert.deepEqual(r.data, { id: "u" });
  assert.equal(r.status, 200);
  assert.equal(r.correlationId, "c-42");
  assert.deepEqual(r.rateLimit, { allowed: 300, count: 7, reset: 55 });
});

Deno.test("non-2xx throws ApiError with the Genesys error fields and no token", async () => {
  await using srv = startEchoServer();
  srv.reply(() =>
    Response.json({
      message: "User not found",
      code: "not.found",
      status: 404,
      contextId: "ctx-1",
      details: [{ errorCode: "x" }],
      errors: [],
    }, { status: 404, headers: { "inin-correlation-id": "c-9" } })
  );
  const client = new PlatformClient({ basePath: srv.url, accessToken: "secret-token" });
  const err = await client.call(getUser, ["u"]).then(() => null, (e) => e);
  assert.ok(err instanceof ApiError);
  assert.equal(err.status, 404);
  assert.equal(err.code, "not.found");
  assert.equal(err.serverMessage, "User not found");
  assert.equal(err.contextId, "ctx-1");
  assert.equal(err.correlationId, "c-9");
  assert.deepEqual(err.details, [{ errorCode: "x" }]);
  assert.equal(err.operation, "getUser");
  assert.equal(err.method, "GET");
  assert.equal(err.url, `${srv.url}/api/v2/users/u`);
  // `body` is the parsed error body, as in the official SDK's errors; `text` the raw one.
  assert.equal((err.body as { code: string }).code, "not.found");
  assert.deepEqual(err.body, err.data);
  assert.equal(JSON.parse(err.text).contextId, "ctx-1");
  assert.ok(!JSON.stringify({ ...err, m: err.message }).includes("secret-token"));

  srv.reply(() => new Response("<html>bad gateway</html>", { status: 502 }));
  const html = await client.call(getUser, ["u"]).then(() => null, (e) => e);
  assert.ok(html instanceof ApiError);
  assert.deepEqual(html.body, {}, "a body that is not a JSON object: {} (the text is in .text)");
  assert.equal(html.text, "<html>bad gateway</html>");
  assert.equal(html.text, "<html>bad gateway</html>");
  assert.equal(html.data, undefined);
});

Deno.test("HEAD, 204 and text responses", async () => {
  await using srv = startEchoServer();
  const client = new PlatformClient({ basePath: srv.url });
  srv.reply(() => new Response(null, { status: 204 }));
  assert.equal(
    await client.call({ name: "del", method: "DELETE", path: "/x", params: [] }, []),
    undefined,
  );
  srv.reply(() => new Response(null, { status: 200, headers: { "content-length": "0" } }));
  assert.equal(
    await client.call({ name: "head", method: "HEAD", path: "/x", params: [] }, []),
    undefined,
  );
  srv.reply(() =>
    new Response("BEGIN:VCALENDAR", { headers: { "content-type": "text/calendar" } })
  );
  assert.equal(
    await client.call({
      name: "cal",
      method: "GET",
      path: "/x",
      params: [],
      response: "text",
      accept: "text/calendar",
    }, []),
    "BEGIN:VCALENDAR",
  );
  assert.equal(srv.seen[2].headers.get("accept"), "text/calendar");
});

Deno.test("answer bodies read the same on the direct path and the retrying one", async () => {
  await using srv = startEchoServer();
  const get = (extra: Partial<Endpoint> = {}): Endpoint => ({
    name: "getX",
    method: "GET",
    path: "/x",
    params: [],
    ...extra,
  });
  // retryMax 0: the direct path (one fetch, body read inline); 1: the general one.
  for (const retryMax of [0, 1]) {
    const client = new PlatformClient({ basePath: srv.url, retry: { retryMax } });
    srv.reply(() => new Response("{not json", { headers: { "content-type": "application/json" } }));
    const bad = await client.call(get(), []).then(() => null, (e) => e);
    assert.ok(bad instanceof GenesysCloudError, `retryMax ${retryMax}`);
    assert.match(bad.message, /^getX: GET http:.*\/x returned a body that is not valid JSON$/);
    assert.ok(bad.cause instanceof SyntaxError);

    srv.reply(() => new Response("", { headers: { "content-type": "application/json" } }));
    assert.equal(await client.call(get(), []), undefined);
    srv.reply(() => new Response(new TextEncoder().encode('{"a":1}')));
    assert.deepEqual(await client.call(get(), []), { a: 1 }, "no content type: JSON");
    srv.reply(() => new Response("plain", { headers: { "content-type": "text/plain" } }));
    assert.equal(await client.call(get(), []), "plain");
    srv.reply(() => Response.json({ ignored: true }));
    assert.equal(await client.call(get({ response: "none" }), []), undefined);
    srv.reply(() => Response.json({ id: "y" }));
    const full = await client.call(get(), []).withResponse();
    assert.deepEqual([full.data, full.status], [{ id: "y" }, 200]);
  }
});

Deno.test("SCIM operations send and accept application/scim+json", async () => {
  await using srv = startEchoServer();
  srv.reply(() =>
    new Response('{"id":"s"}', { headers: { "content-type": "application/scim+json" } })
  );
  const client = new PlatformClient({ basePath: srv.url });
  const data = await client.call({
    name: "postScimUsers",
    method: "POST",
    path: "/api/v2/scim/users",
    params: [{ name: "body", in: "body", required: true }],
    contentType: "application/scim+json",
    accept: "application/scim+json",
  }, [{ userName: "a" }]);
  assert.deepEqual(data, { id: "s" });
  assert.equal(srv.seen[0].headers.get("content-type"), "application/scim+json");
  assert.equal(srv.seen[0].headers.get("accept"), "application/scim+json");
});

Deno.test("guest and no-auth operations send the right credential", async () => {
  await using srv = startEchoServer();
  const client = new PlatformClient({ basePath: srv.url, accessToken: "oauth-tok" });
  client.setGuestToken("guest.jwt");
  await client.call({ name: "g", method: "GET", path: "/g", params: [], auth: "guest" }, []);
  await client.call({ name: "n", method: "GET", path: "/n", params: [], auth: "none" }, []);
  assert.equal(srv.seen[0].headers.get("authorization"), "Bearer guest.jwt");
  assert.equal(srv.seen[1].headers.get("authorization"), null);
});

Deno.test("injected transport and hooks see and can change or reject each request", async () => {
  const seen: string[] = [];
  const client = new PlatformClient({
    basePath: "http://sandbox.invalid",
    transport: (req) => {
      seen.push(`${req.method} ${req.url} ${req.headers.get("x-pre")}`);
      return Promise.resolve(Response.json({ n: 1 }));
    },
  });
  client.setPreHook((req) => {
    const headers = new Headers(req.headers);
    headers.set("x-pre", "1");
    return new Request(req, { headers });
  });
  client.setPostHook((res) => res.status === 200 ? Response.json({ n: 2 }) : undefined);
  assert.deepEqual(await client.call(getUser, ["u"]), { n: 2 });
  assert.deepEqual(seen, ["GET http://sandbox.invalid/api/v2/users/u 1"]);
  client.setPreHook(() => {
    throw new Error("blocked by policy");
  });
  await assert.rejects(client.call(getUser, ["u"]), /blocked by policy/);
  assert.equal(seen.length, 1);
});

Deno.test("network failure, timeout and abort have their own error types", async () => {
  const dead = new PlatformClient({ basePath: "http://127.0.0.1:9" });
  await assert.rejects(dead.call(getUser, ["u"]), (e: unknown) => {
    assert.ok(e instanceof NetworkError);
    assert.ok(e.cause instanceof Error);
    return true;
  });
  await using srv = startEchoServer();
  const slow = new PlatformClient({ basePath: srv.url });
  srv.reply(async () => {
    await new Promise((r) => setTimeout(r, 300));
    return Response.json({});
  });
  await assert.rejects(slow.call(getUser, ["u"], { timeoutMs: 20 }), TimeoutError);
  srv.reply(async () => {
    await new Promise((r) => setTimeout(r, 300));
    return Response.json({});
  });
  const ctrl = new AbortController();
  const p = slow.call(getUser, ["u"], { signal: ctrl.signal });
  ctrl.abort(new Error("user gave up"));
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof AbortedError);
    assert.match(String((e.cause as Error).message), /user gave up/);
    return true;
  });
  await new Promise((r) => setTimeout(r, 350));
});

Deno.test("a connection that dies mid-body is a NetworkError, on the direct path and the general one", async () => {
  await using srv = startEchoServer();
  const breaking = () =>
    new Response(
      new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"id":"u","name":"Ada'));
        },
        pull(controller) {
          controller.error(new Error("server went away"));
        },
      }),
      { headers: { "content-type": "application/json" } },
    );
  // Token known, no retries, nothing watching: the direct path.
  const direct = new PlatformClient({ basePath: srv.url, accessToken: "tok" });
  // Retries on: the general path.
  const general = new PlatformClient({
    basePath: srv.url,
    accessToken: "tok",
    retry: { retryMax: 1, retryWaitMin: 1, retryWaitMax: 2 },
  });
  for (const client of [direct, general]) {
    srv.reply(breaking);
    // With retries on, an idempotent call whose body is cut off is sent again: cut it twice.
    if (client === general) srv.reply(breaking);
    await assert.rejects(client.call(getUser, ["u"]), (e: unknown) => {
      assert.ok(e instanceof NetworkError, String(e));
      assert.match(e.message, /getUser/);
      assert.doesNotMatch(e.message, /tok/);
      return true;
    });
  }
});

Deno.test("regions, environment and gateway produce the official URLs", () => {
  const c = new PlatformClient({ environment: "eusc_de_east_1" });
  assert.equal(c.config.urls.api, "https://api.edee1.eusc-pure.cloud");
  assert.equal(c.config.urls.login, "https://login.edee1.eusc-pure.cloud");
  c.setEnvironment("mypurecloud.ie");
  assert.equal(c.config.urls.api, "https://api.mypurecloud.ie");
  c.setGateway({
    host: "gw.example.com",
    port: 8443,
    pathParamsLogin: "/login/",
    pathParamsApi: "x/api",
  });
  assert.equal(c.config.urls.api, "https://gw.example.com:8443/x/api");
  assert.equal(c.config.urls.login, "https://gw.example.com:8443/login");
  assert.throws(() => c.setGateway({ host: "gw", port: 70000 }), /gateway.port/);
  assert.equal(c.config.urls.api, "https://gw.example.com:8443/x/api"); // nothing half-applied
  // The official SDK's spelling is read as it means (the root loads the compat entry); never
  // dropped, which would send requests to the gateway's root. Other unknown fields throw.
  c.setGateway({ host: "gw2", path_params_login: "login", path_params_api: "api" } as never);
  assert.equal(c.config.urls.api, "https://gw2/api");
  assert.equal(c.config.urls.login, "https://gw2/login");
  assert.throws(
    () => c.setGateway({ host: "gw2", path_params_apis: "api" } as never),
    (e) =>
      e instanceof ConfigurationError &&
      /gateway\.path_params_apis is not a gateway field \(.*pathParamsLogin, pathParamsApi/.test(
        e.message,
      ),
  );
  c.setGateway({ host: "gw.example.com", port: 8443, pathParamsApi: "x/api" });
  assert.throws(
    () => new PlatformClient({ gateway: { host: "gw", prot: "http" } as never }),
    /gateway\.prot /,
  );
  assert.equal(c.config.urls.api, "https://gw.example.com:8443/x/api");
  c.setGateway({ host: "gw3", username: "u", password: "p" });
  assert.equal(c.config.urls.api, "https://gw3");
  assert.throws(() => c.setEnvironment("not a domain"), /not a domain/);
});

Deno.test("a bad per-call timeoutMs is a ParameterError; nothing is sent", async () => {
  await using srv = startEchoServer();
  const client = new PlatformClient({ basePath: srv.url });
  // 2 ** 31 ms: longer than a timer can wait (it would fire at once).
  for (const timeoutMs of [0, -5, Number.NaN, Infinity, 2 ** 31]) {
    await assert.rejects(
      client.call(getUser, ["u"], { timeoutMs }),
      /getUser: parameter "timeoutMs" must be a positive number of milliseconds up to 2147483647/,
    );
  }
  assert.equal(srv.seen.length, 0);
  assert.throws(() => new PlatformClient({ timeoutMs: 2 ** 31 }), ConfigurationError);
  // The longest limit there is works: the call is not cut short by an overflowing timer.
  srv.reply(() => Response.json({ id: "u" }));
  assert.equal(
    (await client.call<{ id: string }>(getUser, ["u"], { timeoutMs: 2 ** 31 - 1 })).id,
    "u",
  );
});

Deno.test("bad headers and tokens are refused where they are given, never echoing a value", async () => {
  await using srv = startEchoServer();
  const client = new PlatformClient({ basePath: srv.url, accessToken: "tok" });
  const bad = (run: () => unknown, type: new (...args: never[]) => Error, pattern: RegExp) =>
    assert.throws(
      run,
      (e) =>
        e instanceof type && pattern.test((e as Error).message) &&
        !(e as Error).message.includes("s3cret"),
    );
  bad(
    () => new PlatformClient({ defaultHeaders: { "X Team": "blue" } }),
    ConfigurationError,
    /defaultHeaders: a header name is not an HTTP token/,
  );
  bad(
    () => client.setDefaultHeaders({ "x-key": "s3cret\r\nx-evil: 1" }),
    ConfigurationError,
    /defaultHeaders: header "x-key" must be a string without control characters/,
  );
  bad(
    () => client.setDefaultHeaders("x-a: 1" as unknown as Record<string, string>),
    ConfigurationError,
    /defaultHeaders: must be an object/,
  );
  bad(
    () => client.config.set({ defaultHeaders: { "x-n": 1 as unknown as string } }),
    ConfigurationError,
    /defaultHeaders: header "x-n" must be a string without control characters/,
  );
  bad(
    () => new PlatformClient({ accessToken: "s3cret\n" }),
    ConfigurationError,
    /^accessToken must be a string without control characters/,
  );
  bad(
    () => client.setAccessToken("s3cret€"),
    ParameterError,
    /setAccessToken: parameter "token" must be a string without control characters/,
  );
  bad(
    () => new PlatformClient({ transport: "fetch" as unknown as undefined }),
    ConfigurationError,
    /transport must be a function/,
  );
  bad(
    () => new PlatformClient({ basePath: "https://gw.example.com/?" }),
    ConfigurationError,
    /basePath must be an absolute http or https URL without query, fragment/,
  );
  // Nothing was half-applied: the client still sends its token and no extra header.
  srv.reply(() => Response.json({ id: "u" }));
  await client.call(getUser, ["u"]);
  assert.equal(srv.seen[0].headers.get("authorization"), "Bearer tok");
  assert.equal(srv.seen[0].headers.get("x-key"), null);

  // Per call: a ParameterError naming the parameter, before anything is sent (not a failed
  // connection, which retries would repeat).
  const call = (opts: object) => client.call(getUser, ["u"], opts);
  await assert.rejects(
    call({ customHeaders: { "Bad Header": "x" } }),
    (e) =>
      e instanceof ParameterError && e.parameter === "customHeaders" &&
      /is invalid: a header name is not an HTTP token/.test(e.message),
  );
  await assert.rejects(
    call({ ifMatch: "s3cret\r\nx-evil: 1" }),
    (e) =>
      e instanceof ParameterError && e.parameter === "ifMatch" && !e.message.includes("s3cret"),
  );
  assert.equal(srv.seen.length, 1);
});
