/**
 * The sandbox core: the request pipeline (recording, CORS, faults, latency, rate limit headers,
 * routing, authentication) shared by the in-process handler and the served sandbox.
 *
 * @module
 */

import type { RouteContext, RouteSettings, SandboxInternals } from "./context.ts";
import { type ActiveFault, FAULT_HEADER, FaultRegistry, FaultSpecError } from "./faults.ts";
import { faultBody, genesysError, json } from "./responses.ts";
import { Router } from "./router.ts";
import { loginRoutes } from "./routes/login.ts";
import { userRoutes } from "./routes/users.ts";
import { queueRoutes } from "./routes/queues.ts";
import { mediaRoutes } from "./routes/media.ts";
import { externalContactRoutes } from "./routes/external_contacts.ts";
import { bearerToken, messagingRoutes } from "./routes/messaging.ts";
import { NotificationHub } from "./notifications/hub.ts";
import { notificationRoutes } from "./notifications/routes.ts";
import { StateEvents } from "./notifications/state_events.ts";
import { seedSandbox } from "./seed.ts";
import { UrlSigner } from "./signed_urls.ts";
import { loadApiModel } from "./api/load.ts";
import { ApiRuntime } from "./api/runtime.ts";
import { JobSimulator } from "./api/jobs.ts";
import type { Entity } from "./api/store.ts";
import { TokenAuthority, type TokenClaims } from "./tokens.ts";
import type {
  AuthorizeError,
  IssueTokenOptions,
  RecordedRequest,
  SandboxControls,
  SandboxCounters,
  SandboxCredentials,
  SandboxOptions,
  SandboxState,
} from "./types.ts";

/** Returned by {@linkcode SandboxCore.handle} when the connection must be dropped. */
export const DROP: unique symbol = Symbol("sandbox.drop");

const EXPOSED_HEADERS = [
  "inin-correlation-id",
  "inin-ratelimit-allowed",
  "inin-ratelimit-count",
  "inin-ratelimit-reset",
  "retry-after",
  "location",
  "content-disposition",
].join(", ");

const ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS";

/** The error code of a path or method the API definition does not have (vs `not.found`). */
export const UNKNOWN_OPERATION = "operation.not.found";

const ROUTER = new Router([
  ...loginRoutes,
  ...userRoutes,
  ...queueRoutes,
  ...mediaRoutes,
  ...externalContactRoutes,
  ...messagingRoutes,
  ...notificationRoutes,
]);

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function positive(value: number | undefined, fallback: number, name: string): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v < 0) throw new RangeError(`${name} must be a number >= 0`);
  return v;
}

function emptyCounters(): SandboxCounters {
  return {
    requests: 0,
    tokenRequests: {},
    tokensIssued: {},
    authorizeRequests: 0,
    faultsInjected: 0,
    rateLimited: 0,
  };
}

/** A request log entry; the headers are copied as pairs and turned into `Headers` on access. */
class RecordedEntry implements RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly path: string;
  readonly search: string;
  readonly body: string;
  readonly time: number = Date.now();
  readonly #pairs: [string, string][] = [];
  #headers?: Headers;

  constructor(req: Request, url: URL, method: string, body: string) {
    this.method = method;
    this.url = req.url;
    this.path = url.pathname;
    this.search = url.search;
    this.body = body;
    const pairs = this.#pairs;
    req.headers.forEach((value, name) => pairs.push([name, value]));
  }

  get headers(): Headers {
    return (this.#headers ??= new Headers(this.#pairs));
  }
}

interface RateWindow {
  start: number;
  count: number;
}

