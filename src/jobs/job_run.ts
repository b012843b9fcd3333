/**
 * `JobRun`: one submitted job. It polls the job's status with back-off until a state of a
 * done kind (or one where the job waits for its caller), reads every page of its results,
 * and cancels it.
 *
 * @module
 */

import { watchAbort } from "../base/abort_watch.ts";
import type { Endpoint } from "../base/endpoint.ts";
import {
  AbortedError,
  ApiError,
  GenesysCloudError,
  NetworkError,
  TimeoutError,
} from "../base/errors.ts";
import { parseRetryAfter } from "../base/retry_after.ts";
import { isRetryableStatus } from "../http/retry_policy.ts";
import type { OperationClient } from "../operations/operation_client.ts";
import type { JobFamilySpec, JobStateKind } from "../generated/jobs.ts";
import { Backoff, type JobClock, type PollSettings } from "./clock.ts";
import { JobFailedError, JobWaitingError } from "./errors.ts";
import { endpointOf, readPath } from "./table.ts";

/**
 * What a run knows of its job's status.
 *
 * @typeParam S The status the family's status operation answers.
 *
 * @example
 * ```ts
 * import type { JobStatus } from "./job_run.ts";
 * const s: JobStatus<{ state?: string }> = {
 *   state: "FULFILLED", kind: "succeeded", body: { state: "FULFILLED" }, polls: 3,
 * };
 * ```
 */
export interface JobStatus<S> {
  /** The state, as the server names it; `undefined` before it is known. */
  readonly state: string | undefined;
  /** What the state means (`running` for a state the definition does not list). */
  readonly kind: JobStateKind;
  /** The last status read (the submitting answer before the first poll). */
  readonly body: S | undefined;
  /** Status reads so far. */
  readonly polls: number;
}

/** What a run needs to know. @internal */
export interface JobRunInit {
  readonly client: OperationClient;
  readonly operation: string;
  readonly spec: JobFamilySpec;
  readonly id: string;
  /** The path arguments the job's operations share (before the job id). */
  readonly pathArgs: readonly unknown[];
  /** Per-call options every call of the run takes (`customHeaders`, `timeoutMs`). */
  readonly callOptions: Readonly<Record<string, unknown>>;
  readonly signal: AbortSignal | undefined;
  readonly poll: PollSettings;
  readonly clock: JobClock;
  readonly resultsPageSize: number | undefined;
  readonly cancelOnAbort: boolean;
  /** The submitting answer. */
  readonly submitted: unknown;
}

/** `cancel()` was called: the reason legs are aborted with. */
const CANCELLED = Symbol("cancelled by the caller");

const LISTING_PAGE_SIZE = 100;
const MAX_LISTING_PAGES = 1_000;

/** Whether a failed call is one the request engine would retry (so the next poll may work). */
function transient(error: unknown): boolean {
  return (error instanceof ApiError && isRetryableStatus(error.status)) ||
    error instanceof NetworkError || error instanceof TimeoutError;
}

/**
 * One submitted job: `id`, `status()`, `done()`, `pages()`, `records()` and `cancel()`.
 * Polling starts with the first `done()`, `pages()` or `records()`.
 *
 * @typeParam S The status the family's status operation answers.
 * @typeParam P A page of results (without a results operation: the final status).
 * @typeParam R One record of a page (without records: a page).
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
 * const query = { interval: "2025-07-01T00:00:00Z/2025-07-02T00:00:00Z" };
 * const run = await runJob(client, "postAnalyticsConversationsDetailsJobs", query, {
 *   poll: { initialMs: 1 },
 * });
 * console.log(run.id, (await run.done()).state); // j1 FULFILLED
 * for await (const page of run.pages()) console.log(page.conversations?.length); // 1
 * ```
 */
export class JobRun<S = unknown, P = unknown, R = unknown> {
  /** The family's submitting operation. */
  readonly operation: string;
  /** The job's id. */
  readonly id: string;
  readonly #init: JobRunInit;
  #status: JobStatus<S>;
  #leg: Promise<JobStatus<S>> | undefined;
  /** The end of the run: a rejection (failed, cancelled, aborted) or a `succeeded` status. */
  #final: Promise<JobStatus<S>> | undefined;
  readonly #legs = new Set<AbortController>();
  #cancelled = false;
  #cancelRequest: Promise<boolean> | undefined;

