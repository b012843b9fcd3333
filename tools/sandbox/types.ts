/**
 * Public types of the Genesys Cloud sandbox: options, credentials, recorded requests, counters,
 * fault rules and the seeded state.
 *
 * @module
 */

import type { DefinitionSource } from "./api/load.ts";
import type { SandboxJobControls, SandboxJobOptions } from "./api/jobs.ts";
import type { SandboxNotificationOptions, SandboxNotifications } from "./notifications/types.ts";

/** OAuth grants a sandbox client may be allowed to use. */
export type SandboxGrant = "client_credentials" | "code" | "pkce" | "implicit" | "saml2bearer";

/**
 * One OAuth client known to the sandbox's login side.
 *
 * @example
 * ```ts
 * import type { SandboxClient } from "./types.ts";
 * const cc: SandboxClient = { clientId: "cc-only", clientSecret: "s3cret", grants: ["client_credentials"], redirectUris: [] };
 * ```
 */
export interface SandboxClient {
  /** The client id (`client_id`). */
  clientId: string;
  /** The secret for HTTP Basic client authentication; absent for public clients. */
  clientSecret?: string;
  /** Grants the client may use; any other grant answers `unauthorized_client`. */
  grants: SandboxGrant[];
  /** Redirect URIs accepted by `/oauth/authorize` and the code grant (exact match). */
  redirectUris: string[];
}

/**
 * The seeded credentials of a sandbox.
 *
 * @example
 * ```ts
 * import { createSandboxHandler } from "./mod.ts";
 * const { confidentialClient } = createSandboxHandler().credentials;
 * console.log(confidentialClient.clientId);
 * ```
 */
export interface SandboxCredentials {
  /** A confidential client: client credentials, code (+ refresh) and SAML2 bearer grants. */
  confidentialClient: { clientId: string; clientSecret: string; redirectUris: string[] };
  /** A public client (no secret): implicit and PKCE code grants. */
  publicClient: { clientId: string; redirectUris: string[] };
  /** SAML2 bearer grant inputs: the organization name and a valid base64 assertion. */
  saml: { orgName: string; assertion: string };
  /** The organization of every token. */
  organization: { id: string; name: string };
  /** The user that interactive grants (code, PKCE, implicit, SAML) log in as by default. */
  user: { id: string; username: string };
  /** Web chat (guest chat) inputs of `POST /api/v2/webchat/guest/conversations`. */
  webChat: { organizationId: string; deploymentId: string; queueName: string };
  /** Web messaging deployment id accepted by `/api/v2/webdeployments/token/*`. */
  webDeployment: { deploymentId: string };
}

