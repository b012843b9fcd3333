/**
 * {@linkcode startSandbox}: serves the sandbox on 127.0.0.1 and a free port with `Deno.serve`
 * (Deno) or `Bun.serve` (Bun), chosen by feature detection.
 *
 * Dropped connections (`drop` faults): neither `Deno.serve` nor `Bun.serve` can close a
 * connection without answering (Deno writes the status line before the body; a reset of a reused
 * keep-alive connection is retried by Bun's and browsers' `fetch`). So the sandbox answers `307`
 * to a second loopback port that accepts and closes every connection at once: `fetch`, which
 * follows redirects by default, then fails on a fresh connection and rejects with a network
 * error. A client that sets `redirect: "manual"` sees the 307 instead.
 *
 * @module
 */

import { DROP, SandboxCore } from "./core.ts";
import { handlerFor } from "./handler.ts";
import {
  type BunUpgrader,
  bunWebSocketHandlers,
  upgradeWithBun,
  upgradeWithDeno,
} from "./notifications/socket.ts";
import type { Sandbox, SandboxHandler, SandboxOptions } from "./types.ts";

/** Thrown when the runtime can serve neither with `Deno.serve` nor with `Bun.serve`. */
export class SandboxRuntimeError extends Error {
  /** Creates the error. */
  constructor(message: string) {
    super(message);
    this.name = "SandboxRuntimeError";
  }
}

const HOST = "127.0.0.1";

interface Served {
  port: number;
  stop(): Promise<void>;
}

interface BunServer {
  port: number;
  stop(closeActiveConnections?: boolean): Promise<void> | void;
}
interface BunSocket {
  end(): void;
}
interface BunListener {
  port: number;
  stop(closeActiveConnections?: boolean): void;
}
interface BunRuntime {
  serve(options: {
    hostname: string;
    port: number;
    fetch(request: Request, server: BunUpgrader): Promise<Response | undefined>;
    websocket: ReturnType<typeof bunWebSocketHandlers>;
  }): BunServer;
  listen(options: {
    hostname: string;
    port: number;
    socket: { open(socket: BunSocket): void; data(socket: BunSocket, data: Uint8Array): void };
  }): BunListener;
}

/** The answer to a dropped request: a redirect to the port that closes every connection. */
function dropRedirect(resetPort: number): Response {
  return new Response(null, {
    status: 307,
    headers: {
      location: `http://${HOST}:${resetPort}/dropped`,
      "access-control-allow-origin": "*",
      "cache-control": "no-store",
    },
  });
}

/** Where to listen. */
interface Listen {
  hostname: string;
  port: number;
}

function serveWithBun(bun: BunRuntime, core: SandboxCore, listen: Listen): Served {
  const resetter = bun.listen({
    hostname: HOST,
    port: 0,
    socket: {
      open(socket) {
        socket.end();
      },
      data() {},
    },
  });
  const server = bun.serve({
    hostname: listen.hostname,
    port: listen.port,
    async fetch(request: Request, upgrader: BunUpgrader): Promise<Response | undefined> {
      const socket = upgradeWithBun(core.notifications, request, upgrader);
      if (socket !== undefined) return socket === "upgraded" ? undefined : socket;
      const response = await core.handle(request);
      return response === DROP ? dropRedirect(resetter.port) : response;
    },
    websocket: bunWebSocketHandlers(core.notifications),
  });
  return {
    port: server.port,
    async stop() {
      core.notifications.closeAll();
      await server.stop(true);
      resetter.stop(true);
    },
  };
}

function serveWithDeno(deno: typeof Deno, core: SandboxCore, listen: Listen): Served {
  const resetter = deno.listen({ hostname: HOST, port: 0 });
  const resetPort = (resetter.addr as Deno.NetAddr).port;
  const acceptLoop = (async () => {
    try {
      for await (const conn of resetter) conn.close();
    } catch {
      // The listener was closed by stop().
    }
  })();
  const server = deno.serve({ ...listen, onListen() {} }, async (request) => {
    const socket = upgradeWithDeno(core.notifications, request, deno);
    if (socket !== undefined) return socket;
    const response = await core.handle(request);
    return response === DROP ? dropRedirect(resetPort) : response;
  });
  return {
    port: server.addr.port,
    async stop() {
      core.notifications.closeAll();
      await server.shutdown();
      resetter.close();
      await acceptLoop;
    },
  };
}

