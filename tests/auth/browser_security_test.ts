/**
 * Regressions of a browser-login audit: login CSRF through a fixed
 * `opts.state`, popup answers from other windows, persisted tokens of other
 * apps, the PKCE verifier of a replaced popup login, and what is left behind
 * (saved state, listeners, answers in URLs). Runs in Deno with a stand-in
 * `window` whose popups and message events behave as a browser's.
 */

import assert from "node:assert/strict";
import { AuthError, completeAuthPopup, ParameterError, PlatformClient } from "../../mod.ts";
import { API, FakePlatform, getUsersMe, LOGIN } from "./_fake.ts";

const APP = "https://app.example/app.html";
const ORIGIN = "https://app.example";
const STATE_KEY = "purecloud_oauth_state";
const VERIFIER_KEY = "purecloud_pkce_code_verifier";
const POPUP = { usePopup: true, autoClosePopupDelay: 0 };

interface FakePopup {
  closed: boolean;
  url: string;
  close(): void;
  postMessage(): void;
}

interface Page {
  href(): string;
  listeners: Set<(e: MessageEvent) => void>;
  popups: FakePopup[];
  replaced: string[];
  window: Record<string, unknown>;
  /** Delivers a `message` event as the browser would. */
  deliver(data: unknown, source: unknown, origin?: string): void;
}

/** Runs `fn` in a stand-in page at `href`; sessionStorage is cleared unless `keepStorage`. */
async function inPage(
  href: string,
  fn: (page: Page) => Promise<void>,
  opts: { open?: "null" | "throws"; keepStorage?: boolean } = {},
): Promise<void> {
  const g = globalThis as Record<string, unknown>;
  const url = new URL(href);
  const location = {
    href: url.href,
    origin: url.origin,
    pathname: url.pathname,
    search: url.search,
    hash: url.hash,
    replace: (to: string) => page.replaced.push(to),
  };
  const listeners = new Set<(e: MessageEvent) => void>();
  const popups: FakePopup[] = [];
  const win: Record<string, unknown> = {
    location,
    history: {
      state: null,
      replaceState: (_d: unknown, _u: string, to?: string) => {
        if (!to) return;
        const u = new URL(to, location.href);
        location.href = u.href;
        location.search = u.search;
        location.hash = u.hash;
      },
    },
    opener: null,
    open: (u: string) => {
      if (opts.open === "throws") throw new SyntaxError("invalid URL");
      if (opts.open === "null") return null;
      const popup: FakePopup = {
        closed: false,
        url: u,
        close() {
          this.closed = true;
        },
        postMessage() {},
      };
      popups.push(popup);
      return popup;
    },
    addEventListener: (_t: string, l: (e: MessageEvent) => void) => listeners.add(l),
    removeEventListener: (_t: string, l: (e: MessageEvent) => void) => listeners.delete(l),
  };
  const page: Page = {
    href: () => location.href,
    listeners,
    popups,
    replaced: [],
    window: win,
    deliver(data, source, origin = ORIGIN) {
      const event = { data, origin, source } as unknown as MessageEvent;
      for (const l of [...listeners]) l(event);
    },
  };
  g.window = win;
  g.document = {};
  if (!opts.keepStorage) sessionStorage.clear();
  try {
    await fn(page);
  } finally {
    delete g.window;
    delete g.document;
  }
}

const ticks = async (n = 5) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setTimeout(r, 0));
};

const sentState = (popup: FakePopup) => new URL(popup.url).searchParams.get("state")!;

const answer = (hash: string) => ({ name: "gc_auth_popup", type: "message", hash });

function clientFor(fake: FakePlatform, base = { api: API, login: LOGIN }) {
  return new PlatformClient({
    basePath: base.api,
    loginBasePath: base.login,
    transport: fake.transport,
  });
}

function isAuthError(code: string) {
  return (e: unknown) => {
    assert.ok(e instanceof AuthError, String(e));
    assert.equal(e.error, code);
    assert.ok(!/SECRET|ATTACKER/.test(e.message), e.message);
    return true;
  };
}

// 1. Login CSRF with a fixed opts.state

Deno.test("opts.state: a planted answer carrying the app's fixed state is rejected", async () => {
  const fake = new FakePlatform();
  fake.valid.add("ATTACKER-TOKEN");
  const client = clientFor(fake);
  await inPage(`${APP}#access_token=ATTACKER-TOKEN&expires_in=86400&state=%2Finbox`, async () => {
    await assert.rejects(
      client.loginImplicitGrant("cid", APP, { state: "/inbox" }),
      isAuthError("state_mismatch"),
    );
  });
  await inPage(`${APP}?code=ATTACKER-CODE&state=%2Finbox`, async () => {
    await assert.rejects(
      client.loginPKCEGrant("cid", APP, { state: "/inbox" }, "v".repeat(64)),
      isAuthError("state_mismatch"),
    );
  });
  assert.equal(fake.tokenRequests.length, 0);
  await assert.rejects(client.call(getUsersMe, []));
});

