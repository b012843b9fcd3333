/**
 * Finds the asynchronous job families and the bulk write operations of a definition, for the
 * table `emit_jobs.ts` writes (`src/generated/jobs.ts`) and `src/jobs` reads. Pure functions of
 * the definition and the generator's operations; no I/O.
 *
 * Job families (what `runJob` drives):
 * - **jobs**: a `POST .../jobs` (the submitting operation) with its status operation
 *   `GET .../jobs/{id}` and, where present, `GET .../jobs/{id}/results` (results),
 *   `DELETE .../jobs/{id}` (cancel) and `GET .../jobs/availability` (data availability).
 * - **async**: another `POST P` answering with an id, with a status operation `GET P/{id}`
 *   whose state tells a job (a running state, a succeeded one, and a failed one or a count of
 *   failures): `POST /audits/query`, `POST /recording/batchrequests`, ...
 * - **listing**: a `POST P` answering with an id and such a state whose only status is the
 *   listing `GET P` (`POST /analytics/reporting/exports`): polled by finding the id in the list.
 *
 * A family is runnable when its status operation takes only path parameters, the submitting
 * answer names the job id (`jobId`, `id`, `job.id`, `operationId`, ...), and the state (a
 * property `state`, `status`, `jobState`, another `...State`/`...Status`, or the whole answer)
 * has an enum with a succeeded value. Anything else found is reported with the reason.
 *
 * Each state value gets a kind by its words: `expired`; `cancelled` (`Cancelled`, `Canceled`,
 * `Aborted`, `Terminated`); `failed` (`...Fail...`, `...Error...`, `Incomplete`, `Rollback...`);
 * `succeeded` (`Fulfilled`, `Complete(d)`, `Succeeded`, `Success`, `Finished`, also
 * `PartialCompleted`, `ImportCompleted`, `COMPLETED_WITH_PARTIAL_RESULTS`); `waiting` (the job
 * waits for its caller: `WaitingFor...`, and where the job can be acted on, by a `PUT`/`PATCH`
 * of it or a `POST` under it, `Ready...` and a phase's `...Completed` such as
 * `ValidationCompleted`); everything else `running`.
 *
 * Bulk operations (what `runBulk` splits): every non-`GET` operation with `bulk` in its path,
 * and every operation answering `unprocessedEntities`, whose body carries the items (an array
 * body, or the body's one array property: the only one, the only required one, or the one
 * called `entities`, `items` or `...Ids`) and whose answer is not a job. The batch limit is
 * the items' `maxItems`, else a limit the operation's text states ("up to 10", "Max 50",
 * "max allowed 50"), else {@linkcode DEFAULT_BULK_LIMIT}. The answer says what happened to each
 * item: `results` (per-item `success`/`error`, as external contacts answer), `disallowed`
 * (`entities` done, `disallowedEntities` refused), `failures`, `processed`
 * (`processedEntities`/`unprocessedEntities`), or `whole` (the call succeeds or fails for every
 * item of the batch).
 *
 * @module
 */

import type { ApiGroup, ApiOperation } from "./operations.ts";
import { type Operation, refName, type Schema, type SwaggerDocument } from "./swagger.ts";

/** What a state value means to a poller. */
export type StateKind = "running" | "waiting" | "succeeded" | "failed" | "cancelled" | "expired";

/** How a bulk answer reports its items. */
export type BulkAnswer = "results" | "disallowed" | "failures" | "processed" | "whole";

/** Where a bulk operation's limit comes from. */
export type LimitSource = "maxItems" | "description" | "default";

/**
 * The batch size of a bulk operation whose definition states no limit: 50, the limit the
 * definition states most often for bulk writes (users, routing languages, work plan bid ranks,
 * response libraries, task-management bulk add). `runBulk` takes `batchSize` to change it.
 */
export const DEFAULT_BULK_LIMIT = 50;

/**
 * Option names `runJob` and `runBulk` read from the trailing options object besides
 * `signal`; an operation taking a parameter of one of these names cannot be served (its
 * option would be taken for the helper's).
 */
export const HELPER_OPTION_NAMES: ReadonlySet<string> = new Set([
  "poll",
  "clock",
  "checkAvailability",
  "resultsPageSize",
  "cancelOnAbort",
  "batchSize",
  "concurrency",
  "maxRedrives",
]);

