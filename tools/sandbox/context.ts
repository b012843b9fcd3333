/**
 * What a sandbox route handler receives, and the route table entry type.
 *
 * @module
 */

import { genesysError } from "./responses.ts";
import type { NotificationHub } from "./notifications/hub.ts";
import type { UrlSigner } from "./signed_urls.ts";
import type { TokenAuthority, TokenClaims } from "./tokens.ts";
import type { AuthorizeError, SandboxCounters, SandboxCredentials, SandboxState } from "./types.ts";

/** Lifetimes and limits the routes need. */
export interface RouteSettings {
  tokenLifetimeSeconds: number;
  guestJwtLifetimeSeconds: number;
  webDeploymentJwtLifetimeSeconds: number;
  signedUrlLifetimeSeconds: number;
  recordingPendingPolls: number;
}

/** The sandbox internals shared by all routes. */
export interface SandboxInternals {
  readonly state: SandboxState;
  readonly credentials: SandboxCredentials;
  readonly counters: SandboxCounters;
  readonly tokens: TokenAuthority;
  readonly signer: UrlSigner;
  readonly settings: RouteSettings;
  readonly authorizeQueries: Record<string, string>[];
  authorizeError: AuthorizeError | null;
  /** 202 answers given so far per recording/format key. */
  readonly recordingPolls: Map<string, number>;
  /** The notifications service (channels, sockets, events). */
  readonly notifications: NotificationHub;
  /** Verifies the request's bearer access token: its claims, or the 401 response to send. */
  authenticate(req: Request, correlationId: string): Promise<TokenClaims | Response>;
}

/** One request as seen by a route handler. */
export interface RouteContext {
  readonly core: SandboxInternals;
  readonly req: Request;
  readonly url: URL;
  /** Decoded path parameters. */
  readonly params: Record<string, string>;
  /** The request body as text. */
  readonly body: string;
  /** The `inin-correlation-id` of the response (also the `contextId` of error bodies). */
  readonly correlationId: string;
  /** Verified claims of the bearer token (routes with `auth` set). */
  readonly claims?: TokenClaims;
}

/** Which credential a route requires. */
export type RouteAuth = "api" | "guest" | "none";

/** A route table entry: method, path pattern with `{name}` segments, auth and handler. */
export interface Route {
  readonly method: string;
  readonly pattern: string;
  readonly auth: RouteAuth;
  readonly handle: (ctx: RouteContext) => Response | Promise<Response>;
}

/** Increments `record[key]`. */
export function bump(record: Record<string, number>, key: string): void {
  record[key] = (record[key] ?? 0) + 1;
}

/**
 * The JSON body of a request, or the Genesys error response to send: 415
 * `unsupported.media.type` when the content type is not JSON, 400 `bad.request` when the body is
 * not valid JSON (or, with `requireObject`, not an object).
 */
export function jsonBody(
  ctx: RouteContext,
  requireObject = true,
): { value: unknown } | { error: Response } {
  const type = ctx.req.headers.get("content-type") ?? "";
  if (!/^application\/(?:[\w.+-]*\+)?json\b/i.test(type)) {
    return { error: genesysError(415, "unsupported.media.type", ctx.correlationId) };
  }
  let value: unknown;
  try {
    value = JSON.parse(ctx.body);
  } catch {
    return {
      error: genesysError(
        400,
        "bad.request",
        ctx.correlationId,
        "The request body is not valid JSON.",
      ),
    };
  }
  if (requireObject && (typeof value !== "object" || value === null || Array.isArray(value))) {
    return {
      error: genesysError(
        400,
        "bad.request",
        ctx.correlationId,
        "The request body must be a JSON object.",
      ),
    };
  }
  return { value };
}
