import assert from "node:assert/strict";
import {
  AuthError,
  NetworkError,
  PlatformClient,
  TimeoutError,
  TOKEN_OPERATION,
  TokenRequestError,
} from "../../mod.ts";
import { FakePlatform, gate, LOGIN } from "./_fake.ts";

const SECRET = "cl1ent-s3cret+/=";
const CODE = "auth-code-9f8e7d";
const VERIFIER = "v".repeat(20) + "-verifier-" + "x".repeat(20);
const ASSERTION = "PHNhbWw6QXNzZXJ0aW9uPg==";
const REFRESH = "refresh-tok-123456";

/** A login server that echoes everything it received in its error description. */
function echoingPlatform(status = 401): FakePlatform {
  const fake = new FakePlatform();
  fake.onToken = (seen) =>
    Response.json({
      error: "invalid_client",
      description: `got ${seen.body} with ${seen.headers.get("authorization")} ` +
        `(${decodeURIComponent(seen.body)})`,
    }, { status });
  return fake;
}

function assertClean(error: unknown, secrets: string[]) {
  assert.ok(error instanceof Error);
  const texts = [error.message, String(error), JSON.stringify(error), error.stack ?? ""];
  for (const text of texts) {
    for (const secret of secrets) {
      assert.ok(!text.includes(secret), `"${secret}" leaked into: ${text}`);
      assert.ok(!text.includes(encodeURIComponent(secret)), `encoded secret leaked into: ${text}`);
    }
    assert.ok(!text.includes(btoa(`client-id:${SECRET}`)), `Basic credentials leaked: ${text}`);
  }
}

Deno.test("token errors: { error, description } becomes a TokenRequestError naming grant, URL and status", async () => {
  const fake = new FakePlatform();
  fake.onToken = () =>
    Response.json({ error: "invalid_client", description: "client not found" }, { status: 401 });
  const client = new PlatformClient({ loginBasePath: LOGIN, transport: fake.transport });
  const error = await client.loginClientCredentialsGrant("client-id", SECRET).then(
    () => assert.fail("login should fail"),
    (e) => e,
  );
  assert.ok(error instanceof TokenRequestError);
  assert.ok(error instanceof AuthError);
  assert.equal(error.error, "invalid_client");
  assert.equal(error.description, "client not found");
  assert.equal(error.status, 401);
  assert.equal(error.grant, "client_credentials");
  assert.equal(error.url, `${LOGIN}/oauth/token`);
  assert.equal(
    error.message,
    `client_credentials grant failed: invalid_client: client not found (HTTP 401, POST ${LOGIN}/oauth/token)`,
  );
});

Deno.test("token errors: error_description, non-JSON bodies and answers without a token", async () => {
  const fake = new FakePlatform();
  const client = new PlatformClient({ loginBasePath: LOGIN, transport: fake.transport });
  fake.onToken = () =>
    Response.json({ error: "invalid_grant", error_description: "code expired" }, { status: 400 });
  await assert.rejects(client.loginClientCredentialsGrant("client-id", SECRET), {
    name: "TokenRequestError",
    error: "invalid_grant",
    description: "code expired",
    status: 400,
  });
  fake.onToken = () => new Response("<html>Bad gateway</html>", { status: 502 });
  await assert.rejects(client.loginClientCredentialsGrant("client-id", SECRET), {
    name: "TokenRequestError",
    error: "http_502",
    status: 502,
  });
  fake.onToken = () => Response.json({ token_type: "bearer" });
  await assert.rejects(client.loginClientCredentialsGrant("client-id", SECRET), {
    name: "TokenRequestError",
    error: "invalid_token_response",
    status: 200,
  });
});

Deno.test("token errors: no grant leaks its secret, code, verifier, assertion or refresh token", async () => {
  const fake = echoingPlatform();
  const client = new PlatformClient({ loginBasePath: LOGIN, transport: fake.transport });
  const attempts: [Promise<unknown>, string[]][] = [
    [client.loginClientCredentialsGrant("client-id", SECRET), [SECRET]],
    [client.loginSaml2BearerGrant("client-id", SECRET, "org", ASSERTION), [SECRET, ASSERTION]],
    [client.loginCodeAuthorizationGrant("client-id", SECRET, CODE, "https://app/cb"), [
      SECRET,
      CODE,
    ]],
    [client.refreshCodeAuthorizationGrant("client-id", SECRET, REFRESH), [SECRET, REFRESH]],
    [client.authorizePKCEGrant("client-id", VERIFIER, CODE, "https://app/cb"), [VERIFIER, CODE]],
  ];
  // Settle every attempt at once (a rejection must never sit without a handler).
  const outcomes = await Promise.all(
    attempts.map(([attempt]) => attempt.then(() => null, (e) => e)),
  );
  for (const [i, [, secrets]] of attempts.entries()) {
    const error = outcomes[i];
    assert.ok(error instanceof TokenRequestError);
    assert.match(error.description ?? "", /\[REDACTED\]/);
    assertClean(error, secrets);
  }
  assert.equal(fake.tokenRequests.length, 5);
});