/** An operation with the class (leading tag) that has it as a method. */
export interface ClassOperation {
  /** The operation, as its class has it (method name included). */
  readonly op: ApiOperation;
  /** Class name (`AnalyticsApi`). */
  readonly className: string;
  /** File stem of the class's module under `apis/` (`analytics`). */
  readonly fileStem: string;
}

/** A runnable job family. */
export interface JobFamily {
  /** How it was found. */
  readonly shape: "jobs" | "async" | "listing";
  /** The submitting operation (its method name names the family). */
  readonly submit: ClassOperation;
  /** The status operation (for `listing`: the list operation). */
  readonly status: ClassOperation;
  /** `GET .../{id}/results`. */
  readonly results?: ClassOperation;
  /** `DELETE .../{id}`. */
  readonly cancel?: ClassOperation;
  /** `GET .../jobs/availability`. */
  readonly availability?: ClassOperation;
  /** Where the submitting answer holds the job id (`jobId`, `job.id`). */
  readonly id: string;
  /** Where the status holds the state (`state`; `""`: the status is the state). */
  readonly state: string;
  /** Every state value with its kind, in the definition's order. */
  readonly states: readonly (readonly [string, StateKind])[];
  /** Where the status holds the server's error message (`errorMessage`, `error.message`). */
  readonly error?: string;
  /** The array of records in each results page (or, without results, in the final status). */
  readonly records?: string;
  /** The cursor of results pages: the query parameter and the page's field of that name. */
  readonly cursor?: string;
}

/** Something found that a helper does not serve, and why. */
export interface Skipped {
  /** The operation's method name. */
  readonly operation: string;
  /** `METHOD path`. */
  readonly where: string;
  /** Why it is not served. */
  readonly reason: string;
}

/** A bulk operation `runBulk` serves. */
export interface BulkOperation {
  /** The operation. */
  readonly call: ClassOperation;
  /** The body property holding the items; `""` when the body is the array. */
  readonly items: string;
  /** Items per call. */
  readonly limit: number;
  /** Where {@linkcode BulkOperation.limit} comes from. */
  readonly limitFrom: LimitSource;
  /** How the answer reports each item. */
  readonly answer: BulkAnswer;
}

/** Everything found, with the counts the report and the generated module state. */
export interface JobFindings {
  /** `POST .../jobs` operations. */
  readonly jobPosts: number;
  /** Of those, how many have a `GET .../jobs/{id}`. */
  readonly withStatus: number;
  /** Of those, how many have a `GET .../jobs/{id}/results`. */
  readonly withResults: number;
  /** Of those, how many have a `DELETE .../jobs/{id}`. */
  readonly withCancel: number;
  /** Runnable families, sorted by submitting operation. */
  readonly families: readonly JobFamily[];
  /** Job-like operations found but not runnable. */
  readonly skippedJobs: readonly Skipped[];
  /** Operations that may answer `202 Accepted` (any shape). */
  readonly accepted: number;
  /** Non-`GET` operations with `bulk` in their path. */
  readonly bulkWrites: number;
  /** Bulk operations served, sorted by operation. */
  readonly bulk: readonly BulkOperation[];
  /** Bulk candidates not served. */
  readonly skippedBulk: readonly Skipped[];
}

/** Compares in code-unit order. */
const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Finds the job families and bulk operations of `doc`; `groups` are the generator's API
 * classes (an operation is taken from the class of its leading tag).
 */
export function findJobs(doc: SwaggerDocument, groups: readonly ApiGroup[]): JobFindings {
  const index = new OperationIndex(doc, groups);
  const jobs = findFamilies(index);
  const bulk = findBulk(index, new Set(jobs.claimed));
  return { ...jobs, ...bulk, accepted: index.accepted() };
}

// ---- the definition, indexed ----

class OperationIndex {
  readonly #byPath = new Map<string, Map<string, ClassOperation>>();
  readonly #raw: SwaggerDocument;

  constructor(doc: SwaggerDocument, groups: readonly ApiGroup[]) {
    this.#raw = doc;
    for (const group of groups) {
      for (const op of group.operations) {
        if (op.tags[0] !== group.tag) continue;
        let methods = this.#byPath.get(op.path);
        if (!methods) this.#byPath.set(op.path, methods = new Map());
        methods.set(op.httpMethod, {
          op,
          className: group.className,
          fileStem: group.fileStem,
        });
      }
    }
  }

