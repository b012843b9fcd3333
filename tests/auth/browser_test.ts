/**
 * Browser logins in real headless Chromium (playwright-core, driven by a node
 * script) against the sandbox: implicit and PKCE redirects, state mismatch,
 * error answers, persistence across reloads, popup mode.
 */

import assert from "node:assert/strict";
import { createSandboxHandler } from "../../tools/sandbox/mod.ts";

const here = new URL("./browser/", import.meta.url);
const root = new URL("../../", import.meta.url);
const chromium = Deno.env.get("CHROMIUM_PATH") ?? "/usr/bin/chromium";
const playwright = new URL(".tools/node_modules/playwright-core/package.json", root);

async function exists(url: URL | string): Promise<boolean> {
  try {
    await Deno.stat(url);
    return true;
  } catch {
    return false;
  }
}

const ready = await exists(chromium) && await exists(playwright);

async function bundle(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "auth-browser-" });
  const out = `${dir}/bundle.js`;
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "bundle",
      "--quiet",
      "--platform",
      "browser",
      "-o",
      out,
      new URL("entry.ts", here).pathname,
    ],
    cwd: root.pathname,
    stdout: "null",
    stderr: "piped",
  }).output();
  if (code !== 0) throw new Error(`deno bundle failed: ${new TextDecoder().decode(stderr)}`);
  const js = await Deno.readTextFile(out);
  await Deno.remove(dir, { recursive: true });
  return js;
}

