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
 * - `refused`: an HTTP/2 refusal (GOAWAY past this stream, REFUSED_STREAM) that proves the
 *   server did not process the request: not sent, in effect, and sent again at once.
 */
export type NetworkFailure = "not-sent" | "maybe-sent" | "permanent" | "refused";

/** Error codes of requests that never left (refused, DNS, unreachable, no socket). */
const NOT_SENT_CODE =
  /^(ECONNREFUSED|ConnectionRefused|ENOTFOUND|EAI_(AGAIN|NONAME|FAIL)|E(NET|HOST)UNREACH|FailedToOpenSocket)$/;

const CERTIFICATE = /certificate|CERT_|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS_CERT|UnknownIssuer/i;

/**
 * HTTP/2 refusals that prove the server did not process the request (RFC 9113, 8.7): a GOAWAY
 * (NO_ERROR) naming a last stream below this one, or REFUSED_STREAM, as Deno words them.
 */
const H2_UNPROCESSED =
  /connection error received: not a result of an error|refused stream before processing any application logic/;

/** The first `code` and every `message` (joined) down an error's `cause` chain. */
function describe(error: unknown): [code: string, text: string] {
  let code = "";
  let text = "";
  for (let e = error, depth = 0; typeof e === "object" && e !== null && depth < 5; depth++) {
    const { code: c, message, cause } = e as { code?: unknown; message?: unknown; cause?: unknown };
    if (!code && typeof c === "string") code = c;
    if (typeof message === "string") text += `${message} | `;
    e = cause;
  }
  return [code, text];
}

/**
 * Whether `fetch` failed with an HTTP/2 refusal that proves the server did not
 * process the request (the engine sends such a request again once, retries on
 * or off).
 *
 * @example
 * ```ts
 * import { isRefusedStream } from "./network_errors.ts";
 * const cause = new Error("refused stream before processing any application logic");
 * console.log(isRefusedStream(new TypeError("error sending request", { cause }))); // true
 * ```
 */
export function isRefusedStream(error: unknown): boolean {
  return H2_UNPROCESSED.test(describe(error)[1]);
}

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
  const [code, text] = describe(error);
  // A proxy that refused to open a tunnel (bad credentials, destination not allowed) refuses
  // again: under Deno the refusal looks like a connect error, so decide before the rules below.
  if (
    (error as { status?: unknown } | null)?.status === 407 ||
    ((error as Error | null)?.name === "ProxyError" && /refused to open a tunnel/.test(text))
  ) {
    return "permanent";
  }
  if (H2_UNPROCESSED.test(text)) return "refused";
  if (NOT_SENT_CODE.test(code)) return "not-sent";
  if (CERTIFICATE.test(code + text) || /Requests to port \d+ are blocked/i.test(text)) {
    return "permanent";
  }
  return /client error \(Connect\)|tcp connect error|dns error|Connection refused \(os error/i.test(
      text,
    )
    ? "not-sent"
    : "maybe-sent";
}
