/**
 * Authorization code grant with refresh, in a small web app (server side):
 * `/login` sends the browser to the login page, `/callback` receives the code
 * and exchanges it (`loginCodeAuthorizationGrant`), `/me` calls the API as the
 * user, `/refresh` gets a new token with the refresh token
 * (`refreshCodeAuthorizationGrant`; the sandbox rotates refresh tokens, as
 * Genesys Cloud does). An expired token is also refreshed by the client by
 * itself; a per-user `MemoryTokenStore` (`setTokenStore`) always holds the
 * current refresh token. Run as a script, it plays the browser too (following redirects and
 * keeping cookies) and prints each step. Tokens and codes are never printed.
 *
 * Run:
 *   deno run -A examples/auth_code_with_refresh.ts
 *   bun examples/auth_code_with_refresh.ts
 *   deno run -A examples/auth_code_with_refresh.ts --serve   # keep the app up for a real browser
 *
 * @module
 */

import { AuthError, MemoryTokenStore, PlatformClient } from "../mod.ts";
import { UsersApi } from "../src/generated/apis/users.js";
import { type Sandbox, startSandbox } from "../tools/sandbox/mod.ts";
import { serveLocal } from "./_shared/serve.ts";

/** The running app. */
export interface AuthCodeApp {
  /** Base URL of the app, `http://127.0.0.1:<port>`. */
  url: string;
  /** The redirect URI the app registered (`<url>/callback`). */
  redirectUri: string;
  /** Stops the app. */
  close(): Promise<void>;
}

interface UserSession {
  client: PlatformClient;
  /** Where the client keeps the current token and refresh token (rotated on each refresh). */
  tokens: MemoryTokenStore;
}

const TOKEN_KEY = "user";

function cookie(request: Request, name: string): string | undefined {
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=");
  }
  return undefined;
}

function text(body: string, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(body + "\n", {
    status,
    headers: { "content-type": "text/plain; charset=utf-8", ...headers },
  });
}

/**
 * Starts the app for `sandbox`'s confidential client (its id and secret stay
 * on this server) and registers `<app>/callback` as a redirect URI.
 */
export function startAuthCodeApp(sandbox: Sandbox): AuthCodeApp {
  const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
  const sessions = new Map<string, UserSession>();
  let redirectUri = "";

  const server = serveLocal(async (request) => {
    const url = new URL(request.url);
    if (url.pathname === "/login") {
      const state = crypto.randomUUID();
      const authorize = new URL("/oauth/authorize", sandbox.clientOptions.loginBasePath);
      authorize.search = new URLSearchParams({
        response_type: "code",
        client_id: clientId,
        redirect_uri: redirectUri,
        state,
      }).toString();
      return new Response(null, {
        status: 302,
        headers: {
          location: authorize.href,
          "set-cookie": `oauth_state=${state}; HttpOnly; SameSite=Lax; Path=/`,
        },
      });
    }
    if (url.pathname === "/callback") {
      const code = url.searchParams.get("code");
      const state = url.searchParams.get("state");
      if (url.searchParams.has("error")) {
        return text(`login failed: ${url.searchParams.get("error")}`, 400);
      }
      if (!code || !state || state !== cookie(request, "oauth_state")) {
        return text("login failed: missing code or state mismatch", 400);
      }
      const client = new PlatformClient(sandbox.clientOptions);
      const tokens = new MemoryTokenStore();
      client.setTokenStore(tokens, TOKEN_KEY);
      try {
        await client.loginCodeAuthorizationGrant(
          clientId,
          clientSecret,
          code,
          redirectUri,
        );
        const sessionId = crypto.randomUUID();
        sessions.set(sessionId, { client, tokens });
        return new Response(null, {
          status: 302,
          headers: {
            location: "/me",
            "set-cookie": `session=${sessionId}; HttpOnly; SameSite=Lax; Path=/`,
          },
        });
      } catch (error) {
        if (error instanceof AuthError) return text(`login failed: ${error.message}`, 400);
        throw error;
      }
    }
    const session = sessions.get(cookie(request, "session") ?? "");
    if (url.pathname === "/me") {
      if (!session) return text("not signed in: go to /login", 401);
      const me = await new UsersApi(session.client).getUsersMe();
      return text(`signed in as ${me.name} <${me.email}>`);
    }
    if (url.pathname === "/refresh" && request.method === "POST") {
      // The current refresh token: the client replaces it in the store after
      // every refresh, its own (on expiry) included.
      const refreshToken = (await session?.tokens.get(TOKEN_KEY))?.refreshToken;
      if (!session || !refreshToken) return text("not signed in: go to /login", 401);
      const next = await session.client.refreshCodeAuthorizationGrant(
        clientId,
        clientSecret,
        refreshToken,
      );
      const rotated = next.refreshToken !== undefined && next.refreshToken !== refreshToken;
      return text(`refreshed: new token for ${next.expiresIn}s, refresh token rotated: ${rotated}`);
    }
    return text("routes: /login, /callback, /me, POST /refresh", 404);
  });
  redirectUri = `${server.url}/callback`;
  sandbox.allowRedirectUri(redirectUri);
  return { url: server.url, redirectUri, close: () => server.close() };
}

