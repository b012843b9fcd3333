/**
 * The seams around the network: the transport that sends a `Request`, and the
 * hooks that run before and after each attempt.
 *
 * @module
 */

/**
 * Sends one request and returns its response: the `setHttpClient` equivalent.
 * The default is the global `fetch`.
 *
 * @example
 * ```ts
 * import type { Transport } from "./transport.ts";
 * const logging: Transport = async (req) => {
 *   console.log(req.method, req.url);
 *   return await fetch(req);
 * };
 * ```
 */
export type Transport = (request: Request) => Promise<Response>;

/** What hooks learn about the request they run around. */
export interface HookContext {
  /** Operation name (`getUser`), or `oauth/token` style names for login requests. */
  operation: string;
  /** 1 for the first attempt, 2 for the first retry, and so on. */
  attempt: number;
}

/**
 * Runs before every attempt. It may return a replacement `Request` (to add a
 * header, say), return nothing to send the request as is, or throw to reject
 * the call (the error reaches the caller unchanged).
 *
 * @example
 * ```ts
 * import type { PreHook } from "./transport.ts";
 * const addTrace: PreHook = (req) => {
 *   const headers = new Headers(req.headers);
 *   headers.set("x-trace-id", crypto.randomUUID());
 *   return new Request(req, { headers });
 * };
 * ```
 */
export type PreHook = (
  request: Request,
  context: HookContext,
) => Request | void | Promise<Request | void>;

/**
 * Runs after every attempt that got a response. It may return a replacement
 * `Response`, return nothing, or throw to reject the call.
 *
 * @example
 * ```ts
 * import type { PostHook } from "./transport.ts";
 * const audit: PostHook = (res, req) => {
 *   console.log(req.method, req.url, res.status);
 * };
 * ```
 */
export type PostHook = (
  response: Response,
  request: Request,
  context: HookContext,
) => Response | void | Promise<Response | void>;
