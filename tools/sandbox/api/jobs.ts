/**
 * Jobs and bulk writes in the sandbox: every job family of the package's table
 * (`src/generated/jobs.ts`) runs as a state machine, and every bulk operation answers item by
 * item. These answers take precedence over the generic layer for those operations.
 *
 * A job, once submitted, answers its first status read with a queued state, the next ones with
 * a running state, and from the `pollsToFinish`-th read on with its final state: succeeded,
 * unless `endNext` said it fails, is cancelled, expires or waits for its caller (with the
 * family's own state names, and `errorMessage` in the family's error field). Its results come
 * in `resultPages` cursor pages of `recordsPerPage` synthesized records (one page where the
 * family's results have no cursor). `DELETE` cancels it; a `PUT`/`PATCH` of it (its caller acting
 * on it) resumes it when it waits, or cancels it when it sets a cancelled state. Ids the sandbox
 * did not hand out get the generic layer's answer. The availability operations answer
 * `dataAvailabilityDate`.
 *
 * A bulk call over the operation's limit answers 400. Otherwise each item is validated on its
 * own (a bad item fails alone, with the problems named), an item whose JSON contains
 * `"sandbox:fail"` fails, and one containing `"sandbox:unprocessed"` is reported as not
 * processed (a retryable error, or a 429 for operations that answer for the whole batch) the
 * first `unprocessedSends` times it is sent. Answers list failures before successes: their
 * order says nothing, as the definition warns.
 *
 * @module
 */

import {
  BULK_OPERATIONS,
  type BulkOperationSpec,
  JOB_FAMILIES,
  type JobFamilySpec,
  type JobStateKind,
} from "../../../src/generated/jobs.ts";
import { errorBody, genesysError, json } from "../responses.ts";
import { decodeCursor, encodeCursor } from "../paging.ts";
import { seededUuid } from "../ids.ts";
import { buildListing } from "./listing.ts";
import type { Schema } from "./model.ts";
import type { ApiRuntime, GenericRequest } from "./runtime.ts";
import { Synthesizer } from "./synthesize.ts";
import { checkParams, MAX_PROBLEMS, type Problem, SchemaValidator } from "./validate.ts";

/** How a sandbox job ends. */
export type SandboxJobOutcome = "succeeded" | "failed" | "cancelled" | "expired" | "waiting";

/** Settings of the jobs and bulk answers (`SandboxOptions.jobs`; also settable on `sandbox.jobs`). */
export interface SandboxJobOptions {
  /** The status read from which a job answers its final state (earlier: queued, running). Default 3. */
  pollsToFinish?: number;
  /** Cursor pages of a job's results. Default 3. */
  resultPages?: number;
  /** Records in each results page. Default 2. */
  recordsPerPage?: number;
  /** What the availability operations answer. Default: an hour before each request. */
  dataAvailabilityDate?: string;
  /** How many times an item marked `"sandbox:unprocessed"` is reported not processed. Default 1. */
  unprocessedSends?: number;
}

/** One job the sandbox runs. */
export interface SandboxJob {
  /** Its id. */
  readonly id: string;
  /** The family's submitting operation. */
  readonly operation: string;
  /** Status reads so far. */
  readonly polls: number;
  /** The state the last status read answered (`undefined` before the first). */
  readonly state: string | undefined;
  /** How it ends. */
  readonly outcome: SandboxJobOutcome;
  /** Whether a `DELETE` cancelled it. */
  readonly cancelled: boolean;
  /** Results pages read so far. */
  readonly pagesRead: number;
}

/**
 * The jobs and bulk controls of a sandbox (`sandbox.jobs`).
 *
 * @example
 * ```ts
 * import { createSandboxHandler } from "../mod.ts";
 * const sandbox = createSandboxHandler({ jobs: { pollsToFinish: 2 } });
 * sandbox.jobs.endNext("failed", { errorMessage: "Query too large" });
 * console.log(sandbox.jobs.pollsToFinish); // 2
 * ```
 */
