// Drives headless Chromium through the browser login flows against the test
// server started by browser_test.ts, and prints one JSON object of results.
// Run by browser_test.ts: node drive.mjs (AUTH_ORIGIN, AUTH_CLIENT_ID in env).
import { createRequire } from "node:module";
import process from "node:process";

const require = createRequire(import.meta.url);
const { chromium } = require("../../../.tools/node_modules/playwright-core");

const origin = process.env.AUTH_ORIGIN;
const clientId = process.env.AUTH_CLIENT_ID;
const app = `${origin}/app/app.html`;
const persistApp = `${app}?persist=itest`;
const popup = `${origin}/app/popup.html`;
const popupNotify = `${origin}/app/popup-notify.html`;
const silent = `${origin}/app/silent.html`;
const TOKENS_ME = { name: "getTokensMe", method: "GET", path: "/api/v2/tokens/me", params: [] };

async function ready(page) {
  await page.waitForFunction(() => globalThis.client !== undefined, null, { timeout: 10_000 });
}

/** Starts a login that navigates away; the evaluation may lose its context. */
async function startRedirect(page, fn, arg) {
  try {
    await page.evaluate(fn, arg);
  } catch (error) {
    if (!String(error).includes("context was destroyed")) throw error;
  }
}

/** Runs `fn` in the page from a click (a user gesture, as popups need) and returns its outcome. */
async function fromClick(page, fn, arg) {
  await page.evaluate(([source, a]) => {
    const run = new Function("a", `return (${source})(a);`);
    document.getElementById("go").onclick = () => {
      globalThis.pending = Promise.resolve()
        .then(() => run(a))
        .then(
          (data) => ({ ok: true, data }),
          (e) => ({ ok: false, name: e.name, error: e.error, message: e.message }),
        );
    };
  }, [fn.toString(), arg]);
  await page.click("#go");
  return await page.evaluate(() => globalThis.pending);
}

async function control(body) {
  const res = await fetch(`${origin}/app/__control`, {
    method: "POST",
    body: JSON.stringify(body),
  });
  await res.text();
}

