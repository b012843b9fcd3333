/**
 * A TCP relay on a free 127.0.0.1 port that forwards every connection to a
 * target port byte for byte (TLS passes through untouched) and can cut all
 * the connections it carries at once: both sides are closed, as when a
 * gateway's process dies or a middlebox drops its flows. Tests put it
 * between a client and a TLS gateway to close the client's connection (HTTP/1.1
 * or HTTP/2) right after the gateway's upstream has read a request.
 *
 * @module
 */

import { resetNow } from "./tcp_reset.ts";

/** A running relay. */
export interface CutRelay extends AsyncDisposable {
  /** The port clients connect to. */
  port: number;
  /** Connections accepted so far. */
  connections(): number;
  /** Connections cut by {@linkcode CutRelay.cutAll} since the start or the last reset. */
  cuts(): number;
  /** Sets the cut count to 0. */
  resetCuts(): void;
  /**
   * Closes both sides of every connection carried now; returns how many. With
   * `reset`, the client side gets a TCP RST instead of a FIN (`tcp_reset.ts`).
   */
  cutAll(opts?: { reset?: boolean }): number;
  /** Stops listening, closes every connection and waits for the copy loops. */
  close(): Promise<void>;
}

interface Pair {
  client: Deno.TcpConn;
  target: Deno.TcpConn;
}

/** Starts a relay to `127.0.0.1:targetPort` (listening at once). */
export function startCutRelay(targetPort: number): CutRelay {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  const pairs = new Set<Pair>();
  const loops = new Set<Promise<void>>();
  let accepted = 0;
  let cuts = 0;
  let stopped = false;

  const shut = (pair: Pair) => {
    pairs.delete(pair);
    for (const conn of [pair.client, pair.target]) {
      try {
        conn.close();
      } catch {
        // already closed
      }
    }
  };

  const carry = async (client: Deno.TcpConn) => {
    let target: Deno.TcpConn;
    try {
      target = await Deno.connect({ hostname: "127.0.0.1", port: targetPort });
    } catch {
      client.close();
      return;
    }
    client.setNoDelay(true);
    target.setNoDelay(true);
    const pair = { client, target };
    if (stopped) return shut(pair);
    pairs.add(pair);
    await Promise.all([copy(client, target), copy(target, client)]);
    shut(pair);
  };

  const copy = async (from: Deno.Conn, to: Deno.Conn) => {
    const chunk = new Uint8Array(64 * 1024);
    try {
      for (;;) {
        const n = await from.read(chunk);
        if (n === null) break;
        for (let offset = 0; offset < n;) offset += await to.write(chunk.subarray(offset, n));
      }
      await to.closeWrite();
    } catch {
      // Cut, reset, or the other direction closed both sockets.
    }
  };

  const accepting = (async () => {
    for (;;) {
      let client: Deno.TcpConn;
      try {
        client = await listener.accept();
      } catch {
        return; // listener closed
      }
      if (stopped) {
        client.close();
        return;
      }
      accepted++;
      const loop = carry(client);
      loops.add(loop);
      loop.finally(() => loops.delete(loop));
    }
  })();

  let stopping: Promise<void> | undefined;
  const close = () => {
    stopping ??= (async () => {
      stopped = true;
      listener.close();
      await accepting;
      for (const pair of [...pairs]) shut(pair);
      await Promise.all([...loops]);
    })();
    return stopping;
  };

  return {
    port,
    connections: () => accepted,
    cuts: () => cuts,
    resetCuts: () => {
      cuts = 0;
    },
    cutAll: (opts) => {
      const now = [...pairs];
      for (const pair of now) {
        if (opts?.reset) resetNow(pair.client);
        shut(pair);
      }
      cuts += now.length;
      return now.length;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
