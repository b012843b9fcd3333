/**
 * Reading a bulk answer item by item: which items of the batch succeeded, which failed (and
 * why), which the answer does not account for. Answers do not promise their order ("Ordering is
 * NOT guaranteed" says the external contacts definition), so a result is matched to an item by
 * what it names: the item's id (an id string, or an `id`/`userId` field), the item itself (a
 * failure's `error.entity`, a refused `entity`), an entity holding every field of the item, and
 * only then by position (when the answer has one result per item).
 *
 * @module
 */

import type { BulkOperationSpec } from "../generated/jobs.ts";
import { isRecord } from "../base/json.ts";

/** The error an answer gives for one item. */
export interface BulkItemError {
  /** HTTP status meant for the item. */
  readonly status?: number;
  /** Error code (`bad.request`, `AgentNotInManagementUnit`). */
  readonly code?: string;
  /** Message. */
  readonly message?: string;
  /** Whether the answer says sending the item again may work. */
  readonly retryable?: boolean;
  /** Field-level details. */
  readonly details?: readonly unknown[];
}

/** What one answer says of one item of its batch. */
export interface ItemVerdict {
  /** `unprocessed`: the answer does not account for the item. */
  readonly status: "succeeded" | "failed" | "unprocessed";
  /** What the answer gives back for the item, when it succeeded. */
  readonly entity?: unknown;
  /** Why it failed. */
  readonly error?: BulkItemError;
  /** Whether it should be sent again. */
  readonly retry: boolean;
}

/** The verdict on each item of a batch (by position in the batch) and what matched none. */
export interface AnswerReading {
  /** One verdict per item of the batch, in batch order. */
  readonly verdicts: ItemVerdict[];
  /** Entries of the answer that match no item. */
  readonly unmatched: unknown[];
}

type Obj = Record<string, unknown>;

/** JSON text with sorted keys: equal for equal values whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, v) => isRecord(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v,
  );
}

/** The ids an item is known by: itself when a string; its `id` or `userId`. */
function itemKeys(item: unknown): string[] {
  if (typeof item === "string") return [item];
  if (!isRecord(item)) return [];
  return ["id", "userId"].map((k) => item[k]).filter((v): v is string => typeof v === "string");
}

/** Whether `entity` holds every field of `item` with an equal value. */
function holds(entity: unknown, item: unknown): boolean {
  if (!isRecord(entity) || !isRecord(item)) return false;
  const keys = Object.keys(item).filter((k) => item[k] !== undefined);
  return keys.length > 0 && keys.every((k) => canonical(entity[k]) === canonical(item[k]));
}

/** Finds which item of the batch an answer entry is about. */
class Matcher {
  readonly #items: readonly unknown[];
  readonly #free: Set<number>;

  constructor(items: readonly unknown[]) {
    this.#items = items;
    this.#free = new Set(items.keys());
  }

  get free(): ReadonlySet<number> {
    return this.#free;
  }

  /** The first free item known by `id`. */
  byId(id: unknown): number | undefined {
    if (typeof id !== "string" || id === "") return undefined;
    return this.#take((item) => itemKeys(item).includes(id));
  }

  /** The first free item equal to `value`. */
  bySelf(value: unknown): number | undefined {
    if (value === undefined || value === null) return undefined;
    const text = canonical(value);
    return this.#take((item) => canonical(item) === text);
  }

  /** The first free item whose every field `entity` holds. */
  byFields(entity: unknown): number | undefined {
    return this.#take((item) => holds(entity, item));
  }

  /** The item at `position`, when free. */
  at(position: number): number | undefined {
    return this.#free.delete(position) ? position : undefined;
  }

  #take(test: (item: unknown) => boolean): number | undefined {
    for (const i of this.#free) {
      if (test(this.#items[i])) {
        this.#free.delete(i);
        return i;
      }
    }
    return undefined;
  }
}

function itemError(error: unknown, fallbackCode?: string): BulkItemError {
  if (typeof error === "string") return { code: error };
  const e = isRecord(error) ? error : {};
  return {
    ...(typeof e.status === "number" ? { status: e.status } : {}),
    ...(typeof e.code === "string" ? { code: e.code } : fallbackCode ? { code: fallbackCode } : {}),
    ...(typeof e.message === "string" ? { message: e.message } : {}),
    ...(typeof e.retryable === "boolean" ? { retryable: e.retryable } : {}),
    ...(Array.isArray(e.details) && e.details.length > 0 ? { details: e.details } : {}),
  };
}

