/**
 * The case format of the Bun suite (`tests/bun/run.ts`). A module
 * `tests/bun/cases_b.ts`, when present, adds its own with
 * `export const cases: BunCase[] = [...]`.
 *
 * A case passes when `run` resolves and fails when it rejects (use
 * `node:assert/strict`). Each case gets `timeoutMs` (default 60 s) and must
 * release what it opened (servers, sandboxes) before it settles.
 *
 * @module
 */

/** One check of the Bun suite. */
export interface BunCase {
  /** Shown in the report; unique within the suite. */
  name: string;
  /** The check. */
  run: () => Promise<void>;
  /** Time limit in milliseconds. Default 60000. */
  timeoutMs?: number;
}