/** The sandbox: state, controls and the request pipeline. */
export class SandboxCore implements SandboxInternals, SandboxControls {
  readonly state: SandboxState;
  readonly credentials: SandboxCredentials;
  readonly counters: SandboxCounters = emptyCounters();
  readonly requests: RecordedRequest[] = [];
  readonly faults: FaultRegistry = new FaultRegistry();
  readonly tokens: TokenAuthority = new TokenAuthority();
  readonly signer: UrlSigner = new UrlSigner();
  readonly settings: RouteSettings;
  readonly authorizeQueries: Record<string, string>[] = [];
  readonly recordingPolls: Map<string, number> = new Map();
  readonly jobs: JobSimulator;
  readonly notifications: NotificationHub;
  readonly #stateEvents: StateEvents;
  authorizeError: AuthorizeError | null;
  latencyMs: number;
  readonly #record: boolean;
  readonly #logLimit: number;
  readonly #rateAllowed: number;
  readonly #rateWindowMs: number;
  readonly #enforceRate: boolean;
  readonly #windows = new Map<string, RateWindow>();
  readonly #userAllowed: number;
  readonly #resourceRules: {
    method?: string;
    allowed: number;
    windowMs: number;
    pattern: RegExp;
  }[];
  readonly #options: SandboxOptions;
  #api?: Promise<ApiRuntime>;

  /** Seeds the state from the options. */
  constructor(options: SandboxOptions = {}) {
    const { state, credentials } = seedSandbox(options);
    this.state = state;
    this.credentials = credentials;
    this.settings = {
      tokenLifetimeSeconds: positive(options.tokenLifetimeSeconds, 86400, "tokenLifetimeSeconds"),
      guestJwtLifetimeSeconds: positive(
        options.guestJwtLifetimeSeconds,
        3600,
        "guestJwtLifetimeSeconds",
      ),
      webDeploymentJwtLifetimeSeconds: positive(
        options.webDeploymentJwtLifetimeSeconds,
        600,
        "webDeploymentJwtLifetimeSeconds",
      ),
      signedUrlLifetimeSeconds: positive(
        options.signedUrlLifetimeSeconds,
        600,
        "signedUrlLifetimeSeconds",
      ),
      recordingPendingPolls: positive(options.recordingPendingPolls, 0, "recordingPendingPolls"),
    };
    this.latencyMs = positive(options.latencyMs, 0, "latencyMs");
    this.authorizeError = options.authorizeError ?? null;
    this.#record = options.recordRequests ?? true;
    this.#logLimit = Math.max(1, options.requestLogLimit ?? 10_000);
    this.#rateAllowed = Math.max(1, options.rateLimitAllowed ?? 300);
    this.#rateWindowMs = positive(options.rateLimitWindowSeconds, 60, "rateLimitWindowSeconds") *
      1000;
    this.#enforceRate = options.enforceRateLimit ?? false;
    this.#userAllowed = Math.max(1, options.userRateLimitAllowed ?? 3000);
    this.#resourceRules = (options.resourceRateLimits ?? []).map((rule) => ({
      method: rule.method?.toUpperCase(),
      allowed: Math.max(1, rule.allowed),
      windowMs: positive(rule.windowSeconds, this.#rateWindowMs / 1000, "windowSeconds") * 1000,
      pattern: new RegExp(
        "^" +
          rule.path.split("/").map((part) =>
            part === "*"
              ? ".*"
              : /^\{[^}]+\}$/.test(part)
              ? "[^/]+"
              : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
          ).join("/") + "$",
      ),
    }));
    this.#options = options;
    this.jobs = new JobSimulator(options.jobs);
    positive(options.seededEntitiesPerFamily, 3, "seededEntitiesPerFamily");
    positive(options.maxEntitiesPerFamily, 1000, "maxEntitiesPerFamily");
    this.notifications = new NotificationHub(this.tokens, options.notifications);
    this.#stateEvents = new StateEvents({
      notifications: this.notifications,
      tokens: this.tokens,
      defaultUserId: this.credentials.user.id,
      seededConversations: () => this.state.recordings.keys(),
    });
  }

  /**
   * The generic layer (the definition's operations), made on first use: decoding the bundled
   * definition and indexing its operations takes a few tens of milliseconds.
   */
  api(): Promise<ApiRuntime> {
    this.#api ??= loadApiModel(this.#options.definition).then((model) =>
      new ApiRuntime(model, {
        seed: String(this.#options.seed ?? 1),
        seedCount: Math.floor(this.#options.seededEntitiesPerFamily ?? 3),
        maxPerFamily: Math.max(1, Math.floor(this.#options.maxEntitiesPerFamily ?? 1000)),
        backed: new Map([
          ["/api/v2/users", this.state.users as unknown as Map<string, Entity>],
          ["/api/v2/routing/queues", this.state.queues as unknown as Map<string, Entity>],
        ]),
      })
    );
    return this.#api;
  }

  /** See {@linkcode SandboxControls.expireTokens}. */
  expireTokens(): void {
    this.tokens.expireAll();
  }

  /** See {@linkcode SandboxControls.revokeRefreshTokens}. */
  revokeRefreshTokens(): void {
    this.tokens.revokeRefreshTokens();
  }

  /** See {@linkcode SandboxControls.issueAccessToken}. */
  async issueAccessToken(options: IssueTokenOptions = {}): Promise<string> {
    const clientId = options.clientId ?? this.credentials.confidentialClient.clientId;
    return await this.tokens.sign(
      "api",
      options.userId ?? clientId,
      options.lifetimeSeconds ?? this.settings.tokenLifetimeSeconds,
      {
        client_id: clientId,
        user_id: options.userId,
        grant: options.userId ? "authorization_code" : "client_credentials",
        org_id: this.state.organization.id,
      },
    );
  }

  /** See {@linkcode SandboxControls.allowRedirectUri}. */
  allowRedirectUri(uri: string): void {
    for (const c of [this.credentials.confidentialClient, this.credentials.publicClient]) {
      if (!c.redirectUris.includes(uri)) c.redirectUris.push(uri);
    }
  }

  /** See {@linkcode SandboxControls.resetLog}. */
  resetLog(): void {
    this.requests.length = 0;
    this.authorizeQueries.length = 0;
    Object.assign(this.counters, emptyCounters());
  }

  /** Verifies the bearer access token: its claims, or the 401 to send. */
  async authenticate(req: Request, correlationId: string): Promise<TokenClaims | Response> {
    const token = bearerToken(req);
    if (!token) return genesysError(401, "authentication.required", correlationId);
    const result = await this.tokens.verify(token, "api");
    if (!result.ok) return genesysError(401, "bad.credentials", correlationId);
    return result.claims;
  }

  async #authenticateGuest(req: Request, correlationId: string): Promise<TokenClaims | Response> {
    const token = bearerToken(req, true);
    if (!token) return genesysError(401, "authentication.required", correlationId);
    const result = await this.tokens.verify(token, "webchat-guest");
    if (!result.ok) {
      return result.reason === "expired"
        ? genesysError(401, "credentials.expired", correlationId)
        : genesysError(401, "bad.credentials", correlationId);
    }
    return result.claims;
  }

  #rateHeaders(req: Request, headers: [string, string][]): number {
    const key = req.headers.get("authorization") ?? "anonymous";
    const now = Date.now();
    const w = this.#count(key, this.#rateWindowMs, now);
    const reset = Math.max(0, Math.ceil((w.start + this.#rateWindowMs - now) / 1000));
    headers.push(
      ["inin-ratelimit-allowed", String(this.#rateAllowed)],
      ["inin-ratelimit-count", String(w.count)],
      ["inin-ratelimit-reset", String(reset)],
    );
    if (!this.#enforceRate) return -1;
    let limited = w.count > this.#rateAllowed ? reset : -1;
    const user = userOfBearer(key);
    if (user !== undefined) {
      const u = this.#count(`user ${user}`, this.#rateWindowMs, now);
      if (u.count > this.#userAllowed) {
        limited = Math.max(limited, Math.ceil((u.start + this.#rateWindowMs - now) / 1000));
      }
    }
    const path = new URL(req.url).pathname;
    this.#resourceRules.forEach((rule, i) => {
      if (rule.method !== undefined && rule.method !== req.method) return;
      if (!rule.pattern.test(path)) return;
      const r = this.#count(`resource ${i} ${key}`, rule.windowMs, now);
      if (r.count > rule.allowed) {
        limited = Math.max(limited, Math.ceil((r.start + rule.windowMs - now) / 1000));
      }
    });
    return limited;
  }

  /** Counts one request in the window of `key` (a new window once the last one ended). */
  #count(key: string, windowMs: number, now: number): RateWindow {
    let w = this.#windows.get(key);
    if (!w || now - w.start >= windowMs) {
      if (this.#windows.size >= 10_000) this.#windows.clear();
      w = { start: now, count: 0 };
      this.#windows.set(key, w);
    }
    w.count++;
    return w;
  }

  /**
   * Whether a hand-written route with path parameters serves a request: true unless the
   * definition's operation for it has another path (a literal segment where the route has a
   * parameter).
   */
  async #handWrittenWins(pattern: string, method: string, url: URL): Promise<boolean> {
    let api: ApiRuntime;
    try {
      api = await this.api();
    } catch {
      return true;
    }
    const found = api.index.match(method, url.pathname);
    if ("error" in found) return true;
    const shape = (p: string) => p.replace(/\{[^}]*\}/g, "{}");
    return shape(found.op.path) === shape(pattern);
  }

  async #generic(
    req: Request,
    url: URL,
    method: string,
    body: string,
    correlationId: string,
  ): Promise<Response> {
    // An API token is checked as the request arrives, while the definition may still be decoding;
    // both are settled before any answer (an answer must not leave a verification in flight).
    const [arrival, loaded] = await Promise.allSettled([
      this.authenticate(req, correlationId),
      this.api(),
    ]);
    if (loaded.status === "rejected") {
      const e = loaded.reason;
      const message = e instanceof Error ? e.message : String(e);
      return genesysError(500, "internal.server.error", correlationId, `Sandbox error: ${message}`);
    }
    const api = loaded.value;
    const found = api.index.match(method, url.pathname);
    if ("error" in found) {
      if (found.error === "bad-path") {
        return genesysError(400, "bad.request", correlationId, "The request path is malformed.");
      }
      const message = found.error === "unknown-method"
        ? `The API definition has no ${method} ${url.pathname} (that path takes ${
          found.methods.join(", ")
        }).`
        : `The API definition has no operation at ${url.pathname}.`;
      return genesysError(404, UNKNOWN_OPERATION, correlationId, message);
    }
    const { op, params } = found;
    switch (op.auth) {
      case "oauth": {
        if (arrival.status === "rejected") throw arrival.reason;
        if (arrival.value instanceof Response) return arrival.value;
        break;
      }
      case "guest": {
        const auth = await this.#authenticateGuest(req, correlationId);
        if (auth instanceof Response) return auth;
        break;
      }
      case "webmessaging": {
        const token = bearerToken(req);
        if (!token) return genesysError(401, "authentication.required", correlationId);
        const result = await this.tokens.verify(token, "webdeployments");
        if (!result.ok) {
          return genesysError(
            401,
            result.reason === "expired" ? "credentials.expired" : "bad.credentials",
            correlationId,
          );
        }
        break;
      }
    }
    try {
      const request = { req, url, op, params, body, correlationId };
      return this.jobs.handle(api, request) ?? api.handle(request);
    } catch (e) {
      const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      return genesysError(500, "internal.server.error", correlationId, `Sandbox error: ${message}`);
    }
  }

  /** Handles one request; {@linkcode DROP} means "close the connection without a response". */
  async handle(req: Request): Promise<Response | typeof DROP> {
    this.counters.requests++;
    const url = new URL(req.url);
    const method = req.method.toUpperCase();
    const correlationId = crypto.randomUUID();
    const body = req.body ? await req.text() : "";
    if (this.#record) {
      if (this.requests.length >= this.#logLimit) this.requests.shift();
      this.requests.push(new RecordedEntry(req, url, method, body));
    }
    const extra: [string, string][] = [
      ["inin-correlation-id", correlationId],
      ["access-control-allow-origin", "*"],
      ["access-control-expose-headers", EXPOSED_HEADERS],
    ];

    if (method === "OPTIONS" && req.headers.has("access-control-request-method")) {
      extra.push(
        ["access-control-allow-methods", ALLOWED_METHODS],
        ["access-control-allow-headers", req.headers.get("access-control-request-headers") ?? "*"],
        ["access-control-max-age", "600"],
      );
      return new Response(null, { status: 204, headers: extra });
    }

    const response = await this.#respond(req, url, method, body, correlationId, extra);
    if (response === DROP) return DROP;
    await this.#stateEvents.observe(req, url, method, body, response);
    const headers = response.headers;
    for (let i = 0; i < extra.length; i++) headers.set(extra[i][0], extra[i][1]);
    return response;
  }

  async #respond(
    req: Request,
    url: URL,
    method: string,
    body: string,
    correlationId: string,
    extra: [string, string][],
  ): Promise<Response | typeof DROP> {
    const rateLimitedFor = this.#rateHeaders(req, extra);
    let latency = this.latencyMs;
    const headerFault = req.headers.get(FAULT_HEADER);
    let fault: ActiveFault | undefined;
    try {
      fault = headerFault !== null
        ? this.faults.takeHeader(headerFault, method, url.pathname)
        : this.faults.empty
        ? undefined
        : this.faults.take(method, url.pathname);
    } catch (e) {
      if (!(e instanceof FaultSpecError)) throw e;
      return genesysError(
        400,
        "bad.request",
        correlationId,
        `Invalid ${FAULT_HEADER}: ${e.message}`,
      );
    }
    if (fault) {
      this.counters.faultsInjected++;
      latency += fault.latencyMs;
    }
    if (latency > 0) await sleep(latency);
    if (fault?.drop) return DROP;
    if (fault?.status !== undefined) {
      const headers = new Headers(fault.headers);
      if (fault.retryAfter !== null) headers.set("retry-after", fault.retryAfter);
      const payload = fault.body !== undefined
        ? fault.body
        : faultBody(fault.status, correlationId, fault.retryAfter);
      return json(payload, fault.status, headers);
    }
    if (rateLimitedFor >= 0) {
      this.counters.rateLimited++;
      const retryAfter = String(Math.max(1, rateLimitedFor));
      return json(faultBody(429, correlationId, retryAfter), 429, { "retry-after": retryAfter });
    }

    const match = ROUTER.match(method, url.pathname);
    if ("error" in match) {
      if (match.error === "bad-path") {
        return genesysError(400, "bad.request", correlationId, "The request path is malformed.");
      }
      return await this.#generic(req, url, method, body, correlationId);
    }
    // Credentials are checked as the request arrives, before anything else may wait (the first
    // look at the definition below decodes it).
    let claims: TokenClaims | undefined;
    if (match.route.auth !== "none") {
      const auth = match.route.auth === "api"
        ? await this.authenticate(req, correlationId)
        : await this.#authenticateGuest(req, correlationId);
      if (auth instanceof Response) return auth;
      claims = auth;
    }
    if (
      match.route.pattern.includes("{") &&
      !(await this.#handWrittenWins(match.route.pattern, method, url))
    ) {
      // The definition has a more specific operation (`/users/search` vs `/users/{userId}`).
      return await this.#generic(req, url, method, body, correlationId);
    }
    const ctx: RouteContext = {
      core: this,
      req,
      url,
      params: match.params,
      body,
      correlationId,
      claims,
    };
    try {
      return await match.route.handle(ctx);
    } catch (e) {
      const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      return genesysError(500, "internal.server.error", correlationId, `Sandbox error: ${message}`);
    }
  }
}

/** The user a bearer JWT belongs to (`user_id` of its payload), read without verifying it. */
function userOfBearer(authorization: string): string | undefined {
  const payload = authorization.replace(/^Bearer\s+/i, "").split(".")[1];
  if (!payload) return undefined;
  try {
    const json = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/")));
    return typeof json?.user_id === "string" ? json.user_id : undefined;
  } catch {
    return undefined;
  }
}
