/**
 * The error every store adapter rejects with when its engine fails.
 *
 * @module
 */

import { GenesysCloudError } from "../base/errors.ts";

/** The engines the adapters of `@cxkit/genesys-cloud/stores` talk to. */
export type StoreEngine = "Deno KV" | "Redis" | "Durable Object";

/**
 * A store operation failed in its engine (connection lost, script error, too
 * much contention, an answer outside the protocol). The message names the
 * engine and the operation and repeats the engine's error text; `cause` is a
 * plain copy of the engine's error (name and message only: some clients
 * attach the command's arguments to their errors, and a token can be one).
 *
 * @example
 * ```ts
 * import { StoreError } from "./store_error.ts";
 * const e = new StoreError("Redis", "take", new Error("connect ECONNREFUSED"));
 * console.log(e.message); // Redis store: take failed: Error: connect ECONNREFUSED
 * console.log(e.store, e.operation); // Redis take
 * ```
 */
export class StoreError extends GenesysCloudError {
  /** Always `"StoreError"`, also in minified bundles (where class names are renamed). */
  override name = "StoreError";
  /** The engine that failed. */
  readonly store: StoreEngine;
  /** The store operation: `get`, `set`, `delete`, `lock`, `release`, `take` or `block`. */
  readonly operation: string;

  /**
   * Builds `"<store> store: <operation> failed: <problem>"`: `problem` is a
   * text, or the engine's error (shown as `<name>: <message>`).
   */
  constructor(store: StoreEngine, operation: string, problem: unknown) {
    const copy = typeof problem === "string" ? undefined : plainError(problem);
    const text = copy ? `${copy.name}: ${copy.message}` : problem as string;
    super(`${store} store: ${operation} failed: ${text}`, copy && { cause: copy });
    this.store = store;
    this.operation = operation;
  }
}

/** An `Error` with only the name and message of `problem`. */
function plainError(problem: unknown): Error {
  const copy = new Error(problem instanceof Error ? problem.message : String(problem));
  copy.name = problem instanceof Error ? problem.name : "Error";
  return copy;
}

/**
 * Runs `work`, turning anything it throws into a {@linkcode StoreError}
 * (a `StoreError` passes through unchanged).
 *
 * @example
 * ```ts
 * import { guarded } from "./store_error.ts";
 * await guarded("Deno KV", "get", () => Promise.reject(new Error("closed")))
 *   .catch((e) => console.log(e.message)); // Deno KV store: get failed: Error: closed
 * ```
 */
export async function guarded<T>(
  store: StoreEngine,
  operation: string,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw error instanceof StoreError ? error : new StoreError(store, operation, error);
  }
}
