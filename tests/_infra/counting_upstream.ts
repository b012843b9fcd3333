/**
 * A raw HTTP/1.1 server on a free 127.0.0.1 port that counts how many times
 * each request arrives (by its `x-request-id` header) and can drop the
 * connection a request came on once it has read the request, without
 * answering: the fault behind "the server got it, the client saw the
 * connection close". It is written on `Deno.listen` (not `Deno.serve`) so
 * that closing a connection after reading a request is in its hands.
 *
 * Requests may carry a `content-length` or a chunked body; every other request
 * is answered `200` with `{"id":"<x-request-id>","delivery":<n>}`.
 *
 * @module
 */

import { resetNow } from "./tcp_reset.ts";

/** One request as it arrived, given to {@linkcode CountingUpstreamOptions.onRequest}. */
export interface Delivery {
  /** The `x-request-id` header ("" when absent: then it is not counted). */
  id: string;
  /** Request method. */
  method: string;
  /** Request target (path and query). */
  path: string;
  /** How many times this id has arrived, this time included. */
  delivery: number;
  /** 1 for the first request on its connection, 2 for the second, ... */
  onConnection: number;
}

/**
 * What to do with a request that has been read: answer it `200`, close its
 * connection without an answer (`close`: FIN, or TLS close_notify then FIN;
 * `reset`: TCP RST, see `tcp_reset.ts`), or answer it with this status
 * (empty body).
 */
export type Verdict = "answer" | "close" | "reset" | number;

/** Options of {@linkcode startCountingUpstream}. */
export interface CountingUpstreamOptions {
  /**
   * Decides, once a request has been read and counted, whether it is answered
   * or its connection is closed without an answer (default: always answer).
   * It may return a promise: nothing is sent before it settles.
   */
  onRequest?: (delivery: Delivery) => Verdict | Promise<Verdict>;
  /** Port to listen on (default: any free port). */
  port?: number;
  /**
   * Serve HTTPS (HTTP/1.1 only) with this certificate and key (PEM). A
   * `close` verdict then ends TLS cleanly (close_notify, then FIN), as a
   * server that shuts a connection down on purpose does.
   */
  tls?: { cert: string; key: string };
}

/** A running counting upstream. */
export interface CountingUpstream extends AsyncDisposable {
  /** Its port. */
  port: number;
  /** `http://127.0.0.1:<port>`, or `https://localhost:<port>` with `tls`. */
  url: string;
  /** How many times the request with this `x-request-id` arrived. */
  deliveries(id: string): number;
  /** Extra arrivals over all ids: the sum of (arrivals - 1) over ids that arrived. */
  duplicates(): number;
  /** Distinct ids that arrived. */
  ids(): number;
  /** Connections closed by an `onRequest` verdict of `close` or `reset`. */
  closes(): number;
  /** Connections accepted so far. */
  connections(): number;
  /** Forgets every count. */
  reset(): void;
  /** Stops listening, closes every connection and waits for their handlers. */
  close(): Promise<void>;
}

