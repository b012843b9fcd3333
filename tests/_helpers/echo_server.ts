/** A loopback server that records each request's bytes and answers from a queue of handlers. */

export interface SeenRequest {
  method: string;
  url: string;
  path: string;
  search: string;
  headers: Headers;
  body: string;
}

export interface EchoServer extends AsyncDisposable {
  url: string;
  seen: SeenRequest[];
  /** Answers the next request with this function (FIFO); default: 200 `{"ok":true}`. */
  reply(fn: (req: SeenRequest) => Response | Promise<Response>): void;
  close(): Promise<void>;
}

export function startEchoServer(): EchoServer {
  const seen: SeenRequest[] = [];
  const queue: ((req: SeenRequest) => Response | Promise<Response>)[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const u = new URL(req.url);
    const rec: SeenRequest = {
      method: req.method,
      url: req.url,
      path: u.pathname,
      search: u.search,
      headers: req.headers,
      body: await req.text(),
    };
    seen.push(rec);
    const fn = queue.shift();
    if (fn) return await fn(rec);
    return Response.json({ ok: true }, { headers: { "inin-correlation-id": "corr-1" } });
  });
  const close = async () => {
    await server.shutdown();
  };
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    seen,
    reply: (fn) => queue.push(fn),
    close,
    [Symbol.asyncDispose]: close,
  };
}
