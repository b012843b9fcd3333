/**
 * examples/cloudflare_worker: the Worker is bundled and run in real workerd
 * (miniflare) by the example's runner, against a sandbox this test starts.
 * Checks what the Worker answered against the sandbox's data and what the
 * sandbox saw on the wire.
 */
import assert from "node:assert/strict";
import { startSandbox } from "../../tools/sandbox/mod.ts";

const RUNNER = new URL("../../examples/cloudflare_worker/main.ts", import.meta.url).pathname;

async function runRunner(env: Record<string, string>): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", RUNNER],
    env,
    stdin: "null",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  const stderr = new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, `runner failed:\n${stdout}\n${stderr}`);
  return stdout;
}

/** The JSON body printed after `[label] GET path -> status `. */
function answer(stdout: string, label: string, path: string): { status: number; body: unknown } {
  const prefix = `[${label}] GET ${path} -> `;
  const line = stdout.split("\n").find((l) => l.startsWith(prefix));
  assert.ok(line, `no line starting with ${prefix}\n${stdout}`);
  const rest = line.slice(prefix.length);
  const space = rest.indexOf(" ");
  const status = Number(space < 0 ? rest : rest.slice(0, space));
  return { status, body: space < 0 ? undefined : JSON.parse(rest.slice(space + 1)) };
}

Deno.test("cloudflare worker example: SDK calls from workerd reach the sandbox", async () => {
  await using sandbox = await startSandbox();
  const user = sandbox.state.users.get(sandbox.credentials.user.id)!;
  const token = await sandbox.issueAccessToken({ userId: user.id });
  const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
  const stdout = await runRunner({
    GENESYS_SANDBOX_URL: sandbox.url,
    GENESYS_ACCESS_TOKEN: token,
    GENESYS_CLIENT_ID: clientId,
    GENESYS_CLIENT_SECRET: clientSecret,
  });

  // /me with the access token binding: the sandbox's user.
  const me = answer(stdout, "access token", "/me");
  assert.equal(me.status, 200);
  const meBody = me.body as { id: string; name: string; email: string; correlationId: string };
  assert.equal(meBody.id, user.id);
  assert.equal(meBody.name, user.name);
  assert.equal(meBody.email, user.email);
  const meRequest = sandbox.requests.find((r) => r.path === "/api/v2/users/me");
  assert.ok(meRequest, "the sandbox saw no GET /api/v2/users/me");
  assert.equal(meRequest.headers.get("authorization"), `Bearer ${token}`);

  // /users with client credentials bindings: a login, then the first page.
  const users = answer(stdout, "client credentials", "/users?pageSize=5");
  assert.equal(users.status, 200);
  const page = users.body as { total: number; pageCount: number; names: string[] };
  assert.equal(page.total, sandbox.state.users.size);
  assert.equal(page.pageCount, Math.ceil(sandbox.state.users.size / 5));
  assert.equal(page.names.length, 5);
  // One login per client (PlatformClient for /users and /me, LiteClient for /lite/users).
  const tokenPosts = sandbox.requests.filter((r) => r.path === "/oauth/token");
  assert.equal(tokenPosts.length, 2, "one client credentials login per client");
  for (const post of tokenPosts) {
    assert.match(post.body, /grant_type=client_credentials/);
    assert.equal(
      post.headers.get("authorization"),
      `Basic ${btoa(`${clientId}:${clientSecret}`)}`,
    );
  }
  // The small client in workerd: the same page, sent with its own token.
  const litePage = answer(stdout, "client credentials", "/lite/users?pageSize=5");
  assert.equal(litePage.status, 200);
  assert.deepEqual(litePage.body, page);
  const listings = sandbox.requests.filter((r) => r.path === "/api/v2/users");
  assert.equal(listings.length, 2);
  assert.equal(listings[1].search, "?pageSize=5");
  assert.match(listings[1].headers.get("authorization") ?? "", /^Bearer /);
  const listing = sandbox.requests.find((r) => r.path === "/api/v2/users");
  assert.equal(listing?.search, "?pageSize=5");

  // A client token is not a user: the API's 400 comes back as an ApiError.
  const ccMe = answer(stdout, "client credentials", "/me");
  assert.equal(ccMe.status, 502);
  assert.equal((ccMe.body as { error: string }).error, "ApiError");
  assert.match((ccMe.body as { message: string }).message, /^400 not\.a\.user/);

  // What a Worker cannot do: each refused with UnsupportedRuntimeError naming Workers.
  assert.equal(answer(stdout, "access token", "/limits").status, 200);
  const limitLines = stdout.split("\n").filter((l) => l.startsWith("limit "));
  assert.deepEqual(
    limitLines.map((l) => l.split(":")[0]),
    [
      "limit configFilePath",
      "limit logging.logFilePath",
      "limit setProxy",
      "limit setMTLSCertificates",
      "limit setMTLSContents",
    ],
  );
  for (const line of limitLines) {
    assert.match(line, /^limit [\w.]+: UnsupportedRuntimeError: /);
  }
  assert.match(limitLines[0], /configFilePath needs Deno or Bun: this runtime cannot read files/);
  assert.match(limitLines[1], /logging\.logFilePath needs Deno or Bun: this runtime cannot write/);
  assert.match(limitLines[2], /a proxy needs Deno or Bun; Cloudflare Workers cannot/);
  assert.match(limitLines[3], /Cloudflare Workers has no file access/);
  assert.match(limitLines[4], /mutual TLS needs Deno or Bun; Cloudflare Workers cannot/);

  // Secrets stay out of the output.
  assert.ok(!stdout.includes(token));
  assert.ok(!stdout.includes(clientSecret));
});