const list = (answer: unknown, key: string): unknown[] => {
  const v = isRecord(answer) ? answer[key] : undefined;
  return Array.isArray(v) ? v : [];
};

/**
 * What `answer` says of each item of `items` (one batch), for an operation whose answers are
 * of kind `kind`.
 *
 * @example
 * ```ts
 * import { readAnswer } from "./bulk_answers.ts";
 * const items = [{ firstName: "Ada" }, { firstName: "" }];
 * const answer = {
 *   results: [
 *     { success: false, error: { code: "bad.request", retryable: false, entity: { firstName: "" } } },
 *     { success: true, id: "c1", entity: { id: "c1", firstName: "Ada" } },
 *   ],
 * };
 * const { verdicts } = readAnswer("results", answer, items);
 * console.log(verdicts.map((v) => v.status)); // ["succeeded", "failed"]
 * ```
 */
export function readAnswer(
  kind: BulkOperationSpec["answer"],
  answer: unknown,
  items: readonly unknown[],
): AnswerReading {
  const matcher = new Matcher(items);
  const verdicts = new Array<ItemVerdict | undefined>(items.length);
  const unmatched: unknown[] = [];
  const succeeded = (entity?: unknown): ItemVerdict => ({
    status: "succeeded",
    retry: false,
    ...(entity !== undefined ? { entity } : {}),
  });
  const failed = (error: BulkItemError): ItemVerdict => ({
    status: "failed",
    error,
    retry: error.retryable === true,
  });

  switch (kind) {
    case "results": {
      const results = list(answer, "results");
      const onePerItem = results.length === items.length;
      results.forEach((r, position) => {
        const result = isRecord(r) ? r : {};
        const error = result.error;
        const isFailure = result.success === false ||
          (result.success !== true && error !== undefined && error !== null);
        const i = matcher.byId(result.id) ??
          (isFailure ? matcher.bySelf(isRecord(error) ? error.entity : undefined) : undefined) ??
          (isFailure ? undefined : matcher.byFields(result.entity)) ??
          (onePerItem ? matcher.at(position) : undefined);
        if (i === undefined) unmatched.push(r);
        else verdicts[i] = isFailure ? failed(itemError(error)) : succeeded(result.entity);
      });
      for (const i of matcher.free) {
        verdicts[i] = { status: "unprocessed", retry: true };
      }
      break;
    }
    case "disallowed": {
      for (const d of list(answer, "disallowedEntities")) {
        const entry = isRecord(d) ? d : {};
        const entity = entry.entity;
        const i = matcher.bySelf(entity) ??
          matcher.byId(isRecord(entity) ? entity.id : undefined) ??
          matcher.byFields(entity);
        if (i === undefined) unmatched.push(d);
        else verdicts[i] = failed(itemError(entry, String(entry.errorCode ?? "disallowed")));
      }
      succeedTheRest(list(answer, "entities"));
      break;
    }
    case "failures": {
      for (const f of list(answer, "failures")) {
        const entry = isRecord(f) ? f : {};
        const user = isRecord(entry.user) ? entry.user.id : undefined;
        const i = matcher.byId(user) ?? matcher.byId(entry.id);
        const code = typeof entry.failure === "string" ? entry.failure : "failed";
        if (i === undefined) unmatched.push(f);
        else verdicts[i] = failed({ code });
      }
      succeedTheRest([]);
      break;
    }
    case "processed": {
      for (const u of list(answer, "unprocessedEntities")) {
        const i = matcher.byFields(u);
        if (i === undefined) unmatched.push(u);
        else verdicts[i] = failed(itemError(u, "unprocessed"));
      }
      succeedTheRest(list(answer, "processedEntities"));
      break;
    }
    case "whole":
      succeedTheRest([]);
      break;
  }
  return { verdicts: verdicts as ItemVerdict[], unmatched };

  /** Every item the answer names no failure for succeeded; its entity where one holds it. */
  function succeedTheRest(entities: readonly unknown[]): void {
    const left = [...matcher.free];
    for (const i of left) {
      const entity = entities.find((e) =>
        holds(e, items[i]) || itemKeys(items[i]).some((k) => isRecord(e) && e.id === k)
      );
      verdicts[i] = succeeded(entity);
    }
  }
}
