/**
 * Browser logins accept an answer only when it carries the nonce this
 * browser saved (never just the app's `opts.state`): an answer nobody here
 * asked for (login CSRF) is rejected before its token is used or its code
 * exchanged.
 * Runs in Deno with a stand-in `window` (the Chromium test covers the rest).
 */

import assert from "node:assert/strict";
import { AuthError, PlatformClient } from "../../mod.ts";
import { API, FakePlatform, getUsersMe, LOGIN } from "./_fake.ts";

const APP = "https://app.example/app.html";
const VERIFIER = "v".repeat(64);

/** Runs `fn` in a stand-in browser page at `href`; restores the globals after. */
async function inPage(href: string, fn: (page: { href: () => string }) => Promise<void>) {
  const g = globalThis as Record<string, unknown>;
  const url = new URL(href);
  const location = {
    href: url.href,
    origin: url.origin,
    pathname: url.pathname,
    search: url.search,
    hash: url.hash,
    replace: () => {},
  };
  g.window = {
    location,
    history: {
      state: null,
      replaceState: (_data: unknown, _unused: string, to?: string) => {
        if (to) location.href = to;
      },
    },
    opener: null,
    open: () => null,
    addEventListener() {},
    removeEventListener() {},
  };
  g.document = {};
  sessionStorage.clear();
  try {
    await fn({ href: () => location.href });
  } finally {
    delete g.window;
    delete g.document;
    sessionStorage.clear();
  }
}

function clientFor(fake: FakePlatform) {
  return new PlatformClient({ basePath: API, loginBasePath: LOGIN, transport: fake.transport });
}

function isStateMismatch(e: unknown): boolean {
  assert.ok(e instanceof AuthError);
  assert.equal(e.error, "state_mismatch");
  assert.ok(!e.message.includes("ATTACKER"), e.message);
  return true;
}

Deno.test("implicit: a token nobody in this browser asked for is rejected", async () => {
  const fake = new FakePlatform();
  fake.valid.add("ATTACKER-TOKEN");
  const client = clientFor(fake);
  await inPage(`${APP}#access_token=ATTACKER-TOKEN&expires_in=86400&state=whatever`, async () => {
    await assert.rejects(client.loginImplicitGrant("cid", APP), isStateMismatch);
  });
  await assert.rejects(client.call(getUsersMe, []));
  assert.equal(fake.apiRequests.at(-1)!.authorization, null);
});

Deno.test("PKCE with the app's verifier: a code nobody in this browser asked for is not exchanged", async () => {
  const fake = new FakePlatform();
  const client = clientFor(fake);
  await inPage(`${APP}?code=ATTACKER-CODE&state=whatever`, async () => {
    await assert.rejects(client.loginPKCEGrant("cid", APP, {}, VERIFIER), isStateMismatch);
  });
  await inPage(`${APP}?code=ATTACKER-CODE`, async () => {
    await assert.rejects(client.loginPKCEGrant("cid", APP, {}, VERIFIER), isStateMismatch);
  });
  assert.equal(fake.tokenRequests.length, 0);
});

Deno.test("only answers carrying the saved nonce are accepted; the app's state comes back", async () => {
  const fake = new FakePlatform();
  fake.valid.add("good-token");
  const client = clientFor(fake);
  await inPage(`${APP}#access_token=good-token&expires_in=60&state=nonce-1`, async (page) => {
    sessionStorage.setItem("purecloud_oauth_state", "nonce-1");
    const data = await client.loginImplicitGrant("cid", APP);
    assert.equal(data.accessToken, "good-token");
    assert.equal(data.state, undefined);
    assert.equal(page.href(), APP);
  });
  await inPage(`${APP}?code=the-code&state=nonce-2`, async () => {
    sessionStorage.setItem("purecloud_oauth_state", "nonce-2");
    sessionStorage.setItem("purecloud_oauth_app_state", "mine");
    const data = await client.loginPKCEGrant("cid", APP, { state: "ignored" }, VERIFIER);
    assert.equal(data.state, "mine");
    assert.equal(sessionStorage.getItem("purecloud_oauth_app_state"), null);
  });
  // opts.state alone, with nothing saved, no longer vouches for an answer.
  await inPage(`${APP}?code=ATTACKER-CODE&state=mine`, async () => {
    await assert.rejects(
      client.loginPKCEGrant("cid", APP, { state: "mine" }, VERIFIER),
      isStateMismatch,
    );
  });
  assert.equal(fake.tokenRequests.length, 1);
  assert.equal(fake.tokenRequests[0].form.get("code_verifier"), VERIFIER);
});