Deno.test("token requests carry the oauth/token operation to hooks", async () => {
  const fake = new FakePlatform();
  const client = new PlatformClient({ loginBasePath: LOGIN, transport: fake.transport });
  const seen: string[] = [];
  client.setPreHook((req, ctx) => {
    seen.push(`${ctx.operation} ${req.method} ${new URL(req.url).pathname}`);
  });
  await client.loginClientCredentialsGrant("client-id", SECRET);
  assert.equal(TOKEN_OPERATION, "oauth/token");
  assert.deepEqual(seen, ["oauth/token POST /oauth/token"]);
});

Deno.test("token requests: network failure and timeout are typed, without credentials", async () => {
  const failing = new PlatformClient({
    loginBasePath: LOGIN,
    transport: () => Promise.reject(new TypeError("connection refused")),
  });
  const net = await failing.loginClientCredentialsGrant("client-id", SECRET).then(
    () => assert.fail("must fail"),
    (e) => e,
  );
  assert.ok(net instanceof NetworkError);
  assert.match(
    net.message,
    /client_credentials grant: POST .*\/oauth\/token failed: connection refused/,
  );
  assertClean(net, [SECRET]);

  const held = gate();
  const slow = new PlatformClient({
    loginBasePath: LOGIN,
    timeoutMs: 30,
    transport: async (req) => {
      await Promise.race([
        held.promise,
        new Promise((_, reject) =>
          req.signal.addEventListener("abort", () => reject(req.signal.reason))
        ),
      ]);
      return Response.json({ access_token: "late" });
    },
  });
  await assert.rejects(slow.loginClientCredentialsGrant("client-id", SECRET), (e: unknown) => {
    assert.ok(e instanceof TimeoutError);
    assert.match(e.message, /timed out after 30 ms/);
    return true;
  });
  held.open();
});

Deno.test("grants validate their parameters before sending anything", async () => {
  const fake = new FakePlatform();
  const client = new PlatformClient({ loginBasePath: LOGIN, transport: fake.transport });
  await assert.rejects(client.loginClientCredentialsGrant("", SECRET), { name: "ParameterError" });
  await assert.rejects(client.loginClientCredentialsGrant("id", ""), { name: "ParameterError" });
  await assert.rejects(client.loginSaml2BearerGrant("id", SECRET, "org", ""), {
    name: "ParameterError",
  });
  await assert.rejects(client.authorizePKCEGrant("id", "", CODE, "https://app/cb"), {
    name: "ParameterError",
  });
  assert.equal(fake.tokenRequests.length, 0);
});

Deno.test("secret-bearing grants reject in a browser page; nothing is sent", async () => {
  const fake = new FakePlatform();
  const client = new PlatformClient({ loginBasePath: LOGIN, transport: fake.transport });
  const g = globalThis as Record<string, unknown>;
  g.window = globalThis;
  g.document = {};
  try {
    for (
      const attempt of [
        () => client.loginClientCredentialsGrant("client-id", SECRET),
        () => client.loginSaml2BearerGrant("client-id", SECRET, "org", ASSERTION),
        () => client.loginCodeAuthorizationGrant("client-id", SECRET, CODE, "https://app/cb"),
        () => client.refreshCodeAuthorizationGrant("client-id", SECRET, REFRESH),
      ]
    ) {
      await assert.rejects(attempt(), (e: unknown) => {
        assert.ok(e instanceof Error && e.name === "UnsupportedRuntimeError");
        assert.match(e.message, /needs a client secret, which must never ship to a browser page/);
        assertClean(e, [SECRET]);
        return true;
      });
    }
  } finally {
    delete g.window;
    delete g.document;
  }
  assert.equal(fake.tokenRequests.length, 0);
});

Deno.test("browser flows reject outside a browser page", async () => {
  const client = new PlatformClient();
  await assert.rejects(client.loginImplicitGrant("id", "https://app/cb"), {
    name: "UnsupportedRuntimeError",
  });
  await assert.rejects(client.loginPKCEGrant("id", "https://app/cb"), {
    name: "UnsupportedRuntimeError",
  });
});