Deno.test("opts.state: a nonce is sent, the app's state is kept and returned", async () => {
  const fake = new FakePlatform();
  fake.valid.add("good");
  const client = clientFor(fake);
  let nonce = "";
  await inPage(APP, async (page) => {
    client.loginImplicitGrant("cid", APP, { state: "/inbox" });
    await ticks();
    nonce = new URL(page.replaced[0]).searchParams.get("state")!;
    assert.notEqual(nonce, "/inbox");
    assert.equal(sessionStorage.getItem(STATE_KEY), nonce);
  });
  await inPage(`${APP}#access_token=good&state=${nonce}`, async () => {
    const data = await client.loginImplicitGrant("cid", APP, { state: "/elsewhere" });
    assert.equal(data.accessToken, "good");
    assert.equal(data.state, "/inbox");
    assert.equal(sessionStorage.getItem(STATE_KEY), null);
  }, { keepStorage: true });
});

Deno.test("opts.state in a popup: only the nonce of that popup is accepted", async () => {
  const fake = new FakePlatform();
  fake.valid.add("good");
  fake.valid.add("ATTACKER");
  const client = clientFor(fake);
  await inPage(APP, async (page) => {
    const bad = client.loginImplicitGrant("cid", APP, {
      state: "/inbox",
      authPopupConfiguration: POPUP,
    });
    await ticks();
    page.deliver(answer("#access_token=ATTACKER&state=%2Finbox"), page.popups[0]);
    await assert.rejects(bad, isAuthError("state_mismatch"));
    const good = client.loginImplicitGrant("cid", APP, {
      state: "/inbox",
      authPopupConfiguration: POPUP,
    });
    await ticks();
    page.deliver(answer(`#access_token=good&state=${sentState(page.popups[1])}`), page.popups[1]);
    assert.equal((await good).state, "/inbox");
  });
});

// 2. Popup answers from other windows

Deno.test("popup: messages from any window but the popup opened are ignored", async () => {
  const fake = new FakePlatform();
  fake.valid.add("tokB");
  const client = clientFor(fake);
  await inPage(APP, async (page) => {
    const a = client.loginImplicitGrant("cid", APP, { authPopupConfiguration: POPUP })
      .catch((e) => e);
    await ticks();
    const b = client.loginImplicitGrant("cid", APP, { authPopupConfiguration: POPUP });
    await ticks();
    assert.ok(isAuthError("popup_aborted")(await a));
    // The aborted popup A, and a same-origin window that is no popup, answer first.
    page.deliver(answer(`#access_token=tokA&state=${sentState(page.popups[0])}`), page.popups[0]);
    page.deliver(answer(`#access_token=FOREIGN&state=${sentState(page.popups[1])}`), {});
    page.deliver(answer(`#access_token=tokB&state=${sentState(page.popups[1])}`), page.popups[1]);
    assert.equal((await b).accessToken, "tokB");
    assert.equal(page.listeners.size, 0);
  });
});

// 3. Persisted tokens of other apps

Deno.test("persisted token: another client id's or environment's entry is a miss and is kept", async () => {
  const key = "sec_test_auth_data";
  localStorage.removeItem(key);
  try {
    const prod = new FakePlatform();
    const other = new FakePlatform();
    await inPage(APP, async (page) => {
      prod.valid.add("TOKEN-A");
      const a = clientFor(prod);
      a.setPersistSettings(true, "sec_test");
      a.loginImplicitGrant("client-A", APP); // redirects to log in: never settles
      await ticks();
      page.replaced.length = 0;
      a.setAccessToken("TOKEN-A");
      await ticks();
      const stored = localStorage.getItem(key)!;
      assert.deepEqual(JSON.parse(stored), {
        accessToken: "TOKEN-A",
        clientId: "client-A",
        loginHost: "login.test.example",
      });

      // Same environment, another client id: not reused, redirected to log in.
      const b = clientFor(prod);
      b.setPersistSettings(true, "sec_test");
      b.loginPKCEGrant("client-B", APP);
      await ticks(10);
      assert.equal(page.replaced.length, 1);
      assert.equal(prod.apiRequests.length, 0);

      // Another environment: the token is never sent there, nor deleted.
      const c = clientFor(other, {
        api: "https://api.region2.example",
        login: "https://login.region2.example",
      });
      c.setPersistSettings(true, "sec_test");
      c.loginPKCEGrant("client-A", APP);
      await ticks(10);
      assert.equal(other.apiRequests.length, 0);
      assert.equal(page.replaced.length, 2);
      // Its logout does not delete client A's entry either.
      await c.logout();
      assert.equal(localStorage.getItem(key), stored);
    });
  } finally {
    localStorage.removeItem(key);
  }
});