class RunningSandbox implements Sandbox {
  readonly url: string;
  readonly clientOptions: { basePath: string; loginBasePath: string };
  readonly handler: SandboxHandler;
  readonly #core: SandboxCore;
  readonly #served: Served;
  #stopped?: Promise<void>;

  constructor(core: SandboxCore, served: Served, hostname: string) {
    this.#core = core;
    this.#served = served;
    this.handler = handlerFor(core);
    const host = hostname.includes(":")
      ? `[${hostname}]`
      : hostname === "0.0.0.0"
      ? HOST
      : hostname;
    this.url = `http://${host}:${served.port}`;
    this.clientOptions = { basePath: this.url, loginBasePath: this.url };
  }

  get credentials(): Sandbox["credentials"] {
    return this.#core.credentials;
  }
  get requests(): Sandbox["requests"] {
    return this.#core.requests;
  }
  get counters(): Sandbox["counters"] {
    return this.#core.counters;
  }
  get faults(): Sandbox["faults"] {
    return this.#core.faults;
  }
  get state(): Sandbox["state"] {
    return this.#core.state;
  }
  get notifications(): Sandbox["notifications"] {
    return this.#core.notifications;
  }
  get authorizeQueries(): Sandbox["authorizeQueries"] {
    return this.#core.authorizeQueries;
  }
  get jobs(): Sandbox["jobs"] {
    return this.#core.jobs;
  }
  get latencyMs(): number {
    return this.#core.latencyMs;
  }
  set latencyMs(value: number) {
    this.handler.latencyMs = value;
  }
  get authorizeError(): Sandbox["authorizeError"] {
    return this.#core.authorizeError;
  }
  set authorizeError(value: Sandbox["authorizeError"]) {
    this.#core.authorizeError = value;
  }
  expireTokens(): void {
    this.#core.expireTokens();
  }
  revokeRefreshTokens(): void {
    this.#core.revokeRefreshTokens();
  }
  issueAccessToken(options?: Parameters<Sandbox["issueAccessToken"]>[0]): Promise<string> {
    return this.#core.issueAccessToken(options);
  }
  allowRedirectUri(uri: string): void {
    this.#core.allowRedirectUri(uri);
  }
  resetLog(): void {
    this.#core.resetLog();
  }
  stop(): Promise<void> {
    this.#stopped ??= this.#served.stop();
    return this.#stopped;
  }
  [Symbol.asyncDispose](): Promise<void> {
    return this.stop();
  }
}

/**
 * Starts the sandbox on `127.0.0.1` and a random free port (Deno or Bun); `options.hostname`
 * and `options.port` choose others.
 *
 * @example
 * ```ts
 * import { startSandbox } from "./mod.ts";
 * await using sandbox = await startSandbox({ userCount: 57 });
 * const token = await sandbox.issueAccessToken();
 * const res = await fetch(`${sandbox.url}/api/v2/users?pageSize=25&pageNumber=3`, {
 *   headers: { authorization: `Bearer ${token}` },
 * });
 * console.log((await res.json()).entities.length); // 7
 * ```
 *
 * @throws {SandboxRuntimeError} when neither `Deno.serve` nor `Bun.serve` exists.
 * @throws {TypeError} when `options.definition` is not a Swagger 2.0 definition (and the
 *   runtime's file or fetch error when it cannot be read).
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const core = new SandboxCore(options);
  // A definition of the user's own is loaded now, so that a bad one fails here.
  if (options.definition !== undefined) await core.api();
  return serveCore(core, options);
}

function serveCore(core: SandboxCore, options: SandboxOptions): Sandbox {
  const listen = { hostname: options.hostname ?? HOST, port: options.port ?? 0 };
  if (!Number.isInteger(listen.port) || listen.port < 0 || listen.port > 65535) {
    throw new RangeError(`port must be an integer 0-65535, got ${options.port}`);
  }
  const g = globalThis as { Deno?: typeof Deno; Bun?: BunRuntime };
  let served: Served;
  if (g.Deno && typeof g.Deno.serve === "function") served = serveWithDeno(g.Deno, core, listen);
  else if (g.Bun && typeof g.Bun.serve === "function") served = serveWithBun(g.Bun, core, listen);
  else {
    throw new SandboxRuntimeError(
      "startSandbox needs Deno.serve or Bun.serve; elsewhere use createSandboxHandler()",
    );
  }
  return new RunningSandbox(core, served, listen.hostname);
}