const scenarios = {
  async implicitRedirect(context) {
    const page = await context.newPage();
    await page.goto(app);
    await ready(page);
    await startRedirect(page, ([id, uri]) => {
      globalThis.client.loginImplicitGrant(id, uri, { state: "s-implicit", login_hint: "x" });
    }, [clientId, app]);
    await page.waitForURL((u) => u.hash.includes("access_token"));
    await ready(page);
    return await page.evaluate(async ([id, uri, me]) => {
      const hashBefore = location.hash.includes("access_token") && location.hash.includes("state=");
      const data = await globalThis.client.loginImplicitGrant(id, uri, { state: "s-implicit" });
      const info = await globalThis.client.call(me, []);
      return {
        hashBefore,
        href: location.href,
        state: data.state,
        expiresIn: data.expiresIn,
        tokenLength: data.accessToken.length,
        tokenClient: info.OAuthClient.id,
      };
    }, [clientId, app, TOKENS_ME]);
  },

  async pkceRedirect(context) {
    const page = await context.newPage();
    await page.goto(app);
    await ready(page);
    await startRedirect(page, ([id, uri]) => {
      globalThis.client.loginPKCEGrant(id, uri, { state: "s-pkce" });
    }, [clientId, app]);
    await page.waitForURL((u) => u.searchParams.has("code"));
    await ready(page);
    return await page.evaluate(async ([id, uri, me]) => {
      const verifierBefore = sessionStorage.getItem("purecloud_pkce_code_verifier");
      const data = await globalThis.client.loginPKCEGrant(id, uri, { state: "s-pkce" });
      const info = await globalThis.client.call(me, []);
      return {
        verifierBefore,
        verifierAfter: sessionStorage.getItem("purecloud_pkce_code_verifier"),
        href: location.href,
        state: data.state,
        tokenClient: info.OAuthClient.id,
      };
    }, [clientId, app, TOKENS_ME]);
  },

  async stateMismatch(context) {
    const out = {};
    for (const flow of ["implicit", "pkce"]) {
      const page = await context.newPage();
      await page.goto(app);
      await ready(page);
      await startRedirect(page, ([id, uri, f]) => {
        const c = globalThis.client;
        if (f === "implicit") c.loginImplicitGrant(id, uri, { state: "good" });
        else c.loginPKCEGrant(id, uri, { state: "good" });
      }, [clientId, app, flow]);
      await page.waitForURL((u) => u.hash.includes("state=") || u.searchParams.has("state"));
      await ready(page);
      out[flow] = await page.evaluate(async ([id, uri, f, me]) => {
        sessionStorage.setItem("purecloud_oauth_state", "tampered");
        const c = globalThis.client;
        const login = f === "implicit" ? c.loginImplicitGrant(id, uri) : c.loginPKCEGrant(id, uri);
        const result = await login.then(
          () => ({ ok: true }),
          (e) => ({ ok: false, name: e.name, error: e.error, message: e.message }),
        );
        const after = await c.call(me, []).then(() => "accepted", (e) => e.name);
        return { ...result, href: location.href, callAfter: after };
      }, [clientId, app, flow, TOKENS_ME]);
      await page.close();
    }
    return out;
  },

  async errorAnswer(context) {
    await control({ authorizeError: { error: "access_denied", description: "User said no" } });
    try {
      const page = await context.newPage();
      await page.goto(app);
      await ready(page);
      await startRedirect(page, ([id, uri]) => {
        globalThis.client.loginImplicitGrant(id, uri, { state: "e1" });
      }, [clientId, app]);
      await page.waitForURL((u) => u.hash.includes("error="));
      await ready(page);
      return await page.evaluate(async ([id, uri]) => {
        const result = await globalThis.client.loginImplicitGrant(id, uri, { state: "e1" }).then(
          () => ({ ok: true }),
          (e) => ({ ok: false, name: e.name, error: e.error, description: e.description }),
        );
        return { ...result, href: location.href };
      }, [clientId, app]);
    } finally {
      await control({ authorizeError: null });
    }
  },

  async persistence(context) {
    const page = await context.newPage();
    await page.goto(persistApp);
    await ready(page);
    await startRedirect(page, ([id, uri]) => {
      globalThis.client.loginImplicitGrant(id, uri, { state: "p1" });
    }, [clientId, persistApp]);
    await page.waitForURL((u) => u.hash.includes("access_token"));
    await ready(page);
    const first = await page.evaluate(async ([id, uri]) => {
      const data = await globalThis.client.loginImplicitGrant(id, uri, { state: "p1" });
      return { token: data.accessToken, stored: localStorage.getItem("itest_auth_data") };
    }, [clientId, persistApp]);
    await page.goto(persistApp);
    await ready(page);
    const reloaded = await page.evaluate(async ([id, uri, me]) => {
      const before = location.href;
      const data = await globalThis.client.loginImplicitGrant(id, uri, { state: "again" });
      const info = await globalThis.client.call(me, []);
      return {
        token: data.accessToken,
        state: data.state,
        sameUrl: before === location.href,
        tokenClient: info.OAuthClient.id,
      };
    }, [clientId, persistApp, TOKENS_ME]);
    await page.evaluate(() => {
      const saved = JSON.parse(localStorage.getItem("itest_auth_data"));
      saved.tokenExpiryTime = Date.now() - 1000;
      localStorage.setItem("itest_auth_data", JSON.stringify(saved));
    });
    await page.goto(persistApp);
    await ready(page);
    const expired = await page.evaluate(async (me) => {
      const call = await globalThis.client.call(me, []).then(
        () => "ok",
        (e) => `${e.name} ${e.status}`,
      );
      return { call, stored: localStorage.getItem("itest_auth_data") };
    }, TOKENS_ME);
    return {
      firstToken: first.token,
      storedToken: first.stored && JSON.parse(first.stored).accessToken,
      storedExpiry: first.stored && JSON.parse(first.stored).tokenExpiryTime,
      reloaded,
      expired,
    };
  },

  async popupPKCE(context) {
    const page = await context.newPage();
    await page.goto(app);
    await ready(page);
    const popupPage = context.waitForEvent("page");
    const result = await fromClick(
      page,
      ([id, uri, me]) =>
        globalThis.client.loginPKCEGrant(id, uri, {
          state: "pp",
          authPopupConfiguration: { usePopup: true, popupTimeout: 20_000, autoClosePopupDelay: 0 },
        }).then(async (data) => {
          const info = await globalThis.client.call(me, []);
          return { state: data.state, tokenClient: info.OAuthClient.id, href: location.href };
        }),
      [clientId, popup, TOKENS_ME],
    );
    const opened = await popupPage;
    if (!opened.isClosed()) {
      await opened.waitForEvent("close", { timeout: 5_000 }).catch(() => {});
    }
    return {
      result,
      statuses: await page.evaluate(() => globalThis.statuses),
      popupClosed: opened.isClosed(),
    };
  },

  async popupImplicitNotify(context) {
    const page = await context.newPage();
    await page.goto(app);
    await ready(page);
    const result = await fromClick(
      page,
      ([id, uri]) =>
        globalThis.client.loginImplicitGrant(id, uri, {
          authPopupConfiguration: {
            usePopup: true,
            notifyPopup: true,
            usePopupIdentifier: true,
            popupTimeout: 20_000,
            autoClosePopupDelay: 0,
          },
        }).then((data) => ({ hasToken: data.accessToken.length > 0 })),
      [clientId, popupNotify],
    );
    return { result, statuses: await page.evaluate(() => globalThis.statuses) };
  },

  async popupTimeoutAndAbort(context) {
    const page = await context.newPage();
    await page.goto(app);
    await ready(page);
    const timeout = await fromClick(
      page,
      ([id, uri]) =>
        globalThis.client.loginImplicitGrant(id, uri, {
          authPopupConfiguration: { usePopup: true, popupTimeout: 400, autoClosePopupDelay: 0 },
        }),
      [clientId, silent],
    );
    const timeoutStatuses = await page.evaluate(() => globalThis.statuses.splice(0));
    const abort = await fromClick(page, ([id, uri]) => {
      const opts = (ms) => ({
        authPopupConfiguration: { usePopup: true, popupTimeout: ms, autoClosePopupDelay: 0 },
      });
      const first = globalThis.client.loginImplicitGrant(id, uri, opts(20_000)).then(
        () => ({ ok: true }),
        (e) => ({ ok: false, error: e.error }),
      );
      const second = globalThis.client.loginImplicitGrant(id, uri, opts(300)).then(
        () => ({ ok: true }),
        (e) => ({ ok: false, error: e.error }),
      );
      return Promise.all([first, second]);
    }, [clientId, silent]);
    return {
      timeout,
      timeoutStatuses,
      abort,
      abortStatuses: await page.evaluate(() => globalThis.statuses),
    };
  },

  async clientCredentialsInPage(context) {
    const page = await context.newPage();
    await page.goto(app);
    await ready(page);
    return await page.evaluate(() =>
      globalThis.client.loginClientCredentialsGrant("some-client", "some-secret").then(
        () => ({ ok: true }),
        (e) => ({ ok: false, name: e.name, message: e.message }),
      )
    );
  },
};

const results = {};
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
try {
  for (const [name, scenario] of Object.entries(scenarios)) {
    const context = await browser.newContext();
    const started = Date.now();
    try {
      results[name] = await scenario(context);
      if (process.env.AUTH_DRIVER_TIMES) console.error(name, Date.now() - started, "ms");
    } catch (error) {
      results[name] = { driverError: String(error?.stack ?? error) };
    } finally {
      await context.close();
    }
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(results));
