import assert from "node:assert/strict";
import { LiteClient } from "../../src/client/lite_client.ts";
// The retry rules are a feature (`@cxkit/genesys-cloud/retry`): the retry tests below need them.
import "../../src/features/retry.ts";
import { UsersApi } from "../../src/generated/apis/users.js";
import { WebChatApi } from "../../src/generated/apis/webchat.js";
import { SCIMApi } from "../../src/generated/apis/scim.js";
import {
  AbortedError,
  ApiError,
  AuthError,
  ConfigurationError,
  NetworkError,
  ParameterError,
  TimeoutError,
  UnsupportedRuntimeError,
} from "../../src/base/errors.ts";
import { TokenRequestError } from "../../src/auth/errors.ts";
import { ApiBase } from "../../src/operations/api_base.ts";
import { setSharedClient } from "../../src/operations/operation_client.ts";
import { startEchoServer } from "../_helpers/echo_server.ts";

const token = (value: string, expiresIn = 86_400) => () =>
  Response.json({ access_token: value, token_type: "bearer", expires_in: expiresIn });

const failure = (p: Promise<unknown>) =>
  p.then(() => assert.fail("expected a rejection"), (e) => e);

Deno.test("LiteClient: the login request's bytes, and AuthData back", async () => {
  await using server = startEchoServer();
  const client = new LiteClient({ basePath: server.url, loginBasePath: server.url });
  server.reply(token("t1", 3600));
  const before = Date.now();
  const auth = await client.loginClientCredentialsGrant("id", "sécret");
  const login = server.seen[0];
  assert.equal(login.method, "POST");
  assert.equal(login.path, "/oauth/token");
  // UTF-8 before base64, as RFC 7617 asks (plain btoa would throw on "é").
  assert.equal(login.headers.get("authorization"), "Basic aWQ6c8OpY3JldA==");
  assert.equal(login.headers.get("content-type"), "application/x-www-form-urlencoded");
  assert.equal(login.body, "grant_type=client_credentials");
  assert.equal(auth.accessToken, "t1");
  assert.equal(auth.expiresIn, 3600);
  assert.ok(
    auth.tokenExpiryTime! >= before + 3_600_000 && auth.tokenExpiryTime! <= Date.now() + 3_600_000,
  );
  assert.equal(auth.tokenExpiryTimeString, new Date(auth.tokenExpiryTime!).toUTCString());
});

Deno.test("LiteClient: a call's bytes through a generated API class", async () => {
  await using server = startEchoServer();
  const client = new LiteClient({
    basePath: server.url,
    accessToken: "tok",
    defaultHeaders: { "X-App": "demo" },
  });
  const users = new UsersApi(client);
  assert.equal(users.client, client);
  server.reply(() => Response.json({ name: "Ada" }, { headers: { "inin-correlation-id": "c-1" } }));
  const got = await users.getUsersMe({ expand: ["presence", "skills"] }).withResponse();
  assert.equal(got.data.name, "Ada");
  assert.equal(got.status, 200);
  assert.equal(got.correlationId, "c-1");
  const req = server.seen[0];
  assert.equal(req.method, "GET");
  assert.equal(req.path, "/api/v2/users/me");
  assert.equal(req.search, "?expand=presence&expand=skills");
  assert.equal(req.headers.get("authorization"), "Bearer tok");
  assert.equal(req.headers.get("x-app"), "demo");
  assert.equal(req.headers.get("accept"), "application/json");

  server.reply(() => new Response(null, { status: 204 }));
  await users.patchUser("u 1", { name: "Ada L", version: 2 });
  const patch = server.seen[1];
  assert.equal(patch.method, "PATCH");
  assert.equal(patch.path, "/api/v2/users/u%201");
  assert.equal(patch.headers.get("content-type"), "application/json");
  assert.deepEqual(JSON.parse(patch.body), { name: "Ada L", version: 2 });
});

