/**
 * Media URL retriever for automated pipelines. Given download ids, or
 * conversation ids with (optionally) recording ids, it obtains signed download
 * URLs through the Downloads API (`getDownload`) and the Recording API
 * (`getConversationRecordingmetadata`, `getConversationRecording`), then:
 *
 * - validates each URL: its remaining lifetime (from `Expires`, or
 *   `X-Amz-Date` + `X-Amz-Expires`) must not exceed a maximum, and the content
 *   type the URL serves (a one-byte ranged GET; a presigned URL is signed for
 *   GET, so HEAD would be refused by the storage) must be an allowed one;
 * - retries 429 and 5xx answers and network failures (honouring `Retry-After`),
 *   and polls recordings still being transcoded (202);
 * - POSTs each accepted URL as JSON to a webhook;
 * - writes one JSON audit line per attempt (action, id, status, latency,
 *   timestamp, user agent) and returns per-retrieval latencies with a summary.
 *
 * The client logs in once with client credentials; the client keeps the token
 * and renews it before it expires.
 *
 * Run against the embedded sandbox (a local webhook receiver prints deliveries):
 *   deno run -A examples/media_download_urls.ts --sandbox
 *   bun examples/media_download_urls.ts --sandbox
 *
 * Run against Genesys Cloud:
 *   GENESYS_CLIENT_ID=... GENESYS_CLIENT_SECRET=... GENESYS_ENVIRONMENT=mypurecloud.ie \
 *   deno run -A examples/media_download_urls.ts --download <id> --recording <conversationId>:<recordingId> \
 *     --conversation <conversationId> --webhook https://hooks.example.com/media --max-lifetime 900 \
 *     --content-type 'audio/*' --format WAV
 *
 * Flags (environment variable in brackets): --download (MEDIA_DOWNLOAD_IDS, comma separated),
 * --recording conv:rec / --conversation conv (MEDIA_RECORDINGS, comma separated `conv[:rec]`),
 * --webhook (MEDIA_WEBHOOK_URL), --max-lifetime seconds (MEDIA_MAX_URL_LIFETIME),
 * --content-type, repeatable (MEDIA_ALLOWED_CONTENT_TYPES, comma separated), --format (MEDIA_FORMAT),
 * --verify get|none, --max-attempts, --concurrency, --audit-file path, --user-agent.
 * --strict. Audit lines go to stdout (or the audit file), the summary to stderr. Exit code 0
 * when no retrieval failed (with --strict: when every URL was accepted), 2 otherwise, 1 on a
 * usage error.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { appendFile } from "node:fs/promises";
import { ApiError, type ClientOptions, NetworkError, PlatformClient } from "../mod.ts";
import { DownloadsApi } from "../src/generated/apis/downloads.js";
import { RecordingApi } from "../src/generated/apis/recording.js";

// ---- types ---------------------------------------------------------------------------------

/** What to fetch a URL for. */
export type MediaTarget =
  | { kind: "download"; downloadId: string }
  | { kind: "recording"; conversationId: string; recordingId?: string };

/** One JSON audit line: one attempt of one action. */
export interface AuditRecord {
  /** ISO time the attempt started. */
  timestamp: string;
  /** `getDownload`, `getRecordingMetadata`, `getConversationRecording`, `validateUrl` or `webhook`. */
  action: string;
  /** The download id, `conversationId` or `conversationId/recordingId`. */
  id: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** HTTP status, or `null` when no response came (network failure). */
  status: number | null;
  /** `ok`, `pending` (recording still transcoding), `retry`, `rejected` or `failed`. */
  outcome: "ok" | "pending" | "retry" | "rejected" | "failed";
  /** Duration of the attempt in milliseconds. */
  latencyMs: number;
  /** User agent sent with the attempt. */
  userAgent: string;
  /** Why it was rejected or failed (never a URL signature or a credential). */
  reason?: string;
}

