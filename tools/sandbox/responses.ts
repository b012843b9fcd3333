/**
 * Response builders with the shapes Genesys Cloud uses: the Platform API `ErrorBody`, the
 * login service's OAuth error body, and JSON bodies.
 *
 * @module
 */

/** Message of each Platform API error code the sandbox sends. */
const ERROR_MESSAGES: Record<string, string> = {
  "authentication.required": "No authentication bearer token specified in authorization header.",
  "bad.credentials": "Invalid login credentials.",
  "credentials.expired": "The supplied credentials are expired and cannot be used.",
  "not.found": "The requested resource was not found.",
  "bad.request": "The request could not be understood by the server due to malformed syntax.",
  "not.authorized": "You are not authorized to perform the requested action.",
  "client.timeout":
    "The client did not produce a request within the server timeout limit. This can be caused by a slow network connection and/or large payloads.",
  "request.conflict": "The request conflicts with the current state of the target resource.",
  "request.entity.too.large": "The request is over the size limit.",
  "unsupported.media.type":
    "Unsupported Media Type - Unsupported or incorrect media type, such as an incorrect Content-Type value in the header.",
  "too.many.requests": "Rate limit exceeded the maximum.",
  "internal.server.error":
    "The server encountered an unexpected condition which prevented it from fulfilling the request.",
  "bad.gateway": "The server received an invalid response from an upstream server.",
  "service.unavailable":
    "Service Unavailable - The server is currently unavailable (because it is overloaded or down for maintenance).",
  "request.timeout": "The request timed out.",
};

/** The Genesys error code used for an injected fault of a given status. */
const STATUS_CODES: Record<number, string> = {
  400: "bad.request",
  401: "bad.credentials",
  403: "not.authorized",
  404: "not.found",
  408: "client.timeout",
  409: "request.conflict",
  413: "request.entity.too.large",
  415: "unsupported.media.type",
  429: "too.many.requests.retry.after",
  500: "internal.server.error",
  502: "bad.gateway",
  503: "service.unavailable",
  504: "request.timeout",
};

/** A Platform API error body (`ErrorBody` in the definition). */
export interface GenesysErrorBody {
  message: string;
  code: string;
  status: number;
  messageParams: Record<string, string>;
  contextId: string;
  details: unknown[];
  errors: unknown[];
  messageWithParams?: string;
}

/** Builds an `ErrorBody`; the message defaults to the one Genesys uses for the code. */
export function errorBody(
  status: number,
  code: string,
  correlationId: string,
  message?: string,
  messageParams: Record<string, string> = {},
): GenesysErrorBody {
  return {
    message: message ?? ERROR_MESSAGES[code] ?? code,
    code,
    status,
    messageParams,
    contextId: correlationId,
    details: [],
    errors: [],
  };
}

/** A JSON response (`application/json`). */
export function json(body: unknown, status = 200, headers?: HeadersInit): Response {
  const response = new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json" },
  });
  if (headers) new Headers(headers).forEach((v, k) => response.headers.set(k, v));
  return response;
}

/** A JSON `ErrorBody` response. */
export function genesysError(
  status: number,
  code: string,
  correlationId: string,
  message?: string,
  headers?: HeadersInit,
): Response {
  return json(errorBody(status, code, correlationId, message), status, headers);
}

/** The error body of an injected fault or of the enforced rate limit. */
export function faultBody(
  status: number,
  correlationId: string,
  retryAfter: string | null,
): GenesysErrorBody {
  if (status === 429) {
    if (retryAfter !== null && /^\d+$/.test(retryAfter)) {
      const body = errorBody(
        429,
        "too.many.requests.retry.after",
        correlationId,
        `Rate limit exceeded the maximum. Retry the request in [${retryAfter}] seconds`,
      );
      body.messageWithParams = "Rate limit exceeded the maximum. Retry the request in [%s] seconds";
      return body;
    }
    return errorBody(429, "too.many.requests", correlationId);
  }
  const code = STATUS_CODES[status] ?? (status >= 500 ? "internal.server.error" : "bad.request");
  return errorBody(status, code, correlationId);
}

/**
 * A login service OAuth error: `{ error, description, error_description }`.
 * 401 for client authentication failures, 400 otherwise.
 */
export function oauthError(status: number, error: string, description: string): Response {
  return json({ error, description, error_description: description }, status, {
    "cache-control": "no-store",
    "pragma": "no-cache",
  });
}

/** A small HTML page (login side errors are pages, not JSON). */
export function htmlPage(status: number, title: string, text: string): Response {
  const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${escape(title)}</title>` +
    `</head><body><h1>${escape(title)}</h1><p>${escape(text)}</p></body></html>`;
  return new Response(html, { status, headers: { "content-type": "text/html; charset=utf-8" } });
}
