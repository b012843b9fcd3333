/**
 * Run by retry_test.ts with Bun (not by Deno): the retry loop against Bun's
 * own fetch errors. Prints one line per check, then "bun retry: all checks
 * passed"; exits 1 on the first failure.
 */
import assert from "node:assert/strict";
import { PlatformClient } from "../../src/client/platform_client.ts";
import { NetworkError } from "../../src/base/errors.ts";
import { classifyNetworkError } from "../../src/http/network_errors.ts";

interface BunSocket {
  end(): void;
}
declare const Bun: {
  listen(options: {
    hostname: string;
    port: number;
    socket: { data(socket: BunSocket, data: Uint8Array): void; open?(socket: BunSocket): void };
  }): { port: number; stop(force?: boolean): void };
  serve(options: {
    hostname: string;
    port: number;
    fetch(req: Request): Response | Promise<Response>;
  }): { port: number; stop(force?: boolean): void };
};
declare const process: { exit(code: number): never };

async function check(name: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
    console.log(`ok - ${name}`);
  } catch (error) {
    console.log(`FAILED - ${name}: ${(error as Error).stack ?? error}`);
    process.exit(1);
  }
}

const endpoints = {
  post: {
    name: "postUsers",
    method: "POST",
    path: "/api/v2/users",
    params: [{ name: "body", in: "body", required: true }],
  },
  get: { name: "getUser", method: "GET", path: "/api/v2/users/u1", params: [] },
} as const;

function freePort(): number {
  const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = probe.port;
  probe.stop(true);
  return port;
}

function client(base: string, requestLogHook?: (req: Request, attempt: number) => void) {
  return new PlatformClient({
    basePath: base,
    accessToken: "t",
    liveReloadConfig: false,
    logging: { logToConsole: false },
    retry: { retryWaitMin: 1, retryWaitMax: 5, retryMax: 3, requestLogHook },
  });
}

await check("Bun classifies refused, DNS and dropped connections", async () => {
  const refused = await fetch(`http://127.0.0.1:${freePort()}/`, { method: "POST", body: "x" })
    .then(() => undefined, (e) => e);
  assert.equal(classifyNetworkError(refused), "not-sent");
  const dns = await fetch("http://does-not-exist.invalid/").then(() => undefined, (e) => e);
  assert.equal(classifyNetworkError(dns), "not-sent");
});

const lines: string[] = [];
const hangUp = Bun.listen({
  hostname: "127.0.0.1",
  port: 0,
  socket: {
    data(socket, data) {
      lines.push(new TextDecoder().decode(data).split("\r\n")[0]);
      socket.end();
    },
  },
});

await check("POST reached the server and the connection dropped: sent once", async () => {
  await using c = client(`http://127.0.0.1:${hangUp.port}`);
  await assert.rejects(c.call(endpoints.post as never, [{ name: "once" }]), NetworkError);
  assert.deepEqual(lines, ["POST /api/v2/users HTTP/1.1"]);
});

await check("GET after a dropped connection: retried", async () => {
  lines.length = 0;
  await using c = client(`http://127.0.0.1:${hangUp.port}`);
  await assert.rejects(c.call(endpoints.get as never, []), NetworkError);
  assert.deepEqual(lines, Array(4).fill("GET /api/v2/users/u1 HTTP/1.1"));
});
hangUp.stop(true);

await check("POST after a refused connection: retried and created once", async () => {
  const port = freePort();
  const bodies: string[] = [];
  let server: { stop(force?: boolean): void } | undefined;
  const attempts: number[] = [];
  try {
    await using c = client(`http://127.0.0.1:${port}`, (_req, attempt) => {
      attempts.push(attempt);
      if (attempt === 2) {
        server = Bun.serve({
          hostname: "127.0.0.1",
          port,
          fetch: async (req) => {
            bodies.push(await req.text());
            return Response.json({ id: "new" }, { status: 201 });
          },
        });
      }
    });
    assert.deepEqual(await c.call(endpoints.post as never, [{ name: "Ann" }]), { id: "new" });
    assert.deepEqual(attempts, [1, 2]);
    assert.deepEqual(bodies, ['{"name":"Ann"}']);
  } finally {
    server?.stop(true);
  }
});

console.log("bun retry: all checks passed");
