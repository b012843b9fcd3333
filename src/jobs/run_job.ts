/**
 * `runJob`: submits a job of any family the definition has and returns its `JobRun`;
 * `dataAvailableUntil`: up to when the data lake has complete data for a family's queries.
 *
 * @module
 */

import type { CallOptions } from "../base/endpoint.ts";
import { GenesysCloudError, ParameterError } from "../base/errors.ts";
import type { OperationClient } from "../operations/operation_client.ts";
import type { JobOperation } from "../generated/jobs.ts";
import { checkClock, pollSettings } from "./clock.ts";
import { DataAvailabilityError } from "./errors.ts";
import { JobRun } from "./job_run.ts";
import { checkClient, endpointOf, familySpec, readPath } from "./table.ts";
import type { JobArgs, JobPageOf, JobRecordOf, JobStatusOf, RunJobOptions } from "./types.ts";

const RUN_OPTION_KEYS = [
  "poll",
  "clock",
  "checkAvailability",
  "resultsPageSize",
  "cancelOnAbort",
] as const;

/**
 * Submits a job and returns its run, which polls the job until it is done, reads its results
 * and cancels it (see {@linkcode JobRun}). `operation` is the official name of the family's
 * submitting method; the arguments are that method's, and its options object also takes the
 * run's options ({@linkcode RunJobOptions}: `signal`, `poll`, `checkAvailability`, ...). The
 * calls go through `client` (a `PlatformClient`, a `LiteClient` or another `OperationClient`),
 * so its authentication, retries and pacing apply; per-call options (`customHeaders`,
 * `timeoutMs`) apply to every call of the run.
 *
 * Throws a `ParameterError` for an unknown operation or a bad option, a
 * `DataAvailabilityError` when `checkAvailability` finds the data incomplete (nothing is
 * submitted), and the submitting call's error.
 *
 * @example
 * ```ts
 * import { runJob } from "./run_job.ts";
 * import { ApiPromise } from "../http/api_promise.ts";
 * import type { OperationClient } from "../operations/operation_client.ts";
 * // A stand-in for PlatformClient: each operation answers as a finished job would.
 * const answers: Record<string, unknown> = {
 *   postAnalyticsConversationsDetailsJobs: { jobId: "j1" },
 *   getAnalyticsConversationsDetailsJob: { state: "FULFILLED" },
 *   getAnalyticsConversationsDetailsJobResults: { conversations: [{ conversationId: "c1" }] },
 * };
 * const client: OperationClient = {
 *   call: <T>(endpoint: { name: string }) =>
 *     new ApiPromise<T>(Promise.resolve({
 *       data: answers[endpoint.name] as T, status: 200, headers: new Headers(),
 *       correlationId: undefined, rateLimit: undefined,
 *     })),
 * };
 * const run = await runJob(client, "postAnalyticsConversationsDetailsJobs", {
 *   interval: "2025-07-01T00:00:00Z/2025-07-02T00:00:00Z",
 * }, { poll: { initialMs: 1 }, signal: AbortSignal.timeout(60_000) });
 * for await (const conversation of run.records()) console.log(conversation.conversationId); // c1
 * ```
 */
