/**
 * A local stand-in for Genesys Cloud, for tests, examples, demos and benchmarks: the login side
 * (`/oauth/token`, `/oauth/authorize`, `/logout`) and every operation of the Platform API
 * definition the package was generated from. Each request is validated against the definition
 * (400 `bad.request` naming each problem); resource families keep state (create, read, update
 * with version check, list, delete); other operations answer a body synthesized from their schema
 * (deterministic per seed). Hand-written routes give users, routing queues, downloads,
 * recordings, an external contacts cursor listing, guest chat and web deployment tokens their
 * richer behaviour. Fault injection (statuses, `Retry-After`, latency, dropped connections) and
 * a log of every request apply to all of it.
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
 * `x-sandbox-fault` header grammar. Run as a program, this module serves the sandbox for a
 * client in any language and prints its URLs and seeded credentials:
 * `deno run -A jsr:@cxkit/genesys-cloud/testing --port 8787` (flags: `serve_cli.ts`).
 *
 * @module
 */

export { createSandboxHandler } from "./handler.ts";
export { SandboxRuntimeError, startSandbox } from "./serve.ts";
export { FAULT_HEADER, FaultSpecError, parseFaultHeader } from "./faults.ts";
export type { ParsedFaultHeader } from "./faults.ts";
export { UNKNOWN_OPERATION } from "./core.ts";
export { compactDefinition } from "./api/model.ts";
export type {
  ApiModel,
  OperationAuth,
  OperationModel,
  ParamModel,
  Schema,
  SwaggerDocument,
} from "./api/model.ts";
export type { DefinitionSource } from "./api/load.ts";
export type {
  SandboxJob,
  SandboxJobControls,
  SandboxJobOptions,
  SandboxJobOutcome,
} from "./api/jobs.ts";
export type {
  PublishResult,
  SandboxChannelInfo,
  SandboxNotificationCounters,
  SandboxNotificationOptions,
  SandboxNotifications,
} from "./notifications/types.ts";
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
  SandboxResourceRateLimit,
  SandboxState,
  SandboxUser,
} from "./types.ts";

if (import.meta.main) {
  const { commandArgs, runServeCommand } = await import("./serve_cli.ts");
  await runServeCommand(commandArgs());
}