Deno.test("LiteClient: a 401 renews the token once and resends; concurrent calls share one renewal", async () => {
  await using server = startEchoServer();
  const client = new LiteClient({ basePath: server.url, loginBasePath: server.url });
  server.reply(token("t1"));
  await client.loginClientCredentialsGrant("id", "secret");
  const users = new UsersApi(client);
  // Three calls meet a 401; one token request; each call is resent once with the new token.
  let seenOld = 0;
  const handler = (req: { headers: Headers; path: string }) => {
    if (req.path === "/oauth/token") return token("t2")();
    if (req.headers.get("authorization") === "Bearer t1") {
      seenOld++;
      return new Response("{}", { status: 401 });
    }
    return Response.json({ id: "ok" });
  };
  for (let i = 0; i < 7; i++) server.reply(handler);
  const results = await Promise.all([0, 1, 2].map((i) => users.getUser(`u${i}`)));
  assert.deepEqual(results.map((r) => r.id), ["ok", "ok", "ok"]);
  assert.equal(seenOld, 3);
  assert.equal(server.seen.filter((r) => r.path === "/oauth/token").length, 2);

  // A second 401 in the same call surfaces as an ApiError (no loop).
  server.reply(() => new Response("{}", { status: 401 }));
  server.reply(token("t3"));
  server.reply(() => Response.json({ message: "still no" }, { status: 401 }));
  const error = await failure(users.getUser("u9"));
  assert.ok(error instanceof ApiError);
  assert.equal(error.status, 401);
});

Deno.test("LiteClient: a token due for renewal is renewed before the call", async () => {
  await using server = startEchoServer();
  const client = new LiteClient({ basePath: server.url, loginBasePath: server.url });
  // A 1 s token: renewed at half its life at the latest.
  server.reply(token("short", 1));
  await client.loginClientCredentialsGrant("id", "secret");
  await new Promise((resolve) => setTimeout(resolve, 600));
  server.reply(token("fresh"));
  server.reply(() => Response.json({ id: "u1" }));
  await new UsersApi(client).getUser("u1");
  assert.deepEqual(
    server.seen.map((r) => `${r.path} ${r.headers.get("authorization")?.split(" ")[0]}`),
    ["/oauth/token Basic", "/oauth/token Basic", "/api/v2/users/u1 Bearer"],
  );
  assert.equal(server.seen[2].headers.get("authorization"), "Bearer fresh");
});

Deno.test("LiteClient: retries 429 and 5xx as configured, waiting as Retry-After says", async () => {
  await using server = startEchoServer();
  const client = new LiteClient({
    basePath: server.url,
    accessToken: "tok",
    retry: { retryMax: 2, retryWaitMin: 0, retryWaitMax: 50 },
  });
  const users = new UsersApi(client);
  server.reply(() => new Response("{}", { status: 429, headers: { "retry-after": "0" } }));
  server.reply(() => new Response("{}", { status: 503 }));
  server.reply(() => Response.json({ id: "u1" }));
  assert.equal((await users.getUser("u1")).id, "u1");
  assert.equal(server.seen.length, 3);

  // retryMax 2: the third 5xx is the answer.
  for (let i = 0; i < 3; i++) server.reply(() => new Response("{}", { status: 500 }));
  const error = await failure(users.getUser("u1"));
  assert.ok(error instanceof ApiError);
  assert.equal(error.status, 500);
  assert.equal(server.seen.length, 6);

  // 501 is not retried; and no retries by default.
  server.reply(() => new Response("{}", { status: 501 }));
  assert.equal((await failure(users.getUser("u1"))).status, 501);
  const plain = new UsersApi(new LiteClient({ basePath: server.url, accessToken: "tok" }));
  server.reply(() => new Response("{}", { status: 429, headers: { "retry-after": "0" } }));
  assert.equal((await failure(plain.getUser("u1"))).status, 429);
  assert.equal(server.seen.length, 8);

  // A Retry-After past the call's time limit: the 429 is the answer, at once, not a TimeoutError.
  const patient = new UsersApi(
    new LiteClient({ basePath: server.url, accessToken: "tok", retry: { retryMax: 3 } }),
  );
  server.reply(() => new Response("{}", { status: 429, headers: { "retry-after": "7" } }));
  const limited = await failure(patient.getUser("u1", { timeoutMs: 2_000 }));
  assert.ok(limited instanceof ApiError, String(limited));
  assert.equal(limited.status, 429);
  assert.equal(limited.headers.get("retry-after"), "7");
  assert.equal(server.seen.length, 9);
});