/** The outcome of one retrieval (one URL). */
export interface MediaUrlResult {
  /** Download or recording. */
  kind: "download" | "recording";
  /** Download id, or `conversationId/recordingId`. */
  id: string;
  /** `accepted` (validated and delivered), `rejected` (failed validation) or `failed`. */
  status: "accepted" | "rejected" | "failed";
  /** The signed URL (accepted results only). */
  url?: string;
  /** Content type the URL serves, when checked. */
  contentType?: string;
  /** When the URL stops working (ISO). */
  expiresAt?: string;
  /** Seconds the URL had left when it was validated. */
  lifetimeSeconds?: number;
  /** Why it was rejected or failed. */
  reason?: string;
  /** Attempts made to obtain the URL (retries and polls included). */
  attempts: number;
  /** Time from the first request to a validated URL (or the failure), in milliseconds. */
  latencyMs: number;
  /** HTTP status of the webhook delivery, when one was made. */
  webhookStatus?: number;
}

/** Latency summary of a run. */
export interface LatencySummary {
  /** Fastest retrieval. */
  minMs: number;
  /** Median. */
  p50Ms: number;
  /** 95th percentile (nearest rank). */
  p95Ms: number;
  /** Slowest retrieval. */
  maxMs: number;
  /** Average. */
  meanMs: number;
}

/** What {@linkcode retrieveMediaUrls} returns. */
export interface MediaUrlReport {
  /** One result per URL, in input order (a conversation expands to its recordings). */
  results: MediaUrlResult[];
  /** Counts and latencies. */
  metrics: {
    total: number;
    accepted: number;
    rejected: number;
    failed: number;
    latency: LatencySummary | undefined;
  };
}

/** Options of {@linkcode retrieveMediaUrls}. */
export interface RetrieveMediaUrlsOptions {
  /** What to retrieve. */
  targets: MediaTarget[];
  /** A client to use; by default one is made from `clientOptions`. */
  client?: PlatformClient;
  /** Options of the client made when `client` is not given (environment, basePath, ...). */
  clientOptions?: ClientOptions;
  /** Client credentials; when given, the client logs in with them once. */
  credentials?: { clientId: string; clientSecret: string };
  /** URLs living longer than this are rejected. Default 900 seconds. */
  maxUrlLifetimeSeconds?: number;
  /** Allowed content types; `type/*` wildcards. Default: audio, video, CSV, JSON, ZIP, PDF. */
  allowedContentTypes?: string[];
  /** Recording format (`formatId`). Default `WAV`. */
  formatId?: string;
  /** `get`: fetch the first byte of each URL to learn its content type; `none`: skip. Default `get`. */
  verify?: "get" | "none";
  /** Where each accepted URL is POSTed as JSON. */
  webhookUrl?: string;
  /** Attempts per request on 429, 5xx and network failures. Default 4. */
  maxAttempts?: number;
  /** First backoff when no `Retry-After` is given, in ms (doubled each time). Default 250. */
  backoffBaseMs?: number;
  /** Longest wait between attempts, in ms (caps `Retry-After` too). Default 10000. */
  backoffMaxMs?: number;
  /** How many 202 (transcoding) answers to wait through per recording. Default 10. */
  maxPendingPolls?: number;
  /** Retrievals in flight at once. Default 4. */
  concurrency?: number;
  /** Sent as `User-Agent` with every request. */
  userAgent?: string;
  /** Receives each audit record. Default: one JSON line on stdout. */
  audit?: (record: AuditRecord) => void | Promise<void>;
  /** Sends the validation and webhook requests. Default: the global `fetch`. */
  fetch?: (request: Request) => Promise<Response>;
}

/** Default content types a pipeline accepts. */
export const DEFAULT_ALLOWED_CONTENT_TYPES: readonly string[] = [
  "audio/*",
  "video/*",
  "text/csv",
  "application/json",
  "application/zip",
  "application/pdf",
];

/** Default `User-Agent` of the retriever. */
export const DEFAULT_USER_AGENT = "cxkit-media-url-retriever/1.0";

// ---- signed URL checks -------------------------------------------------------------------------

