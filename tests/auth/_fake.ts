/**
 * Test doubles for the auth tests: an in-process login + API server used as
 * the client's transport (no sockets), and a controllable clock.
 */

import type { Endpoint, Transport } from "../../mod.ts";

export const getUsersMe: Endpoint = {
  name: "getUsersMe",
  method: "GET",
  path: "/api/v2/users/me",
  params: [],
};

export const LOGIN = "https://login.test.example";
export const API = "https://api.test.example";

export interface SeenToken {
  url: string;
  headers: Headers;
  form: URLSearchParams;
  body: string;
}

export interface SeenApi {
  url: string;
  authorization: string | null;
}

/** A fake login + API side. API calls succeed only with a token in `valid`. */
export class FakePlatform {
  readonly tokenRequests: SeenToken[] = [];
  readonly apiRequests: SeenApi[] = [];
  readonly valid = new Set<string>();
  /** Seconds put in `expires_in`. */
  expiresIn = 3600;
  /** Overrides the token endpoint's answer. */
  onToken: ((seen: SeenToken) => Response | Promise<Response>) | undefined;
  /** Overrides the API's answer. */
  onApi: ((seen: SeenApi) => Response | undefined | Promise<Response | undefined>) | undefined;
  #counter = 0;
  #refreshTokens = new Set<string>();

  readonly transport: Transport = async (request) => {
    const url = new URL(request.url);
    if (url.pathname.endsWith("/oauth/token")) {
      const body = await request.text();
      const seen: SeenToken = {
        url: request.url,
        headers: new Headers(request.headers),
        form: new URLSearchParams(body),
        body,
      };
      this.tokenRequests.push(seen);
      if (this.onToken) return await this.onToken(seen);
      return this.grant(seen);
    }
    await request.body?.cancel();
    const seen: SeenApi = { url: request.url, authorization: request.headers.get("authorization") };
    this.apiRequests.push(seen);
    const custom = this.onApi ? await this.onApi(seen) : undefined;
    if (custom) return custom;
    const token = seen.authorization?.replace(/^Bearer /, "") ?? "";
    if (!this.valid.has(token)) {
      return Response.json({ code: "bad.credentials", message: "Invalid login credentials." }, {
        status: 401,
      });
    }
    return Response.json({ ok: true, token });
  };

  /** Issues an access token (and a refresh token for code/refresh grants). */
  grant(seen: SeenToken): Response {
    const type = seen.form.get("grant_type");
    if (type === "refresh_token") {
      const rt = seen.form.get("refresh_token") ?? "";
      if (!this.#refreshTokens.delete(rt)) {
        return Response.json({
          error: "invalid_grant",
          description: "refresh token is invalid",
        }, { status: 400 });
      }
    }
    const access = `tok-${++this.#counter}`;
    this.valid.add(access);
    const body: Record<string, unknown> = {
      access_token: access,
      token_type: "bearer",
      expires_in: this.expiresIn,
    };
    if (
      type === "authorization_code" && seen.headers.has("authorization") || type === "refresh_token"
    ) {
      const rt = `rt-${this.#counter}`;
      this.#refreshTokens.add(rt);
      body.refresh_token = rt;
    }
    return Response.json(body);
  }

  /** Makes every token issued so far invalid for the API. */
  expireAll(): void {
    this.valid.clear();
  }

  grantsOf(type: string): number {
    return this.tokenRequests.filter((r) => r.form.get("grant_type") === type).length;
  }
}

/** Replaces `Date.now` until disposed. */
export function fakeClock(start = Date.now()) {
  const real = Date.now;
  let now = start;
  Date.now = () => now;
  return {
    get now() {
      return now;
    },
    advance(ms: number) {
      now += ms;
    },
    [Symbol.dispose]() {
      Date.now = real;
    },
  };
}

/** A promise with its resolver, for holding fake answers back. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** An unsigned JWT with the given claims (the client only decodes it). */
export function unsignedJwt(claims: Record<string, unknown>): string {
  const enc = (v: unknown) =>
    btoa(JSON.stringify(v)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  return `${enc({ alg: "none", typ: "JWT" })}.${enc(claims)}.`;
}

/** An in-memory Web Storage double. */
export class MapStorage {
  readonly map = new Map<string, string>();
  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.map.set(key, value);
  }
  removeItem(key: string): void {
    this.map.delete(key);
  }
}