  /** Every path, in definition order. */
  paths(): string[] {
    return Object.keys(this.#raw.paths).filter((p) => this.#byPath.has(p));
  }

  get(method: string, path: string): ClassOperation | undefined {
    return this.#byPath.get(path)?.get(method);
  }

  /** The paths `P/{x}` of `path` (one parameter segment more), with a `GET`. */
  itemPaths(path: string): string[] {
    return this.paths().filter((p) =>
      p.startsWith(`${path}/{`) && /^\{[^/{}]+\}$/.test(p.slice(path.length + 1)) &&
      this.get("GET", p) !== undefined
    );
  }

  /** Whether anything can be done to a job at `path` besides reading and deleting it. */
  actsOn(path: string): boolean {
    if (this.get("PUT", path) || this.get("PATCH", path)) return true;
    return this.paths().some((p) => p.startsWith(`${path}/`) && this.get("POST", p) !== undefined);
  }

  raw(c: ClassOperation): Operation {
    return this.#raw.paths[c.op.path][c.op.httpMethod.toLowerCase()] as Operation;
  }

  /** A schema with its `$ref` followed (and `allOf` merged), once. */
  resolve(schema: Schema | undefined, depth = 0): Schema | undefined {
    if (schema === undefined || depth > 8) return schema;
    if (schema.$ref !== undefined) {
      return this.resolve(this.#raw.definitions?.[refName(schema.$ref)], depth + 1);
    }
    if (schema.allOf !== undefined) {
      const properties: Record<string, Schema> = {};
      const required: string[] = [];
      for (const part of schema.allOf) {
        const resolved = this.resolve(part, depth + 1);
        Object.assign(properties, resolved?.properties ?? {});
        required.push(...(resolved?.required ?? []));
      }
      return { ...schema, allOf: undefined, properties, required };
    }
    return schema;
  }

  /** The schema at a dotted path of properties (`job.id`); `""` is the schema itself. */
  at(schema: Schema | undefined, path: string): Schema | undefined {
    let current = this.resolve(schema);
    for (const key of path === "" ? [] : path.split(".")) {
      current = this.resolve(current?.properties?.[key]);
    }
    return current;
  }

  /** How many operations may answer 202. */
  accepted(): number {
    let n = 0;
    for (const methods of this.#byPath.values()) {
      for (const c of methods.values()) if (this.raw(c).responses?.["202"]) n++;
    }
    return n;
  }
}

// ---- job families ----

const ID_FIELDS = ["id", "jobId", "job.id", "operationId", "transactionId", "executionId"];
const ERROR_FIELDS = [
  "errorMessage",
  "errorInformation.message",
  "errorInfo.message",
  "error.message",
  "failureReason.message",
  "statusDetails",
];

/**
 * The kind of a state value (see the module documentation); `actable`: the job can be acted
 * on by its caller.
 *
 * @example
 * ```ts
 * import { stateKind } from "./jobs.ts";
 * console.log(stateKind("FULFILLED", false), stateKind("ValidationCompleted", true)); // succeeded waiting
 * ```
 */
export function stateKind(value: string, actable: boolean): StateKind {
  const v = value.toLowerCase().replace(/[^a-z]/g, "");
  if (v.includes("expired")) return "expired";
  if (/^(cancell?ed|aborted|terminated)$/.test(v)) return "cancelled";
  if (/fail|error|^incomplete$|^rollback/.test(v)) return "failed";
  if (
    /^(import)?(partial)?(completed?|succeeded|success|fulfilled|finished)(with[a-z]*)?$/.test(v)
  ) {
    return "succeeded";
  }
  if (/^waitingfor/.test(v)) return "waiting";
  if (actable && (/^ready/.test(v) || /completed?$/.test(v))) return "waiting";
  return "running";
}

interface FamilyResults {
  jobPosts: number;
  withStatus: number;
  withResults: number;
  withCancel: number;
  families: JobFamily[];
  skippedJobs: Skipped[];
  /** Method names of every operation that belongs to a job family (served or not). */
  claimed: string[];
}

function where(c: ClassOperation): string {
  return `${c.op.httpMethod} ${c.op.path}`;
}

function findFamilies(index: OperationIndex): FamilyResults {
  const out: FamilyResults = {
    jobPosts: 0,
    withStatus: 0,
    withResults: 0,
    withCancel: 0,
    families: [],
    skippedJobs: [],
    claimed: [],
  };
  const skip = (c: ClassOperation, reason: string) =>
    out.skippedJobs.push({ operation: c.op.methodName, where: where(c), reason });

  for (const path of index.paths()) {
    const submit = index.get("POST", path);
    if (!submit) continue;
    const isJobs = /\/jobs$/.test(path);
    const itemPath = index.itemPaths(path)[0];
    const status = itemPath ? index.get("GET", itemPath) : undefined;
    if (isJobs) {
      out.jobPosts++;
      out.claimed.push(submit.op.methodName);
      if (!status) {
        skip(submit, "no status operation (GET .../jobs/{id})");
        continue;
      }
      out.withStatus++;
      const results = index.get("GET", `${itemPath}/results`);
      const cancel = index.get("DELETE", itemPath);
      if (results) out.withResults++;
      if (cancel) out.withCancel++;
      for (const c of [status, results, cancel]) if (c) out.claimed.push(c.op.methodName);
      const patch = index.get("PATCH", itemPath);
      if (patch) out.claimed.push(patch.op.methodName);
      const family = familyOf(index, "jobs", submit, status, itemPath, results, cancel, skip);
      if (family) out.families.push(family);
      continue;
    }
    // Other async shapes: a job-like state behind GET P/{id}, or only in the listing GET P.
    const list = index.get("GET", path);
    const viaItem = status && jobLike(index, status.op.returns, itemPath!);
    const viaList = !itemPath && list && listedJob(index, submit, list);
    if (!viaItem && !viaList) continue;
    if (viaItem) {
      const results = index.get("GET", `${itemPath}/results`);
      const cancel = index.get("DELETE", itemPath!);
      const family = familyOf(index, "async", submit, status!, itemPath!, results, cancel, skip);
      if (family) {
        out.families.push(family);
        for (const c of [submit, status, results, cancel]) if (c) out.claimed.push(c.op.methodName);
      }
    } else {
      const family = familyOf(index, "listing", submit, list!, path, undefined, undefined, skip);
      if (family) {
        out.families.push(family);
        out.claimed.push(submit.op.methodName);
      }
    }
  }
  out.families.sort((a, b) => byName(a.submit.op.methodName, b.submit.op.methodName));
  out.skippedJobs.sort((a, b) => byName(a.operation, b.operation));
  return out;
}

/** The property of an object schema holding its state, with its enum. */
function stateField(
  index: OperationIndex,
  schema: Schema | undefined,
): { path: string; values: string[] } | undefined {
  const resolved = index.resolve(schema);
  if (resolved?.enum && resolved.type === "string") {
    return { path: "", values: resolved.enum.map(String) };
  }
  const props = resolved?.properties ?? {};
  const names = Object.keys(props);
  const ordered = [
    ...["state", "status", "jobState"].filter((n) => names.includes(n)),
    ...names.filter((n) =>
      /(State|Status)$/.test(n) && !["state", "status", "jobState"].includes(n)
    ),
  ];
  for (const name of ordered) {
    const prop = index.resolve(props[name]);
    if (prop?.enum && prop.type === "string") return { path: name, values: prop.enum.map(String) };
  }
  return undefined;
}

/** Whether a status schema tells a job: running, succeeded, and failed (or a count of failures). */
function jobLike(index: OperationIndex, schema: Schema | undefined, itemPath: string): boolean {
  const field = stateField(index, schema);
  if (!field) return false;
  const kinds = new Set(field.values.map((v) => stateKind(v, index.actsOn(itemPath))));
  const props = Object.keys(index.resolve(schema)?.properties ?? {});
  const countsFailures = props.some((p) => /^(error|failed|failure)Count$/.test(p));
  return kinds.has("running") && kinds.has("succeeded") && (kinds.has("failed") || countsFailures);
}

/** Whether `list` lists what `submit` answers, and that is a job. */
function listedJob(index: OperationIndex, submit: ClassOperation, list: ClassOperation): boolean {
  const listed = index.resolve(list.op.returns)?.properties?.entities?.items;
  const answer = submit.op.returns;
  if (listed?.$ref === undefined || answer?.$ref !== listed.$ref) return false;
  return list.op.params.some((p) => p.name === "pageNumber") &&
    jobLike(index, answer, list.op.path);
}

function familyOf(
  index: OperationIndex,
  shape: JobFamily["shape"],
  submit: ClassOperation,
  status: ClassOperation,
  itemPath: string,
  results: ClassOperation | undefined,
  cancel: ClassOperation | undefined,
  skip: (c: ClassOperation, reason: string) => void,
): JobFamily | undefined {
  const statusSchema = shape === "listing"
    ? index.resolve(status.op.returns)?.properties?.entities?.items
    : status.op.returns;
  const field = stateField(index, statusSchema);
  if (!field) return void skip(submit, `the status (${where(status)}) has no state enum`);
  const actable = shape !== "listing" && index.actsOn(itemPath);
  const states = field.values.map((v) => [v, stateKind(v, actable)] as const);
  if (!states.some(([, kind]) => kind === "succeeded")) {
    const values = field.values.join(", ");
    return void skip(submit, `no state of ${field.path || "the status"} means done (${values})`);
  }
  const id = ID_FIELDS.find((f) => index.at(submit.op.returns, f)?.type === "string");
  if (id === undefined) return void skip(submit, "its answer names no job id");
  const submitPath = submit.op.params.filter((p) => p.in === "path").map((p) => p.name);
  const statusRequired = status.op.params.filter((p) => p.required);
  const expected = shape === "listing" ? submitPath : [...submitPath, statusRequired.at(-1)?.name];
  if (
    statusRequired.some((p) => p.in !== "path") ||
    statusRequired.map((p) => p.name).join() !== expected.join()
  ) {
    return void skip(submit, `the status (${where(status)}) takes more than the job's path`);
  }
  for (const c of [submit, status, results, cancel]) {
    const taken = c?.op.params.find((p) => HELPER_OPTION_NAMES.has(p.name));
    if (taken) return void skip(submit, `${c!.op.methodName} has a parameter "${taken.name}"`);
  }
  const availability = shape === "jobs"
    ? index.get("GET", `${submit.op.path}/availability`)
    : undefined;
  const error = ERROR_FIELDS.find((f) => index.at(statusSchema, f)?.type === "string");
  const pageSchema = results ? results.op.returns : statusSchema;
  // A status that is itself a page of a listing gives no records (only its first page would).
  const pagedStatus = !results && index.resolve(statusSchema)?.properties?.pageCount !== undefined;
  const cursor = results?.op.params.some((p) => p.name === "cursor" && p.in === "query") &&
      index.at(pageSchema, "cursor")?.type === "string"
    ? "cursor"
    : undefined;
  const records = pagedStatus ? undefined : recordsField(index, pageSchema, cursor !== undefined);
  // DELETE of a job cancels it; elsewhere a DELETE removes a resource, unless it says it cancels.
  const cancels = cancel &&
    (shape === "jobs" || /cancel|abort/i.test(index.raw(cancel).summary ?? ""));
  return {
    shape,
    submit,
    status,
    ...(results ? { results } : {}),
    ...(cancels ? { cancel } : {}),
    ...(availability ? { availability } : {}),
    id,
    state: field.path,
    states,
    ...(error ? { error } : {}),
    ...(records ? { records } : {}),
    ...(cursor ? { cursor } : {}),
  };
}

/**
 * The array of records of a page: its one array of objects when the page is cursor paged, or
 * its `entities` or `results` array.
 */
function recordsField(
  index: OperationIndex,
  schema: Schema | undefined,
  paged: boolean,
): string | undefined {
  const props = index.resolve(schema)?.properties ?? {};
  const arrays = Object.keys(props).filter((k) => {
    const prop = index.resolve(props[k]);
    const items = index.resolve(prop?.items);
    return prop?.type === "array" && (items?.type === "object" || items?.properties !== undefined);
  });
  for (const name of ["entities", "results"]) if (arrays.includes(name)) return name;
  return paged && arrays.length === 1 ? arrays[0] : undefined;
}

// ---- bulk operations ----

const LIMIT_TEXT =
  /\b(?:up to|at most|max(?:imum)?(?: allowed)?(?: of)?|limit(?:ed to)?)\s+(\d+)\b/i;

function findBulk(
  index: OperationIndex,
  jobOperations: ReadonlySet<string>,
): { bulkWrites: number; bulk: BulkOperation[]; skippedBulk: Skipped[] } {
  let bulkWrites = 0;
  const bulk: BulkOperation[] = [];
  const skippedBulk: Skipped[] = [];
  for (const path of index.paths()) {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      const c = index.get(method, path);
      if (!c) continue;
      const isBulk = /bulk/i.test(path);
      if (isBulk) bulkWrites++;
      const answer = index.resolve(c.op.returns);
      if (!isBulk && answer?.properties?.unprocessedEntities === undefined) continue;
      const found = bulkOperation(index, c, jobOperations);
      if ("reason" in found) {
        skippedBulk.push({ operation: c.op.methodName, where: where(c), reason: found.reason });
      } else bulk.push(found);
    }
  }
  bulk.sort((a, b) => byName(a.call.op.methodName, b.call.op.methodName));
  skippedBulk.sort((a, b) => byName(a.operation, b.operation));
  return { bulkWrites, bulk, skippedBulk };
}

function bulkOperation(
  index: OperationIndex,
  c: ClassOperation,
  jobOperations: ReadonlySet<string>,
): BulkOperation | { reason: string } {
  if (jobOperations.has(c.op.methodName)) return { reason: "a job family's operation (runJob)" };
  const body = c.op.params.find((p) => p.in === "body");
  if (body === undefined) return { reason: "no body" };
  const taken = c.op.params.find((p) => HELPER_OPTION_NAMES.has(p.name));
  if (taken) return { reason: `a parameter is named "${taken.name}"` };
  const schema = index.resolve(body.schema);
  let items: string | undefined;
  let itemsSchema: Schema | undefined;
  if (schema?.type === "array") {
    items = "";
    itemsSchema = schema;
  } else {
    const props = schema?.properties ?? {};
    const arrays = Object.keys(props).filter((k) => index.resolve(props[k])?.type === "array");
    const requiredArrays = arrays.filter((k) => schema?.required?.includes(k));
    items = arrays.length === 1
      ? arrays[0]
      : requiredArrays.length === 1
      ? requiredArrays[0]
      : arrays.find((k) => k === "entities" || k === "items" || /Ids$/.test(k));
    if (items === undefined) {
      return { reason: arrays.length === 0 ? "the body has no array" : "no one array of items" };
    }
    itemsSchema = index.resolve(props[items]);
  }
  const answer = index.resolve(c.op.returns);
  const props = answer?.properties ?? {};
  if (
    props.job !== undefined || props.operationId !== undefined ||
    (props.id !== undefined && (props.state !== undefined || props.status !== undefined))
  ) {
    return { reason: "its answer is a job (asynchronous)" };
  }
  const resultItem = index.resolve(index.resolve(props.results)?.items);
  const kind: BulkAnswer = resultItem?.properties?.error !== undefined
    ? "results"
    : props.disallowedEntities !== undefined
    ? "disallowed"
    : props.failures !== undefined
    ? "failures"
    : props.unprocessedEntities !== undefined
    ? "processed"
    : "whole";
  const { limit, limitFrom } = bulkLimit(index, c, body.description, itemsSchema);
  return { call: c, items, limit, limitFrom, answer: kind };
}

function bulkLimit(
  index: OperationIndex,
  c: ClassOperation,
  bodyText: string | undefined,
  itemsSchema: Schema | undefined,
): { limit: number; limitFrom: LimitSource } {
  const maxItems = (itemsSchema as { maxItems?: number } | undefined)?.maxItems;
  if (typeof maxItems === "number" && maxItems > 0) {
    return { limit: maxItems, limitFrom: "maxItems" };
  }
  const raw = index.raw(c);
  const texts = [raw.summary, raw.description, bodyText, itemsSchema?.description];
  for (const text of texts) {
    const m = text === undefined ? null : LIMIT_TEXT.exec(text);
    if (m && Number(m[1]) > 0) return { limit: Number(m[1]), limitFrom: "description" };
  }
  return { limit: DEFAULT_BULK_LIMIT, limitFrom: "default" };
}