Deno.test("LiteClient: failed connections are retried for idempotent methods only", async () => {
  let attempts: string[] = [];
  const transport = (request: Request) => {
    attempts.push(request.method);
    return attempts.length < 3
      ? Promise.reject(new TypeError("connection reset"))
      : Promise.resolve(Response.json({ id: "u1" }));
  };
  const client = new LiteClient({
    accessToken: "tok",
    transport,
    retry: { retryMax: 3, retryWaitMin: 0, retryWaitMax: 5 },
  });
  const users = new UsersApi(client);
  assert.equal((await users.getUser("u1")).id, "u1");
  assert.deepEqual(attempts, ["GET", "GET", "GET"]);

  attempts = [];
  const error = await failure(
    users.postUsers({ name: "x", email: "x@example.com", divisionId: "d1" }),
  );
  assert.ok(error instanceof NetworkError);
  assert.match(
    error.message,
    /postUsers: POST https:\/\/api\.mypurecloud\.com\/api\/v2\/users failed: connection reset/,
  );
  assert.deepEqual(attempts, ["POST"]);
});

Deno.test("LiteClient: the transport sees every request, the token request included", async () => {
  const seen: string[] = [];
  const client = new LiteClient({
    environment: "mypurecloud.ie",
    transport: (request) => {
      seen.push(`${request.method} ${request.url}`);
      return Promise.resolve(
        request.url.endsWith("/oauth/token") ? token("t")() : Response.json({ id: "me" }),
      );
    },
  });
  await client.loginClientCredentialsGrant("id", "secret");
  await new UsersApi(client).getUsersMe();
  assert.deepEqual(seen, [
    "POST https://login.mypurecloud.ie/oauth/token",
    "GET https://api.mypurecloud.ie/api/v2/users/me",
  ]);
});

Deno.test("LiteClient: time limit and the caller's signal", async () => {
  const hang = (request: Request) =>
    new Promise<Response>((_, reject) => {
      request.signal.addEventListener("abort", () => reject(request.signal.reason));
    });
  const users = new UsersApi(
    new LiteClient({ accessToken: "tok", transport: hang, timeoutMs: 50 }),
  );
  const timedOut = await failure(users.getUser("u1"));
  assert.ok(timedOut instanceof TimeoutError);
  assert.match(timedOut.message, /getUser: GET .*\/users\/u1 timed out after 50 ms/);

  const controller = new AbortController();
  const call = users.getUser("u1", { signal: controller.signal, timeoutMs: 5_000 });
  controller.abort(new Error("user went away"));
  const aborted = await failure(call);
  assert.ok(aborted instanceof AbortedError);

  const bad = await failure(users.getUser("u1", { timeoutMs: -1 }));
  assert.ok(bad instanceof ParameterError);
  assert.equal(bad.parameter, "timeoutMs");
});

Deno.test("LiteClient: token request failures are typed and never carry the secret", async () => {
  await using server = startEchoServer();
  const client = new LiteClient({ basePath: server.url, loginBasePath: server.url });
  const secret = "s3cr3t-value";
  server.reply(() =>
    Response.json(
      {
        error: "invalid_client",
        error_description: `bad secret ${secret} for ${btoa(`id:${secret}`)}`,
      },
      { status: 401 },
    )
  );
  const error = await failure(client.loginClientCredentialsGrant("id", secret));
  assert.ok(error instanceof TokenRequestError);
  assert.ok(error instanceof AuthError);
  assert.equal(error.error, "invalid_client");
  assert.equal(error.status, 401);
  assert.ok(!error.message.includes(secret), error.message);
  assert.ok(!error.message.includes(btoa(`id:${secret}`)), error.message);
  assert.match(error.message, /\[REDACTED\]/);

  // After a login, a call whose 401 needs a renewal that fails gets the renewal's error.
  server.reply(token("t1"));
  await client.loginClientCredentialsGrant("id", secret);
  server.reply(() => new Response("{}", { status: 401 }));
  server.reply(() => Response.json({ error: "invalid_client" }, { status: 401 }));
  const sent = server.seen.length;
  const callError = await failure(new UsersApi(client).getUser("u1"));
  assert.ok(callError instanceof TokenRequestError);
  assert.deepEqual(server.seen.slice(sent).map((r) => r.path), [
    "/api/v2/users/u1",
    "/oauth/token",
  ]);
});

