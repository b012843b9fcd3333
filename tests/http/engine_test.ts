/**
 * The one request engine, through both clients: what is retried and what is not (a POST that
 * may have reached a server is never replayed), `Retry-After` never cut short, the typed error
 * body. Each case runs on `PlatformClient` and on `LiteClient`, which share the engine.
 */

import assert from "node:assert/strict";
import {
  ApiError,
  type ApiErrorBody,
  type Endpoint,
  LiteClient,
  NetworkError,
  type OperationClient,
  PlatformClient,
  type RetryConfiguration,
} from "../../mod.ts";

const postUser: Endpoint = {
  name: "postUsers",
  method: "POST",
  path: "/api/v2/users",
  params: [{ name: "body", in: "body", required: true }],
};
const patchUser: Endpoint = {
  name: "patchUser",
  method: "PATCH",
  path: "/api/v2/users/{userId}",
  params: [{ name: "userId", in: "path", required: true }, {
    name: "body",
    in: "body",
    required: true,
  }],
};
const getUser: Endpoint = {
  name: "getUser",
  method: "GET",
  path: "/api/v2/users/{userId}",
  params: [{ name: "userId", in: "path", required: true }],
};

type Answer = () => Response | Promise<Response>;

/** A transport that answers with `answers` in turn and counts what it was sent. */
function scripted(answers: Answer[]) {
  const sent: string[] = [];
  const transport = (request: Request) => {
    sent.push(request.method);
    const next = answers.shift();
    if (!next) return Promise.reject(new Error("no more answers"));
    return Promise.resolve().then(next);
  };
  return { sent, transport };
}

const CLIENTS: [
  string,
  (t: (r: Request) => Promise<Response>, retry: RetryConfiguration) => OperationClient,
][] = [
  ["PlatformClient", (transport, retry) =>
    new PlatformClient({
      basePath: "https://api.test.invalid",
      accessToken: "t",
      liveReloadConfig: false,
      transport,
      retry,
    })],
  ["LiteClient", (transport, retry) =>
    new LiteClient({
      basePath: "https://api.test.invalid",
      accessToken: "t",
      transport,
      retry: retry as Pick<RetryConfiguration, "retryMax">,
    })],
];

const fast = { retryMax: 3, retryWaitMin: 1, retryWaitMax: 5 };
const status = (code: number, headers?: HeadersInit): Answer => () =>
  Response.json({ code: `s${code}`, message: `answer ${code}` }, { status: code, headers });
const created: Answer = () => Response.json({ id: "u1" }, { status: 201 });

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return await promise.then(() => assert.fail("expected a failure"), (e) => e);
}

