/**
 * The types of the helpers' arguments and answers, derived from the generated API classes
 * through the tables' type maps: `runJob`'s arguments are its submitting method's, its status,
 * pages and records are what the family's methods answer; `runBulk`'s arguments are its
 * method's and its items are the elements of that method's body.
 *
 * @module
 */

import type { JobClock, PollOptions } from "./clock.ts";
import type {
  BulkOperation,
  BulkOperationTypes,
  JobFamilyTypes,
  JobOperation,
} from "../generated/jobs.ts";

/**
 * `[required arguments, options]` of a generated method.
 *
 * @internal
 */
type Split<F> = F extends (...args: infer A) => unknown
  ? A extends [...infer R, (infer O)?] ? [R, O] : never
  : never;

/**
 * What a generated method's promise resolves to, without `undefined`.
 *
 * @internal
 */
type Answer<F> = F extends (...args: never[]) => PromiseLike<infer T> ? NonNullable<T> : never;

/**
 * The element type of an array type.
 *
 * @internal
 */
type Element<A> = A extends readonly (infer E)[] ? E : never;

/**
 * Options of `runJob`, given in the submitting method's options object (beside its own optional
 * parameters and per-call options).
 *
 * @example
 * ```ts
 * import type { RunJobOptions } from "./types.ts";
 * const options: RunJobOptions = { poll: { initialMs: 2_000 }, checkAvailability: true };
 * ```
 */
export interface RunJobOptions {
  /**
   * Stops the run: the submit, every poll and results read is aborted, waits end, and the job
   * is cancelled on the server where its family can be (`cancelOnAbort`).
   */
  signal?: AbortSignal;
  /** How to poll (waits, failures tolerated, a limit on the whole wait). */
  poll?: PollOptions;
  /** Where to read the time and wait (tests). Default: the system clock. */
  clock?: JobClock;
  /**
   * Before submitting, read up to when the data lake has complete data (the family's
   * `.../jobs/availability`) and reject with a `DataAvailabilityError`, submitting nothing, when
   * the query's `interval` ends later. Only for families that have one (analytics details).
   */
  checkAvailability?: boolean;
  /** `pageSize` of each results page, where the results operation takes one. */
  resultsPageSize?: number;
  /** Whether an abort by `signal` cancels the job on the server (where it can be). Default true. */
  cancelOnAbort?: boolean;
}

/**
 * Options of `runBulk`, given in the method's options object (beside its own optional
 * parameters and per-call options).
 *
 * @example
 * ```ts
 * import type { RunBulkOptions } from "./types.ts";
 * const options: RunBulkOptions = { concurrency: 2, maxRedrives: 5 };
 * ```
 */
export interface RunBulkOptions {
  /** Stops the run: no further batch is sent; in-flight calls are aborted. */
  signal?: AbortSignal;
  /**
   * Items per call. Default: the operation's limit (`BULK_OPERATIONS[op].limit`); it may be
   * lower, and higher only where the limit is the default 50 rather than the definition's.
   */
  batchSize?: number;
  /** Calls in flight at once (each still paced by the client). Default 4. */
  concurrency?: number;
  /**
   * How many times items an answer reports as not processed (a retryable error, no result at
   * all, a 429 for the whole batch) are sent again. Default 3.
   */
  maxRedrives?: number;
  /** Where to read the time and wait between re-sends (tests). Default: the system clock. */
  clock?: JobClock;
}

/**
 * The operation types of family `K`.
 *
 * @internal
 */
type JobTypes<K extends JobOperation> = JobFamilyTypes[K];

/**
 * The arguments of `runJob` for family `K` after the operation: the submitting method's own,
 * its options object widened with {@linkcode RunJobOptions}.
 */
export type JobArgs<K extends JobOperation> = Split<JobTypes<K>["submit"]> extends
  [infer R extends unknown[], infer O] ? [...R, (O & RunJobOptions)?]
  : never;

/** The status of family `K`'s job, as its status operation answers it. */
export type JobStatusOf<K extends JobOperation> = JobTypes<K>["listed"] extends true
  ? Element<Answer<JobTypes<K>["status"]> extends { entities?: infer E } ? NonNullable<E> : never>
  : Answer<JobTypes<K>["status"]>;

/** A page of family `K`'s results (without a results operation: the final status). */
export type JobPageOf<K extends JobOperation> = [JobTypes<K>["results"]] extends [never]
  ? JobStatusOf<K>
  : Answer<JobTypes<K>["results"]>;

/** One record of family `K`'s results (without records in its pages: a page). */
export type JobRecordOf<K extends JobOperation> = [JobTypes<K>["records"]] extends [never]
  ? JobPageOf<K>
  : JobTypes<K>["records"] extends keyof JobPageOf<K>
    ? Element<NonNullable<JobPageOf<K>[JobTypes<K>["records"]]>>
  : unknown;

/**
 * The method type of bulk operation `K`.
 *
 * @internal
 */
type BulkTypes<K extends BulkOperation> = BulkOperationTypes[K];

/**
 * The arguments of `runBulk` for operation `K`: the method's own (with any number of items),
 * its options object widened with {@linkcode RunBulkOptions}.
 */
export type BulkArgs<K extends BulkOperation> = Split<BulkTypes<K>["call"]> extends
  [infer R extends unknown[], infer O] ? [...R, (O & RunBulkOptions)?]
  : never;

/**
 * The body of bulk operation `K`.
 *
 * @internal
 */
type BulkBody<K extends BulkOperation> = Split<BulkTypes<K>["call"]> extends
  [infer R extends unknown[], infer O]
  ? BulkTypes<K>["body"] extends "required" ? R extends [...unknown[], infer B] ? B : never
  : NonNullable<O> extends { body?: infer B } ? NonNullable<B>
  : never
  : never;

/** One item of bulk operation `K` (an element of its body's array of items). */
export type BulkItemOf<K extends BulkOperation> = BulkTypes<K>["items"] extends ""
  ? Element<BulkBody<K>>
  : BulkTypes<K>["items"] extends keyof BulkBody<K>
    ? Element<NonNullable<BulkBody<K>[BulkTypes<K>["items"]]>>
  : unknown;

/** What bulk operation `K`'s answer gives back for a succeeded item, where it says. */
export type BulkEntityOf<K extends BulkOperation> = Answer<BulkTypes<K>["call"]> extends
  { results?: (infer X)[] } ? X extends { entity?: infer E } ? NonNullable<E> : unknown
  : Answer<BulkTypes<K>["call"]> extends { entities?: (infer X)[] } ? X
  : Answer<BulkTypes<K>["call"]> extends (infer X)[] ? X
  : unknown;
