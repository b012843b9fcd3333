/**
 * `runBulk`: any number of items for a bulk operation, sent in batches at the operation's
 * limit with bounded concurrency, items the answers leave unprocessed sent again, and one
 * result per item.
 *
 * @module
 */

import { AbortedError, ApiError, ParameterError } from "../base/errors.ts";
import type { OperationClient } from "../operations/operation_client.ts";
import type { BulkOperation } from "../generated/jobs.ts";
import { type BulkItemError, type ItemVerdict, readAnswer } from "./bulk_answers.ts";
import { Backoff, checkClock } from "./clock.ts";
import { BulkAbortedError } from "./errors.ts";
import { bulkSpec, checkClient, endpointOf } from "./table.ts";
import type { BulkArgs, BulkEntityOf, BulkItemOf, RunBulkOptions } from "./types.ts";

export type { BulkItemError } from "./bulk_answers.ts";

/**
 * What happened to one item.
 *
 * @typeParam I An item.
 * @typeParam E What the answer gives back for a succeeded item.
 *
 * @example
 * ```ts
 * import type { BulkItemResult } from "./bulk.ts";
 * const r: BulkItemResult<{ firstName: string }, { id?: string }> = {
 *   index: 0, item: { firstName: "Ada" }, status: "succeeded", entity: { id: "c1" }, attempts: 1,
 * };
 * ```
 */
export interface BulkItemResult<I, E> {
  /** The item's position among the items given. */
  readonly index: number;
  /** The item. */
  readonly item: I;
  /**
   * `succeeded`; `failed` (see `error` and `reason`); `unprocessed`: no answer accounted for it
   * after every re-send, or the run was aborted before it was sent.
   */
  readonly status: "succeeded" | "failed" | "unprocessed";
  /** What the answer gives back for it, where the answer says. */
  readonly entity?: E;
  /** The server's error for it (the item's own, or its whole batch's). */
  readonly error?: BulkItemError;
  /** Why it failed or was not processed, in words. */
  readonly reason?: string;
  /** How many times it was sent. */
  readonly attempts: number;
}

/**
 * What a bulk run did with every item.
 *
 * @example
 * ```ts
 * import type { BulkReport } from "./bulk.ts";
 * function summary(r: BulkReport<unknown, unknown>): string {
 *   return `${r.succeeded} ok, ${r.failed} failed, ${r.unprocessed} not processed in ${r.calls} calls`;
 * }
 * ```
 */
export interface BulkReport<I, E> {
  /** The bulk operation. */
  readonly operation: string;
  /** One result per item, in the order the items were given. */
  readonly items: readonly BulkItemResult<I, E>[];
  /** Items that succeeded. */
  readonly succeeded: number;
  /** Items that failed. */
  readonly failed: number;
  /** Items no answer accounted for. */
  readonly unprocessed: number;
  /** Whether every item succeeded. */
  readonly ok: boolean;
  /** Calls made. */
  readonly calls: number;
  /** Item sends beyond the first (re-sends of unprocessed items). */
  readonly redriven: number;
  /** Items per call. */
  readonly batchSize: number;
  /** Where the batch size comes from: the definition (`maxItems`, `description`), 50, or the option. */
  readonly batchSizeFrom: "maxItems" | "description" | "default" | "option";
  /** Every answer, in the order they came. */
  readonly answers: readonly unknown[];
  /** Entries of answers that match no item sent. */
  readonly unmatched: readonly unknown[];
}

const RUN_OPTION_KEYS = ["batchSize", "concurrency", "maxRedrives", "clock"] as const;

interface Progress {
  status: BulkItemResult<unknown, unknown>["status"] | "pending";
  entity?: unknown;
  error?: BulkItemError;
  reason?: string;
  attempts: number;
  retry: boolean;
}

function positiveInteger(name: string, value: unknown, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw new ParameterError("runBulk", name, `must be an integer >= ${min}, not ${value}`);
  }
  return value;
}

function describe(error: BulkItemError): string {
  const what = [error.code, error.message].filter(Boolean).join(": ");
  return `${error.status !== undefined ? `${error.status} ` : ""}${what || "failed"}`;
}

