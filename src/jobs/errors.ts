/**
 * The errors of the job and bulk helpers.
 *
 * @module
 */

import { AbortedError, GenesysCloudError } from "../base/errors.ts";

/** Fields of a {@linkcode JobFailedError}. */
export interface JobFailedErrorInit {
  /** The family's submitting operation. */
  operation: string;
  /** The job's id. */
  jobId: string;
  /** The state the job ended in (`FAILED`, `Cancelled`, `EXPIRED`, ...). */
  state: string;
  /** What that state means. */
  kind: "failed" | "cancelled" | "expired";
  /** The server's error message, when the status has one. */
  errorMessage: string | undefined;
  /** The final status, as the server sent it. */
  status: unknown;
}

/**
 * A job ended without succeeding: it failed, was cancelled (not by this run) or expired. Carries
 * the state, the server's `errorMessage` (or the family's equivalent) and the final status.
 *
 * @example
 * ```ts
 * import { JobFailedError } from "./errors.ts";
 * const e = new JobFailedError({
 *   operation: "postAnalyticsConversationsDetailsJobs", jobId: "j1", state: "FAILED",
 *   kind: "failed", errorMessage: "Query too large", status: { state: "FAILED" },
 * });
 * console.log(e.message); // postAnalyticsConversationsDetailsJobs: job j1 ended FAILED: Query too large
 * ```
 */
export class JobFailedError extends GenesysCloudError {
  /** Always `"JobFailedError"`, also in minified bundles (where class names are renamed). */
  override name = "JobFailedError";
  /** The family's submitting operation. */
  readonly operation: string;
  /** The job's id. */
  readonly jobId: string;
  /** The state the job ended in. */
  readonly state: string;
  /** What that state means. */
  readonly kind: "failed" | "cancelled" | "expired";
  /** The server's error message, when the status has one. */
  readonly errorMessage: string | undefined;
  /** The final status, as the server sent it. */
  readonly status: unknown;

  /** Builds `"<operation>: job <id> ended <state>[: <errorMessage>]"`. */
  constructor(init: JobFailedErrorInit) {
    super(
      `${init.operation}: job ${init.jobId} ended ${init.state}${
        init.errorMessage ? `: ${init.errorMessage}` : ""
      }`,
    );
    this.operation = init.operation;
    this.jobId = init.jobId;
    this.state = init.state;
    this.kind = init.kind;
    this.errorMessage = init.errorMessage;
    this.status = init.status;
  }
}

/**
 * A job waits for its caller (an upload, a confirmation: its state is of kind `waiting`), so it
 * has no results yet. Do what it waits for, then call `done()` again.
 *
 * @example
 * ```ts
 * import { JobWaitingError } from "./errors.ts";
 * const e = new JobWaitingError("postFlowsDatatableImportJobs", "j1", "WaitingForUpload");
 * console.log(e.message);
 * ```
 */
export class JobWaitingError extends GenesysCloudError {
  /** Always `"JobWaitingError"`, also in minified bundles (where class names are renamed). */
  override name = "JobWaitingError";
  /** The family's submitting operation. */
  readonly operation: string;
  /** The job's id. */
  readonly jobId: string;
  /** The state the job waits in. */
  readonly state: string;

  /** Builds the error naming the job and its state. */
  constructor(operation: string, jobId: string, state: string) {
    super(
      `${operation}: job ${jobId} waits for its caller (${state}); its results come once it ` +
        "succeeds: do what it waits for, then call done() again",
    );
    this.operation = operation;
    this.jobId = jobId;
    this.state = state;
  }
}

/**
 * The data a query asks for is not complete yet: its interval ends after the date up to which
 * the data lake has the data (`dataAvailabilityDate`). Nothing was submitted.
 *
 * @example
 * ```ts
 * import { DataAvailabilityError } from "./errors.ts";
 * const e = new DataAvailabilityError(
 *   "postAnalyticsConversationsDetailsJobs", "2025-07-02T00:00:00.000Z", "2025-07-01T12:00:00.000Z",
 * );
 * console.log(e.availableUntil); // 2025-07-01T12:00:00.000Z
 * ```
 */
export class DataAvailabilityError extends GenesysCloudError {
  /** Always `"DataAvailabilityError"`, also in minified bundles (where class names are renamed). */
  override name = "DataAvailabilityError";
  /** The family's submitting operation. */
  readonly operation: string;
  /** The end of the query's interval (ISO 8601). */
  readonly intervalEnd: string;
  /** The data is complete up to this instant (ISO 8601). */
  readonly availableUntil: string;

  /** Builds the error naming both instants. */
  constructor(operation: string, intervalEnd: string, availableUntil: string) {
    super(
      `${operation}: the query's interval ends at ${intervalEnd}, but the data is complete only ` +
        `up to ${availableUntil}; nothing was submitted`,
    );
    this.operation = operation;
    this.intervalEnd = intervalEnd;
    this.availableUntil = availableUntil;
  }
}

/**
 * A bulk run was aborted by its signal: no further batch was sent. `report` says what happened
 * to every item up to then (items never sent are `unprocessed`).
 *
 * @example
 * ```ts
 * import { BulkAbortedError } from "./errors.ts";
 * const e = new BulkAbortedError("postExternalcontactsBulkContactsAdd", { succeeded: 50, unprocessed: 70 });
 * console.log(e.message);
 * ```
 */
export class BulkAbortedError<R = unknown> extends AbortedError {
  /** Always `"BulkAbortedError"`, also in minified bundles (where class names are renamed). */
  override name = "BulkAbortedError";
  /** What happened to every item until the abort. */
  readonly report: R;

  /** Builds the error; `options.cause` is the signal's reason. */
  constructor(
    operation: string,
    report: R & { succeeded?: number; unprocessed?: number },
    options?: ErrorOptions,
  ) {
    super(
      `${operation}: the bulk run was aborted (${report.succeeded ?? 0} items succeeded, ` +
        `${report.unprocessed ?? 0} not processed; see report)`,
      options,
    );
    this.report = report;
  }
}
