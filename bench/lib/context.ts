/**
 * What every benchmark section receives: settings, paths and the loopback server.
 *
 * @module
 */

import type { ServerHandle } from "./server_process.ts";

/** Settings of a run (`bench/main.ts` flags). */
export interface BenchSettings {
  /** Fresh-process runs per cold start and memory figure. */
  runsCold: number;
  /** Processes per throughput figure of ours (Deno, Bun). */
  runsCalls: number;
  /**
   * Processes for the official SDK's throughput figures (a reference, not a target): it is 5-8x
   * slower per call, so each of its processes takes as long as several of ours.
   */
  runsCallsOfficial: number;
  /** Pairs of batches (ours, raw) each throughput process times. */
  pairsCalls: number;
  /** Runs per type-check figure. */
  runsCheck: number;
  /** Rounds of the token refresh storm. */
  stormRounds: number;
  /** Calls per variant and round of a throughput process. */
  calls: number;
  /**
   * Calls per turn within a throughput round: the client and raw `fetch` take turns in blocks
   * of this many calls, so that the machine's drift hits both alike.
   */
  blockCalls: number;
  /** Calls in flight in the concurrent throughput runs. */
  inflight: number;
  /** Warm-up calls before timing. */
  warmup: number;
  /**
   * Least warm-up time per variant of a throughput process, in ms: long enough for the runtime's
   * optimizing compiler to finish with the client (Bun's FTL takes ~10,000-20,000 calls).
   */
  warmupMs: number;
  /** Concurrent calls of the storm. */
  stormCalls: number;
  /** Generator runs. */
  runsGenerator: number;
  /** `auto`, `sandbox` or `minimal`. */
  server: string;
}

/** The context of a section. */
export interface BenchContext {
  /** Settings. */
  settings: BenchSettings;
  /** Repository root (absolute, trailing slash). */
  root: string;
  /** The pinned tools folder (`.tools`). */
  toolsDir: string;
  /** Starts a loopback server process (the caller stops it). */
  startServer(options?: { tokenLifetimeSeconds?: number }): Promise<ServerHandle>;
  /** Prints progress to stderr. */
  log(message: string): void;
}

/** The `BENCH_CASE` input common to every case run against `server`. */
export function baseInput(ctx: BenchContext, server: ServerHandle): Record<string, unknown> {
  return {
    url: server.url,
    userId: server.userId,
    control: server.control,
    clientId: server.clientId,
    clientSecret: server.clientSecret,
    toolsPackageJson: `${ctx.toolsDir}/package.json`,
  };
}
