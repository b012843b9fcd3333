/**
 * A fetch-based {@linkcode Transport} that sends through an HTTP(S) proxy
 * and/or presents a client certificate (mutual TLS): `Deno.createHttpClient`
 * under Deno, fetch's `proxy` and `tls` options under Bun. Other runtimes
 * (Cloudflare Workers, browsers, Node.js) cannot, and get an
 * {@linkcode UnsupportedRuntimeError}.
 *
 * @module
 */

import {
  ConfigurationError,
  GenesysCloudError,
  NetworkError,
  UnsupportedRuntimeError,
} from "../base/errors.ts";
import type { Transport } from "../http/transport.ts";
import { ProxyError } from "./errors.ts";
import type { NetOptions, NetTransport } from "./options.ts";
import { certificateBlocks, type MtlsConfig, validateMtls } from "./mtls.ts";
import { proxyAuthorization, type ProxyConfig, proxyUrl, validateProxy } from "./proxy.ts";
import { detectRuntime, type RuntimeGlobals } from "./runtime.ts";

/**
 * Makes a transport for `options`. With neither a proxy nor mTLS it is plain
 * `fetch` and works everywhere; otherwise it needs Deno or Bun. Settings are
 * validated first ({@linkcode ConfigurationError} naming the field).
 *
 * Failures come out typed: a proxy that refuses the credentials (HTTP 407, or
 * a refused `CONNECT` tunnel) or cannot be reached raises {@linkcode ProxyError}
 * naming the proxy; other failures to get an answer raise
 * {@linkcode NetworkError}. Neither ever contains the proxy password or key
 * material. Aborted requests reject with the runtime's abort error unchanged.
 *
 * Pass `globals` to decide the runtime from something other than `globalThis`
 * (tests do, to play another runtime).
 *
 * @example
 * ```ts
 * import { createNetTransport } from "./transport.ts";
 * const transport = createNetTransport({
 *   proxy: { host: "proxy.corp.example", port: 3128, auth: { username: "svc", password: "pw" } },
 * });
 * // new PlatformClient({ transport }) ... and later:
 * transport.close();
 * ```
 */
export function createNetTransport(
  options: NetOptions = {},
  globals: RuntimeGlobals = globalThis as RuntimeGlobals,
): NetTransport {
  const { proxy, mtls } = options;
  if (proxy !== undefined) validateProxy(proxy);
  if (mtls !== undefined) validateMtls(mtls);
  const fetchFn = globals.fetch;
  if (typeof fetchFn !== "function") {
    throw new UnsupportedRuntimeError("this runtime has no global fetch");
  }
  if (proxy === undefined && mtls === undefined) {
    return closable((request) => fetchFn(request), () => {});
  }
  const runtime = detectRuntime(globals);
  const label = proxy ? proxyUrl(proxy) : undefined;
  let send: Transport;
  let release = () => {};
  if (runtime.kind === "deno") {
    const client = createDenoClient(globals, proxy, label, mtls);
    send = (request) => fetchFn(request, { client });
    release = () => client.close();
  } else if (runtime.kind === "bun") {
    const init: Record<string, unknown> = {};
    if (proxy && label) {
      init.proxy = proxy.auth
        ? { url: label, headers: { "Proxy-Authorization": proxyAuthorization(proxy.auth) } }
        : { url: label };
    }
    if (mtls) {
      // Bun, like Node, trusts only `tls.ca` when it is given: the runtime's roots are added
      // back, so that `mtls.ca` adds to them as in Deno.
      const ca = mtls.ca ? { ca: [...runtimeRoots(globals), mtls.ca] } : {};
      init.tls = { cert: mtls.cert, key: mtls.key, ...ca };
    }
    send = (request) => fetchFn(request, init);
  } else {
    const what = proxy && mtls ? "a proxy and mutual TLS" : proxy ? "a proxy" : "mutual TLS";
    const hint = runtime.name === "a browser"
      ? "; in a browser the browser's own proxy and client-certificate settings apply"
      : "";
    throw new UnsupportedRuntimeError(
      `${what} need${proxy && mtls ? "" : "s"} Deno or Bun; ${runtime.name} cannot configure ` +
        `them for fetch${hint}`,
    );
  }
  let closed = false;
  return closable(async (request) => {
    if (closed) {
      throw new GenesysCloudError(
        `${request.method} ${request.url}: the HTTP client was closed (client.close())`,
      );
    }
    let response: Response;
    try {
      response = await send(request);
    } catch (error) {
      if (request.signal.aborted) throw error;
      throw explainFailure(error, request, proxy, label);
    }
    if (response.status === 407 && label) {
      await response.body?.cancel();
      throw new ProxyError(
        `proxy ${label} refused the request (HTTP 407 Proxy Authentication Required): ` +
          `${proxy?.auth ? "wrong proxy credentials" : "it requires credentials (proxy.auth)"} ` +
          `(${request.method} ${request.url})`,
        { proxy: label, status: 407 },
      );
    }
    return response;
  }, () => {
    if (closed) return;
    closed = true;
    release();
  });
}

