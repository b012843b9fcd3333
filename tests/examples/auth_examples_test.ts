/**
 * examples/auth_code_with_refresh.ts and examples/saml2_bearer.ts: each run
 * as a script (exit 0, key lines), and the auth code app driven in-process
 * against a sandbox this test owns, checking the token requests on the wire.
 */
import assert from "node:assert/strict";
import { startSandbox } from "../../tools/sandbox/mod.ts";
import { runAuthCodeDemo, startAuthCodeApp } from "../../examples/auth_code_with_refresh.ts";

const EXAMPLES = new URL("../../examples/", import.meta.url).pathname;

async function runExample(file: string): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", `${EXAMPLES}${file}`],
    stdin: "null",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  const stderr = new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, `${file} failed:\n${stdout}\n${stderr}`);
  return stdout;
}

function line(stdout: string, prefix: string): string {
  const found = stdout.split("\n").find((l) => l.startsWith(prefix));
  assert.ok(found, `no line starting with "${prefix}" in:\n${stdout}`);
  return found;
}

Deno.test("auth_code_with_refresh.ts runs: login, refresh, transparent refresh", async () => {
  const stdout = await runExample("auth_code_with_refresh.ts");
  for (const step of ["after login", "after refresh", "after expiry"]) {
    assert.match(line(stdout, `${step}: `), /^[a-z ]+: signed in as Ada Lovelace </);
  }
  assert.match(line(stdout, "refresh: "), /refresh token rotated: true$/);
  assert.match(line(stdout, "refresh again: "), /refresh token rotated: true$/);
  assert.equal(
    line(stdout, "token requests: "),
    "token requests: authorization_code=1, refresh_token=3",
  );
  assert.match(
    stdout,
    /GET http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize -> 302 http:\/\/127\.0\.0\.1:\d+\/callback/,
  );
  // No token (the sandbox's are JWTs) and no authorization code is printed.
  assert.doesNotMatch(stdout, /eyJ[\w-]+\.[\w-]+|[?&]code=/);
});

Deno.test("auth code app: the wire of the code exchange and the refreshes", async () => {
  await using sandbox = await startSandbox();
  const user = sandbox.state.users.get(sandbox.credentials.user.id)!;
  const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
  const lines: string[] = [];
  await runAuthCodeDemo(sandbox, (l) => lines.push(l));
  assert.equal(
    lines.find((l) => l.startsWith("after login: ")),
    `after login: signed in as ${user.name} <${user.email}>`,
  );

  const authorize = sandbox.authorizeQueries;
  assert.equal(authorize.length, 1);
  assert.equal(authorize[0].client_id, clientId);
  assert.equal(authorize[0].response_type, "code");
  assert.match(authorize[0].redirect_uri, /^http:\/\/127\.0\.0\.1:\d+\/callback$/);

  const tokenPosts = sandbox.requests.filter((r) => r.path === "/oauth/token");
  const forms = tokenPosts.map((r) => new URLSearchParams(r.body));
  assert.deepEqual(forms.map((f) => f.get("grant_type")), [
    "authorization_code", // /callback
    "refresh_token", // POST /refresh
    "refresh_token", // the client by itself, after expireTokens()
    "refresh_token", // POST /refresh again, with the token the client rotated
  ]);
  for (const post of tokenPosts) {
    assert.equal(post.headers.get("authorization"), `Basic ${btoa(`${clientId}:${clientSecret}`)}`);
    assert.equal(post.headers.get("content-type"), "application/x-www-form-urlencoded");
  }
  assert.equal(forms[0].get("redirect_uri"), authorize[0].redirect_uri);
  assert.ok(forms[0].get("code"));
  // Every refresh used a different (rotated) refresh token.
  const used = forms.slice(1).map((f) => f.get("refresh_token"));
  assert.equal(new Set(used).size, 3);

  // The API calls: the bearer changed after each refresh, and the one right
  // after expireTokens() was refused once (401) and retried with the new token.
  const meCalls = sandbox.requests.filter((r) => r.path === "/api/v2/users/me");
  const bearers = meCalls.map((r) => r.headers.get("authorization"));
  assert.equal(meCalls.length, 4);
  assert.notEqual(bearers[0], bearers[1]);
  assert.equal(bearers[1], bearers[2]); // the expired token, refused
  assert.notEqual(bearers[2], bearers[3]);
});

Deno.test("auth code app: a callback whose state does not match is refused", async () => {
  await using sandbox = await startSandbox();
  const app = startAuthCodeApp(sandbox);
  try {
    const login = await fetch(`${app.url}/login`, { redirect: "manual" });
    await login.body?.cancel();
    const cookie = login.headers.getSetCookie()[0].split(";")[0];
    const toAuthorize = await fetch(login.headers.get("location")!, { redirect: "manual" });
    await toAuthorize.body?.cancel();
    const back = new URL(toAuthorize.headers.get("location")!);
    back.searchParams.set("state", "forged");
    const res = await fetch(back, { headers: { cookie }, redirect: "manual" });
    assert.equal(res.status, 400);
    assert.equal(await res.text(), "login failed: missing code or state mismatch\n");
    assert.equal(sandbox.requests.filter((r) => r.path === "/oauth/token").length, 0);
    const me = await fetch(`${app.url}/me`);
    assert.equal(me.status, 401);
    await me.body?.cancel();
  } finally {
    await app.close();
  }
});

Deno.test("saml2_bearer.ts runs: login with the assertion, call, wrong org refused", async () => {
  const stdout = await runExample("saml2_bearer.ts");
  assert.match(line(stdout, "logged in with SAML2 bearer: "), /token valid for \d+s$/);
  assert.match(line(stdout, "signed in as "), /^signed in as Ada Lovelace <.+@sandbox\.example>$/);
  assert.equal(
    line(stdout, "token request: "),
    "token request: grant_type=urn:ietf:params:oauth:grant-type:saml2-bearer, " +
      'orgName=sandbox-org, assertion intact: true, "+" sent as %2B: true',
  );
  assert.equal(
    line(stdout, "wrong organization: "),
    "wrong organization: TokenRequestError invalid_grant (HTTP 400)",
  );
});

Deno.test("access_token_persistence.ts runs: a second client reuses the stored token", async () => {
  const stdout = await runExample("access_token_persistence.ts");
  assert.match(
    line(stdout, "first client logged in; "),
    /stored under "genesys-cloud:127\.0\.0\.1:\d+:[\w-]+": accessToken, expiresIn, tokenExpiryTime$/,
  );
  assert.equal(line(stdout, "second client, "), "second client, without logging in: 57 users");
  assert.equal(line(stdout, "logins sent to the server: "), "logins sent to the server: 1");
  assert.doesNotMatch(stdout, /eyJ[\w-]+\.[\w-]+/);
});
