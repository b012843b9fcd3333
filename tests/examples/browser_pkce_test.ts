/**
 * examples/browser_pkce in headless Chromium: PKCE login against the sandbox,
 * a call as the user, the token persisted in localStorage and reused after a
 * reload, and what a page may not do (client credentials, proxy, files).
 */
import assert from "node:assert/strict";
import { startBrowserPkceExample } from "../../examples/browser_pkce/serve.ts";
import { PREFIX } from "../../examples/browser_pkce/types.ts";
import type { PageResult } from "../../examples/browser_pkce/types.ts";
import { pageResult, withPage } from "./browser_harness.ts";

async function s256(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return btoa(String.fromCharCode(...new Uint8Array(digest)))
    .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

Deno.test("browser PKCE example: login, call, persisted token reused after reload", async () => {
  await using example = await startBrowserPkceExample();
  const { sandbox } = example;
  const user = sandbox.state.users.get(sandbox.credentials.user.id)!;
  const publicClientId = sandbox.credentials.publicClient.clientId;

  await withPage(async (page, log) => {
    await page.goto(example.url);
    const first = await pageResult<PageResult>(page, log);
    assert.equal(first.how, "login", JSON.stringify(first));
    assert.equal(first.signedInAs, user.name);
    assert.equal(first.userId, user.id);
    assert.equal(first.state, "/inbox");
    assert.equal(first.persisted, true);
    // The code and state were removed from the address bar.
    assert.equal(page.url(), example.url);

    // On the wire: one authorize with an S256 challenge, one token exchange
    // with the matching verifier and no client secret.
    assert.equal(sandbox.authorizeQueries.length, 1);
    const authorize = sandbox.authorizeQueries[0];
    assert.equal(authorize.client_id, publicClientId);
    assert.equal(authorize.response_type, "code");
    assert.equal(authorize.redirect_uri, example.url);
    assert.equal(authorize.code_challenge_method, "S256");
    const tokenPosts = sandbox.requests.filter((r) => r.path === "/oauth/token");
    assert.equal(tokenPosts.length, 1);
    const form = new URLSearchParams(tokenPosts[0].body);
    assert.equal(form.get("grant_type"), "authorization_code");
    assert.equal(form.get("client_id"), publicClientId);
    assert.equal(form.get("redirect_uri"), example.url);
    assert.equal(await s256(form.get("code_verifier")!), authorize.code_challenge);
    assert.equal(tokenPosts[0].headers.get("authorization"), null);

    // The token the API call carried is the one kept in localStorage.
    const meCall = sandbox.requests.find((r) =>
      r.method === "GET" && r.path === "/api/v2/users/me"
    );
    const bearer = meCall?.headers.get("authorization")?.replace(/^Bearer /, "");
    assert.ok(bearer);
    const stored = await page.evaluate(() => localStorage.getItem("pkce_example_auth_data"));
    assert.equal(PREFIX, "pkce_example");
    assert.ok(stored?.includes(bearer), "localStorage holds the access token");

    // What a page may not do.
    const limits = Object.fromEntries(first.limits.map((l) => [l.attempt, l]));
    assert.deepEqual(Object.keys(limits), [
      "loginClientCredentialsGrant",
      "setProxy",
      "configFilePath",
      "setMTLSCertificates",
    ]);
    for (const l of first.limits) {
      assert.equal(l.error, "UnsupportedRuntimeError", l.attempt);
      assert.equal(l.unsupported, true, l.attempt);
    }
    assert.match(
      limits.loginClientCredentialsGrant.message,
      /needs a client secret, which must never ship to a browser page/,
    );
    assert.match(limits.setProxy.message, /a browser cannot/);
    assert.match(limits.setMTLSCertificates.message, /a browser has no file access/);
    assert.match(limits.configFilePath.message, /configFilePath needs Deno or Bun/);
    // The refused login sent nothing.
    assert.equal(sandbox.requests.filter((r) => r.path === "/oauth/token").length, 1);

    // Reload: the stored token is checked (GET /api/v2/tokens/me) and reused.
    sandbox.resetLog();
    await page.reload();
    const second = await pageResult<PageResult>(page, log);
    assert.equal(second.how, "restored", JSON.stringify(second));
    assert.equal(second.signedInAs, user.name);
    assert.equal(sandbox.authorizeQueries.length, 0, "no second trip to the login page");
    assert.equal(sandbox.requests.filter((r) => r.path === "/oauth/token").length, 0);
    const check = sandbox.requests.find((r) =>
      r.method === "GET" && r.path === "/api/v2/tokens/me"
    );
    assert.equal(check?.headers.get("authorization"), `Bearer ${bearer}`);
    const meAgain = sandbox.requests.find((r) =>
      r.method === "GET" && r.path === "/api/v2/users/me"
    );
    assert.equal(meAgain?.headers.get("authorization"), `Bearer ${bearer}`);
  });
});