for (const [name, make] of CLIENTS) {
  Deno.test(`${name}: a POST or PATCH answered 500, 502 or 504 is not replayed`, async () => {
    for (const endpoint of [postUser, patchUser]) {
      for (const code of [500, 502, 503, 504]) {
        const { sent, transport } = scripted([status(code), created]);
        const client = make(transport, fast);
        const args = endpoint === postUser ? [{ name: "x" }] : ["u1", { name: "x" }];
        const error = await failure(client.call(endpoint, args));
        assert.ok(error instanceof ApiError, `${endpoint.method} ${code}`);
        assert.equal(error.status, code);
        assert.deepEqual(sent, [endpoint.method], `${endpoint.method} after ${code}: sent once`);
      }
    }
  });

  Deno.test(`${name}: a GET answered 502 is retried; a POST answered 429 is retried`, async () => {
    const get = scripted([status(502), () => Response.json({ id: "u1" })]);
    assert.deepEqual(await make(get.transport, fast).call(getUser, ["u1"]), { id: "u1" });
    assert.deepEqual(get.sent, ["GET", "GET"]);
    const post = scripted([status(429, { "retry-after": "0" }), created]);
    assert.deepEqual(await make(post.transport, fast).call(postUser, [{ name: "x" }]), {
      id: "u1",
    });
    assert.deepEqual(post.sent, ["POST", "POST"]);
  });

  Deno.test(`${name}: retryNonIdempotent opts a POST into 5xx retries`, async () => {
    const post = scripted([status(502), created]);
    const client = make(post.transport, { ...fast, retryNonIdempotent: true });
    assert.deepEqual(await client.call(postUser, [{ name: "x" }]), { id: "u1" });
    assert.deepEqual(post.sent, ["POST", "POST"]);
  });

  Deno.test(`${name}: a POST that never left is resent; one that may have left is not`, async () => {
    const refused = () => {
      throw Object.assign(new TypeError("connect failed"), { code: "ECONNREFUSED" });
    };
    const never = scripted([refused, created]);
    assert.deepEqual(await make(never.transport, fast).call(postUser, [{ name: "x" }]), {
      id: "u1",
    });
    assert.deepEqual(never.sent, ["POST", "POST"]);
    const reset = () => {
      throw new TypeError("connection reset");
    };
    const maybe = scripted([reset, created]);
    const error = await failure(make(maybe.transport, fast).call(postUser, [{ name: "x" }]));
    assert.ok(error instanceof NetworkError);
    assert.deepEqual(maybe.sent, ["POST"]);
  });

  Deno.test(`${name}: Retry-After longer than retryWaitMax ends the call at once`, async () => {
    const { sent, transport } = scripted([status(429, { "retry-after": "5" }), created]);
    const client = make(transport, { retryMax: 3, retryWaitMin: 1, retryWaitMax: 500 });
    const started = performance.now();
    const error = await failure(client.call(getUser, ["u1"]));
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 429);
    assert.equal(error.retryAfterMs, 5_000);
    assert.deepEqual(sent, ["GET"], "never retried before the server's Retry-After");
    assert.ok(performance.now() - started < 4_000, "gave up at once instead of waiting");
  });

  Deno.test(`${name}: a retry never goes out before Retry-After`, async () => {
    const times: number[] = [];
    const { transport } = scripted([
      () => (times.push(performance.now()), status(429, { "retry-after": "0.3" })()),
      () => (times.push(performance.now()), Response.json({ id: "u1" })),
    ]);
    const client = make(transport, { retryMax: 1, retryWaitMin: 1, retryWaitMax: 1_000 });
    assert.deepEqual(await client.call(getUser, ["u1"]), { id: "u1" });
    assert.ok(times[1] - times[0] >= 290, `retried after ${times[1] - times[0]} ms`);
  });

  Deno.test(`${name}: Retry-After past the call's time limit ends it with the ApiError`, async () => {
    const { sent, transport } = scripted([status(503, { "retry-after": "2" }), created]);
    const client = make(transport, { retryMax: 3, retryWaitMin: 1, retryWaitMax: 60_000 });
    const error = await failure(client.call(getUser, ["u1"], { timeoutMs: 1_000 }));
    assert.ok(error instanceof ApiError && error.status === 503 && error.retryAfterMs === 2_000);
    assert.deepEqual(sent, ["GET"]);
  });

  Deno.test(`${name}: ApiError.body is the typed error body; raw text in .text`, async () => {
    const body = {
      message: "Field name is required",
      code: "bad.request",
      status: 400,
      messageWithParams: "Field {field} is required",
      messageParams: { field: "name" },
      errors: [{ code: "missing" }],
      limit: { key: "k", namespace: "platform.api", value: 300 },
    };
    const { transport } = scripted([
      () => Response.json(body, { status: 400 }),
      () => new Response("<html>gateway</html>", { status: 502 }),
    ]);
    const client = make(transport, { retryMax: 0 });
    const error = await failure(client.call(getUser, ["u1"])) as ApiError;
    const typed: ApiErrorBody = error.body;
    const field: string | undefined = typed.messageParams?.field;
    assert.equal(field, "name");
    assert.equal(typed.limit?.value, 300);
    assert.equal(typed.errors?.[0].code, "missing");
    assert.equal(error.text, JSON.stringify(body));
    const html = await failure(client.call(getUser, ["u1"])) as ApiError;
    assert.deepEqual(html.body, {});
    assert.equal(html.text, "<html>gateway</html>");
  });
}

Deno.test("ApiErrorBody names every property of the definition's ErrorBody", async () => {
  const definition = JSON.parse(
    await Deno.readTextFile(
      new URL("../../../shared/genesys-api/platform-api-v2.2025-07.json", import.meta.url),
    ),
  );
  const source = await Deno.readTextFile(new URL("../../src/base/errors.ts", import.meta.url));
  const block = (name: string) => {
    const m = source.match(new RegExp(`export interface ${name} \\{([\\s\\S]*?)\\n\\}`));
    assert.ok(m, name);
    return [...m[1].matchAll(/^ {2}(\w+)\?:/gm)].map((p) => p[1]).sort();
  };
  const props = (name: string) => Object.keys(definition.definitions[name].properties).sort();
  assert.deepEqual(block("ApiErrorBody"), props("ErrorBody"));
  assert.deepEqual(block("ApiErrorLimit"), props("Limit"));
  for (const key of props("Detail")) assert.ok(source.includes(`  ${key}?: string;`), key);
});
