/**
 * Asynchronous jobs and bulk writes of the Genesys Cloud Platform API, one helper each.
 *
 * `runJob(client, operation, ...args)` submits a job of any family the definition has (analytics
 * conversation and user details, task-management bulk jobs, knowledge imports and exports,
 * recording jobs and batch requests, WFM jobs, audit queries, ...; `JOB_FAMILIES` lists them)
 * and returns a `JobRun` that polls it with back-off until it is done, reads every cursor page
 * of its results and cancels it. `runBulk(client, operation, ...args)` sends any number of
 * items through a bulk operation (`BULK_OPERATIONS`), split at its limit, with bounded
 * concurrency, re-sending what the answers leave unprocessed, and reports every item.
 *
 * ```ts
 * import { JOB_FAMILIES, LiteClient, runBulk, runJob } from "./mod.ts";
 * console.log(Object.keys(JOB_FAMILIES).length); // 57
 * const client = new LiteClient({ accessToken: "token" }); // or a logged-in PlatformClient
 * async function nightly(contacts: { firstName: string }[]) {
 *   const run = await runJob(client, "postAnalyticsConversationsDetailsJobs", {
 *     interval: "2025-07-01T00:00:00Z/2025-07-02T00:00:00Z",
 *   }, { checkAvailability: true });
 *   for await (const conversation of run.records()) console.log(conversation.conversationId);
 *   const report = await runBulk(client, "postExternalcontactsBulkContactsAdd", { entities: contacts });
 *   console.log(report.succeeded, report.failed, report.unprocessed);
 * }
 * console.log(typeof nightly); // function
 * ```
 *
 * @module
 */

export { dataAvailableUntil, runJob } from "./run_job.ts";
export { JobRun } from "./job_run.ts";
export type { JobStatus } from "./job_run.ts";
export { runBulk } from "./bulk.ts";
export type { BulkItemError, BulkItemResult, BulkReport } from "./bulk.ts";
export {
  BulkAbortedError,
  DataAvailabilityError,
  JobFailedError,
  JobWaitingError,
} from "./errors.ts";
export type { JobFailedErrorInit } from "./errors.ts";
export { SYSTEM_CLOCK } from "./clock.ts";
export type { JobClock, PollOptions } from "./clock.ts";
export type {
  BulkArgs,
  BulkEntityOf,
  BulkItemOf,
  JobArgs,
  JobPageOf,
  JobRecordOf,
  JobStatusOf,
  RunBulkOptions,
  RunJobOptions,
} from "./types.ts";
export { BULK_OPERATIONS, JOB_FAMILIES } from "../generated/jobs.ts";
export type {
  BulkOperation,
  BulkOperationSpec,
  JobFamilySpec,
  JobOperation,
  JobStateKind,
} from "../generated/jobs.ts";
// The client surface (PlatformClient, LiteClient, OperationClient, the errors, ...), as every
// entry point of the package exports it.
export * from "../generated/client_surface.ts";