/** A browser stand-in: follows redirects by hand and keeps cookies. */
class Browser {
  readonly #cookies = new Map<string, string>();

  async request(method: string, url: string, log: (line: string) => void): Promise<string> {
    let next = url;
    for (let hop = 0; hop < 5; hop++) {
      const res = await fetch(next, {
        method: hop === 0 ? method : "GET",
        redirect: "manual",
        headers: { cookie: [...this.#cookies].map(([k, v]) => `${k}=${v}`).join("; ") },
      });
      for (const line of res.headers.getSetCookie()) {
        const [pair] = line.split(";");
        const eq = pair.indexOf("=");
        this.#cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
      }
      const where = new URL(next);
      const body = await res.text();
      if (res.status !== 302) {
        log(`${hop === 0 ? method : "GET"} ${where.origin}${where.pathname} -> ${res.status}`);
        return body.trim();
      }
      const location = new URL(res.headers.get("location")!, next);
      log(
        `${hop === 0 ? method : "GET"} ${where.origin}${where.pathname} -> 302 ` +
          `${location.origin}${location.pathname}`,
      );
      next = location.href;
    }
    throw new Error("too many redirects");
  }
}

/** Logs in through the app as a browser would, refreshes, and prints each step. */
export async function runAuthCodeDemo(
  sandbox: Sandbox,
  log: (line: string) => void = console.log,
): Promise<void> {
  const app = startAuthCodeApp(sandbox);
  try {
    const browser = new Browser();
    log(`app: ${app.url} (redirect URI ${app.redirectUri})`);
    log(`after login: ${await browser.request("GET", `${app.url}/login`, log)}`);
    log(`refresh: ${await browser.request("POST", `${app.url}/refresh`, log)}`);
    log(`after refresh: ${await browser.request("GET", `${app.url}/me`, log)}`);
    sandbox.expireTokens(); // every access token issued so far is now rejected
    log(`after expiry: ${await browser.request("GET", `${app.url}/me`, log)}`);
    log(`refresh again: ${await browser.request("POST", `${app.url}/refresh`, log)}`);
  } finally {
    await app.close();
  }
}

if (import.meta.main) {
  const sandbox = await startSandbox();
  try {
    if (globalThis.Deno?.args.includes("--serve")) {
      const app = startAuthCodeApp(sandbox);
      console.log(`open ${app.url}/login (Ctrl-C to stop)`);
      await new Promise(() => {});
    }
    await runAuthCodeDemo(sandbox);
    const grants = sandbox.counters.tokenRequests;
    console.log(
      `token requests: authorization_code=${grants["authorization_code"] ?? 0}, ` +
        `refresh_token=${grants["refresh_token"] ?? 0}`,
    );
  } finally {
    await sandbox.stop();
  }
}
