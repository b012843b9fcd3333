/**
 * Classifies what the runtime's `fetch` threw when a request got no HTTP
 * answer: did the request provably never leave, might it have reached the
 * server, or is the failure permanent?
 *
 * What each runtime throws (checked on Deno 2.9 and Bun 1.4):
 *
 * | failure | Deno (`TypeError`, `cause.message`) | Bun (`TypeError`, `code`) |
 * | --- | --- | --- |
 * | connection refused | `client error (Connect): tcp connect error: Connection refused` | `ECONNREFUSED` |
 * | DNS failure | `client error (Connect): dns error: ...` | `ENOTFOUND` |
 * | closed after accepting | `client error (SendRequest): connection closed before message completed` | `ECONNRESET` |
 * | body cut short | `error reading a body from connection` | `ECONNRESET` |
 * | bad certificate | `client error (Connect): invalid peer certificate: ...` | `DEPTH_ZERO_SELF_SIGNED_CERT`, ... |
 *
 * Deno's `(Connect)` phase ends before any request byte is written; Bun's
 * `ECONNRESET` covers both "closed before sending" and "closed after
 * receiving", so it counts as possibly delivered. Anything unrecognised
 * (browsers, Workers, custom transports) counts as possibly delivered too.
 *
 * @module
 */

/**
 * - `not-sent`: the request provably never reached the server; safe to resend.
 * - `maybe-sent`: the server may have received it; only idempotent methods are resent.
 * - `permanent`: retrying cannot help (certificate rejected, port blocked by the runtime).
 */
export type NetworkFailure = "not-sent" | "maybe-sent" | "permanent";

const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ConnectionRefused",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EAI_NONAME",
  "EAI_FAIL",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "FailedToOpenSocket",
]);

const CERTIFICATE = /certificate|CERT_|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS_CERT|UnknownIssuer/i;

/**
 * Classifies an error thrown by `fetch` (or a transport built on it).
 *
 * @example
 * ```ts
 * import { classifyNetworkError } from "./network_errors.ts";
 * const refused = Object.assign(new TypeError("Unable to connect"), { code: "ECONNREFUSED" });
 * console.log(classifyNetworkError(refused)); // not-sent
 * ```
 */
export function classifyNetworkError(error: unknown): NetworkFailure {
  const code = errorCode(error);
  const text = messages(error).join(" | ");
  if ((error as { status?: unknown } | null)?.status === 407) return "permanent";
  // A proxy that refused to open a tunnel (bad credentials, destination not allowed) refuses
  // again: under Deno the refusal looks like a connect error, so decide before the rules below.
  if ((error as Error | null)?.name === "ProxyError" && /refused to open a tunnel/.test(text)) {
    return "permanent";
  }
  if (code !== undefined) {
    if (NOT_SENT_CODES.has(code)) return "not-sent";
    if (CERTIFICATE.test(code)) return "permanent";
  }
  if (/Requests to port \d+ are blocked/i.test(text)) return "permanent";
  if (/client error \(Connect\)/.test(text)) {
    return CERTIFICATE.test(text) ? "permanent" : "not-sent";
  }
  if (/tcp connect error|dns error|Connection refused \(os error/i.test(text)) return "not-sent";
  if (CERTIFICATE.test(text)) return "permanent";
  return "maybe-sent";
}

function errorCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; isObject(e) && depth < 5; e = e.cause, depth++) {
    if (typeof e.code === "string") return e.code;
  }
  return undefined;
}

function messages(error: unknown): string[] {
  const out: string[] = [];
  for (let e = error, depth = 0; isObject(e) && depth < 5; e = e.cause, depth++) {
    if (typeof e.message === "string") out.push(e.message);
  }
  return out;
}

function isObject(v: unknown): v is { code?: unknown; message?: unknown; cause?: unknown } {
  return typeof v === "object" && v !== null;
}