/** Options of {@linkcode createSandboxHandler} and {@linkcode startSandbox}. */
export interface SandboxOptions {
  /** Access token lifetime (`expires_in`), in seconds (0: already expired). Default 86400. */
  tokenLifetimeSeconds?: number;
  /** Guest chat JWT lifetime, in seconds. Default 3600. */
  guestJwtLifetimeSeconds?: number;
  /** Web deployment JWT lifetime (oauthcodegrantjwtexchange / refresh), in seconds. Default 600. */
  webDeploymentJwtLifetimeSeconds?: number;
  /** Lifetime of signed download/media URLs, in seconds (0: already expired). Default 600. */
  signedUrlLifetimeSeconds?: number;
  /** Number of seeded users. Default 57 (pages of 25: 25, 25, 7). */
  userCount?: number;
  /** Number of seeded routing queues. Default 30. */
  queueCount?: number;
  /** Number of seeded external contacts (cursor listing). Default 250. */
  externalContactCount?: number;
  /** Number of seeded conversations with recordings (2 recordings each). Default 3. */
  conversationCount?: number;
  /**
   * How many times `GET .../recordings/{recordingId}` answers 202 (transcoding, no media URIs)
   * for a recording and format before it answers 200. Default 0.
   */
  recordingPendingPolls?: number;
  /** Overrides of the seeded confidential client (id, secret, redirect URIs). */
  confidentialClient?: { clientId?: string; clientSecret?: string; redirectUris?: string[] };
  /** Overrides of the seeded public client (id, redirect URIs). */
  publicClient?: { clientId?: string; redirectUris?: string[] };
  /** Extra OAuth clients (for instance one limited to a single grant). */
  clients?: SandboxClient[];
  /** Delay added before every response, in milliseconds. Default 0. */
  latencyMs?: number;
  /** The `inin-ratelimit-allowed` value per token and window. Default 300. */
  rateLimitAllowed?: number;
  /** The rate limit window, in seconds. Default 60. */
  rateLimitWindowSeconds?: number;
  /** When true, requests over the limit get a real 429 (`too.many.requests.retry.after`). */
  enforceRateLimit?: boolean;
  /**
   * Requests per window of each user, whatever the token (tokens of interactive grants carry
   * their user), enforced with `enforceRateLimit`. Default 3000.
   */
  userRateLimitAllowed?: number;
  /**
   * Limits of their own on chosen paths, per token, enforced with `enforceRateLimit`: a request
   * whose path matches `path` (`{name}` matches one segment; a trailing `*` any rest) and whose
   * method is `method` (any when absent) counts against `allowed` per `windowSeconds` (default
   * the main window).
   */
  resourceRateLimits?: SandboxResourceRateLimit[];
  /** Whether requests are recorded in `requests`. Default true. */
  recordRequests?: boolean;
  /** The request log keeps this many most recent requests. Default 10000. */
  requestLogLimit?: number;
  /** When set, `/oauth/authorize` redirects with this error instead of approving. */
  authorizeError?: AuthorizeError | null;
  /**
   * The Platform API definition served by the generic layer: a Swagger 2.0 document (parsed
   * JSON), a file path or URL of one, or a model made by `compactDefinition`. Default: the
   * definition the package was generated from (bundled in compact form).
   */
  definition?: DefinitionSource;
  /** Seed of synthesized answers and seeded entities: the same seed, the same values. Default 1. */
  seed?: number | string;
  /** Entities seeded in each resource family collection on first use. Default 3. */
  seededEntitiesPerFamily?: number;
  /** Entities kept per resource family; past it the oldest are dropped. Default 1000. */
  maxEntitiesPerFamily?: number;
  /** How job families run and bulk operations answer (see `sandbox.jobs`). */
  jobs?: SandboxJobOptions;
  /** The notifications service: channel lifetime, heartbeat interval, limits. */
  notifications?: SandboxNotificationOptions;
  /** `startSandbox` only: the address to listen on. Default `127.0.0.1`. */
  hostname?: string;
  /** `startSandbox` only: the port to listen on. Default 0 (a free port). */
  port?: number;
}

/** An OAuth error that `/oauth/authorize` sends back to the redirect URI. */
export interface AuthorizeError {
  /** The `error` value, e.g. `access_denied`. */
  error: string;
  /** The `error_description` value. */
  description?: string;
}

/**
 * One request received by the sandbox, as it arrived.
 *
 * @example
 * ```ts
 * import type { RecordedRequest } from "./types.ts";
 * const isTokenCall = (r: RecordedRequest) => r.method === "POST" && r.path === "/oauth/token";
 * ```
 */
export interface RecordedRequest {
  /** HTTP method. */
  method: string;
  /** Full URL. */
  url: string;
  /** URL path (percent-encoded, as sent). */
  path: string;
  /** URL query string including `?`, or `""`. */
  search: string;
  /** A copy of the request headers. */
  headers: Headers;
  /** The body as text (`""` when there is none). */
  body: string;
  /** `Date.now()` when it arrived. */
  time: number;
}

/**
 * A rate limit of its own on some paths (see `SandboxOptions.resourceRateLimits`).
 *
 * @example
 * ```ts
 * import type { SandboxResourceRateLimit } from "./types.ts";
 * const limit: SandboxResourceRateLimit = { path: "/api/v2/analytics/*", allowed: 5, windowSeconds: 1 };
 * ```
 */
export interface SandboxResourceRateLimit {
  /** The path pattern. */
  path: string;
  /** The method; any when absent. */
  method?: string;
  /** Requests allowed per window. */
  allowed: number;
  /** The window, in seconds. */
  windowSeconds?: number;
}

/**
 * Counters kept by the sandbox.
 *
 * @example
 * ```ts
 * import type { SandboxCounters } from "./types.ts";
 * const tokenCalls = (c: SandboxCounters) => c.tokenRequests["client_credentials"] ?? 0;
 * ```
 */