export interface SandboxJobControls {
  /** See {@linkcode SandboxJobOptions.pollsToFinish}. */
  pollsToFinish: number;
  /** See {@linkcode SandboxJobOptions.resultPages}. */
  resultPages: number;
  /** See {@linkcode SandboxJobOptions.recordsPerPage}. */
  recordsPerPage: number;
  /** See {@linkcode SandboxJobOptions.dataAvailabilityDate}. */
  dataAvailabilityDate: string | undefined;
  /** See {@linkcode SandboxJobOptions.unprocessedSends}. */
  unprocessedSends: number;
  /**
   * The next `times` (default 1) jobs submitted (of `operation`, or of any family) end this way;
   * a failed one with `errorMessage` in its family's error field.
   */
  endNext(
    outcome: SandboxJobOutcome,
    options?: { operation?: string; times?: number; errorMessage?: string },
  ): void;
  /** A job waiting for its caller runs on (from its next status read) to success. */
  resume(jobId: string): void;
  /** Every job submitted, by id. */
  readonly submitted: ReadonlyMap<string, SandboxJob>;
}

interface JobRecord {
  id: string;
  operation: string;
  spec: JobFamilySpec;
  /** The concrete path jobs of this submit live under (`.../datatables/dt1/export/jobs`). */
  base: string;
  polls: number;
  state: string | undefined;
  outcome: SandboxJobOutcome;
  errorMessage: string;
  cancelled: boolean;
  pagesRead: number;
  submitted: unknown;
}

interface Ending {
  outcome: SandboxJobOutcome;
  operation?: string;
  times: number;
  errorMessage: string;
}

/** What validation and synthesis take, made once per generic layer. */
interface Tools {
  readonly validator: SchemaValidator;
  readonly synth: Synthesizer;
  /**
   * `PUT`/`PATCH`/`DELETE` of a job that no role covers (`"PATCH /api/v2/.../jobs/{jobId}"`) ->
   * its family.
   */
  readonly acting: Map<string, string>;
}

type Role =
  | { kind: "submit" | "status" | "results" | "cancel" | "availability" | "act"; family: string }
  | { kind: "bulk"; spec: BulkOperationSpec };

/** Operation name -> what it does here. */
const ROLES: Map<string, Role> = (() => {
  const roles = new Map<string, Role>();
  for (const [family, spec] of Object.entries(JOB_FAMILIES) as [string, JobFamilySpec][]) {
    roles.set(family, { kind: "submit", family });
    roles.set(spec.status, { kind: "status", family });
    if (spec.results) roles.set(spec.results, { kind: "results", family });
    if (spec.cancel) roles.set(spec.cancel, { kind: "cancel", family });
    if (spec.availability) roles.set(spec.availability, { kind: "availability", family });
  }
  for (const [name, spec] of Object.entries(BULK_OPERATIONS) as [string, BulkOperationSpec][]) {
    roles.set(name, { kind: "bulk", spec });
  }
  return roles;
})();

/** Entries a listing family shows besides the jobs submitted (as the generic layer's listings). */
const LISTED_BEFORE = 3;

const JSON_TYPE = /^application\/(?:[\w.+-]*\+)?json\b/i;
const RUNNING_WORDS = /run|progress|process|pending|executing|started|searching|updating/i;

function count(name: string, value: number | undefined, fallback: number, min: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min) throw new RangeError(`${name} must be an integer >= ${min}`);
  return v;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Sets the value at a dotted path, making objects on the way. */
function setPath(target: Obj, path: string, value: unknown): void {
  const keys = path.split(".");
  let at = target;
  for (const key of keys.slice(0, -1)) {
    if (!isObj(at[key])) at[key] = {};
    at = at[key] as Obj;
  }
  at[keys[keys.length - 1]] = value;
}

function readPath(value: unknown, path: string): unknown {
  if (path === "") return value;
  let at = value;
  for (const key of path.split(".")) at = isObj(at) ? at[key] : undefined;
  return at;
}

/** The sandbox's jobs and bulk answers. */
export class JobSimulator implements SandboxJobControls {
  pollsToFinish: number;
  resultPages: number;
  recordsPerPage: number;
  dataAvailabilityDate: string | undefined;
  unprocessedSends: number;
  readonly #jobs = new Map<string, JobRecord>();
  readonly #endings: Ending[] = [];
  readonly #sends = new Map<string, number>();
  readonly #tools = new WeakMap<ApiRuntime, Tools>();
  #created = 0;

