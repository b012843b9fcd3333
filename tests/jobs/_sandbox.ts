/**
 * Shared set-up of the job and bulk tests: an in-process sandbox, a `LiteClient` whose
 * transport is the sandbox (optionally wrapped), and a fake clock that records every wait and
 * returns at once.
 *
 * @module
 */

import { LiteClient, type LiteClientOptions } from "../../mod.ts";
import {
  createSandboxHandler,
  type SandboxHandler,
  type SandboxOptions,
} from "../../tools/sandbox/mod.ts";
import type { JobClock } from "../../src/jobs/mod.ts";

/** A clock whose sleeps return at once (or when aborted), recording the waits; time moves by them. */
export class FakeClock implements JobClock {
  /** Every wait asked for, in ms. */
  readonly waits: number[] = [];
  /** The time: starts at 0 and moves by each wait. */
  time = 0;
  /** Called at each sleep with its index (0 for the first), before it resolves. */
  onSleep: ((index: number) => void) | undefined;

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    const index = this.waits.length;
    this.waits.push(ms);
    this.time += ms;
    this.onSleep?.(index);
    if (signal?.aborted) return Promise.reject(signal.reason);
    return Promise.resolve();
  }
}

/** A sandbox with a client that sends through it. */
export interface Setup {
  readonly sandbox: SandboxHandler;
  readonly client: LiteClient;
  readonly clock: FakeClock;
}

/**
 * An in-process sandbox and a client for it. `wrap` sees every request and response (to add
 * headers, count calls, hold answers).
 */
export async function setup(
  options: SandboxOptions = {},
  wrap?: (request: Request, send: (r: Request) => Promise<Response>) => Promise<Response>,
  client: Partial<LiteClientOptions> = {},
): Promise<Setup> {
  const sandbox = createSandboxHandler({ jobs: { pollsToFinish: 3 }, ...options });
  const accessToken = await sandbox.issueAccessToken();
  const send = (r: Request) => sandbox(r);
  return {
    sandbox,
    clock: new FakeClock(),
    client: new LiteClient({
      basePath: "http://sandbox.test",
      accessToken,
      transport: wrap ? (r) => wrap(r, send) : send,
      ...client,
    }),
  };
}

/** The requests the sandbox got for a method and path (a string or a RegExp on the path). */
export function requests(sandbox: SandboxHandler, method: string, path: string | RegExp) {
  return sandbox.requests.filter((r) =>
    r.method === method && (typeof path === "string" ? r.path === path : path.test(r.path))
  );
}

/** A conversation details query over a day that the default availability date covers. */
export const QUERY = { interval: "2025-07-01T00:00:00.000Z/2025-07-02T00:00:00.000Z" };