/**
 * The certificates Bun trusts by default (its roots and `NODE_EXTRA_CA_CERTS`), read
 * through `process.getBuiltinModule` (no `node:` import); none where that is missing.
 */
function runtimeRoots(globals: RuntimeGlobals): string[] {
  const tls = globals.process?.getBuiltinModule?.("tls") as {
    getCACertificates?: (type: string) => string[];
    rootCertificates?: readonly string[];
  } | undefined;
  return [...(tls?.getCACertificates?.("default") ?? tls?.rootCertificates ?? [])];
}

function closable(send: Transport, close: () => void): NetTransport {
  const transport = ((request: Request) => send(request)) as NetTransport;
  transport.close = close;
  return transport;
}

function createDenoClient(
  globals: RuntimeGlobals,
  proxy: ProxyConfig | undefined,
  label: string | undefined,
  mtls: MtlsConfig | undefined,
): { close(): void } {
  const options: Record<string, unknown> = {};
  if (proxy && label) {
    options.proxy = proxy.auth
      ? { url: label, basicAuth: { username: proxy.auth.username, password: proxy.auth.password } }
      : { url: label };
  }
  if (mtls) {
    options.cert = mtls.cert;
    options.key = mtls.key;
    if (mtls.ca) options.caCerts = certificateBlocks(mtls.ca);
  }
  try {
    return globals.Deno!.createHttpClient!(options);
  } catch (cause) {
    const reason = cause instanceof Error ? scrub(cause.message, proxy) : "unknown error";
    throw new ConfigurationError(
      `Deno rejected the ${mtls ? "mTLS certificate, key or CA" : "proxy settings"}: ${reason}`,
      { cause },
    );
  }
}

/** Turns what fetch threw into a typed error naming the proxy or the URL. */
function explainFailure(
  error: unknown,
  request: Request,
  proxy: ProxyConfig | undefined,
  label: string | undefined,
): GenesysCloudError {
  if (error instanceof GenesysCloudError) return error;
  const where = `${request.method} ${request.url}`;
  const text = scrub(describe(error), proxy);
  if (label) {
    const code = errorCode(error);
    if (code === "ERR_PROXY_TUNNEL" || /\btunnel\b/i.test(text)) {
      const status = /tunnel\b[^0-9]*\b(\d{3})\b/i.exec(text)?.[1];
      const statusNum = status ? Number(status) : undefined;
      const why = statusNum === 407 || statusNum === 401
        ? proxy?.auth ? "wrong proxy credentials" : "it requires credentials (proxy.auth)"
        : "wrong or missing proxy credentials, or the destination is not allowed by the proxy";
      const target = new URL(request.url).host;
      return new ProxyError(
        `proxy ${label} refused to open a tunnel to ${target}` +
          `${statusNum ? ` (HTTP ${statusNum})` : ""}: ${why} (${where})`,
        { proxy: label, status: statusNum, cause: error },
      );
    }
    if (code === "ECONNREFUSED" || /connection refused|ECONNREFUSED/i.test(text)) {
      return new ProxyError(`cannot connect to proxy ${label}: connection refused (${where})`, {
        proxy: label,
        cause: error,
      });
    }
  }
  return new NetworkError(`${where} failed: ${text}`, { cause: error });
}

/** The error's message and its causes' messages, joined. */
function describe(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== undefined && current !== null; depth++) {
    const message = current instanceof Error ? current.message : String(current);
    if (message && !parts.includes(message)) parts.push(message);
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(": ") || "unknown error";
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** Removes the proxy password (and its Basic form) should a runtime ever echo it. */
function scrub(text: string, proxy: ProxyConfig | undefined): string {
  const auth = proxy?.auth;
  if (!auth || auth.password === "") return text;
  const basic = proxyAuthorization(auth).slice("Basic ".length);
  return text.split(auth.password).join("***").split(basic).join("***");
}