Deno.test("persisted token: the official SDK's entries (no client id, no host) are still read", async () => {
  const key = "sec_test2_auth_data";
  const fake = new FakePlatform();
  fake.valid.add("OLD");
  localStorage.setItem(key, JSON.stringify({ accessToken: "OLD", tokenExpiryTime: 4e12 }));
  try {
    await inPage(APP, async () => {
      const client = clientFor(fake);
      client.setPersistSettings(true, "sec_test2");
      assert.equal((await client.loginPKCEGrant("cid", APP)).accessToken, "OLD");
    });
  } finally {
    localStorage.removeItem(key);
  }
});

// 4. PKCE popup with useWindowReplace, started twice

Deno.test("PKCE popup + useWindowReplace: the aborted first login keeps the second's verifier", async () => {
  const fake = new FakePlatform();
  const client = clientFor(fake);
  client.setAuthPopupConfiguration({ ...POPUP, useWindowReplace: true });
  let reloadAt = "";
  await inPage(APP, async (page) => {
    const a = client.loginPKCEGrant("cid", APP).catch((e) => e);
    await ticks();
    client.loginPKCEGrant("cid", APP);
    await ticks();
    assert.ok(isAuthError("popup_aborted")(await a));
    assert.ok(sessionStorage.getItem(VERIFIER_KEY));
    const state = sentState(page.popups[1]);
    page.deliver(
      { name: "gc_auth_popup", type: "message", search: `?code=B&state=${state}` },
      page.popups[1],
    );
    reloadAt = page.replaced[0];
  });
  await inPage(reloadAt, async () => {
    const data = await clientFor(fake).loginPKCEGrant("cid", APP);
    assert.ok(data.accessToken);
    assert.equal(fake.tokenRequests.length, 1);
  }, { keepStorage: true });
});

// 5. What is left behind

Deno.test("useWindowReplace: the saved state is cleared after an error answer or a blocked popup", async () => {
  const config = { ...POPUP, useWindowReplace: true };
  await inPage(APP, async (page) => {
    const p = clientFor(new FakePlatform()).loginImplicitGrant("cid", APP, {
      authPopupConfiguration: config,
    });
    await ticks();
    page.deliver(answer("#error=access_denied"), page.popups[0]);
    await assert.rejects(p, isAuthError("access_denied"));
    assert.equal(sessionStorage.getItem(STATE_KEY), null);
  });
  await inPage(APP, async () => {
    await assert.rejects(
      clientFor(new FakePlatform()).loginImplicitGrant("cid", APP, {
        authPopupConfiguration: config,
      }),
      isAuthError("popup_blocked"),
    );
    assert.equal(sessionStorage.getItem(STATE_KEY), null);
  }, { open: "null" });
});

Deno.test('opts.state "" counts as no state: the login completes', async () => {
  const fake = new FakePlatform();
  fake.valid.add("T");
  await inPage(APP, async (page) => {
    const p = clientFor(fake).loginImplicitGrant("cid", APP, {
      state: "",
      authPopupConfiguration: POPUP,
    });
    await ticks();
    page.deliver(answer(`#access_token=T&state=${sentState(page.popups[0])}`), page.popups[0]);
    const data = await p;
    assert.equal(data.accessToken, "T");
    assert.equal(data.state, undefined);
  });
});

Deno.test("window.open throwing: a typed AuthError, no listener left", async () => {
  await inPage(APP, async (page) => {
    await assert.rejects(
      clientFor(new FakePlatform()).loginImplicitGrant("cid", APP, {
        authPopupConfiguration: { ...POPUP, overridePopupUrl: "::bad" },
      }),
      isAuthError("popup_blocked"),
    );
    assert.equal(page.listeners.size, 0);
  }, { open: "throws" });
});

Deno.test("completeAuthPopup removes the answer from the popup's URL", async () => {
  const url = `${ORIGIN}/popup.html?code=SECRET-CODE&state=s&keep=1#access_token=SECRET-TOKEN`;
  await inPage(url, (page) => {
    const sent: { search?: string; hash?: string }[] = [];
    page.window.opener = { closed: false, close() {}, postMessage: (m: never) => sent.push(m) };
    completeAuthPopup();
    assert.equal(sent[0].search, "?code=SECRET-CODE&state=s&keep=1");
    assert.equal(sent[0].hash, "#access_token=SECRET-TOKEN");
    assert.equal(page.href(), `${ORIGIN}/popup.html?keep=1`);
    return Promise.resolve();
  });
});

Deno.test("the answer leaves the URL even when an option is refused", async () => {
  await inPage(`${APP}#access_token=SECRET&state=x`, async (page) => {
    await assert.rejects(
      new PlatformClient().loginImplicitGrant("cid", APP, { org: "o" }),
      ParameterError,
    );
    assert.equal(page.href(), APP);
  });
  await inPage(`${APP}?code=SECRET&state=x`, async (page) => {
    await assert.rejects(
      new PlatformClient().loginPKCEGrant("cid", APP, { provider: "p" }),
      ParameterError,
    );
    assert.equal(page.href(), APP);
  });
});