/**
 * Sends any number of items through a bulk operation: the items (the body's array, or the
 * whole body when it is the array) are split at the operation's limit (`batchSize` to lower
 * it), sent `concurrency` batches at a time through `client` (its authentication, retries and
 * pacing apply), and items an answer reports as not processed (a retryable error, no result
 * at all, a 429 for the whole batch) are sent again, up to `maxRedrives` times. Resolves with
 * one result per item (succeeded, failed with the server's reason, or unprocessed): nothing is
 * dropped. A batch that fails as a whole (a 400, a 5xx after the engine's retries) fails each
 * of its items with that error.
 *
 * Throws a `ParameterError` for an unknown operation, a bad option or a body without its
 * array of items, and a `BulkAbortedError` (with the report so far) when `signal` aborts.
 *
 * @example
 * ```ts
 * import { runBulk } from "./bulk.ts";
 * import { ApiPromise } from "../http/api_promise.ts";
 * import type { OperationClient } from "../operations/operation_client.ts";
 * // A stand-in for PlatformClient: every contact is created, but one named "Bad".
 * const client: OperationClient = {
 *   call: <T>(_endpoint: unknown, args: readonly unknown[]) => {
 *     const { entities } = args[0] as { entities: { firstName: string }[] };
 *     const results = entities.map((e, i) =>
 *       e.firstName === "Bad"
 *         ? { success: false, error: { code: "bad.request", message: "Bad contact", entity: e } }
 *         : { success: true, id: `c${i}`, entity: { ...e, id: `c${i}` } }
 *     );
 *     return new ApiPromise<T>(Promise.resolve({
 *       data: { results } as T, status: 200, headers: new Headers(),
 *       correlationId: undefined, rateLimit: undefined,
 *     }));
 *   },
 * };
 * const contacts = Array.from({ length: 120 }, (_, i) => ({ firstName: i === 7 ? "Bad" : `F${i}` }));
 * const report = await runBulk(client, "postExternalcontactsBulkContactsAdd", {
 *   entities: contacts, // any number
 * }, { concurrency: 2 });
 * console.log(report.calls, report.succeeded, report.failed); // 3 119 1
 * for (const r of report.items) if (r.status !== "succeeded") console.log(r.index, r.reason);
 * // 7 bad.request: Bad contact
 * ```
 */
