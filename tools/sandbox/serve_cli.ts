/**
 * Serves the sandbox for clients in any language, and prints its URLs and seeded credentials:
 *
 * ```sh
 * deno run -A jsr:@cxkit/genesys-cloud/testing --port 8787   # the testing entry point, run
 * deno run -A tools/sandbox/serve_cli.ts --port 8787 --seed 7
 * bun tools/sandbox/serve_cli.ts --port 8787
 * ```
 *
 * Flags: `--port <n>` (default 8787; 0 for a free port), `--host <address>` (default
 * `127.0.0.1`), `--definition <path or URL>` (a Swagger 2.0 definition to serve instead of the
 * bundled one), `--seed <value>`, `--latency-ms <n>`, `--enforce-rate-limit`, `--quiet` (no
 * request log). Stop it with Ctrl-C.
 *
 * The printed secret is the sandbox's own fixed test secret, not a credential of any real org.
 *
 * @module
 */

import { startSandbox } from "./serve.ts";
import type { Sandbox, SandboxOptions } from "./types.ts";
import { API_DATA_SOURCE } from "./api/platform_api_data.ts";

/** Parsed command line of the serve command. */
export interface ServeArgs {
  /** Sandbox options (port, hostname, definition, seed, latency, rate limit). */
  options: SandboxOptions;
  /** Log each request on one line. */
  log: boolean;
}

/** A wrong command line: the message names the flag. */
export class ServeUsageError extends Error {
  /** Creates the error. */
  constructor(message: string) {
    super(
      `${message}\nusage: serve_cli.ts [--port 8787] [--host 127.0.0.1] [--definition <path|url>] ` +
        "[--seed <value>] [--latency-ms <n>] [--enforce-rate-limit] [--quiet]",
    );
    this.name = "ServeUsageError";
  }
}

/**
 * Parses the serve command's flags (`--name value` or `--name=value`).
 *
 * @example
 * ```ts
 * import { parseServeArgs } from "./serve_cli.ts";
 * console.log(parseServeArgs(["--port", "9000"]).options.port); // 9000
 * ```
 */
export function parseServeArgs(args: readonly string[]): ServeArgs {
  const options: SandboxOptions = { port: 8787, requestLogLimit: 1000 };
  let log = true;
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s, 2);
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined || v === "") throw new ServeUsageError(`${flag} needs a value`);
      return v;
    };
    const int = () => {
      const v = value();
      if (!/^\d+$/.test(v)) throw new ServeUsageError(`${flag} must be a whole number, got ${v}`);
      return Number(v);
    };
    switch (flag) {
      case "--port":
        options.port = int();
        if (options.port > 65535) throw new ServeUsageError(`--port must be 0-65535`);
        break;
      case "--host":
        options.hostname = value();
        break;
      case "--definition":
        options.definition = value();
        break;
      case "--seed":
        options.seed = value();
        break;
      case "--latency-ms":
        options.latencyMs = int();
        break;
      case "--enforce-rate-limit":
        options.enforceRateLimit = true;
        break;
      case "--quiet":
        log = false;
        break;
      default:
        throw new ServeUsageError(`unknown flag ${flag}`);
    }
  }
  return { options, log };
}

/**
 * What the serve command prints once listening: URLs, the definition served and the seeded
 * credentials.
 *
 * @example
 * ```ts
 * import { banner } from "./serve_cli.ts";
 * import { startSandbox } from "./serve.ts";
 * await using sandbox = await startSandbox();
 * console.log(banner(sandbox, "bundled").split("\n")[0]);
 * ```
 */
