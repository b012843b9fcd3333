/**
 * A local stand-in for Genesys Cloud, for tests, examples, demos and benchmarks: the login side
 * (`/oauth/token`, `/oauth/authorize`, `/logout`) and a slice of the Platform API (users,
 * routing queues, downloads, recordings, an external contacts cursor listing, guest chat and web
 * deployment tokens) with the real paths, payload shapes, error bodies and headers, plus fault
 * injection (statuses, `Retry-After`, latency, dropped connections) and a log of every request.
 *
 * ```ts
 * import { startSandbox } from "./mod.ts";
 * await using sandbox = await startSandbox();
 * const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
 * const res = await fetch(`${sandbox.url}/oauth/token`, {
 *   method: "POST",
 *   headers: { authorization: `Basic ${btoa(`${clientId}:${clientSecret}`)}` },
 *   body: new URLSearchParams({ grant_type: "client_credentials" }),
 * });
 * console.log((await res.json()).token_type); // "bearer"
 * ```
 *
 * See `README.md` beside this file for the routes, the seeded credentials and the
 * `x-sandbox-fault` header grammar.
 *
 * @module
 */

export { createSandboxHandler } from "./handler.ts";
export { SandboxRuntimeError, startSandbox } from "./serve.ts";
export { FAULT_HEADER, FaultSpecError, parseFaultHeader } from "./faults.ts";
export type { ParsedFaultHeader } from "./faults.ts";
export type {
  AuthorizeError,
  FaultControls,
  FaultRule,
  IssueTokenOptions,
  RecordedRequest,
  Sandbox,
  SandboxClient,
  SandboxControls,
  SandboxCounters,
  SandboxCredentials,
  SandboxDownload,
  SandboxGrant,
  SandboxGuestChat,
  SandboxHandler,
  SandboxOptions,
  SandboxQueue,
  SandboxRecording,
  SandboxState,
  SandboxUser,
} from "./types.ts";