  /** Checks and applies the options. */
  constructor(options: SandboxJobOptions = {}) {
    this.pollsToFinish = count("jobs.pollsToFinish", options.pollsToFinish, 3, 1);
    this.resultPages = count("jobs.resultPages", options.resultPages, 3, 1);
    this.recordsPerPage = count("jobs.recordsPerPage", options.recordsPerPage, 2, 0);
    this.unprocessedSends = count("jobs.unprocessedSends", options.unprocessedSends, 1, 0);
    if (
      options.dataAvailabilityDate !== undefined &&
      Number.isNaN(Date.parse(options.dataAvailabilityDate))
    ) {
      throw new RangeError("jobs.dataAvailabilityDate must be an ISO 8601 date-time");
    }
    this.dataAvailabilityDate = options.dataAvailabilityDate;
  }

  get submitted(): ReadonlyMap<string, SandboxJob> {
    return this.#jobs;
  }

  endNext(
    outcome: SandboxJobOutcome,
    options: { operation?: string; times?: number; errorMessage?: string } = {},
  ): void {
    if (!["succeeded", "failed", "cancelled", "expired", "waiting"].includes(outcome)) {
      throw new RangeError(`unknown outcome ${JSON.stringify(outcome)}`);
    }
    const times = count("times", options.times, 1, 1);
    this.#endings.push({
      outcome,
      operation: options.operation,
      times,
      errorMessage: options.errorMessage ?? `The job ended ${outcome} (sandbox).`,
    });
  }

  resume(jobId: string): void {
    const job = this.#jobs.get(jobId);
    if (!job) throw new RangeError(`no job ${jobId}`);
    job.outcome = "succeeded";
    job.polls = 0;
  }

  /** The answer for a job or bulk operation; `undefined` for any other operation. */
  handle(api: ApiRuntime, r: GenericRequest): Response | undefined {
    const tools = this.#toolsFor(api);
    const acting = tools.acting.get(`${r.op.method} ${r.op.path}`);
    const role: Role | undefined = ROLES.get(r.op.id) ??
      (acting === undefined ? undefined : { kind: "act", family: acting });
    if (!role) return undefined;
    const problems: Problem[] = [];
    checkParams(r.op, tools.validator, r.url, r.req.headers, r.params, problems);
    const body = this.#body(
      r,
      tools.validator,
      problems,
      role.kind === "bulk" ? role.spec : undefined,
    );
    if (body instanceof Response) return body;
    if (problems.length > 0) return invalid(r, problems);
    switch (role.kind) {
      case "bulk":
        return this.#bulk(r, tools, role.spec, body);
      case "submit":
        return this.#submit(r, tools.synth, role.family);
      case "status":
        return this.#status(r, tools, role.family);
      case "results":
        return this.#results(r, tools, role.family);
      case "cancel":
        return this.#cancel(r, role.family);
      case "act":
        return this.#act(r, tools.synth, role.family, body);
      case "availability": {
        const date = this.dataAvailabilityDate ??
          new Date(Date.now() - 3_600_000).toISOString();
        return json({ dataAvailabilityDate: date });
      }
    }
  }

  #toolsFor(api: ApiRuntime): Tools {
    let tools = this.#tools.get(api);
    if (!tools) {
      const validator = new SchemaValidator(api.index.model.definitions);
      const acting = new Map<string, string>();
      const byId = new Map(api.index.model.operations.map((op) => [op.id, op]));
      for (const [family, spec] of Object.entries(JOB_FAMILIES) as [string, JobFamilySpec][]) {
        const status = byId.get(spec.status);
        if (!status || spec.statusFrom === "listing") continue;
        for (const op of api.index.model.operations) {
          const acts = op.method === "PUT" || op.method === "PATCH" ||
            (op.method === "DELETE" && op.id !== spec.cancel);
          if (op.path === status.path && acts) {
            acting.set(`${op.method} ${op.path}`, family);
          }
        }
      }
      tools = { validator, synth: new Synthesizer(api.index, validator), acting };
      this.#tools.set(api, tools);
    }
    return tools;
  }

  // ---- request body (validated; a bulk body without its items, which are checked one by one) ----

  #body(
    r: GenericRequest,
    validator: SchemaValidator,
    problems: Problem[],
    bulk: BulkOperationSpec | undefined,
  ): unknown | Response {
    const spec = r.op.body;
    if (!spec) return undefined;
    if (r.body.trim() === "") {
      if (spec.required) {
        problems.push({
          field: "body",
          code: "missing.required",
          message: "body: a request body is required",
        });
      }
      return undefined;
    }
    const type = r.req.headers.get("content-type") ?? "";
    if (!JSON_TYPE.test(type)) {
      return genesysError(415, "unsupported.media.type", r.correlationId);
    }
    let value: unknown;
    try {
      value = JSON.parse(r.body);
    } catch {
      problems.push({
        field: "body",
        code: "invalid.json",
        message: "body: the request body is not valid JSON",
      });
      return undefined;
    }
    if (!bulk) {
      validator.check(spec.schema, value, "body", problems, true);
      return value;
    }
    const items = bulk.items === "" ? value : isObj(value) ? value[bulk.items] ?? [] : undefined;
    const field = bulk.items === "" ? "body" : `body.${bulk.items}`;
    if (!Array.isArray(items)) {
      problems.push({
        field,
        code: "invalid.type",
        message: `${field}: must be an array of items`,
      });
      return undefined;
    }
    if (items.length > bulk.limit) {
      problems.push({
        field,
        code: "invalid.size",
        message: `${field}: at most ${bulk.limit} items per request, not ${items.length}`,
      });
    }
    if (bulk.items !== "") {
      const { schema } = validator.resolve(spec.schema);
      const rest = { ...value as Obj, [bulk.items]: [] };
      const props = { ...schema.properties, [bulk.items]: { type: "array" } as Schema };
      validator.check({ ...schema, properties: props }, rest, "body", problems, true);
    }
    return value;
  }

  // ---- jobs ----

  #family(name: string): JobFamilySpec {
    return (JOB_FAMILIES as Record<string, JobFamilySpec>)[name];
  }

  #submit(r: GenericRequest, synth: Synthesizer, family: string): Response {
    const spec = this.#family(family);
    const id = seededUuid(`sandbox-job:${family}:${this.#created++}:${Date.now()}`);
    const at = this.#endings.findIndex((e) => e.operation === undefined || e.operation === family);
    let outcome: SandboxJobOutcome = "succeeded";
    let errorMessage = "";
    if (at >= 0) {
      const ending = this.#endings[at];
      outcome = ending.outcome;
      errorMessage = ending.errorMessage;
      if (--ending.times === 0) this.#endings.splice(at, 1);
    }
    const base = r.url.pathname.replace(/\/+$/, "");
    const answer = r.op.response ? synth.value(r.op.response, `${base}#${id}`) : {};
    const body: Obj = isObj(answer) ? answer : {};
    setPath(body, spec.id, id);
    const queued = pick(spec, "queued");
    const submitted = this.#family(family).state !== "" && readPath(body, spec.state) !== undefined;
    if (submitted && queued) setPath(body, spec.state, queued);
    if (typeof body.selfUri === "string") body.selfUri = `${base}/${id}`;
    const job: JobRecord = {
      id,
      operation: family,
      spec,
      base,
      polls: 0,
      state: undefined,
      outcome,
      errorMessage,
      cancelled: false,
      pagesRead: 0,
      submitted: body,
    };
    this.#jobs.set(id, job);
    const status = r.op.status;
    return new Response(JSON.stringify(body), {
      status,
      headers: {
        "content-type": "application/json",
        ...(status === 201 ? { location: `${base}/${id}` } : {}),
      },
    });
  }

  /**
   * The job a status, results, cancel or update request names; `undefined` for an id the sandbox
   * did not hand out (or under another parent path): the generic layer answers those.
   */
  #find(r: GenericRequest, family: string): JobRecord | undefined {
    // The job id is the status path's last parameter; the path before it is where jobs live.
    const segments = r.op.path.split("/");
    const at = segments.findLastIndex((s) => s.startsWith("{"));
    const id = r.params[segments[at].slice(1, -1)];
    const job = this.#jobs.get(id);
    const prefix = r.url.pathname.split("/").slice(0, at).join("/");
    return job && job.operation === family && prefix === job.base ? job : undefined;
  }

  /** The state of a job at its current read. */
  #stateAt(job: JobRecord): string | undefined {
    const spec = job.spec;
    if (job.cancelled) return pick(spec, "cancelled") ?? pick(spec, "failed");
    if (job.polls <= 1 && job.polls < this.pollsToFinish) return pick(spec, "queued");
    if (job.polls < this.pollsToFinish) return pick(spec, "running");
    return pick(spec, job.outcome) ?? pick(spec, "failed");
  }

  #statusBody(job: JobRecord, synth: Synthesizer, schema: Schema | undefined): unknown {
    const spec = job.spec;
    const state = job.state;
    if (spec.state === "") return state;
    const made = schema ? synth.value(schema, `${job.base}/${job.id}#status`, { id: job.id }) : {};
    const body: Obj = isObj(made) ? made : {};
    if ("id" in body || spec.id === "id") body.id = job.id;
    if (state !== undefined) setPath(body, spec.state, state);
    if (spec.error) {
      const kind = state === undefined ? "running" : spec.states[state];
      if (kind === "failed" || kind === "expired") setPath(body, spec.error, job.errorMessage);
      else deletePath(body, spec.error);
    }
    if (typeof body.selfUri === "string") body.selfUri = `${job.base}/${job.id}`;
    return body;
  }

  #status(r: GenericRequest, tools: Tools, family: string): Response | undefined {
    const spec = this.#family(family);
    if (spec.statusFrom === "listing") return this.#listing(r, tools, family);
    const job = this.#find(r, family);
    if (!job) return undefined;
    job.polls++;
    job.state = this.#stateAt(job);
    const body = this.#statusBody(job, tools.synth, r.op.response);
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: { "content-type": "application/json" },
    });
  }

  /** A listing family's status: every job of the family under this path, paged. */
  #listing(r: GenericRequest, tools: Tools, family: string): Response {
    const base = r.url.pathname.replace(/\/+$/, "");
    // The jobs submitted here, newest first, then as many older ones as the generic layer lists.
    const jobs = [...this.#jobs.values()]
      .filter((j) => j.operation === family && j.base === base)
      .reverse();
    const { schema: listing } = tools.validator.resolve(r.op.response ?? {});
    const item = listing.properties?.entities?.items ?? {};
    const page = buildListing(listing, r.op, r.url, jobs.length + LISTED_BEFORE, (i) => {
      if (i >= jobs.length) return tools.synth.value(item, `${base}#listed#${i - jobs.length}`);
      // Each listing that shows a job is a status read of it.
      const job = jobs[i];
      job.polls++;
      job.state = this.#stateAt(job);
      return this.#statusBody(job, tools.synth, item);
    });
    if ("error" in page) {
      return genesysError(400, "invalid.query.param.value", r.correlationId, String(page.error));
    }
    return json(page);
  }

  #results(r: GenericRequest, tools: Tools, family: string): Response | undefined {
    const spec = this.#family(family);
    const job = this.#find(r, family);
    if (!job) return undefined;
    const kind = job.state === undefined ? "running" : spec.states[job.state];
    if (kind !== "succeeded") {
      return genesysError(
        400,
        "bad.request",
        r.correlationId,
        `The results of job ${job.id} are not available: its state is ${job.state ?? "unknown"}.`,
      );
    }
    const schema = r.op.response;
    const pages = spec.cursor ? this.resultPages : 1;
    let page = 0;
    const cursor = spec.cursor ? r.url.searchParams.get(spec.cursor) : null;
    if (cursor) {
      const decoded = decodeCursor(`results:${job.id}`, cursor);
      if (decoded === undefined || decoded >= pages) {
        return genesysError(
          400,
          "bad.request",
          r.correlationId,
          `The cursor ${cursor} is not valid.`,
        );
      }
      page = decoded;
    }
    job.pagesRead++;
    const made = schema ? tools.synth.value(schema, `${job.base}/${job.id}/results#${page}`) : {};
    const body: Obj = isObj(made) ? made : {};
    if (spec.records && schema) {
      const { schema: def } = tools.validator.resolve(schema);
      const itemSchema =
        tools.validator.resolve(def.properties?.[spec.records] ?? {}).schema.items ?? {};
      body[spec.records] = Array.from(
        { length: this.recordsPerPage },
        (_, i) => tools.synth.value(itemSchema, `${job.id}#${page}#${i}`),
      );
    }
    if (spec.cursor) {
      if (page + 1 < pages) body[spec.cursor] = encodeCursor(`results:${job.id}`, page + 1);
      else delete body[spec.cursor];
    }
    return json(body);
  }

  /**
   * A `PUT`/`PATCH`/`DELETE` of a job, the caller acting on it: a `DELETE`, or a state of kind
   * `cancelled` in the body, cancels it; a job waiting for its caller runs on to success.
   */
  #act(r: GenericRequest, synth: Synthesizer, family: string, body: unknown): Response | undefined {
    const job = this.#find(r, family);
    if (!job) return undefined;
    const spec = job.spec;
    const asked = spec.state === "" ? undefined : readPath(body, spec.state);
    if (
      r.op.method === "DELETE" || (typeof asked === "string" && spec.states[asked] === "cancelled")
    ) {
      job.cancelled = true;
    } else if (job.state !== undefined && spec.states[job.state] === "waiting") {
      job.outcome = "succeeded";
      job.polls = 0;
    }
    job.state = this.#stateAt(job);
    if (!r.op.response) return new Response(null, { status: r.op.status });
    return new Response(JSON.stringify(this.#statusBody(job, synth, r.op.response)), {
      status: r.op.status,
      headers: { "content-type": "application/json" },
    });
  }

  #cancel(r: GenericRequest, family: string): Response | undefined {
    const job = this.#find(r, family);
    if (!job) return undefined;
    job.cancelled = true;
    job.state = this.#stateAt(job);
    return new Response(null, { status: r.op.status === 200 ? 204 : r.op.status });
  }

  // ---- bulk ----

  #bulk(
    r: GenericRequest,
    tools: Tools,
    spec: BulkOperationSpec,
    body: unknown,
  ): Response | undefined {
    // No items (none given where they are optional) is an empty batch.
    const items = ((spec.items === "" ? body : (body as Obj | undefined)?.[spec.items]) ??
      []) as unknown[];
    const bodySchema = r.op.body!.schema;
    const { schema: resolvedBody } = tools.validator.resolve(bodySchema);
    const field = spec.items === "" ? "body" : `body.${spec.items}`;
    const itemSchema = spec.items === ""
      ? resolvedBody.items ?? {}
      : tools.validator.resolve(resolvedBody.properties?.[spec.items] ?? {}).schema.items ?? {};
    type Verdict = { ok: true } | {
      ok: false;
      retry: boolean;
      code: string;
      message: string;
      status: number;
    };
    const verdicts: Verdict[] = items.map((item, i) => {
      const text = JSON.stringify(item);
      if (text.includes("sandbox:unprocessed")) {
        const sent = (this.#sends.get(text) ?? 0) + 1;
        this.#sends.set(text, sent);
        if (sent <= this.unprocessedSends) {
          return {
            ok: false,
            retry: true,
            code: "service.unavailable",
            message: "The item was not processed; send it again.",
            status: 503,
          };
        }
      }
      if (text.includes("sandbox:fail")) {
        return {
          ok: false,
          retry: false,
          code: "bad.request",
          message: "The item is marked to fail (sandbox:fail).",
          status: 400,
        };
      }
      const problems: Problem[] = [];
      tools.validator.check(itemSchema, item, `${field}[${i}]`, problems, true);
      if (problems.length > 0) {
        return {
          ok: false,
          retry: false,
          code: problems[0].code,
          message: problems.map((p) => p.message).join("; "),
          status: 400,
        };
      }
      return { ok: true };
    });

    const failedAt = verdicts.flatMap((v, i) => (v.ok ? [] : [i]));
    switch (spec.answer) {
      case "whole": {
        if (failedAt.length === 0) return undefined; // the generic layer answers
        if (verdicts.some((v) => !v.ok && v.retry)) {
          return json(errorBody(429, "too.many.requests", r.correlationId), 429, {
            "retry-after": "0",
          });
        }
        const problems = failedAt.map((i) => {
          const v = verdicts[i] as Extract<Verdict, { ok: false }>;
          return { field: `${field}[${i}]`, code: v.code, message: v.message };
        });
        return invalid(r, problems);
      }
      case "results":
        return json(this.#resultsAnswer(r, tools, items, verdicts));
      case "disallowed":
        return json({
          entities: items.filter((_, i) => verdicts[i].ok),
          disallowedEntities: failedAt.map((i) => ({
            errorCode: (verdicts[i] as { code: string }).code,
            entity: items[i],
          })),
        });
      case "failures":
        return json({
          failures: failedAt.map((i) => ({
            user: { id: String((items[i] as Obj)?.userId ?? "") },
            failure: "WorkPlanNotFound",
          })),
        });
      case "processed":
        return json({
          processedEntities: items.filter((_, i) => verdicts[i].ok),
          unprocessedEntities: failedAt.map((i) => ({
            ...(items[i] as Obj),
            code: (verdicts[i] as { code: string }).code,
            message: (verdicts[i] as { message: string }).message,
          })),
        });
    }
  }

  /** A `results` answer: failures first, then successes, with `errorCount` and `errorIndexes`. */
  #resultsAnswer(
    r: GenericRequest,
    tools: Tools,
    items: unknown[],
    verdicts: ({ ok: true } | {
      ok: false;
      retry: boolean;
      code: string;
      message: string;
      status: number;
    })[],
  ): Obj {
    const { schema: answer } = tools.validator.resolve(r.op.response ?? {});
    const resultSchema = tools.validator.resolve(answer.properties?.results?.items ?? {}).schema;
    const perItem = resultSchema.properties?.success !== undefined;
    const order = [...items.keys()].sort((a, b) => Number(verdicts[a].ok) - Number(verdicts[b].ok));
    const results = order.map((i) => {
      const item = items[i];
      const v = verdicts[i];
      const given = typeof item === "string"
        ? item
        : isObj(item) && typeof item.id === "string"
        ? item.id
        : undefined;
      const id = given ?? seededUuid(`${r.url.pathname}:${JSON.stringify(item)}`);
      if (v.ok) {
        const entity = isObj(item) ? { ...item, id, selfUri: `${r.url.pathname}/${id}` } : { id };
        return perItem ? { id, success: true, entity } : { entity };
      }
      const error = {
        code: v.code,
        message: v.message,
        status: v.status,
        retryable: v.retry,
        entity: item,
      };
      return perItem
        ? { ...(given ? { id: given } : {}), success: false, error }
        : { error: { code: v.code, message: v.message } };
    });
    const errorIndexes = results.flatMap((res, n) => ("error" in res ? [n] : []));
    return { results, errorCount: errorIndexes.length, errorIndexes };
  }
}