export async function runBulk<K extends BulkOperation>(
  client: OperationClient,
  operation: K,
  ...args: BulkArgs<K>
): Promise<BulkReport<BulkItemOf<K>, BulkEntityOf<K>>> {
  checkClient("runBulk", client);
  const spec = bulkSpec("runBulk", operation);
  const endpoint = endpointOf(operation);
  const requiredParams = endpoint.params.filter((p) => p.required);
  const given = args as unknown[];
  if (given.length > requiredParams.length + 1) {
    throw new ParameterError(
      "runBulk",
      "arguments",
      `${operation} takes ${requiredParams.length} argument(s) and an options object, not ${given.length}`,
    );
  }
  const positional = given.slice(0, requiredParams.length);
  const options = given[requiredParams.length] ?? {};
  if (typeof options !== "object" || options === null) {
    throw new ParameterError("runBulk", "options", "must be an object");
  }
  const rest: Record<string, unknown> = { ...options };
  const own: Record<string, unknown> = {};
  for (const key of RUN_OPTION_KEYS) {
    own[key] = rest[key];
    delete rest[key];
  }
  const run = own as RunBulkOptions;
  const clock = checkClock("runBulk", run.clock);
  const concurrency = positiveInteger("concurrency", run.concurrency, 1) ?? 4;
  const maxRedrives = positiveInteger("maxRedrives", run.maxRedrives, 0) ?? 3;
  const batchSize = positiveInteger("batchSize", run.batchSize, 1) ?? spec.limit;
  if (spec.limitFrom !== "default" && batchSize > spec.limit) {
    throw new ParameterError(
      "runBulk",
      "batchSize",
      `must be at most ${spec.limit} (the limit of ${operation}, from its definition's ${spec.limitFrom})`,
    );
  }
  const signal = rest.signal as AbortSignal | undefined;
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new ParameterError("runBulk", "signal", "must be an AbortSignal");
  }

  // Where the body is: a positional argument, or the `body` option when it is optional.
  const bodyParam = endpoint.params.find((p) => p.in === "body")!;
  const bodyAt = requiredParams.indexOf(bodyParam);
  const body = bodyAt >= 0 ? positional[bodyAt] : rest[bodyParam.name];
  const itemsOf = spec.items === ""
    ? body
    : (body as Record<string, unknown> | undefined)?.[spec.items];
  if (!Array.isArray(itemsOf)) {
    throw new ParameterError(
      "runBulk",
      spec.items === "" ? bodyParam.name : `${bodyParam.name}.${spec.items}`,
      "must be an array of items",
    );
  }
  const items: readonly unknown[] = itemsOf;
  const bodyFor = (batch: unknown[]) =>
    spec.items === "" ? batch : { ...(body as Record<string, unknown>), [spec.items]: batch };

  const progress: Progress[] = items.map(() => ({ status: "pending", attempts: 0, retry: true }));
  const answers: unknown[] = [];
  const unmatched: unknown[] = [];
  let calls = 0;

  const sendBatch = async (indexes: number[]): Promise<void> => {
    const batch = indexes.map((i) => items[i]);
    for (const i of indexes) progress[i].attempts++;
    const args = [...positional];
    const opts: Record<string, unknown> = { ...rest };
    if (bodyAt >= 0) args[bodyAt] = bodyFor(batch);
    else opts[bodyParam.name] = bodyFor(batch);
    calls++;
    let verdicts: ItemVerdict[];
    try {
      const answer = await client.call<unknown>(endpoint, args, opts);
      answers.push(answer);
      const reading = readAnswer(spec.answer, answer, batch);
      unmatched.push(...reading.unmatched);
      verdicts = reading.verdicts;
    } catch (error) {
      if (error instanceof AbortedError || signal?.aborted) throw error;
      const whole: BulkItemError = error instanceof ApiError
        ? {
          status: error.status,
          ...(error.code ? { code: error.code } : {}),
          message: error.serverMessage ?? error.message,
        }
        : { message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
      // A 429 was not acted on: the batch goes again. Anything else is the batch's answer.
      const retry = error instanceof ApiError && error.status === 429;
      verdicts = batch.map(() => ({ status: "failed" as const, error: whole, retry }));
    }
    verdicts.forEach((v, n) => {
      const p = progress[indexes[n]];
      p.status = v.status;
      p.entity = v.entity;
      p.error = v.error;
      p.retry = v.retry;
      p.reason = v.status === "unprocessed"
        ? `no answer accounted for it (sent ${p.attempts} time${p.attempts === 1 ? "" : "s"})`
        : v.error
        ? describe(v.error)
        : undefined;
    });
  };

  const report = (): BulkReport<BulkItemOf<K>, BulkEntityOf<K>> => {
    const results = progress.map((p, index): BulkItemResult<BulkItemOf<K>, BulkEntityOf<K>> => {
      const status = p.status === "pending" ? "unprocessed" : p.status;
      const reason = p.status !== "pending"
        ? p.reason
        : p.attempts === 0
        ? "not sent: the run was aborted"
        : "sent, but the run was aborted before its answer";
      return {
        index,
        item: items[index] as BulkItemOf<K>,
        status,
        ...(p.entity !== undefined ? { entity: p.entity as BulkEntityOf<K> } : {}),
        ...(p.error !== undefined ? { error: p.error } : {}),
        ...(reason !== undefined && status !== "succeeded" ? { reason } : {}),
        attempts: p.attempts,
      };
    });
    const count = (s: BulkItemResult<unknown, unknown>["status"]) =>
      results.filter((r) => r.status === s).length;
    return {
      operation,
      items: results,
      succeeded: count("succeeded"),
      failed: count("failed"),
      unprocessed: count("unprocessed"),
      ok: results.every((r) => r.status === "succeeded"),
      calls,
      redriven: progress.reduce((n, p) => n + Math.max(0, p.attempts - 1), 0),
      batchSize,
      batchSizeFrom: run.batchSize !== undefined ? "option" : spec.limitFrom,
      answers,
      unmatched,
    };
  };

  const backoff = new Backoff(1_000, 2, 30_000);
  try {
    for (let round = 0; round <= maxRedrives; round++) {
      const pending = progress.flatMap((p, i) => (p.retry ? [i] : []));
      if (pending.length === 0) break;
      if (round > 0) await clock.sleep(backoff.next(), signal);
      const batches: number[][] = [];
      for (let at = 0; at < pending.length; at += batchSize) {
        batches.push(pending.slice(at, at + batchSize));
      }
      let next = 0;
      const worker = async () => {
        while (next < batches.length) {
          if (signal?.aborted) throw signal.reason;
          await sendBatch(batches[next++]);
        }
      };
      const workers = Array.from({ length: Math.min(concurrency, batches.length) }, worker);
      // Every batch in flight settles (its items' fate is known) before an abort is thrown.
      const failure = (await Promise.allSettled(workers)).find((o) => o.status === "rejected");
      if (failure) throw (failure as PromiseRejectedResult).reason;
    }
  } catch (error) {
    if (!(error instanceof AbortedError) && !signal?.aborted) throw error;
    const partial = report();
    throw new BulkAbortedError(operation, partial, { cause: signal?.reason ?? error });
  }
  return report();
}
