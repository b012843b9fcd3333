/**
 * The promise the client hands out when there is nothing to wait for, so
 * that internal callers can tell it apart and go on without yielding.
 *
 * @module
 */

/**
 * An already fulfilled promise: what `PlatformClient.ready` returns when no
 * config file is being read.
 *
 * @example
 * ```ts
 * import { SETTLED } from "./settled.ts";
 * await SETTLED; // fulfilled
 * ```
 */
export const SETTLED: Promise<void> = Promise.resolve();
