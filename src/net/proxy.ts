/**
 * HTTP(S) proxy settings: their shape, validation, and the credential-free
 * label used in errors.
 *
 * @module
 */

import { ConfigurationError } from "../base/errors.ts";
import { shown } from "../base/shown.ts";

/**
 * Basic-authentication credentials for a proxy. The password is sent only to
 * the proxy and never appears in errors or logs.
 *
 * @example
 * ```ts
 * import type { ProxyAuth } from "./proxy.ts";
 * const auth: ProxyAuth = { username: "svc-genesys", password: "from-a-secret-store" };
 * ```
 */
export interface ProxyAuth {
  /** User name; must not contain `:`. */
  username: string;
  /** Password. */
  password: string;
}

/**
 * An HTTP(S) proxy every request goes through (Deno and Bun only).
 *
 * @example
 * ```ts
 * import type { ProxyConfig } from "./proxy.ts";
 * const proxy: ProxyConfig = {
 *   host: "proxy.corp.example",
 *   port: 3128,
 *   auth: { username: "svc", password: "secret" },
 * };
 * ```
 */
export interface ProxyConfig {
  /** Host name or IP address of the proxy (no scheme, no port, no path). */
  host: string;
  /** Port, 1-65535; defaults to 80 for `http`, 443 for `https`. */
  port?: number;
  /** How the client talks to the proxy: `http` (default) or `https`. */
  protocol?: "http" | "https";
  /** Credentials the proxy requires (sent as `Proxy-Authorization: Basic ...`). */
  auth?: ProxyAuth;
}

/**
 * Checks a proxy configuration and throws a {@linkcode ConfigurationError}
 * naming the first bad field. Messages never contain the password.
 *
 * @example
 * ```ts
 * import { validateProxy } from "./proxy.ts";
 * validateProxy({ host: "127.0.0.1", port: 3128 });
 * ```
 */
export function validateProxy(proxy: ProxyConfig): void {
  if (typeof proxy !== "object" || proxy === null) {
    throw new ConfigurationError("proxy must be an object { host, port?, protocol?, auth? }");
  }
  proxyHost(proxy.host);
  const protocol = proxy.protocol ?? "http";
  if (protocol !== "http" && protocol !== "https") {
    throw new ConfigurationError(
      `proxy.protocol must be "http" or "https", got ${JSON.stringify(String(protocol))}`,
    );
  }
  const port = proxy.port;
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) {
    throw new ConfigurationError(`proxy.port must be an integer from 1 to 65535, got ${port}`);
  }
  const auth = proxy.auth;
  if (auth !== undefined) {
    if (typeof auth !== "object" || auth === null) {
      throw new ConfigurationError("proxy.auth must be an object { username, password }");
    }
    if (typeof auth.username !== "string" || auth.username === "") {
      throw new ConfigurationError("proxy.auth.username is required");
    }
    if (auth.username.includes(":")) {
      throw new ConfigurationError("proxy.auth.username must not contain ':' (Basic auth)");
    }
    if (hasControlCharacter(auth.username)) {
      throw new ConfigurationError("proxy.auth.username must not contain control characters");
    }
    if (typeof auth.password !== "string") {
      throw new ConfigurationError("proxy.auth.password must be a string");
    }
    if (hasControlCharacter(auth.password)) {
      throw new ConfigurationError("proxy.auth.password must not contain control characters");
    }
  }
}

/**
 * The proxy's URL without credentials, e.g. `http://proxy.corp.example:3128`:
 * what errors name, and what runtimes are given.
 *
 * @example
 * ```ts
 * import { proxyUrl } from "./proxy.ts";
 * console.log(proxyUrl({ host: "10.0.0.5", port: 8080, auth: { username: "u", password: "p" } }));
 * // http://10.0.0.5:8080
 * ```
 */
export function proxyUrl(proxy: ProxyConfig): string {
  validateProxy(proxy);
  const protocol = proxy.protocol ?? "http";
  const port = proxy.port ?? (protocol === "https" ? 443 : 80);
  return `${protocol}://${proxyHost(proxy.host)}:${port}`;
}

/**
 * The `Proxy-Authorization` header value for `auth` (`Basic base64(user:password)`,
 * UTF-8).
 *
 * @example
 * ```ts
 * import { proxyAuthorization } from "./proxy.ts";
 * console.log(proxyAuthorization({ username: "user", password: "pass" })); // Basic dXNlcjpwYXNz
 * ```
 */
export function proxyAuthorization(auth: ProxyAuth): string {
  const bytes = new TextEncoder().encode(`${auth.username}:${auth.password}`);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return `Basic ${btoa(binary)}`;
}

/** Validates a host and returns it in URL form (IPv6 in brackets). */
function proxyHost(host: unknown): string {
  if (typeof host !== "string" || host.trim() === "") {
    throw new ConfigurationError("proxy.host is required");
  }
  const h = host.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(h)) {
    throw new ConfigurationError(
      `proxy.host ${shown(h)} must be a bare host name; ` +
        "put the scheme in proxy.protocol and the port in proxy.port",
    );
  }
  const ipv6 = /^\[?([0-9a-f:.]+)\]?$/i.exec(h);
  if (ipv6 && ipv6[1].includes(":")) return `[${ipv6[1]}]`;
  if (!/^[a-z0-9.-]+$/i.test(h) || h.startsWith(".") || h.startsWith("-")) {
    throw new ConfigurationError(
      `proxy.host ${
        shown(h)
      } must be a bare host name or IP address (no port, path or credentials)`,
    );
  }
  return h;
}

function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}
