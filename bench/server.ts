/**
 * The benchmark's loopback server process: `deno run -A bench/server.ts [--kind=sandbox|minimal]
 * [--token-lifetime=SECONDS]`. It starts the sandbox (`tools/sandbox/mod.ts`) or the minimal
 * server, plus a small control server, and prints one JSON line:
 * `{ "kind", "url", "userId", "control", "clientId", "clientSecret" }`. It runs until SIGTERM/SIGINT.
 *
 * Control routes (on `control`): `POST /expire` invalidates every access token issued so far,
 * `GET /stats` answers `{ "tokenRequests": n }`, `POST /reset` zeroes the counters.
 *
 * Running it in its own process keeps server work out of the measured process.
 *
 * @module
 */

import { type BenchBackend, startMinimalServer } from "./minimal_server.ts";

/** The part of the sandbox's `startSandbox()` result this server uses. */
interface SandboxLike {
  readonly url: string;
  readonly credentials: {
    confidentialClient: { clientId: string; clientSecret: string };
    user: { id: string };
  };
  readonly counters: { tokenRequests: Record<string, number> };
  expireTokens(): void;
  resetLog(): void;
  stop(): Promise<void>;
}

type StartSandbox = (options: Record<string, unknown>) => SandboxLike | Promise<SandboxLike>;

const SANDBOX_MODULE = new URL("../tools/sandbox/mod.ts", import.meta.url);

/** Whether the sandbox module exists in the working tree. */
export function sandboxAvailable(): boolean {
  try {
    return Deno.statSync(SANDBOX_MODULE).isFile;
  } catch {
    return false;
  }
}

async function startSandboxBackend(tokenLifetimeSeconds: number): Promise<BenchBackend> {
  const mod = await import(SANDBOX_MODULE.href) as { startSandbox: StartSandbox };
  const sandbox = await mod.startSandbox({
    tokenLifetimeSeconds,
    recordRequests: false,
    rateLimitAllowed: 1_000_000,
  });
  const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
  return {
    url: sandbox.url,
    userId: sandbox.credentials.user.id,
    clientId,
    clientSecret,
    tokenRequests: () =>
      Object.values(sandbox.counters.tokenRequests).reduce((sum, n) => sum + n, 0),
    expireTokens: () => sandbox.expireTokens(),
    resetCounters: () => sandbox.resetLog(),
    stop: () => sandbox.stop(),
  };
}

function flag(name: string, fallback: string): string {
  const prefix = `--${name}=`;
  const found = Deno.args.find((a) => a.startsWith(prefix));
  return found ? found.slice(prefix.length) : fallback;
}

async function main(): Promise<void> {
  const requested = flag("kind", "auto");
  const lifetime = Number(flag("token-lifetime", "86400"));
  const kind = requested === "auto" ? (sandboxAvailable() ? "sandbox" : "minimal") : requested;
  if (kind !== "sandbox" && kind !== "minimal") {
    throw new Error(`--kind must be sandbox, minimal or auto, got "${requested}"`);
  }
  const backend = kind === "sandbox"
    ? await startSandboxBackend(lifetime)
    : startMinimalServer({ tokenLifetimeSeconds: lifetime });

  const control = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const { pathname } = new URL(req.url);
    await req.body?.cancel();
    if (req.method === "POST" && pathname === "/expire") {
      backend.expireTokens();
      return new Response(null, { status: 204 });
    }
    if (req.method === "POST" && pathname === "/reset") {
      backend.resetCounters();
      return new Response(null, { status: 204 });
    }
    if (req.method === "GET" && pathname === "/stats") {
      return Response.json({ tokenRequests: backend.tokenRequests() });
    }
    return new Response("not found", { status: 404 });
  });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await Promise.allSettled([backend.stop(), control.shutdown()]);
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGTERM", stop);
  Deno.addSignalListener("SIGINT", stop);

  console.log(JSON.stringify({
    kind,
    url: backend.url,
    userId: backend.userId,
    control: `http://127.0.0.1:${control.addr.port}`,
    clientId: backend.clientId,
    clientSecret: backend.clientSecret,
  }));
}

if (import.meta.main) await main();
