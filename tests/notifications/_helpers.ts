/**
 * Shared set-up of the notifications tests: a sandbox with compressed time, a logged-in client,
 * a `NotificationClient` whose state changes, errors and gaps are recorded, and bounded waits.
 */

import { LiteClient, PlatformClient } from "../../mod.ts";
import {
  NotificationClient,
  type NotificationClientOptions,
  type NotificationEvent,
  type NotificationGap,
  type NotificationStateChange,
  type NotificationSubscription,
} from "../../src/notifications/mod.ts";
import { type Sandbox, type SandboxOptions, startSandbox } from "../../tools/sandbox/mod.ts";

/** Client options for compressed time (sandbox channels of 2 s, heartbeats every 0.2 s). */
export const FAST: NotificationClientOptions = {
  heartbeatTimeoutMs: 2_000,
  pingTimeoutMs: 800,
  connectTimeoutMs: 3_000,
  rolloverMarginMs: 900,
  rolloverOverlapMs: 150,
  reconnectMinMs: 20,
  reconnectMaxMs: 250,
};

/** Sandbox options for compressed time. */
export const FAST_SANDBOX: SandboxOptions = {
  notifications: { channelLifetimeSeconds: 2, heartbeatIntervalSeconds: 0.2 },
};

/** What a test gets. */
export interface Setup extends AsyncDisposable {
  sandbox: Sandbox;
  client: PlatformClient | LiteClient;
  notifications: NotificationClient;
  states: NotificationStateChange[];
  errors: Error[];
  gaps: NotificationGap[];
  /** The sandbox's default user. */
  userId: string;
}

/** Starts a sandbox, logs a client in (client credentials) and makes a `NotificationClient`. */
export async function setup(
  options: { sandbox?: SandboxOptions; client?: NotificationClientOptions; lite?: boolean } = {},
): Promise<Setup> {
  const sandbox = await startSandbox({ ...FAST_SANDBOX, ...options.sandbox });
  const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
  let client: PlatformClient | LiteClient;
  if (options.lite) {
    const lite = new LiteClient(sandbox.clientOptions);
    await lite.loginClientCredentialsGrant(clientId, clientSecret);
    client = lite;
  } else {
    const platform = new PlatformClient(sandbox.clientOptions);
    await platform.loginClientCredentialsGrant(clientId, clientSecret);
    client = platform;
  }
  const notifications = new NotificationClient(client, { ...FAST, ...options.client });
  const states: NotificationStateChange[] = [];
  const errors: Error[] = [];
  const gaps: NotificationGap[] = [];
  notifications.on("state", (s) => states.push(s));
  notifications.on("error", (e) => errors.push(e));
  notifications.on("gap", (g) => gaps.push(g));
  const stop = async () => {
    await notifications.close();
    if (client instanceof PlatformClient) await client.close();
    await sandbox.stop();
  };
  return {
    sandbox,
    client,
    notifications,
    states,
    errors,
    gaps,
    userId: sandbox.credentials.user.id,
    [Symbol.asyncDispose]: stop,
  };
}

/** Waits until `condition()` holds, polling every 10 ms, for at most `timeoutMs`. */
export async function waitFor(
  condition: () => boolean,
  what: string,
  timeoutMs = 8_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The next event of `subscription`, or a failure after `timeoutMs`. */
export async function nextEvent<T>(
  subscription: NotificationSubscription<T>,
  timeoutMs = 5_000,
): Promise<NotificationEvent<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no event on ${subscription.topic} within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    const result = await Promise.race([subscription.next(), limit]);
    if (result.done) throw new Error(`subscription to ${subscription.topic} ended`);
    return result.value;
  } finally {
    clearTimeout(timer);
  }
}

/** The requests the sandbox received for `method` and a path matching `path`. */
export function requests(sandbox: Sandbox, method: string, path: RegExp) {
  return sandbox.requests.filter((r) => r.method === method && path.test(r.path));
}

/** Sleeps `ms` (lets background work happen; never used to assert on time). */
export function pause(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
