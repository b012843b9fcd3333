/**
 * The generated tables, read: each family's or bulk operation's spec by name (a typed error
 * for an unknown one), and each operation's `Endpoint`, parsed from its spec line on first use.
 *
 * @module
 */

import type { Endpoint } from "../base/endpoint.ts";
import { ParameterError } from "../base/errors.ts";
import { operationEntries, parseOperation } from "../operations/operations.ts";
import type { OperationClient } from "../operations/operation_client.ts";
import {
  BULK_OPERATIONS,
  type BulkOperation,
  type BulkOperationSpec,
  JOB_FAMILIES,
  JOB_OPERATIONS,
  type JobFamilySpec,
  type JobOperation,
} from "../generated/jobs.ts";

let specs: Map<string, string> | undefined;
const endpoints = new Map<string, Endpoint>();

/**
 * The `Endpoint` of an operation the helpers call (from `JOB_OPERATIONS`).
 *
 * @example
 * ```ts
 * import { endpointOf } from "./table.ts";
 * console.log(endpointOf("getAnalyticsConversationsDetailsJob").path);
 * // /api/v2/analytics/conversations/details/jobs/{jobId}
 * ```
 */
export function endpointOf(name: string): Endpoint {
  let endpoint = endpoints.get(name);
  if (endpoint === undefined) {
    specs ??= new Map(operationEntries(JOB_OPERATIONS));
    const spec = specs.get(name);
    if (spec === undefined) throw new ParameterError("jobs", "operation", `"${name}" is unknown`);
    endpoint = parseOperation(name, spec);
    endpoints.set(name, endpoint);
  }
  return endpoint;
}

const own = (table: object, key: unknown): boolean =>
  typeof key === "string" && Object.prototype.hasOwnProperty.call(table, key);

/**
 * The spec of a job family by its submitting operation; a `ParameterError` for any other name.
 *
 * @example
 * ```ts
 * import { familySpec } from "./table.ts";
 * console.log(familySpec("runJob", "postRecordingJobs").status); // getRecordingJob
 * ```
 */
export function familySpec(caller: string, operation: unknown): JobFamilySpec {
  if (!own(JOB_FAMILIES, operation)) {
    throw new ParameterError(
      caller,
      "operation",
      `must be the submitting operation of a job family (such as ` +
        `"postAnalyticsConversationsDetailsJobs"), not ${JSON.stringify(operation)}`,
    );
  }
  return JOB_FAMILIES[operation as JobOperation];
}

/**
 * The spec of a bulk operation; a `ParameterError` for any other name.
 *
 * @example
 * ```ts
 * import { bulkSpec } from "./table.ts";
 * console.log(bulkSpec("runBulk", "postExternalcontactsBulkContactsAdd").items); // entities
 * ```
 */
export function bulkSpec(caller: string, operation: unknown): BulkOperationSpec {
  if (!own(BULK_OPERATIONS, operation)) {
    throw new ParameterError(
      caller,
      "operation",
      `must be a bulk operation (such as "postExternalcontactsBulkContactsAdd"), not ${
        JSON.stringify(operation)
      }`,
    );
  }
  return BULK_OPERATIONS[operation as BulkOperation];
}

/**
 * Checks that `client` can send calls (`PlatformClient`, `LiteClient` or any
 * `OperationClient`).
 *
 * @example
 * ```ts
 * import { checkClient } from "./table.ts";
 * try {
 *   checkClient("runJob", {});
 * } catch (e) {
 *   console.log((e as Error).name); // ParameterError
 * }
 * ```
 */
export function checkClient(caller: string, client: unknown): asserts client is OperationClient {
  if (typeof (client as OperationClient | undefined)?.call !== "function") {
    throw new ParameterError(
      caller,
      "client",
      "must be a PlatformClient, a LiteClient or another OperationClient",
    );
  }
}

/**
 * The value at a dotted path of properties (`job.id`; `""`: the value itself).
 *
 * @example
 * ```ts
 * import { readPath } from "./table.ts";
 * console.log(readPath({ job: { id: "j1" } }, "job.id")); // j1
 * ```
 */
export function readPath(value: unknown, path: string): unknown {
  if (path === "") return value;
  let current = value;
  for (const key of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
