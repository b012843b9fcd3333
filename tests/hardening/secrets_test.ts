/**
 * Secrets never leak, in any encoding: an error body or header that repeats the token (as some
 * gateways do) leaves no trace of it in the `ApiError` (message, `String`, stack, JSON,
 * `Deno.inspect`, body, text, headers); the logger scrubs form-encoded secrets (`~` as `%7E`)
 * and token answers whatever their content type says.
 */

import assert from "node:assert/strict";
import {
  ApiError,
  type Endpoint,
  LiteClient,
  type LogRecord,
  type OperationClient,
  PlatformClient,
} from "../../mod.ts";

const getUser: Endpoint = {
  name: "getUser",
  method: "GET",
  path: "/api/v2/users/{userId}",
  params: [{ name: "userId", in: "path", required: true }],
};

/** Every form a secret can take that a leak could show. */
function forms(secret: string): string[] {
  const b64 = btoa(secret);
  return [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ v: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
    b64,
    b64.replace(/=+$/, ""),
    b64.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""),
  ];
}

function assertNoTrace(text: string, secret: string, where: string) {
  for (const form of forms(secret)) {
    assert.ok(!text.includes(form), `${where} shows the secret as ${JSON.stringify(form)}`);
  }
}

/** Everything a user can see of an error. */
function views(error: ApiError): Record<string, string> {
  return {
    message: error.message,
    string: String(error),
    stack: error.stack ?? "",
    json: JSON.stringify(error),
    inspect: Deno.inspect(error, { depth: 10 }),
    text: error.text,
    body: JSON.stringify(error.body),
    headers: JSON.stringify([...error.headers]),
  };
}

const TOKEN = "tok~en+/with=odd~chars*0123456789";
const SECRET = "s3cret~value with space";

/** A token endpoint and an API that echoes the request's credentials back in a 400. */
function echoingTransport(request: Request): Promise<Response> {
  if (request.url.endsWith("/oauth/token")) {
    return Promise.resolve(Response.json({ access_token: TOKEN, expires_in: 3600 }));
  }
  const auth = request.headers.get("authorization") ?? "";
  const token = auth.replace(/^Bearer /, "");
  return Promise.resolve(
    Response.json({
      code: "bad.request",
      message: `rejected header Authorization: ${auth} (${encodeURIComponent(token)}, ${
        btoa(token)
      }); your secret was ${SECRET} / ${new URLSearchParams({ s: SECRET })}`,
      messageParams: { header: auth },
    }, { status: 400, headers: { "x-echo-authorization": auth } }),
  );
}

const CLIENTS: [
  string,
  () => OperationClient & {
    loginClientCredentialsGrant(id: string, secret: string): Promise<unknown>;
  },
][] = [
  ["PlatformClient", () =>
    new PlatformClient({
      basePath: "https://api.test.example",
      loginBasePath: "https://login.test.example",
      liveReloadConfig: false,
      transport: echoingTransport,
    })],
  ["LiteClient", () =>
    new LiteClient({
      basePath: "https://api.test.example",
      loginBasePath: "https://login.test.example",
      transport: echoingTransport,
    })],
];

for (const [name, make] of CLIENTS) {
  Deno.test(`${name}: a server echoing the token and secret leaves no trace in the ApiError`, async () => {
    const client = make();
    await client.loginClientCredentialsGrant("client-id", SECRET);
    const error = await client.call(getUser, ["u1"]).then(() => undefined, (e) => e);
    assert.ok(error instanceof ApiError);
    assert.equal(error.code, "bad.request");
    for (const [view, text] of Object.entries(views(error))) {
      assertNoTrace(text, TOKEN, `${name} ${view}`);
      assertNoTrace(text, SECRET, `${name} ${view}`);
    }
    assert.match(error.message, /\[REDACTED\]/);
  });
}

Deno.test("logger: form-encoded secrets (~ as %7E, space as +) are scrubbed", async () => {
  const records: string[] = [];
  const verifier = "abc~def.ghi-jkl_mno~pqr~stu~vwx_yz0123456789~ABCDEFGHIJKLMNOPQRSTU";
  const code = "code~with (parens) and spaces*";
  const client = new PlatformClient({
    basePath: "https://api.test.example",
    loginBasePath: "https://login.test.example",
    liveReloadConfig: false,
    // A login server that echoes the form it got (form-encoded: `~` as `%7E`) in its error.
    transport: async (request) =>
      new Response(`invalid_grant for ${await request.text()}`, {
        status: 400,
        headers: { "content-type": "text/plain" },
      }),
    logging: {
      logLevel: "trace",
      logToConsole: false,
      logRequestBody: true,
      logResponseBody: true,
      sink: (_record: LogRecord, line: string) => void records.push(line),
    },
  });
  await client.authorizePKCEGrant("client-id", verifier, code, "https://app.example/cb")
    .catch(() => {});
  await client.close();
  assert.ok(records.length >= 1);
  for (const line of records) {
    assertNoTrace(line, verifier, "log line");
    assertNoTrace(line, code, "log line");
  }
});

Deno.test("logger: a token answer labelled octet-stream is redacted as a token answer", async () => {
  const records: LogRecord[] = [];
  const lines: string[] = [];
  const access = "AT-0123456789abcdefghijklmnop";
  const refresh = "RT-0123456789abcdefghijklmnop";
  const client = new PlatformClient({
    basePath: "https://api.test.example",
    loginBasePath: "https://login.test.example",
    liveReloadConfig: false,
    transport: () =>
      Promise.resolve(
        new Response(JSON.stringify({ access_token: access, refresh_token: refresh }), {
          headers: { "content-type": "application/octet-stream" },
        }),
      ),
    logging: {
      logLevel: "trace",
      logToConsole: false,
      logResponseBody: true,
      sink: (record: LogRecord, line: string) => void (records.push(record), lines.push(line)),
    },
  });
  await client.loginCodeAuthorizationGrant("id", "secret-value", "the-code-1234", "https://a/cb");
  await client.close();
  assert.ok(lines.length >= 1);
  for (const text of [...lines, JSON.stringify(records)]) {
    assertNoTrace(text, access, "token answer");
    assertNoTrace(text, refresh, "token answer");
  }
});