export interface SandboxCounters {
  /** Every request received (preflights included). */
  requests: number;
  /** `POST /oauth/token` requests per `grant_type` value, successful or not. */
  tokenRequests: Record<string, number>;
  /** Tokens issued per `grant_type` value. */
  tokensIssued: Record<string, number>;
  /** `GET /oauth/authorize` requests. */
  authorizeRequests: number;
  /** Requests answered by an injected fault (status, drop or latency-only). */
  faultsInjected: number;
  /** Requests answered 429 by the enforced rate limit. */
  rateLimited: number;
}

/**
 * A fault to inject into the next matching requests.
 *
 * @example
 * ```ts
 * import type { FaultRule } from "./types.ts";
 * const rule: FaultRule = { path: "/api/v2/users", method: "GET", status: 429, retryAfter: 1, times: 2 };
 * ```
 */
export interface FaultRule {
  /** Exact URL path, a path ending in `*` (prefix), or a RegExp tested on the path. Default: any. */
  path?: string | RegExp;
  /** HTTP method to match (case-insensitive). Default: any method except OPTIONS. */
  method?: string;
  /** Status to answer with (a Genesys error body is sent). Omit for a latency-only fault. */
  status?: number;
  /** `Retry-After` value; 429 and 503 default to 1. `null` sends none. */
  retryAfter?: number | string | null;
  /** How many matching requests the rule applies to. Default 1; `Infinity` for all. */
  times?: number;
  /** Delay before answering (or before the normal handling of a latency-only fault), in ms. */
  latencyMs?: number;
  /** Close the connection without a response: the client's `fetch` rejects. */
  drop?: boolean;
  /** A JSON body to send instead of the generated Genesys error body. */
  body?: unknown;
  /** Extra response headers. */
  headers?: Record<string, string>;
}

/**
 * The fault injection API (`sandbox.faults`).
 *
 * @example
 * ```ts
 * import { createSandboxHandler } from "./mod.ts";
 * const sandbox = createSandboxHandler();
 * sandbox.faults.add({ path: "/oauth/token", status: 503, times: 1 });
 * sandbox.faults.clear();
 * ```
 */
export interface FaultControls {
  /** Adds a rule; returns its id (for {@linkcode FaultControls.remove}). */
  add(rule: FaultRule): number;
  /** Removes one rule by id; true when it was there. */
  remove(id: number): boolean;
  /** Removes every rule and forgets the per-request header counts. */
  clear(): void;
  /** The active rules with the number of uses left. */
  list(): { id: number; rule: FaultRule; remaining: number }[];
}

/** A seeded user (fields of the definition `User`). */
export interface SandboxUser {
  /** User id. */
  id: string;
  /** Display name. */
  name: string;
  /** Email address. */
  email: string;
  /** Login name. */
  username: string;
  /** Version, incremented by each PATCH. */
  version: number;
  /** `active`, `inactive` or `deleted`. */
  state: string;
  /** Other `User` fields. */
  [field: string]: unknown;
}

/** A routing queue (fields of the definition `Queue`). */
export interface SandboxQueue {
  /** Queue id. */
  id: string;
  /** Queue name (unique). */
  name: string;
  /** Other `Queue` fields. */
  [field: string]: unknown;
}

/** A downloadable file served through a signed URL. */
export interface SandboxDownload {
  /** Download id (`GET /api/v2/downloads/{downloadId}`). */
  id: string;
  /** Content type of the bytes. */
  contentType: string;
  /** File name (used for `Content-Disposition`). */
  fileName: string;
  /** The content. */
  bytes: Uint8Array;
}

/** A recording of a seeded conversation. */
export interface SandboxRecording {
  /** Recording id. */
  id: string;
  /** Conversation id. */
  conversationId: string;
  /** Media type: `audio`. */
  media: string;
  /** ISO start time. */
  startTime: string;
  /** ISO end time. */
  endTime: string;
  /** Duration in milliseconds. */
  durationMs: number;
}

