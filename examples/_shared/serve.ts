/**
 * A tiny HTTP server for the examples (a gateway, a webhook receiver) that runs
 * unchanged in Deno (`Deno.serve`) and Bun (`Bun.serve`). It binds 127.0.0.1 on
 * a free port.
 *
 * @module
 */

/** A running local server. */
export interface LocalServer {
  /** Base URL, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  readonly url: string;
  /** Stops the server and closes its connections. */
  close(): Promise<void>;
}

type Handler = (request: Request) => Response | Promise<Response>;

interface DenoLike {
  serve(
    options: { hostname: string; port: number; onListen?: () => void },
    handler: Handler,
  ): { addr: { port: number }; shutdown(): Promise<void>; finished: Promise<void> };
}

interface BunLike {
  serve(options: { hostname: string; port: number; fetch: Handler }): {
    port: number;
    stop(closeActiveConnections?: boolean): Promise<void> | void;
  };
}

/**
 * Serves `handler` on 127.0.0.1 (random port) with whichever runtime is running.
 *
 * @example
 * ```ts
 * import { serveLocal } from "./serve.ts";
 * const server = serveLocal(() => new Response("hi"));
 * console.log(await (await fetch(server.url)).text()); // hi
 * await server.close();
 * ```
 */
export function serveLocal(handler: Handler): LocalServer {
  const g = globalThis as { Deno?: DenoLike; Bun?: BunLike };
  if (g.Bun) {
    const server = g.Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: handler });
    return {
      url: `http://127.0.0.1:${server.port}`,
      close: async () => {
        await server.stop(true);
      },
    };
  }
  if (g.Deno) {
    const server = g.Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, handler);
    return {
      url: `http://127.0.0.1:${server.addr.port}`,
      close: async () => {
        await server.shutdown();
        await server.finished;
      },
    };
  }
  throw new Error("serveLocal needs Deno or Bun");
}