/**
 * When a presigned URL expires (ms since the epoch): `Expires` (seconds since
 * the epoch) or `X-Amz-Date` + `X-Amz-Expires` (S3 signature v4).
 */
export function signedUrlExpiry(url: string): number | undefined {
  const q = new URL(url).searchParams;
  const expires = q.get("Expires");
  if (expires !== null && /^\d+$/.test(expires)) return Number(expires) * 1000;
  const date = q.get("X-Amz-Date")?.match(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/);
  const seconds = q.get("X-Amz-Expires");
  if (date && seconds !== null && /^\d+$/.test(seconds)) {
    const [, y, mo, d, h, mi, s] = date.map(Number);
    return Date.UTC(y, mo - 1, d, h, mi, s) + Number(seconds) * 1000;
  }
  return undefined;
}

/** Whether `contentType` (parameters ignored) matches one of `allowed` (`type/*` wildcards). */
export function contentTypeAllowed(contentType: string, allowed: readonly string[]): boolean {
  const type = contentType.split(";")[0].trim().toLowerCase();
  return allowed.some((pattern) => {
    const p = pattern.trim().toLowerCase();
    return p.endsWith("/*") ? type.startsWith(p.slice(0, -1)) : type === p;
  });
}

/** A URL with its query values hidden, for messages (signatures are credentials). */
function redactUrl(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}${u.search ? "?…" : ""}`;
}

// ---- attempts and retries ------------------------------------------------------------------

/** A failed attempt: the status (if any), whether to retry, and the server's wait. */
class AttemptError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "AttemptError";
  }
}

/** Rejection by a validation rule (never retried). */
class ValidationError extends Error {
  constructor(message: string, readonly status: number | null) {
    super(message);
    this.name = "ValidationError";
  }
}

function retryAfterMs(value: string | null): number | undefined {
  if (value === null) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** Turns what a call threw into an {@linkcode AttemptError}. */
function toAttemptError(error: unknown): unknown {
  if (error instanceof AttemptError || error instanceof ValidationError) return error;
  if (error instanceof ApiError) {
    const wait = retryAfterMs(error.headers.get("retry-after"));
    return new AttemptError(
      `${error.status} ${error.code ?? "error"}`,
      error.status,
      isRetryableStatus(error.status),
      wait,
    );
  }
  if (error instanceof NetworkError || error instanceof TypeError) {
    return new AttemptError(`network failure: ${(error as Error).name}`, null, true);
  }
  return error;
}

interface Context {
  client: PlatformClient;
  options: Required<
    Pick<
      RetrieveMediaUrlsOptions,
      | "maxUrlLifetimeSeconds"
      | "allowedContentTypes"
      | "formatId"
      | "verify"
      | "maxAttempts"
      | "backoffBaseMs"
      | "backoffMaxMs"
      | "maxPendingPolls"
      | "userAgent"
    >
  >;
  webhookUrl?: string;
  audit: (record: AuditRecord) => void | Promise<void>;
  fetch: (request: Request) => Promise<Response>;
}

interface Attempted<T> {
  value: T;
  attempts: number;
}

/** What one attempt of an action produced: a value, or "pending" (202, poll again after `waitMs`). */
type AttemptOutcome<T> = { done: true; value: T; status: number } | {
  done: false;
  status: number;
  waitMs: number;
};

/**
 * Runs `attempt` until it succeeds, fails for good or runs out of attempts,
 * writing one audit record per attempt.
 */
async function withRetries<T>(
  ctx: Context,
  action: string,
  id: string,
  attempt: () => Promise<AttemptOutcome<T>>,
): Promise<Attempted<T>> {
  const { maxAttempts, backoffBaseMs, backoffMaxMs, maxPendingPolls, userAgent } = ctx.options;
  let polls = 0;
  let failures = 0;
  for (let n = 1; n <= maxAttempts + maxPendingPolls; n++) {
    const timestamp = new Date().toISOString();
    const started = performance.now();
    const record = (status: number | null, outcome: AuditRecord["outcome"], reason?: string) =>
      ctx.audit({
        timestamp,
        action,
        id,
        attempt: n,
        status,
        outcome,
        latencyMs: Math.round((performance.now() - started) * 10) / 10,
        userAgent,
        ...(reason ? { reason } : {}),
      });
    try {
      const result = await attempt();
      if (result.done) {
        await record(result.status, "ok");
        return { value: result.value, attempts: n };
      }
      polls++;
      if (polls > maxPendingPolls) {
        await record(result.status, "failed", `still pending after ${maxPendingPolls} polls`);
        throw new ValidationError(`still pending after ${maxPendingPolls} polls`, result.status);
      }
      await record(result.status, "pending");
      await sleep(Math.min(result.waitMs, backoffMaxMs));
    } catch (thrown) {
      const error = toAttemptError(thrown);
      if (error instanceof ValidationError) {
        if (!(thrown instanceof ValidationError && thrown.message.startsWith("still pending"))) {
          await record(error.status, "rejected", error.message);
        }
        throw error;
      }
      if (!(error instanceof AttemptError)) throw error;
      failures++;
      if (!error.retryable || failures >= maxAttempts) {
        await record(error.status, "failed", error.message);
        throw error;
      }
      await record(error.status, "retry", error.message);
      const backoff = backoffBaseMs * 2 ** (failures - 1);
      await sleep(Math.min(error.retryAfterMs ?? backoff, backoffMaxMs));
    }
  }
  throw new AttemptError(
    `${action} gave up after ${maxAttempts + maxPendingPolls} attempts`,
    null,
    false,
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ---- the actions -------------------------------------------------------------------------------

async function downloadUrl(ctx: Context, downloadId: string): Promise<Attempted<string>> {
  const downloads = new DownloadsApi(ctx.client);
  return await withRetries(ctx, "getDownload", downloadId, async () => {
    const { data, status } = await downloads.getDownload(downloadId, {
      issueRedirect: false,
      redirectToAuth: false,
      customHeaders: { "user-agent": ctx.options.userAgent },
    }).withResponse();
    if (!data?.url) throw new AttemptError("getDownload returned no url", status, false);
    return { done: true, value: data.url, status };
  });
}

async function recordingIds(ctx: Context, conversationId: string): Promise<string[]> {
  const recordings = new RecordingApi(ctx.client);
  const { value } = await withRetries(ctx, "getRecordingMetadata", conversationId, async () => {
    const { data, status } = await recordings.getConversationRecordingmetadata(conversationId, {
      customHeaders: { "user-agent": ctx.options.userAgent },
    }).withResponse();
    return { done: true, value: (data ?? []).map((r) => r.id!).filter(Boolean), status };
  });
  return value;
}

async function recordingUrl(
  ctx: Context,
  conversationId: string,
  recordingId: string,
): Promise<Attempted<string>> {
  const recordings = new RecordingApi(ctx.client);
  const id = `${conversationId}/${recordingId}`;
  return await withRetries(ctx, "getConversationRecording", id, async () => {
    const { data, status } = await recordings.getConversationRecording(
      conversationId,
      recordingId,
      {
        formatId: ctx.options.formatId as "WAV",
        customHeaders: { "user-agent": ctx.options.userAgent },
      },
    ).withResponse();
    if (status === 202) {
      return { done: false, status, waitMs: data?.estimatedTranscodeTimeMs ?? 1000 };
    }
    const uri = data?.mediaUris?.S?.mediaUri ??
      Object.values(data?.mediaUris ?? {}).find((m) => m?.mediaUri)?.mediaUri;
    if (!uri) throw new ValidationError("the recording has no media URI", status);
    return { done: true, value: uri, status };
  });
}

/** Checks lifetime, then (with `verify: "get"`) the content type the URL serves. */
async function validateUrl(
  ctx: Context,
  id: string,
  url: string,
): Promise<{ contentType?: string; expiresAt: number; lifetimeSeconds: number }> {
  const started = performance.now();
  const expiresAt = signedUrlExpiry(url);
  const lifetimeSeconds = expiresAt === undefined
    ? undefined
    : Math.round((expiresAt - Date.now()) / 1000);
  const { maxUrlLifetimeSeconds, userAgent } = ctx.options;
  const reject = async (reason: string, status: number | null = null) => {
    await ctx.audit({
      timestamp: new Date().toISOString(),
      action: "validateUrl",
      id,
      attempt: 1,
      status,
      outcome: "rejected",
      latencyMs: Math.round((performance.now() - started) * 10) / 10,
      userAgent,
      reason,
    });
    return new ValidationError(reason, status);
  };
  if (expiresAt === undefined || lifetimeSeconds === undefined) {
    throw await reject(`the URL ${redactUrl(url)} carries no expiry`);
  }
  if (lifetimeSeconds <= 0) throw await reject("the URL has already expired");
  if (lifetimeSeconds > maxUrlLifetimeSeconds) {
    throw await reject(
      `URL lifetime ${lifetimeSeconds} s exceeds the maximum of ${maxUrlLifetimeSeconds} s`,
    );
  }
  if (ctx.options.verify === "none") return { expiresAt, lifetimeSeconds };
  const { value: contentType } = await withRetries(ctx, "validateUrl", id, async () => {
    const res = await ctx.fetch(
      new Request(url, { headers: { range: "bytes=0-0", "user-agent": userAgent } }),
    );
    await res.body?.cancel();
    if (!res.ok) {
      const retryable = isRetryableStatus(res.status);
      if (!retryable) throw new ValidationError(`the URL answered ${res.status}`, res.status);
      throw new AttemptError(
        `${res.status}`,
        res.status,
        true,
        retryAfterMs(res.headers.get("retry-after")),
      );
    }
    const type = res.headers.get("content-type") ?? "";
    if (!contentTypeAllowed(type, ctx.options.allowedContentTypes)) {
      throw new ValidationError(`content type "${type || "none"}" is not allowed`, res.status);
    }
    return { done: true, value: type, status: res.status };
  });
  return { contentType, expiresAt, lifetimeSeconds };
}

async function deliver(ctx: Context, result: MediaUrlResult, target: MediaTarget): Promise<number> {
  const webhookUrl = ctx.webhookUrl!;
  const payload = JSON.stringify({
    event: "media.url.ready",
    kind: result.kind,
    id: result.id,
    ...(target.kind === "recording"
      ? { conversationId: target.conversationId, recordingId: result.id.split("/")[1] }
      : { downloadId: target.downloadId }),
    url: result.url,
    contentType: result.contentType,
    expiresAt: result.expiresAt,
    lifetimeSeconds: result.lifetimeSeconds,
    latencyMs: result.latencyMs,
    attempts: result.attempts,
    retrievedAt: new Date().toISOString(),
  });
  const { value } = await withRetries(ctx, "webhook", result.id, async () => {
    const res = await ctx.fetch(
      new Request(webhookUrl, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": ctx.options.userAgent },
        body: payload,
      }),
    );
    await res.body?.cancel();
    if (!res.ok) {
      throw new AttemptError(
        `webhook answered ${res.status}`,
        res.status,
        isRetryableStatus(res.status),
        retryAfterMs(res.headers.get("retry-after")),
      );
    }
    return { done: true, value: res.status, status: res.status };
  });
  return value;
}

/** Obtains, validates and delivers one URL. */
async function retrieveOne(
  ctx: Context,
  target: MediaTarget,
  recordingId?: string,
): Promise<MediaUrlResult> {
  const kind = target.kind;
  const id = target.kind === "download"
    ? target.downloadId
    : `${target.conversationId}/${recordingId}`;
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
  let attempts = 0;
  try {
    const got = target.kind === "download"
      ? await downloadUrl(ctx, target.downloadId)
      : await recordingUrl(ctx, target.conversationId, recordingId!);
    attempts = got.attempts;
    const checked = await validateUrl(ctx, id, got.value);
    const result: MediaUrlResult = {
      kind,
      id,
      status: "accepted",
      url: got.value,
      ...(checked.contentType ? { contentType: checked.contentType } : {}),
      expiresAt: new Date(checked.expiresAt).toISOString(),
      lifetimeSeconds: checked.lifetimeSeconds,
      attempts,
      latencyMs: elapsed(),
    };
    if (ctx.webhookUrl) result.webhookStatus = await deliver(ctx, result, target);
    return result;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const status = error instanceof ValidationError ? "rejected" : "failed";
    return { kind, id, status, reason, attempts: Math.max(attempts, 1), latencyMs: elapsed() };
  }
}

function summarize(latencies: number[]): LatencySummary | undefined {
  if (latencies.length === 0) return undefined;
  const sorted = [...latencies].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return {
    minMs: sorted[0],
    p50Ms: rank(0.5),
    p95Ms: rank(0.95),
    maxMs: sorted[sorted.length - 1],
    meanMs: Math.round(mean * 10) / 10,
  };
}

/**
 * Obtains, validates and delivers a signed URL for every target.
 *
 * @example
 * ```ts ignore
 * const report = await retrieveMediaUrls({
 *   targets: [{ kind: "download", downloadId: "..." }],
 *   clientOptions: { environment: "mypurecloud.ie" },
 *   credentials: { clientId: "...", clientSecret: "..." },
 *   webhookUrl: "https://hooks.example.com/media",
 * });
 * console.log(report.metrics);
 * ```
 */
export async function retrieveMediaUrls(
  options: RetrieveMediaUrlsOptions,
): Promise<MediaUrlReport> {
  const maxAttempts = options.maxAttempts ?? 4;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError(`maxAttempts must be an integer >= 1, got ${options.maxAttempts}`);
  }
  const client = options.client ?? new PlatformClient(options.clientOptions);
  try {
    return await run(client, options, maxAttempts);
  } finally {
    // A client made here is closed here (it may watch a config file); a given one is left open.
    if (!options.client) await client.close();
  }
}

async function run(
  client: PlatformClient,
  options: RetrieveMediaUrlsOptions,
  maxAttempts: number,
): Promise<MediaUrlReport> {
  if (options.credentials) {
    await client.loginClientCredentialsGrant(
      options.credentials.clientId,
      options.credentials.clientSecret,
    );
  }
  const ctx: Context = {
    client,
    options: {
      maxUrlLifetimeSeconds: options.maxUrlLifetimeSeconds ?? 900,
      allowedContentTypes: options.allowedContentTypes ?? [...DEFAULT_ALLOWED_CONTENT_TYPES],
      formatId: options.formatId ?? "WAV",
      verify: options.verify ?? "get",
      maxAttempts,
      backoffBaseMs: options.backoffBaseMs ?? 250,
      backoffMaxMs: options.backoffMaxMs ?? 10_000,
      maxPendingPolls: options.maxPendingPolls ?? 10,
      userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    },
    webhookUrl: options.webhookUrl,
    audit: options.audit ?? ((record) => console.log(JSON.stringify(record))),
    fetch: options.fetch ?? ((request) => fetch(request)),
  };

  // Expand conversations into (conversation, recording) jobs, keeping input order.
  const jobs: (() => Promise<MediaUrlResult>)[] = [];
  for (const target of options.targets) {
    if (target.kind === "download") {
      jobs.push(() => retrieveOne(ctx, target));
    } else if (target.recordingId) {
      jobs.push(() => retrieveOne(ctx, target, target.recordingId));
    } else {
      let ids: string[];
      const started = performance.now();
      try {
        ids = await recordingIds(ctx, target.conversationId);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        const failed: MediaUrlResult = {
          kind: "recording",
          id: target.conversationId,
          status: "failed",
          reason,
          attempts: 1,
          latencyMs: Math.round((performance.now() - started) * 10) / 10,
        };
        jobs.push(() => Promise.resolve(failed));
        continue;
      }
      for (const recordingId of ids) jobs.push(() => retrieveOne(ctx, target, recordingId));
    }
  }

  const results: MediaUrlResult[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      results[index] = await jobs[index]();
    }
  };
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 4, jobs.length));
  await Promise.all(Array.from({ length: concurrency }, worker));

  return {
    results,
    metrics: {
      total: results.length,
      accepted: results.filter((r) => r.status === "accepted").length,
      rejected: results.filter((r) => r.status === "rejected").length,
      failed: results.filter((r) => r.status === "failed").length,
      latency: summarize(results.map((r) => r.latencyMs)),
    },
  };
}

// ---- command line ------------------------------------------------------------------------------

/** Parses `conv[:rec]` items. */
function recordingTargets(items: string[]): MediaTarget[] {
  return items.filter(Boolean).map((item) => {
    const [conversationId, recordingId] = item.split(":");
    return recordingId
      ? { kind: "recording", conversationId, recordingId }
      : { kind: "recording", conversationId };
  });
}

function list(value: string | undefined): string[] {
  return (value ?? "").split(",").map((s) => s.trim()).filter(Boolean);
}

function env(name: string): string | undefined {
  const g = globalThis as {
    Deno?: { env: { get(n: string): string | undefined } };
    process?: { env: Record<string, string | undefined> };
  };
  return g.Deno ? g.Deno.env.get(name) : g.process?.env[name];
}

function runtimeArgs(): string[] {
  const g = globalThis as { Deno?: { args: string[] }; process?: { argv: string[] } };
  return g.Deno ? g.Deno.args : (g.process?.argv.slice(2) ?? []);
}

function exit(code: number): never {
  const g = globalThis as {
    Deno?: { exit(c: number): never };
    process?: { exit(c: number): never };
  };
  if (g.Deno) g.Deno.exit(code);
  return g.process!.exit(code);
}

/** Runs the command line; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      sandbox: { type: "boolean" },
      download: { type: "string", multiple: true },
      recording: { type: "string", multiple: true },
      conversation: { type: "string", multiple: true },
      webhook: { type: "string" },
      "max-lifetime": { type: "string" },
      "content-type": { type: "string", multiple: true },
      format: { type: "string" },
      verify: { type: "string" },
      "max-attempts": { type: "string" },
      concurrency: { type: "string" },
      "audit-file": { type: "string" },
      "user-agent": { type: "string" },
      strict: { type: "boolean" },
    },
  });
  const exitCode = (report: MediaUrlReport) =>
    report.metrics.failed > 0 || (values.strict && report.metrics.rejected > 0) ? 2 : 0;
  const number = (flag: string, raw: string | undefined): number | undefined => {
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) throw new RangeError(`--${flag} must be a positive number`);
    return n;
  };
  const verify = values.verify ?? "get";
  if (verify !== "get" && verify !== "none") throw new RangeError("--verify must be get or none");
  const auditFile = values["audit-file"];
  const options: RetrieveMediaUrlsOptions = {
    targets: [
      ...[...(values.download ?? []), ...list(env("MEDIA_DOWNLOAD_IDS"))].map((downloadId) => ({
        kind: "download" as const,
        downloadId,
      })),
      ...recordingTargets([
        ...(values.recording ?? []),
        ...(values.conversation ?? []),
        ...list(env("MEDIA_RECORDINGS")),
      ]),
    ],
    webhookUrl: values.webhook ?? env("MEDIA_WEBHOOK_URL"),
    maxUrlLifetimeSeconds: number(
      "max-lifetime",
      values["max-lifetime"] ?? env("MEDIA_MAX_URL_LIFETIME"),
    ),
    allowedContentTypes: values["content-type"] ??
      (env("MEDIA_ALLOWED_CONTENT_TYPES") ? list(env("MEDIA_ALLOWED_CONTENT_TYPES")) : undefined),
    formatId: values.format ?? env("MEDIA_FORMAT"),
    verify,
    maxAttempts: number("max-attempts", values["max-attempts"]),
    concurrency: number("concurrency", values.concurrency),
    userAgent: values["user-agent"],
    audit: auditFile
      ? (record) => appendFile(auditFile, JSON.stringify(record) + "\n")
      : (record) => console.log(JSON.stringify(record)),
  };

  if (values.sandbox) return exitCode(await runOnSandbox(options));

  const clientId = env("GENESYS_CLIENT_ID");
  const clientSecret = env("GENESYS_CLIENT_SECRET");
  if (!clientId || !clientSecret) {
    console.error("set GENESYS_CLIENT_ID and GENESYS_CLIENT_SECRET (or pass --sandbox)");
    return 1;
  }
  if (options.targets.length === 0) {
    console.error("nothing to do: pass --download, --recording or --conversation");
    return 1;
  }
  const basePath = env("GENESYS_BASE_PATH");
  const loginBasePath = env("GENESYS_LOGIN_BASE_PATH");
  const report = await retrieveMediaUrls({
    ...options,
    clientOptions: {
      environment: env("GENESYS_ENVIRONMENT") ?? "mypurecloud.com",
      ...(basePath ? { basePath } : {}),
      ...(loginBasePath ? { loginBasePath } : {}),
    },
    credentials: { clientId, clientSecret },
  });
  printSummary(report);
  return exitCode(report);
}

function printSummary(report: MediaUrlReport): void {
  for (const r of report.results) {
    const detail = r.status === "accepted"
      ? `${r.contentType ?? "unchecked"}, ${r.lifetimeSeconds} s left, webhook ${
        r.webhookStatus ?? "-"
      }`
      : r.reason;
    console.error(`${r.status.padEnd(8)} ${r.kind} ${r.id} in ${r.latencyMs} ms (${detail})`);
  }
  const { total, accepted, rejected, failed, latency } = report.metrics;
  console.error(
    `summary: ${total} URLs, ${accepted} accepted, ${rejected} rejected, ${failed} failed; ` +
      (latency
        ? `latency p50 ${latency.p50Ms} ms, p95 ${latency.p95Ms} ms, max ${latency.maxMs} ms`
        : "no latency"),
  );
}

/** `--sandbox`: every seeded download and conversation, a local webhook receiver, one 429. */
async function runOnSandbox(options: RetrieveMediaUrlsOptions): Promise<MediaUrlReport> {
  const { startSandbox } = await import("../tools/sandbox/mod.ts");
  const { serveLocal } = await import("./_shared/serve.ts");
  const sandbox = await startSandbox({ recordingPendingPolls: 1 });
  const received: unknown[] = [];
  const webhook = serveLocal(async (req) => {
    received.push(await req.json());
    return new Response(null, { status: 204 });
  });
  try {
    const downloads = [...sandbox.state.downloads.keys()];
    sandbox.faults.add({ path: `/api/v2/downloads/${downloads[0]}`, status: 429, retryAfter: 1 });
    const targets: MediaTarget[] = options.targets.length > 0 ? options.targets : [
      ...downloads.map((downloadId) => ({ kind: "download" as const, downloadId })),
      ...[...sandbox.state.recordings.keys()].map((conversationId) => ({
        kind: "recording" as const,
        conversationId,
      })),
    ];
    const report = await retrieveMediaUrls({
      ...options,
      targets,
      webhookUrl: options.webhookUrl ?? `${webhook.url}/media`,
      clientOptions: sandbox.clientOptions,
      credentials: sandbox.credentials.confidentialClient,
    });
    printSummary(report);
    console.error(
      `sandbox: ${sandbox.counters.tokenRequests.client_credentials ?? 0} token request(s), ` +
        `${sandbox.counters.faultsInjected} injected 429, webhook received ${received.length} POSTs`,
    );
    return report;
  } finally {
    await webhook.close();
    await sandbox.stop();
  }
}

if (import.meta.main) {
  try {
    exit(await main(runtimeArgs()));
  } catch (error) {
    console.error(`media_download_urls: ${error instanceof Error ? error.message : error}`);
    exit(1);
  }
}