export async function runJob<K extends JobOperation>(
  client: OperationClient,
  operation: K,
  ...args: JobArgs<K>
): Promise<JobRun<JobStatusOf<K>, JobPageOf<K>, JobRecordOf<K>>> {
  checkClient("runJob", client);
  const spec = familySpec("runJob", operation);
  const submit = endpointOf(operation);
  const required = submit.params.filter((p) => p.required).length;
  const given = args as unknown[];
  if (given.length > required + 1) {
    throw new ParameterError(
      "runJob",
      "arguments",
      `${operation} takes ${required} argument(s) and an options object, not ${given.length}`,
    );
  }
  const positional = given.slice(0, required);
  const options = given[required] ?? {};
  if (typeof options !== "object" || options === null) {
    throw new ParameterError("runJob", "options", "must be an object");
  }
  const own: Record<string, unknown> = {};
  const rest: Record<string, unknown> = { ...options };
  for (const key of RUN_OPTION_KEYS) {
    own[key] = rest[key];
    delete rest[key];
  }
  const run = own as RunJobOptions;
  const poll = pollSettings("runJob", run.poll);
  const clock = checkClock("runJob", run.clock);
  if (
    run.resultsPageSize !== undefined &&
    (!Number.isInteger(run.resultsPageSize) || run.resultsPageSize < 1)
  ) {
    throw new ParameterError("runJob", "resultsPageSize", "must be an integer >= 1");
  }
  const signal = (rest as CallOptions).signal;
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new ParameterError("runJob", "signal", "must be an AbortSignal");
  }
  const callOptions: Record<string, unknown> = {};
  for (const key of ["customHeaders", "timeoutMs"] as const) {
    if (rest[key] !== undefined) callOptions[key] = rest[key];
  }

  if (run.checkAvailability === true) {
    const body = positional[
      submit.params.filter((p) => p.required).findIndex((p) => p.in === "body")
    ];
    await checkAvailability(client, operation, body, { ...callOptions, signal });
  }
  const submitted = await client.call<unknown>(submit, positional, rest);
  const id = readPath(submitted, spec.id);
  if (typeof id !== "string" || id === "") {
    throw new GenesysCloudError(`${operation}: the answer names no job id (${spec.id})`);
  }
  const pathCount = submit.params.filter((p) => p.in === "path").length;
  return new JobRun({
    client,
    operation,
    spec,
    id,
    pathArgs: positional.slice(0, pathCount),
    callOptions,
    signal,
    poll,
    clock,
    resultsPageSize: run.resultsPageSize,
    cancelOnAbort: run.cancelOnAbort ?? true,
    submitted,
  });
}

/**
 * Up to when the data lake has complete data for the queries of a job family that has an
 * availability operation (`postAnalyticsConversationsDetailsJobs`,
 * `postAnalyticsUsersDetailsJobs`): its `dataAvailabilityDate`.
 *
 * @example
 * ```ts
 * import { dataAvailableUntil } from "./run_job.ts";
 * import { ApiPromise } from "../http/api_promise.ts";
 * import type { OperationClient } from "../operations/operation_client.ts";
 * const client: OperationClient = {
 *   call: <T>() =>
 *     new ApiPromise<T>(Promise.resolve({
 *       data: { dataAvailabilityDate: "2025-07-01T12:00:00.000Z" } as T, status: 200,
 *       headers: new Headers(), correlationId: undefined, rateLimit: undefined,
 *     })),
 * };
 * const until = await dataAvailableUntil(client, "postAnalyticsConversationsDetailsJobs");
 * console.log(until.toISOString()); // 2025-07-01T12:00:00.000Z
 * ```
 */
export async function dataAvailableUntil(
  client: OperationClient,
  operation: JobOperation,
  options: CallOptions = {},
): Promise<Date> {
  checkClient("dataAvailableUntil", client);
  const spec = familySpec("dataAvailableUntil", operation);
  if (spec.availability === undefined) {
    throw new ParameterError(
      "dataAvailableUntil",
      "operation",
      `${operation} has no availability operation`,
    );
  }
  const answer = await client.call<unknown>(endpointOf(spec.availability), [], options);
  const text = readPath(answer, "dataAvailabilityDate");
  const date = typeof text === "string" ? new Date(text) : undefined;
  if (date === undefined || Number.isNaN(date.getTime())) {
    throw new GenesysCloudError(
      `${spec.availability}: the answer has no dataAvailabilityDate (${JSON.stringify(answer)})`,
    );
  }
  return date;
}

/** Rejects when the query's interval ends after the data's availability date. */
async function checkAvailability(
  client: OperationClient,
  operation: JobOperation,
  body: unknown,
  options: CallOptions,
): Promise<void> {
  if (familySpec("runJob", operation).availability === undefined) {
    throw new ParameterError(
      "runJob",
      "checkAvailability",
      `${operation} has no availability operation to check`,
    );
  }
  const interval = readPath(body, "interval");
  const end = typeof interval === "string" ? interval.split("/")[1] : undefined;
  const endMs = end === undefined ? NaN : Date.parse(end);
  if (Number.isNaN(endMs)) {
    throw new ParameterError(
      "runJob",
      "interval",
      `must be "<start>/<end>" (ISO 8601 instants) to check availability, not ${
        JSON.stringify(interval)
      }`,
    );
  }
  const until = await dataAvailableUntil(client, operation, options);
  if (endMs > until.getTime()) {
    throw new DataAvailabilityError(operation, new Date(endMs).toISOString(), until.toISOString());
  }
}
