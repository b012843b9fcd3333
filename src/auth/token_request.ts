/**
 * One request to the token endpoint: `POST <login base>/oauth/token`,
 * form-encoded, sent through the client's hooks and transport.
 *
 * @module
 */

import { SETTLED } from "../base/settled.ts";
import { Deadline, transportFailure } from "../http/exchange.ts";
import { basicAuthorization } from "./basic.ts";
import { redactSecrets } from "../base/redact.ts";
import { isRecord, parseJson } from "../base/json.ts";
import { parseRetryAfter } from "../base/retry_after.ts";
import { sleep } from "../base/sleep.ts";
import { TokenRequestError } from "./errors.ts";
import type { HookContext } from "../http/transport.ts";

/**
 * What a token request needs of a client: the login base URL, the time limit,
 * and a way to send (`PlatformClient` and `LiteClient` both provide one).
 */
export interface TokenSender {
  /** The login base URL (`urls.login`) and the per-request time limit (`values.timeoutMs`). */
  readonly config: {
    readonly urls: { readonly login: string };
    readonly values: { readonly timeoutMs: number };
  };
  /** Sends the request (through hooks and the transport, where the client has them). */
  send(request: Request, context: HookContext): Promise<Response>;
  /** Settles when the client's configuration is loaded (a config file, say). */
  readonly ready?: Promise<void>;
}

/** How many times a token request answered 429 is sent in all. */
const MAX_LOGIN_ATTEMPTS = 4;

/** The operation name hooks and logs see for token requests (its body holds secrets). */
export const TOKEN_OPERATION = "oauth/token";

/**
 * What the client reads of a successful token endpoint answer (RFC 6749
 * section 5.1; `token_type` is always `bearer` here and not kept).
 */
export interface TokenResponse {
  /** The access token. */
  access_token: string;
  /** Lifetime in seconds. */
  expires_in?: number;
  /** Refresh token (authorization code grant). */
  refresh_token?: string;
}

/** What to send to the token endpoint. */
export interface TokenRequest {
  /** Method name for parameter errors (`loginClientCredentialsGrant`). */
  method: string;
  /** Form fields; `grant_type` first. */
  form: Record<string, string>;
  /** Client authentication by HTTP Basic; absent for public clients (PKCE). */
  basic?: { clientId: string; clientSecret: string };
  /** Values that must never appear in an error (secret, code, assertion, tokens). */
  secrets: readonly string[];
}

/**
 * Sends one token request and returns the parsed answer. Failures are
 * {@linkcode TokenRequestError}s (OAuth errors, unusable answers),
 * {@linkcode NetworkError}, {@linkcode TimeoutError} (after the client's
 * `timeoutMs`) or {@linkcode AbortedError}; none carries a credential.
 *
 * @example
 * ```ts
 * import { requestToken } from "./token_request.ts";
 * // A sender whose login server answers with a token (a stand-in for the real one).
 * const sender = {
 *   config: { urls: { login: "https://login.mypurecloud.ie" }, values: { timeoutMs: 5_000 } },
 *   send: () => Promise.resolve(Response.json({ access_token: "t", expires_in: 86_400 })),
 * };
 * const answer = await requestToken(sender, {
 *   method: "loginClientCredentialsGrant",
 *   form: { grant_type: "client_credentials" },
 *   basic: { clientId: "id", clientSecret: "secret" },
 *   secrets: ["secret"],
 * });
 * console.log(answer.expires_in); // 86400
 * ```
 */
export async function requestToken(
  client: TokenSender,
  request: TokenRequest,
  signal?: AbortSignal,
): Promise<TokenResponse> {
  const grant = request.form.grant_type;
  // A config file may set the gateway or environment: read it before building the URL
  // (without yielding when there is none, so the request starts in the caller's turn).
  const ready = client.ready;
  if (ready !== undefined && ready !== SETTLED) await ready.catch(() => {});
  const url = `${client.config.urls.login}/oauth/token`;
  const headers: Record<string, string> = {
    "content-type": "application/x-www-form-urlencoded",
    accept: "application/json",
  };
  const secrets = [...request.secrets];
  if (request.basic) {
    const value = basicAuthorization(
      request.basic.clientId,
      request.basic.clientSecret,
      request.method,
    );
    headers.authorization = value;
    secrets.push(value.slice(6), request.basic.clientSecret);
  }
  const deadline = new Deadline(signal, client.config.values.timeoutMs);
  const stop = deadline.signal;
  let response: Response;
  let text: string;
  try {
    for (let attempt = 1;; attempt++) {
      response = await client.send(
        new Request(url, {
          method: "POST",
          headers,
          body: new URLSearchParams(request.form).toString(),
          signal: stop,
        }),
        { operation: TOKEN_OPERATION, attempt },
      );
      // A 429 (the login rate limit) is sent again after its Retry-After, never sooner, while
      // that fits in the time limit; the token endpoint did not act on it.
      const wait = response.status === 429 && attempt < MAX_LOGIN_ATTEMPTS
        ? parseRetryAfter(response.headers.get("retry-after")) ?? attempt * 1_000
        : Infinity;
      if (deadline.outlasts(wait)) break;
      await response.body?.cancel();
      await sleep(wait, stop);
    }
    // Reading the body is inside the try: a connection that dies mid-answer
    // (a proxy refusing us, say) is a network failure like any other.
    text = await response.text();
  } catch (error) {
    if (error instanceof TypeError) transportFailure(error);
    throw deadline.explain(error, `${grant} grant`, { method: "POST", url }, secrets);
  }
  return parseTokenAnswer(response, text, { grant, url, secrets });
}

function parseTokenAnswer(
  response: Response,
  text: string,
  ctx: { grant: string; url: string; secrets: readonly string[] },
): TokenResponse {
  const body = parseJson(text);
  const obj = isRecord(body) ? body : {};
  const fail = (error: string, description: string | undefined) =>
    new TokenRequestError({
      grant: ctx.grant,
      url: ctx.url,
      error: redactSecrets(error, ctx.secrets),
      description: description === undefined ? undefined : redactSecrets(description, ctx.secrets),
      status: response.status,
    });
  if (!response.ok) {
    const error = firstText(obj.error, obj.code) ?? `http_${response.status}`;
    const description = firstText(obj.error_description, obj.description, obj.message) ??
      (body === undefined ? "the login server's answer is not a JSON OAuth error" : undefined);
    throw fail(error, description);
  }
  if (typeof obj.access_token !== "string" || obj.access_token === "") {
    throw fail("invalid_token_response", "the token response has no access_token");
  }
  const answer: TokenResponse = { access_token: obj.access_token };
  const expires = typeof obj.expires_in === "string" ? Number(obj.expires_in) : obj.expires_in;
  if (typeof expires === "number" && Number.isFinite(expires) && expires >= 0) {
    answer.expires_in = expires;
  }
  if (typeof obj.refresh_token === "string" && obj.refresh_token !== "") {
    answer.refresh_token = obj.refresh_token;
  }
  return answer;
}

function firstText(...values: unknown[]): string | undefined {
  for (const v of values) if (typeof v === "string" && v !== "") return v;
  return undefined;
}
