/** Shared helpers of the sandbox tests: plain fetch calls whose bodies are always consumed. */

import type { Sandbox } from "../../tools/sandbox/mod.ts";

/** A finished response: status, headers and the whole body as text. */
export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  // deno-lint-ignore no-explicit-any
  json: any;
}

/** Fetches and reads the whole body (JSON parsed when it is JSON). */
export async function call(url: string, init: RequestInit = {}): Promise<Reply> {
  const res = await fetch(url, { redirect: "manual", ...init });
  const text = await res.text();
  let json: unknown = undefined;
  if ((res.headers.get("content-type") ?? "").includes("json") && text) json = JSON.parse(text);
  return { status: res.status, headers: res.headers, text, json };
}

/** `Basic` authorization header value. */
export function basic(id: string, secret: string): string {
  return `Basic ${btoa(`${id}:${secret}`)}`;
}

/** POSTs a form to `/oauth/token`. */
export function tokenCall(
  sandbox: Sandbox,
  form: Record<string, string>,
  authorization?: string,
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (authorization) headers.authorization = authorization;
  return call(`${sandbox.url}/oauth/token`, {
    method: "POST",
    headers,
    body: new URLSearchParams(form),
  });
}

/** A client credentials access token obtained over the wire. */
export async function clientCredentialsToken(sandbox: Sandbox): Promise<string> {
  const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
  const r = await tokenCall(
    sandbox,
    { grant_type: "client_credentials" },
    basic(clientId, clientSecret),
  );
  if (r.status !== 200) throw new Error(`token request failed: ${r.status} ${r.text}`);
  return r.json.access_token;
}

/** GET (or other method) with a bearer token. */
export function api(
  sandbox: Sandbox,
  token: string | undefined,
  path: string,
  init: RequestInit = {},
): Promise<Reply> {
  const headers = new Headers(init.headers);
  if (token !== undefined) headers.set("authorization", `Bearer ${token}`);
  return call(`${sandbox.url}${path}`, { ...init, headers });
}

/** The PKCE S256 challenge of a verifier. */
export async function s256(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  let bin = "";
  for (const b of new Uint8Array(digest)) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Parameters of a redirect `Location`, from its query or its fragment. */
export function redirectParams(location: string, fromFragment: boolean): URLSearchParams {
  const url = new URL(location);
  return new URLSearchParams(fromFragment ? url.hash.slice(1) : url.search);
}

/** Matches a UUID. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