export function banner(sandbox: Sandbox, definition: string): string {
  const c = sandbox.credentials;
  return [
    `Genesys Cloud sandbox listening on ${sandbox.url}`,
    "",
    `  API and login base URL  ${sandbox.url}   (basePath and loginBasePath of a client)`,
    `  token endpoint          ${sandbox.url}/oauth/token`,
    `  authorize endpoint      ${sandbox.url}/oauth/authorize`,
    `  definition              ${definition}`,
    "",
    "Seeded credentials (the sandbox's own test values):",
    `  confidential client     id ${c.confidentialClient.clientId}`,
    `                          secret ${c.confidentialClient.clientSecret}`,
    "                          grants: client credentials, authorization code, SAML2 bearer",
    `  public client           id ${c.publicClient.clientId} (implicit, PKCE)`,
    `  redirect URIs           ${c.confidentialClient.redirectUris.join(", ")}`,
    `  organization            ${c.organization.name} (${c.organization.id})`,
    `  user                    ${c.user.username} (${c.user.id})`,
    `  SAML2 bearer            orgName ${c.saml.orgName}, assertion ${c.saml.assertion.length} chars`,
    `  web chat                organizationId ${c.webChat.organizationId}`,
    `                          deploymentId ${c.webChat.deploymentId}, queue "${c.webChat.queueName}"`,
    `  web messaging           deploymentId ${c.webDeployment.deploymentId}`,
    "",
    "Faults: header x-sandbox-fault: status=503;times=2 (see the sandbox README). Ctrl-C stops.",
  ].join("\n");
}

/** Runs the serve command until the process is interrupted; returns the running sandbox. */
export async function main(args: readonly string[]): Promise<Sandbox> {
  const { options, log } = parseServeArgs(args);
  const sandbox = await startSandbox(options);
  // Load and index the definition now, so that the first request does not wait for it.
  const token = await sandbox.issueAccessToken();
  await sandbox.handler(
    new Request(`${sandbox.url}/api/v2/tokens/me`, {
      headers: { authorization: `Bearer ${token}` },
    }),
  ).then((r) => r.body?.cancel());
  const definition = options.definition === undefined
    ? `${API_DATA_SOURCE.file} (bundled, ${API_DATA_SOURCE.operations} operations)`
    : String(options.definition);
  console.log(banner(sandbox, definition));
  if (log) {
    // One line per request, from the request log (read every 250 ms).
    let seen = sandbox.counters.requests;
    const timer = setInterval(() => {
      const fresh = Math.min(sandbox.counters.requests - seen, sandbox.requests.length);
      for (const r of fresh > 0 ? sandbox.requests.slice(-fresh) : []) {
        console.log(`${new Date(r.time).toISOString()} ${r.method} ${r.path}${r.search}`);
      }
      seen = sandbox.counters.requests;
    }, 250);
    stopOnSignal(sandbox, () => clearInterval(timer));
  } else stopOnSignal(sandbox, () => {});
  return sandbox;
}

function stopOnSignal(sandbox: Sandbox, before: () => void): void {
  const stop = async () => {
    before();
    await sandbox.stop();
    console.log("sandbox stopped");
    const g = globalThis as { Deno?: typeof Deno; process?: { exit(code: number): void } };
    if (g.Deno) g.Deno.exit(0);
    else g.process?.exit(0);
  };
  const g = globalThis as {
    Deno?: typeof Deno;
    process?: { on(signal: string, fn: () => void): void };
  };
  if (g.Deno) {
    g.Deno.addSignalListener("SIGINT", stop);
    if (g.Deno.build.os !== "windows") g.Deno.addSignalListener("SIGTERM", stop);
  } else {
    g.process?.on("SIGINT", stop);
    g.process?.on("SIGTERM", stop);
  }
}

/**
 * The serve command: {@linkcode main}, with a usage or startup error printed and the process
 * ended with exit code 2.
 */
export async function runServeCommand(args: readonly string[]): Promise<void> {
  try {
    await main(args);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    const g = globalThis as { Deno?: typeof Deno; process?: { exit(code: number): void } };
    if (g.Deno) g.Deno.exit(2);
    else g.process?.exit(2);
  }
}

/** The command line's arguments, in Deno or Bun. */
export function commandArgs(): string[] {
  const g = globalThis as { Deno?: typeof Deno; process?: { argv: string[] } };
  return g.Deno ? [...g.Deno.args] : g.process?.argv.slice(2) ?? [];
}

if (import.meta.main) await runServeCommand(commandArgs());
