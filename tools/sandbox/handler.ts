/**
 * {@linkcode createSandboxHandler}: the sandbox as a runtime-agnostic `(Request) => Promise<Response>`
 * with its state and controls attached.
 *
 * @module
 */

import { DROP, SandboxCore } from "./core.ts";
import type { SandboxHandler, SandboxOptions } from "./types.ts";

/** Wraps a core into a callable handler carrying the controls. */
export function handlerFor(core: SandboxCore): SandboxHandler {
  const fn = async (request: Request): Promise<Response> => {
    const response = await core.handle(request);
    if (response === DROP) {
      throw new TypeError("network error: the sandbox dropped the connection (injected fault)");
    }
    return response;
  };
  Object.defineProperties(fn, {
    credentials: { get: () => core.credentials, enumerable: true },
    requests: { get: () => core.requests, enumerable: true },
    counters: { get: () => core.counters, enumerable: true },
    faults: { get: () => core.faults, enumerable: true },
    state: { get: () => core.state, enumerable: true },
    notifications: { get: () => core.notifications, enumerable: true },
    authorizeQueries: { get: () => core.authorizeQueries, enumerable: true },
    jobs: { get: () => core.jobs, enumerable: true },
    latencyMs: {
      get: () => core.latencyMs,
      set: (v: number) => {
        if (!Number.isFinite(v) || v < 0) throw new RangeError("latencyMs must be a number >= 0");
        core.latencyMs = v;
      },
      enumerable: true,
    },
    authorizeError: {
      get: () => core.authorizeError,
      set: (v) => {
        core.authorizeError = v;
      },
      enumerable: true,
    },
    expireTokens: { value: () => core.expireTokens() },
    revokeRefreshTokens: { value: () => core.revokeRefreshTokens() },
    issueAccessToken: {
      value: (o?: Parameters<SandboxCore["issueAccessToken"]>[0]) => core.issueAccessToken(o),
    },
    allowRedirectUri: { value: (uri: string) => core.allowRedirectUri(uri) },
    resetLog: { value: () => core.resetLog() },
  });
  return fn as SandboxHandler;
}

/**
 * Creates the sandbox as a request handler, without a socket: usable in-process (as a custom
 * `fetch`), in a Worker, or behind any server. A `drop` fault rejects with a `TypeError`, as
 * `fetch` does on a network error.
 *
 * @example
 * ```ts
 * import { createSandboxHandler } from "./mod.ts";
 * const sandbox = createSandboxHandler({ userCount: 10 });
 * const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
 * const res = await sandbox(new Request("http://sandbox.local/oauth/token", {
 *   method: "POST",
 *   headers: { authorization: `Basic ${btoa(`${clientId}:${clientSecret}`)}` },
 *   body: new URLSearchParams({ grant_type: "client_credentials" }),
 * }));
 * const { access_token } = await res.json();
 * ```
 */
export function createSandboxHandler(options: SandboxOptions = {}): SandboxHandler {
  return handlerFor(new SandboxCore(options));
}