Deno.test({
  name: "browser: implicit, PKCE, state mismatch, errors, persistence and popups in Chromium",
  ignore: !ready,
  async fn() {
    const js = await bundle();
    const pages: Record<string, string> = {
      "/app/app.html": await Deno.readTextFile(new URL("app.html", here)),
      "/app/popup.html": await Deno.readTextFile(new URL("popup.html", here)),
      "/app/popup-notify.html": await Deno.readTextFile(new URL("popup.html", here)),
      "/app/silent.html": await Deno.readTextFile(new URL("silent.html", here)),
    };
    const sandbox = createSandboxHandler();
    const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
      const url = new URL(req.url);
      if (url.pathname === "/app/bundle.js") {
        return new Response(js, { headers: { "content-type": "text/javascript" } });
      }
      if (url.pathname === "/app/__control") {
        const body = await req.json();
        sandbox.authorizeError = body.authorizeError;
        return new Response("ok");
      }
      const page = pages[url.pathname];
      if (page) return new Response(page, { headers: { "content-type": "text/html" } });
      return await sandbox(req);
    });
    const origin = `http://127.0.0.1:${server.addr.port}`;
    try {
      for (
        const path of [
          "app.html",
          "app.html?persist=itest",
          "popup.html",
          "popup-notify.html",
          "silent.html",
        ]
      ) {
        sandbox.allowRedirectUri(`${origin}/app/${path}`);
      }
      const clientId = sandbox.credentials.publicClient.clientId;
      const driver = new Deno.Command("node", {
        args: [new URL("drive.mjs", here).pathname],
        env: { AUTH_ORIGIN: origin, AUTH_CLIENT_ID: clientId, CHROMIUM_PATH: chromium },
        stdout: "piped",
        stderr: "piped",
      });
      const { code, stdout, stderr } = await driver.output();
      const errText = new TextDecoder().decode(stderr);
      assert.equal(code, 0, `driver failed: ${errText}`);
      const r = JSON.parse(new TextDecoder().decode(stdout));
      if (Deno.env.get("AUTH_DRIVER_TIMES")) console.log(errText, JSON.stringify(r, null, 1));
      for (const [name, value] of Object.entries(r)) {
        assert.ok(
          !(value as { driverError?: string }).driverError,
          `${name}: ${JSON.stringify(value)}`,
        );
      }
      const app = `${origin}/app/app.html`;
      const authorize = sandbox.authorizeQueries;

      // Implicit redirect: the login request carried the options, the token came
      // back in the fragment, which is removed from the address bar.
      // The state sent is a random nonce, never the app's own state.
      const implicitQuery = authorize.find((q) => q.login_hint === "x")!;
      assert.match(implicitQuery.state, /^[\w.~-]{43}$/);
      assert.deepEqual(implicitQuery, {
        client_id: clientId,
        redirect_uri: app,
        response_type: "token",
        state: implicitQuery.state,
        login_hint: "x",
      });
      assert.ok(!authorize.some((q) => q.state === "s-implicit" || q.state === "s-pkce"));
      assert.equal(r.implicitRedirect.hashBefore, true);
      assert.equal(r.implicitRedirect.href, app);
      assert.equal(r.implicitRedirect.state, "s-implicit");
      assert.equal(r.implicitRedirect.expiresIn, 86400);
      assert.equal(r.implicitRedirect.tokenClient, clientId);

      // PKCE redirect: S256 challenge of the verifier kept in sessionStorage,
      // code exchanged with it, query cleaned, verifier dropped.
      const verifier = r.pkceRedirect.verifierBefore as string;
      assert.equal(verifier.length, 128);
      const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
      const challenge = btoa(String.fromCharCode(...new Uint8Array(digest)))
        .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
      const pkceQuery = authorize.find((q) => q.code_challenge === challenge)!;
      assert.equal(pkceQuery.response_type, "code");
      assert.equal(pkceQuery.code_challenge_method, "S256");
      assert.match(pkceQuery.state, /^[\w.~-]{43}$/);
      const exchange = sandbox.requests.find((q) =>
        q.path === "/oauth/token" && new URLSearchParams(q.body).get("code_verifier") === verifier
      )!;
      assert.ok(exchange);
      const form = new URLSearchParams(exchange.body);
      assert.equal(form.get("grant_type"), "authorization_code");
      assert.equal(form.get("client_id"), clientId);
      assert.equal(form.get("redirect_uri"), app);
      assert.equal(exchange.headers.get("authorization"), null);
      assert.equal(exchange.headers.get("content-type"), "application/x-www-form-urlencoded");
      assert.equal(r.pkceRedirect.verifierAfter, null);
      assert.equal(r.pkceRedirect.href, app);
      assert.equal(r.pkceRedirect.state, "s-pkce");
      assert.equal(r.pkceRedirect.tokenClient, clientId);

      // State mismatch: rejected, nothing installed, no code exchanged.
      for (const flow of ["implicit", "pkce"]) {
        const m = r.stateMismatch[flow];
        assert.equal(m.ok, false, flow);
        assert.equal(m.name, "AuthError");
        assert.equal(m.error, "state_mismatch");
        assert.equal(m.href, app);
        assert.equal(m.callAfter, "ApiError");
      }
      const exchanges = sandbox.requests.filter((q) =>
        q.path === "/oauth/token" &&
        new URLSearchParams(q.body).get("grant_type") === "authorization_code"
      );
      assert.equal(exchanges.length, 2, "pkce redirect + pkce popup only");

      // error / error_description from the login page become an AuthError.
      assert.deepEqual(r.errorAnswer, {
        ok: false,
        name: "AuthError",
        error: "access_denied",
        description: "User said no",
        href: app,
      });

      // Persistence: stored under <prefix>_auth_data, reused after a reload
      // without a redirect, dropped once expired.
      const p = r.persistence;
      assert.equal(p.storedToken, p.firstToken);
      assert.equal(typeof p.storedExpiry, "number");
      assert.equal(p.reloaded.token, p.firstToken);
      assert.equal(p.reloaded.sameUrl, true);
      assert.equal(p.reloaded.state, "again");
      assert.equal(p.reloaded.tokenClient, clientId);
      assert.equal(p.expired.call, "ApiError 401");
      assert.equal(p.expired.stored, null);
      assert.equal(authorize.filter((q) => q.redirect_uri === `${app}?persist=itest`).length, 1);

      // Popups.
      assert.equal(r.popupPKCE.result.ok, true, JSON.stringify(r.popupPKCE));
      assert.equal(r.popupPKCE.result.data.state, "pp");
      assert.equal(r.popupPKCE.result.data.tokenClient, clientId);
      assert.equal(r.popupPKCE.result.data.href, app);
      assert.deepEqual(r.popupPKCE.statuses, ["INIT", "AUTHENTICATED"]);
      assert.equal(r.popupPKCE.popupClosed, true);
      assert.deepEqual(r.popupImplicitNotify.result, { ok: true, data: { hasToken: true } });
      assert.deepEqual(r.popupImplicitNotify.statuses, ["INIT", "AUTHENTICATED"]);
      assert.equal(r.popupTimeoutAndAbort.timeout.ok, false);
      assert.equal(r.popupTimeoutAndAbort.timeout.error, "popup_timeout");
      assert.deepEqual(r.popupTimeoutAndAbort.timeoutStatuses, ["INIT", "TIMEOUT"]);
      assert.deepEqual(r.popupTimeoutAndAbort.abort, {
        ok: true,
        data: [{ ok: false, error: "popup_aborted" }, { ok: false, error: "popup_timeout" }],
      });
      assert.deepEqual(r.popupTimeoutAndAbort.abortStatuses, [
        "INIT",
        "ABORTED",
        "INIT",
        "TIMEOUT",
      ]);

      // A client secret never leaves a page.
      assert.equal(r.clientCredentialsInPage.ok, false);
      assert.equal(r.clientCredentialsInPage.name, "UnsupportedRuntimeError");
      assert.ok(!r.clientCredentialsInPage.message.includes("some-secret"));
      assert.equal(sandbox.counters.tokenRequests["client_credentials"] ?? 0, 0);
    } finally {
      await server.shutdown();
    }
  },
});