  /** @internal Made by `runJob`. */
  constructor(init: JobRunInit) {
    this.#init = init;
    this.operation = init.operation;
    this.id = init.id;
    const state = this.#stateOf(init.submitted);
    this.#status = {
      state,
      kind: state === undefined ? "running" : this.#kindOf(state),
      body: undefined,
      polls: 0,
    };
  }

  /** The last known status (no request). */
  status(): JobStatus<S> {
    return this.#status;
  }

  /**
   * Polls until the job is done and resolves with its final status (kind `succeeded`), or with
   * a status of kind `waiting` when the job waits for its caller: do what it waits for, then
   * call `done()` again to poll on. Rejects with a `JobFailedError` when the job fails, is
   * cancelled elsewhere or expires; an `AbortedError` after `signal` or `cancel()`; a
   * `TimeoutError` after `poll.timeoutMs`; the call's error when a poll fails for good.
   */
  done(): Promise<JobStatus<S>> {
    if (this.#final) return this.#final;
    if (this.#leg) return this.#leg;
    const leg = this.#poll().then((status) => {
      if (status.kind === "waiting") this.#leg = undefined;
      return status;
    });
    leg.then((s) => {
      if (s.kind !== "waiting") this.#final = leg;
    }, () => {
      this.#final = leg;
    });
    this.#leg = leg;
    return leg;
  }

  /**
   * Every page of the results, in order, following the cursor to the last page (without a
   * results operation: the final status, once). Waits for `done()` first; throws what it
   * rejects with, or a `JobWaitingError` when the job waits for its caller.
   */
  async *pages(): AsyncGenerator<P, void, undefined> {
    const final = await this.done();
    if (final.kind !== "succeeded") {
      throw new JobWaitingError(this.operation, this.id, final.state ?? "");
    }
    const { spec } = this.#init;
    if (spec.results === undefined) {
      yield final.body as unknown as P;
      return;
    }
    const endpoint = endpointOf(spec.results);
    const takes = (name: string) => endpoint.params.some((p) => !p.required && p.name === name);
    const seen = new Set<string>();
    let cursor: string | undefined;
    for (;;) {
      const page = await this.#withLeg((signal) => {
        const opts: Record<string, unknown> = { ...this.#init.callOptions, signal };
        if (cursor !== undefined) opts.cursor = cursor;
        if (this.#init.resultsPageSize !== undefined && takes("pageSize")) {
          opts.pageSize = this.#init.resultsPageSize;
        }
        return this.#init.client.call<P>(endpoint, [...this.#init.pathArgs, this.id], opts);
      });
      yield page;
      const next = spec.cursor === undefined ? undefined : readPath(page, spec.cursor);
      if (typeof next !== "string" || next === "" || seen.has(next)) return;
      seen.add(next);
      cursor = next;
    }
  }

  /** Every record of every page (the items of each page's records array; else the pages). */
  async *records(): AsyncGenerator<R, void, undefined> {
    const field = this.#init.spec.records;
    for await (const page of this.pages()) {
      if (field === undefined) {
        yield page as unknown as R;
        continue;
      }
      const list = readPath(page, field);
      if (Array.isArray(list)) yield* list as R[];
    }
  }

  /**
   * Stops polling and cancels the job on the server where its family can be cancelled;
   * resolves `true` when the server was asked to cancel it, `false` when the family cannot be
   * cancelled or the job is done already. `done()` then rejects with an `AbortedError`.
   */
  cancel(): Promise<boolean> {
    if (this.#cancelRequest) return this.#cancelRequest;
    const kind = this.#status.kind;
    if (kind !== "running" && kind !== "waiting") return Promise.resolve(false);
    this.#cancelled = true;
    for (const leg of this.#legs) leg.abort(CANCELLED);
    this.#cancelRequest = this.#sendCancel();
    return this.#cancelRequest;
  }

  // ---- polling ----

  async #poll(): Promise<JobStatus<S>> {
    const { poll, clock } = this.#init;
    const backoff = new Backoff(poll.initialMs, poll.factor, poll.maxMs);
    const deadline = clock.now() + poll.timeoutMs;
    let failures = 0;
    let wait = backoff.next();
    for (;;) {
      const left = deadline - clock.now();
      if (left <= 0) {
        throw new TimeoutError(
          `${this.operation}: job ${this.id} was not done after ${poll.timeoutMs} ms ` +
            `(state ${this.#status.state ?? "unknown"}); it goes on on the server`,
        );
      }
      let answer: { body: unknown; retryAfter?: number };
      try {
        answer = await this.#withLeg(async (signal) => {
          await clock.sleep(Math.min(wait, left), signal);
          return await this.#readStatus(signal);
        });
      } catch (error) {
        if (!transient(error) || ++failures > poll.maxFailures) throw error;
        wait = (error as ApiError).retryAfterMs ?? backoff.next();
        continue;
      }
      failures = 0;
      const state = this.#stateOf(answer.body);
      const kind = state === undefined ? "running" : this.#kindOf(state);
      this.#status = {
        state,
        kind,
        body: answer.body as S,
        polls: this.#status.polls + 1,
      };
      if (kind === "succeeded" || kind === "waiting") return this.#status;
      if (kind !== "running") {
        const message = this.#init.spec.error === undefined
          ? undefined
          : readPath(answer.body, this.#init.spec.error);
        throw new JobFailedError({
          operation: this.operation,
          jobId: this.id,
          state: state!,
          kind,
          errorMessage: typeof message === "string" && message !== "" ? message : undefined,
          status: answer.body,
        });
      }
      wait = answer.retryAfter ?? backoff.next();
    }
  }

  /** One status read: the status and the `Retry-After` of its answer. */
  async #readStatus(signal: AbortSignal): Promise<{ body: unknown; retryAfter?: number }> {
    const { client, spec, callOptions, pathArgs, clock } = this.#init;
    const endpoint = endpointOf(spec.status);
    if (spec.statusFrom === "listing") return { body: await this.#findListed(endpoint, signal) };
    const response = await client
      .call<unknown>(endpoint, [...pathArgs, this.id], { ...callOptions, signal })
      .withResponse();
    return {
      body: response.data,
      retryAfter: parseRetryAfter(response.headers.get("retry-after"), clock.now()),
    };
  }

  /** The job among the pages of the family's listing. */
  async #findListed(endpoint: Endpoint, signal: AbortSignal): Promise<unknown> {
    const { client, callOptions, pathArgs } = this.#init;
    for (let pageNumber = 1; pageNumber <= MAX_LISTING_PAGES; pageNumber++) {
      const page = await client.call<{ entities?: unknown[]; pageCount?: number }>(
        endpoint,
        pathArgs,
        { ...callOptions, signal, pageNumber, pageSize: LISTING_PAGE_SIZE },
      );
      const found = page?.entities?.find((e) => readPath(e, "id") === this.id);
      if (found !== undefined) return found;
      const last = typeof page?.pageCount !== "number" || pageNumber >= page.pageCount ||
        (page.entities?.length ?? 0) === 0;
      if (last) break;
    }
    throw new GenesysCloudError(
      `${this.operation}: job ${this.id} is not in ${endpoint.name} (it may have been removed)`,
    );
  }

  #stateOf(body: unknown): string | undefined {
    const state = readPath(body, this.#init.spec.state);
    return typeof state === "string" && state !== "" ? state : undefined;
  }

  #kindOf(state: string): JobStateKind {
    const states = this.#init.spec.states;
    return Object.prototype.hasOwnProperty.call(states, state) ? states[state] : "running";
  }

  // ---- legs: one abortable piece of work, stopped by the caller's signal or cancel() ----

  async #withLeg<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const leg = new AbortController();
    const outer = this.#init.signal;
    if (this.#cancelled) leg.abort(CANCELLED);
    const unwatch = outer && watchAbort(outer, () => leg.abort(outer.reason));
    if (outer?.aborted) leg.abort(outer.reason);
    this.#legs.add(leg);
    try {
      if (leg.signal.aborted) throw leg.signal.reason;
      return await work(leg.signal);
    } catch (error) {
      if (!leg.signal.aborted) throw error;
      throw await this.#aborted(leg.signal.reason);
    } finally {
      this.#legs.delete(leg);
      unwatch?.();
    }
  }

  /** The error of an aborted leg, after cancelling the job when the caller's signal aborted. */
  async #aborted(reason: unknown): Promise<AbortedError> {
    const where = `${this.operation}: job ${this.id}`;
    if (reason === CANCELLED) return new AbortedError(`${where} was cancelled by the caller`);
    let outcome = "left running (its family has no cancel operation)";
    if (this.#init.spec.cancel !== undefined && this.#init.cancelOnAbort) {
      const kind = this.#status.kind;
      if (kind === "running" || kind === "waiting") {
        this.#cancelled = true;
        this.#cancelRequest ??= this.#sendCancel();
        try {
          await this.#cancelRequest;
          outcome = "cancelled on the server";
        } catch (error) {
          outcome = `not cancelled: ${error instanceof Error ? error.message : String(error)}`;
        }
      }
    } else if (this.#init.spec.cancel !== undefined) {
      outcome = "left running (cancelOnAbort: false)";
    }
    return new AbortedError(`${where} was aborted and ${outcome}`, { cause: reason });
  }

  async #sendCancel(): Promise<boolean> {
    const { client, spec, callOptions, pathArgs } = this.#init;
    if (spec.cancel === undefined) return false;
    await client.call(endpointOf(spec.cancel), [...pathArgs, this.id], { ...callOptions });
    return true;
  }
}