/** The family's state of a kind: `queued` is its first running state, `running` a later one. */
function pick(spec: JobFamilySpec, kind: "queued" | "running" | JobStateKind): string | undefined {
  const entries = Object.entries(spec.states);
  if (kind === "queued") return entries.find(([, k]) => k === "running")?.[0];
  if (kind === "running") {
    const running = entries.filter(([, k]) => k === "running").map(([v]) => v);
    return running.slice(1).find((v) => RUNNING_WORDS.test(v)) ?? running.find((v) =>
      RUNNING_WORDS.test(v)
    ) ?? running[0];
  }
  return entries.find(([, k]) => k === kind)?.[0];
}

function deletePath(target: Obj, path: string): void {
  const keys = path.split(".");
  const parent = readPath(target, keys.slice(0, -1).join("."));
  if (isObj(parent)) delete parent[keys[keys.length - 1]];
}

/** A 400 naming each problem, as the generic layer answers. */
function invalid(r: GenericRequest, problems: Problem[]): Response {
  const shown = problems.slice(0, MAX_PROBLEMS);
  const body = errorBody(
    400,
    "bad.request",
    r.correlationId,
    `The request is not valid (${shown.length} problem${shown.length === 1 ? "" : "s"}): ${
      shown.map((p) => p.message).join("; ")
    }`,
  );
  body.details = shown.map((p) => ({ errorCode: p.code, fieldName: p.field }));
  body.errors = shown.map((p) =>
    errorBody(400, p.code, r.correlationId, p.message, { field: p.field })
  );
  return json(body, 400);
}
