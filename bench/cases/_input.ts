/**
 * Reads a benchmark case's input, which the orchestrator passes as JSON in the `BENCH_CASE`
 * environment variable (so that no secret appears on a command line). Works in Deno and Bun.
 *
 * @module
 */

declare const Bun: { env: Record<string, string | undefined> } | undefined;

/** What every case receives. */
export interface CaseInput {
  /** Base URL of the loopback server (login and API). */
  url: string;
  /** A user id the server knows (`GET /api/v2/users/{userId}`). */
  userId: string;
  /** Control URL of the loopback server (`/expire`, `/stats`). */
  control: string;
  /** Client credentials of the loopback server. */
  clientId: string;
  clientSecret: string;
  /** Case-specific settings. */
  [key: string]: unknown;
}

/**
 * Parses `BENCH_CASE`.
 *
 * @example
 * ```ts
 * import { caseInput } from "./_input.ts";
 * const { url } = caseInput();
 * ```
 */
export function caseInput(): CaseInput {
  const raw = typeof Deno !== "undefined" ? Deno.env.get("BENCH_CASE") : Bun?.env.BENCH_CASE;
  if (!raw) throw new Error("BENCH_CASE is not set: run cases through bench/main.ts");
  return JSON.parse(raw) as CaseInput;
}

/**
 * Runs `call` `n` times, one after another (`inflight` 1) or with `inflight` calls in flight.
 *
 * @example
 * ```ts
 * import { drive } from "./_input.ts";
 * await drive(10, 2, () => Promise.resolve());
 * ```
 */
export async function drive(
  n: number,
  inflight: number,
  call: () => Promise<unknown>,
): Promise<void> {
  if (inflight <= 1) {
    for (let i = 0; i < n; i++) await call();
    return;
  }
  let next = 0;
  const worker = async () => {
    while (next < n) {
      next++;
      await call();
    }
  };
  await Promise.all(Array.from({ length: Math.min(inflight, n) }, worker));
}