Deno.test("LiteClient: bad options and arguments throw typed errors naming them", () => {
  const bad = (options: object, pattern: RegExp) =>
    assert.throws(
      () => new LiteClient(options),
      (e) => e instanceof ConfigurationError && pattern.test(e.message),
    );
  bad({ environment: "eu_west_1" }, /environment "eu_west_1" is not a domain.*REGIONS/);
  // A password in the environment is never echoed.
  bad({ environment: "https://u:hunter2@api.example.com" }, /environment \(value hidden/);
  bad({ environment: "mypurecloud.ie/path" }, /environment/);
  bad({ basePath: "ftp://example.com" }, /basePath must be an absolute http or https URL/);
  bad({ loginBasePath: "https://user:pw@example.com" }, /loginBasePath/);
  bad({ timeoutMs: 0 }, /timeoutMs must be a positive number/);
  // The same checks as PlatformClient's `retry` setting.
  bad({ retry: { retryMax: -1 } }, /retry\.retryMax must be an integer >= 0, got -1/);
  bad({ retry: { retryMax: 1.5 } }, /retry\.retryMax must be an integer >= 0/);
  bad(
    { retry: { retryWaitMin: 500, retryWaitMax: 100 } },
    /retryWaitMin \(500 ms\) must not exceed/,
  );
  bad({ retry: { retryWaitMax: "5" } }, /retry\.retryWaitMax must be a number of milliseconds/);
  bad({ retry: "often" }, /retry must be an object/);
  // A password in a base URL is never echoed.
  assert.throws(
    () => new LiteClient({ basePath: "https://user:hunter2@example.com" }),
    (e) => e instanceof ConfigurationError && !e.message.includes("hunter2"),
  );
  assert.throws(() => new LiteClient().setAccessToken(42 as unknown as string), ParameterError);
  // `new URL` forgets an empty query or fragment; the client does not.
  bad({ basePath: "https://gw.example.com/?" }, /basePath must be .* without query, fragment/);
  bad({ loginBasePath: "https://gw.example.com#" }, /loginBasePath/);
  // Timers take a signed 32-bit delay: a longer limit would fire at once.
  bad(
    { timeoutMs: 2 ** 31 },
    /timeoutMs must be a positive number of milliseconds up to 2147483647/,
  );
  bad({ timeoutMs: "5000" }, /timeoutMs/);
  bad({ transport: "fetch" }, /transport must be a function/);
  bad({ defaultHeaders: "x-team: blue" }, /defaultHeaders: must be an object/);
  bad(
    { defaultHeaders: { "X Team": "blue" } },
    /defaultHeaders: a header name is not an HTTP token/,
  );
  bad(
    { defaultHeaders: { "x-n": 1 } },
    /defaultHeaders: header "x-n" must be a string without control characters/,
  );
  bad(
    { defaultHeaders: { "x-a": "a\r\nb" } },
    /defaultHeaders: header "x-a" must be a string without control characters/,
  );
  // A token a header cannot carry is refused where it is given, and never echoed.
  for (const secret of ["tok\nen-s3cret", "tok€n-s3cret", "tok\x01en-s3cret"]) {
    assert.throws(
      () => new LiteClient({ accessToken: secret }),
      (e) =>
        e instanceof ConfigurationError &&
        /^accessToken must be a string without control characters/.test(e.message),
    );
  }
  const client = new LiteClient({ accessToken: "good" });
  assert.throws(
    () => client.setAccessToken("bad\r\ntoken-s3cret"),
    (e) => e instanceof ParameterError && e.parameter === "token" && !e.message.includes("s3cret"),
  );
});

Deno.test("LiteClient: an environment given as an API or login URL names the same hosts", async () => {
  for (
    const environment of ["https://api.mypurecloud.de/", "login.mypurecloud.de", "MyPureCloud.DE"]
  ) {
    const seen: string[] = [];
    const client = new LiteClient({
      environment,
      transport: (request) => {
        seen.push(request.url);
        return Promise.resolve(
          request.url.endsWith("/oauth/token") ? token("t1")() : Response.json({ id: "me" }),
        );
      },
    });
    await client.loginClientCredentialsGrant("id", "secret");
    await new UsersApi(client).getUsersMe();
    assert.deepEqual(seen, [
      "https://login.mypurecloud.de/oauth/token",
      "https://api.mypurecloud.de/api/v2/users/me",
    ], environment);
  }
});

Deno.test("LiteClient: a bad custom header or header parameter is a ParameterError, not a failed connection", async () => {
  let sent = 0;
  const client = new LiteClient({
    accessToken: "tok",
    retry: { retryMax: 3, retryWaitMin: 1, retryWaitMax: 1 },
    transport: () => {
      sent++;
      return Promise.resolve(Response.json({}));
    },
  });
  const users = new UsersApi(client);
  const badName = await failure(users.getUsersMe({ customHeaders: { "Bad Header": "x" } }));
  assert.ok(badName instanceof ParameterError);
  assert.equal(badName.parameter, "customHeaders");
  assert.match(badName.message, /a header name is not an HTTP token/);
  const badValue = await failure(
    users.getUsersMe({ customHeaders: { "x-key": "s3cret\r\nx-evil: 1" } }),
  );
  assert.ok(badValue instanceof ParameterError);
  assert.match(badValue.message, /header "x-key" must be a string without control characters/);
  assert.ok(!badValue.message.includes("s3cret"));
  // `DELETE /scim/users/{userId}` has an `If-Match` header parameter.
  const badParam = await failure(
    new SCIMApi(client).deleteScimUser("u1", { ifMatch: 'W/"1"\r\nx-evil: 1' }),
  );
  assert.ok(badParam instanceof ParameterError);
  assert.equal(badParam.parameter, "ifMatch");
  assert.match(
    badParam.message,
    /must be a string without control characters or characters above U\+00FF/,
  );
  assert.equal(sent, 0);
  await new SCIMApi(client).deleteScimUser("u1", { ifMatch: 'W/"1"' });
  assert.equal(sent, 1);
});

Deno.test("LiteClient: a call's time limit and signal also bound its wait for a token renewal", async () => {
  let logins = 0;
  let hanging: ((response: Response) => void) | undefined;
  const client = new LiteClient({
    timeoutMs: 5_000,
    transport: (request) => {
      if (!request.url.endsWith("/oauth/token")) return Promise.resolve(Response.json({ id: "u" }));
      // The first login gives a token already due for renewal; the renewal hangs.
      if (++logins === 1) return Promise.resolve(token("t1", 0.02)());
      return new Promise((resolve) => hanging = resolve);
    },
  });
  await client.loginClientCredentialsGrant("id", "secret");
  await new Promise((resolve) => setTimeout(resolve, 30));
  const users = new UsersApi(client);
  const started = performance.now();
  const timedOut = await failure(users.getUser("u1", { timeoutMs: 50 }));
  assert.ok(timedOut instanceof TimeoutError, String(timedOut));
  const controller = new AbortController();
  const aborted = failure(users.getUser("u1", { signal: controller.signal }));
  controller.abort();
  assert.ok((await aborted) instanceof AbortedError);
  // Both gave up well before the client's 5 s limit; the one renewal is still in flight.
  assert.ok(performance.now() - started < 2_000);
  assert.equal(logins, 2);
  // When it answers, waiting calls and new ones use its token.
  hanging!(token("t2")());
  assert.equal((await users.getUser("u1")).id, "u");
  assert.equal(logins, 2);
});

Deno.test("LiteClient: a failed renewal ahead of expiry keeps the still valid token, and is tried again later", async () => {
  await using server = startEchoServer();
  const client = new LiteClient({ basePath: server.url, loginBasePath: server.url });
  // A 2 s token: due for renewal after 1 s, expired after 2 s.
  server.reply(token("t1", 2));
  await client.loginClientCredentialsGrant("id", "secret");
  await new Promise((resolve) => setTimeout(resolve, 1_050));
  server.reply(() => new Response("bad gateway", { status: 502 }));
  server.reply(() => Response.json({ id: "u1" }));
  server.reply(() => Response.json({ id: "u2" }));
  const users = new UsersApi(client);
  assert.equal((await users.getUser("u1")).id, "u1");
  // The next call does not ask again at once (the renewal is retried after a while).
  assert.equal((await users.getUser("u2")).id, "u2");
  assert.deepEqual(
    server.seen.map((r) => `${r.path} ${r.headers.get("authorization")?.split(" ")[0]}`),
    [
      "/oauth/token Basic",
      "/oauth/token Basic",
      "/api/v2/users/u1 Bearer",
      "/api/v2/users/u2 Bearer",
    ],
  );
  assert.equal(server.seen[2].headers.get("authorization"), "Bearer t1");
  assert.equal(server.seen[3].headers.get("authorization"), "Bearer t1");
});

Deno.test("LiteClient: a failed later login leaves the earlier credentials renewing as before", async () => {
  const seen: string[] = [];
  let issued = 0;
  const client = new LiteClient({
    transport: (request) => {
      const auth = request.headers.get("authorization") ?? "";
      seen.push(auth.startsWith("Basic ") ? `login ${atob(auth.slice(6))}` : auth);
      if (request.url.endsWith("/oauth/token")) {
        if (auth === `Basic ${btoa("b:wrong")}`) {
          return Promise.resolve(Response.json({ error: "invalid_client" }, { status: 401 }));
        }
        return Promise.resolve(token(`t${++issued}`)());
      }
      // t1 has been revoked: a 401 must bring a new token from the credentials in use.
      return Promise.resolve(
        auth === "Bearer t1" ? new Response("{}", { status: 401 }) : Response.json({ id: "u" }),
      );
    },
  });
  await client.loginClientCredentialsGrant("a", "secret-a");
  assert.ok((await failure(client.loginClientCredentialsGrant("b", "wrong"))) instanceof AuthError);
  assert.equal((await new UsersApi(client).getUser("u1")).id, "u");
  assert.deepEqual(seen, [
    "login a:secret-a",
    "login b:wrong",
    "Bearer t1",
    "login a:secret-a",
    "Bearer t2",
  ]);
});

Deno.test("LiteClient: no client credentials in a browser page; no guest tokens", async () => {
  const g = globalThis as { window?: unknown; document?: unknown };
  g.window = {};
  g.document = {};
  try {
    const error = await failure(new LiteClient().loginClientCredentialsGrant("id", "secret"));
    assert.ok(error instanceof UnsupportedRuntimeError);
  } finally {
    delete g.window;
    delete g.document;
  }
  let sent = 0;
  const client = new LiteClient({
    accessToken: "tok",
    transport: () => {
      sent++;
      return Promise.resolve(Response.json({}));
    },
  });
  // getWebchatGuestConversationMediarequests needs a guest token; LiteClient holds none.
  const error = await failure(
    new WebChatApi(client).getWebchatGuestConversationMediarequests("c1"),
  );
  assert.ok(error instanceof ConfigurationError);
  assert.match(error.message, /needs a guest token, which LiteClient does not hold/);
  assert.equal(sent, 0);
});

Deno.test("API classes without a client use the shared one, and say so when there is none", async () => {
  class PingApi extends ApiBase<LiteClient> {
    constructor(client?: LiteClient) {
      super(client, "getPing GET /api/v2/ping");
    }
  }
  type Ping = { getPing(): Promise<unknown> };
  const api = new PingApi() as unknown as Ping & { client: unknown };
  // Nothing in this test file makes PlatformClient.instance: there is no shared client yet.
  assert.throws(() => api.client, ConfigurationError);
  const none = await failure(api.getPing());
  assert.ok(none instanceof ConfigurationError);
  assert.match(none.message, /no client: give one to the API class/);
  let sent = 0;
  const shared = new LiteClient({
    accessToken: "tok",
    transport: () => {
      sent++;
      return Promise.resolve(Response.json({ pong: true }));
    },
  });
  setSharedClient(shared);
  assert.equal(api.client, shared);
  assert.deepEqual(await api.getPing(), { pong: true });
  assert.equal(sent, 1);
});

Deno.test("LiteClient: the latest credentials win over a login still in flight", async () => {
  await using server = startEchoServer();
  const client = new LiteClient({ basePath: server.url, loginBasePath: server.url });
  const users = new UsersApi(client);
  // The first login's answer comes late; a second login with other credentials starts meanwhile.
  let releaseFirst!: () => void;
  const firstHeld = new Promise<void>((resolve) => releaseFirst = resolve);
  server.reply(async () => {
    await firstHeld;
    return token("from-a")();
  });
  server.reply(token("from-b"));
  const first = client.loginClientCredentialsGrant("a", "secret-a");
  await new Promise((resolve) => setTimeout(resolve, 20));
  const second = await client.loginClientCredentialsGrant("b", "secret-b");
  assert.equal(second.accessToken, "from-b");
  releaseFirst();
  assert.equal((await first).accessToken, "from-a");
  server.reply(() => Response.json({ id: "u1" }));
  await users.getUser("u1");
  assert.deepEqual(
    server.seen.map((r) => r.headers.get("authorization")),
    [`Basic ${btoa("a:secret-a")}`, `Basic ${btoa("b:secret-b")}`, "Bearer from-b"],
  );

  // A token set while a login is in flight wins too.
  let releaseLogin!: () => void;
  const loginHeld = new Promise<void>((resolve) => releaseLogin = resolve);
  server.reply(async () => {
    await loginHeld;
    return token("late")();
  });
  const login = client.loginClientCredentialsGrant("b", "secret-b");
  await new Promise((resolve) => setTimeout(resolve, 20));
  client.setAccessToken("set-by-hand");
  releaseLogin();
  await login;
  server.reply(() => Response.json({ id: "u1" }));
  await users.getUser("u1");
  assert.equal(server.seen.at(-1)!.headers.get("authorization"), "Bearer set-by-hand");
});

Deno.test("LiteClient: setAccessToken(undefined) or an empty accessToken means no token, as on PlatformClient", async () => {
  await using server = startEchoServer();
  const client = new LiteClient({ basePath: server.url, accessToken: "" });
  server.reply(() => Response.json({}));
  await new UsersApi(client).getUsersMe();
  assert.equal(server.seen[0].headers.get("authorization"), null);
  client.setAccessToken("t1");
  client.setAccessToken(undefined);
  server.reply(() => Response.json({}));
  await new UsersApi(client).getUsersMe();
  assert.equal(server.seen[1].headers.get("authorization"), null);
});

Deno.test("LiteClient: a server that refuses every new token does not get a token request per call", async () => {
  let tokenRequests = 0;
  let apiRequests = 0;
  const client = new LiteClient({
    transport: (request) => {
      if (request.url.endsWith("/oauth/token")) {
        tokenRequests++;
        return Promise.resolve(token(`t${tokenRequests}`)());
      }
      apiRequests++;
      return Promise.resolve(new Response('{"code":"bad.credentials"}', { status: 401 }));
    },
  });
  await client.loginClientCredentialsGrant("id", "secret");
  const users = new UsersApi(client);
  for (let i = 0; i < 20; i++) {
    const error = await failure(users.getUsersMe());
    assert.ok(error instanceof ApiError && error.status === 401, String(error));
  }
  // The first 401 renews once and resends; later ones within 10 s are answered as they are.
  assert.equal(tokenRequests, 2);
  assert.equal(apiRequests, 21);
});

Deno.test("LiteClient: a 401 while a login for other credentials is in flight renews the credentials in use", async () => {
  let releaseWrong: (() => void) | undefined;
  const seen: string[] = [];
  let issued = 0;
  const client = new LiteClient({
    transport: async (request) => {
      const auth = request.headers.get("authorization") ?? "";
      if (request.url.endsWith("/oauth/token")) {
        const who = atob(auth.slice(6)).split(":")[0];
        seen.push(`login ${who}`);
        if (who === "b") {
          await new Promise<void>((resolve) => releaseWrong = resolve);
          return Response.json({ error: "invalid_client" }, { status: 401 });
        }
        return token(`t${++issued}`)();
      }
      seen.push(auth);
      // t1 was revoked: only a renewed token works.
      return auth === "Bearer t1"
        ? new Response("{}", { status: 401 })
        : Response.json({ id: "u" });
    },
  });
  await client.loginClientCredentialsGrant("a", "secret-a");
  const wrong = failure(client.loginClientCredentialsGrant("b", "wrong"));
  assert.equal((await new UsersApi(client).getUser("u1")).id, "u");
  releaseWrong!();
  assert.ok((await wrong) instanceof AuthError);
  assert.deepEqual(seen, ["login a", "login b", "Bearer t1", "login a", "Bearer t2"]);
});

Deno.test("LiteClient: setAccessToken while a 401's body is being released does not break the call", async () => {
  let first = true;
  const client: LiteClient = new LiteClient({
    transport: (request) => {
      if (request.url.endsWith("/oauth/token")) return Promise.resolve(token("t1")());
      if (!first) return Promise.resolve(Response.json({ id: "u" }));
      first = false;
      // The app sets the token it holds again just then (same value, no renewal).
      const body = new ReadableStream({ cancel: () => client.setAccessToken("t1") });
      return Promise.resolve(new Response(body, { status: 401 }));
    },
  });
  await client.loginClientCredentialsGrant("id", "secret");
  assert.equal((await new UsersApi(client).getUsersMe()).id, "u");
});