const CRLF2 = [13, 10, 13, 10];
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Starts the upstream (listening at once). */
export function startCountingUpstream(opts: CountingUpstreamOptions = {}): CountingUpstream {
  const address = { hostname: "127.0.0.1", port: opts.port ?? 0 };
  const listener: Deno.Listener<Deno.TcpConn | Deno.TlsConn> = opts.tls
    ? Deno.listenTls({ ...address, ...opts.tls, alpnProtocols: ["http/1.1"] })
    : Deno.listen(address);
  const port = (listener.addr as Deno.NetAddr).port;
  const counts = new Map<string, number>();
  const open = new Set<Deno.TcpConn | Deno.TlsConn>();
  const handlers = new Set<Promise<void>>();
  let closes = 0;
  let accepted = 0;
  let stopped = false;

  const handle = async (conn: Deno.TcpConn | Deno.TlsConn) => {
    const reader = new ByteReader(conn);
    let onConnection = 0;
    try {
      for (;;) {
        const request = await readRequest(reader);
        if (request === null) return;
        onConnection++;
        const id = request.headers.get("x-request-id") ?? "";
        const delivery = id ? (counts.get(id) ?? 0) + 1 : 0;
        if (id) counts.set(id, delivery);
        const verdict = await opts.onRequest?.({
          id,
          method: request.method,
          path: request.path,
          delivery,
          onConnection,
        }) ?? "answer";
        if (verdict === "close" || verdict === "reset") {
          closes++;
          if (verdict === "reset") resetNow(conn);
          else if (opts.tls) await conn.closeWrite(); // close_notify
          return;
        }
        const status = typeof verdict === "number" ? verdict : 200;
        const body = status === 200 ? JSON.stringify({ id, delivery }) : "";
        const keepAlive = request.keepAlive;
        await writeAll(
          conn,
          `HTTP/1.1 ${status} ${status === 200 ? "OK" : "Status"}\r\n` +
            `content-type: application/json\r\ncontent-length: ${body.length}\r\n` +
            `${keepAlive ? "" : "connection: close\r\n"}\r\n${body}`,
        );
        if (!keepAlive) return;
      }
    } catch {
      // The peer reset the connection, or close() closed it under a pending read.
    } finally {
      open.delete(conn);
      try {
        conn.close();
      } catch {
        // already closed
      }
    }
  };

  const accepting = (async () => {
    for (;;) {
      let conn: Deno.TcpConn | Deno.TlsConn;
      try {
        conn = await listener.accept();
      } catch {
        return; // listener closed
      }
      if (stopped) {
        conn.close();
        return;
      }
      accepted++;
      if ("setNoDelay" in conn) conn.setNoDelay(true);
      open.add(conn);
      const running = handle(conn);
      handlers.add(running);
      running.finally(() => handlers.delete(running));
    }
  })();

  let stopping: Promise<void> | undefined;
  const close = () => {
    stopping ??= (async () => {
      stopped = true;
      listener.close();
      await accepting;
      for (const conn of open) {
        try {
          conn.close();
        } catch {
          // already closed
        }
      }
      await Promise.all([...handlers]);
    })();
    return stopping;
  };

  return {
    port,
    url: opts.tls ? `https://localhost:${port}` : `http://127.0.0.1:${port}`,
    deliveries: (id) => counts.get(id) ?? 0,
    duplicates: () => {
      let extra = 0;
      for (const n of counts.values()) extra += n - 1;
      return extra;
    },
    ids: () => counts.size,
    closes: () => closes,
    connections: () => accepted,
    reset: () => {
      counts.clear();
      closes = 0;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

interface ParsedRequest {
  method: string;
  path: string;
  headers: Headers;
  keepAlive: boolean;
}

/** Reads one request (head and body); `null` when the connection ended between requests. */
async function readRequest(reader: ByteReader): Promise<ParsedRequest | null> {
  const head = await reader.readUntil(CRLF2);
  if (head === null) return null;
  const lines = decoder.decode(head).split("\r\n");
  const [method = "", path = "", version = ""] = (lines[0] ?? "").split(" ");
  const headers = new Headers();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  if (/\bchunked\b/i.test(headers.get("transfer-encoding") ?? "")) {
    for (;;) {
      const sizeLine = await reader.readUntil([13, 10]);
      if (sizeLine === null) throw new Error("connection ended inside a chunked body");
      const size = parseInt(decoder.decode(sizeLine), 16);
      if (!(size >= 0)) throw new Error("bad chunk size");
      if (size === 0) {
        // Trailers, up to the empty line.
        while (((await reader.readUntil([13, 10])) ?? new Uint8Array(0)).length > 0);
        break;
      }
      await reader.readExactly(size + 2);
    }
  } else {
    const length = Number(headers.get("content-length") ?? "0");
    if (length > 0) await reader.readExactly(length);
  }
  const connection = (headers.get("connection") ?? "").toLowerCase();
  const keepAlive = version === "HTTP/1.0"
    ? connection.includes("keep-alive")
    : !connection.includes("close");
  return { method, path, headers, keepAlive };
}

async function writeAll(conn: Deno.Conn, text: string): Promise<void> {
  const bytes = encoder.encode(text);
  for (let offset = 0; offset < bytes.length;) offset += await conn.write(bytes.subarray(offset));
}

/** Buffered reads from a connection. */
class ByteReader {
  #conn: Deno.Conn;
  #buffer = new Uint8Array(0);
  #chunk = new Uint8Array(64 * 1024);

  constructor(conn: Deno.Conn) {
    this.#conn = conn;
  }

  /** Bytes up to `delimiter` (excluded, consumed); `null` on a clean end with nothing buffered. */
  async readUntil(delimiter: number[]): Promise<Uint8Array | null> {
    for (let from = 0;;) {
      const at = indexOf(this.#buffer, delimiter, from);
      if (at >= 0) {
        const found = this.#buffer.slice(0, at);
        this.#buffer = this.#buffer.slice(at + delimiter.length);
        return found;
      }
      from = Math.max(0, this.#buffer.length - delimiter.length + 1);
      if (!(await this.#fill())) {
        if (this.#buffer.length === 0) return null;
        throw new Error("connection ended inside a request");
      }
    }
  }

  /** Exactly `count` bytes. */
  async readExactly(count: number): Promise<Uint8Array> {
    while (this.#buffer.length < count) {
      if (!(await this.#fill())) throw new Error("connection ended inside a request body");
    }
    const bytes = this.#buffer.slice(0, count);
    this.#buffer = this.#buffer.slice(count);
    return bytes;
  }

  async #fill(): Promise<boolean> {
    const n = await this.#conn.read(this.#chunk);
    if (n === null) return false;
    const next = new Uint8Array(this.#buffer.length + n);
    next.set(this.#buffer);
    next.set(this.#chunk.subarray(0, n), this.#buffer.length);
    this.#buffer = next;
    return true;
  }
}

function indexOf(haystack: Uint8Array, needle: number[], from: number): number {
  outer: for (let i = from; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