/** A seeded or created guest chat conversation. */
export interface SandboxGuestChat {
  /** Conversation id. */
  id: string;
  /** Members (guest first, then the ACD member). */
  members: Record<string, unknown>[];
  /** Messages sent by the guest. */
  messages: Record<string, unknown>[];
}

/**
 * The mutable state of a sandbox. Tests may read and change it directly.
 *
 * @example
 * ```ts
 * import { createSandboxHandler } from "./mod.ts";
 * const sandbox = createSandboxHandler({ userCount: 3 });
 * console.log([...sandbox.state.users.values()].map((u) => u.name));
 * ```
 */
export interface SandboxState {
  /** The organization. */
  organization: { id: string; name: string };
  /** OAuth clients by id. */
  clients: Map<string, SandboxClient>;
  /** Users by id (insertion order). */
  users: Map<string, SandboxUser>;
  /** Routing queues by id. */
  queues: Map<string, SandboxQueue>;
  /** External contacts, in scan order. */
  externalContacts: Record<string, unknown>[];
  /** Downloads by id. */
  downloads: Map<string, SandboxDownload>;
  /** Recordings by conversation id. */
  recordings: Map<string, SandboxRecording[]>;
  /** Guest chat conversations by id. */
  guestChats: Map<string, SandboxGuestChat>;
  /** Web deployment refresh tokens (opaque) by value. */
  webDeploymentRefreshTokens: Map<string, { deploymentId: string; subject: string }>;
}

/** Options of {@linkcode SandboxControls.issueAccessToken}. */
export interface IssueTokenOptions {
  /** Client id in the token. Default: the confidential client. */
  clientId?: string;
  /** User the token acts for; absent = a client credentials token. */
  userId?: string;
  /** Lifetime in seconds. Default: `tokenLifetimeSeconds`. */
  lifetimeSeconds?: number;
}

/** The state and controls shared by {@linkcode SandboxHandler} and {@linkcode Sandbox}. */
export interface SandboxControls {
  /** The seeded credentials. */
  readonly credentials: SandboxCredentials;
  /** Every request received, oldest first (bounded by `requestLogLimit`). */
  readonly requests: RecordedRequest[];
  /** Counters (live object). */
  readonly counters: SandboxCounters;
  /** Fault injection. */
  readonly faults: FaultControls;
  /** The seeded, mutable state. */
  readonly state: SandboxState;
  /** The notifications service: channels, sockets, publishing, fault controls. */
  readonly notifications: SandboxNotifications;
  /** Queries received by `/oauth/authorize`, oldest first. */
  readonly authorizeQueries: Record<string, string>[];
  /** Delay added before every response, in milliseconds (settable). */
  latencyMs: number;
  /** When set, `/oauth/authorize` redirects with this error (settable). */
  authorizeError: AuthorizeError | null;
  /** Makes every access token issued so far invalid (401 `bad.credentials`); refresh tokens stay valid. */
  expireTokens(): void;
  /** Invalidates every refresh token issued so far. */
  revokeRefreshTokens(): void;
  /** Mints an access token without going through `/oauth/token`. */
  issueAccessToken(options?: IssueTokenOptions): Promise<string>;
  /** Adds a redirect URI to both seeded clients (confidential and public). */
  allowRedirectUri(uri: string): void;
  /** Job families and bulk operations: their settings, the jobs submitted, outcomes on demand. */
  readonly jobs: SandboxJobControls;
  /** Empties the request log and zeroes the counters. */
  resetLog(): void;
}

/**
 * A runtime-agnostic request handler for the sandbox, plus its state and controls.
 * A dropped-connection fault makes the returned promise reject with a `TypeError`, like `fetch`.
 */
export interface SandboxHandler extends SandboxControls {
  /** Handles one request. */
  (request: Request): Promise<Response>;
}

/** A running sandbox server (see {@linkcode startSandbox}). */
export interface Sandbox extends SandboxControls, AsyncDisposable {
  /** Base URL, e.g. `http://127.0.0.1:43123` (no trailing slash). */
  readonly url: string;
  /** What `new PlatformClient(...)` takes to talk to the sandbox. */
  readonly clientOptions: { basePath: string; loginBasePath: string };
  /** The underlying handler. */
  readonly handler: SandboxHandler;
  /** Stops the server and closes its connections. */
  stop(): Promise<void>;
}
