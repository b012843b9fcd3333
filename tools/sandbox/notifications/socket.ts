/**
 * The WebSocket endpoint of the notifications service (`ws://<host>/channels/<id>`), served by
 * `Deno.serve` (`Deno.upgradeWebSocket`) or `Bun.serve` (`server.upgrade` and its `websocket`
 * handlers).
 *
 * @module
 */

import type { Connection, NotificationHub } from "./hub.ts";

const SOCKET_PATH = /^\/channels\/([^/]+)$/;

/** The channel id of a WebSocket upgrade request to the notifications endpoint. */
export function socketChannelId(request: Request): string | undefined {
  if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") return undefined;
  const m = SOCKET_PATH.exec(new URL(request.url).pathname);
  return m ? decodeURIComponent(m[1]) : undefined;
}

function notFound(): Response {
  return new Response("The channel does not exist.", {
    status: 404,
    headers: { "content-type": "text/plain" },
  });
}

/**
 * Deno: the upgrade response for a socket request, a 404 for an unknown channel, or
 * `undefined` when `request` is no socket request.
 */
export function upgradeWithDeno(
  hub: NotificationHub,
  request: Request,
  deno: typeof Deno,
): Response | undefined {
  const id = socketChannelId(request);
  if (id === undefined) return undefined;
  if (!hub.canAttach(id)) return notFound();
  const { socket, response } = deno.upgradeWebSocket(request);
  let connection: Connection | undefined;
  socket.onopen = () => {
    connection = hub.attach(id, {
      send: (text) => socket.send(text),
      close: (code, reason) => socket.close(code, reason),
    });
    if (!connection) socket.close(4002, "channel removed");
  };
  socket.onmessage = (e) => {
    if (connection && typeof e.data === "string") hub.received(connection, e.data);
  };
  socket.onclose = () => {
    if (connection) hub.detached(connection);
  };
  socket.onerror = () => {};
  return response;
}

/** What Bun's server-side socket offers. */
export interface BunServerSocket {
  data: { channelId: string; connection?: Connection };
  send(text: string): unknown;
  close(code?: number, reason?: string): void;
}

/** What Bun's server offers for upgrades. */
export interface BunUpgrader {
  upgrade(request: Request, options: { data: { channelId: string } }): boolean;
}

/**
 * Bun: `"upgraded"` when `request` became a socket, a 404 for an unknown channel or a failed
 * upgrade, or `undefined` when it is no socket request.
 */
export function upgradeWithBun(
  hub: NotificationHub,
  request: Request,
  server: BunUpgrader,
): Response | "upgraded" | undefined {
  const id = socketChannelId(request);
  if (id === undefined) return undefined;
  if (!hub.canAttach(id)) return notFound();
  return server.upgrade(request, { data: { channelId: id } }) ? "upgraded" : notFound();
}

/** The `websocket` handlers of `Bun.serve` for the notifications endpoint. */
export function bunWebSocketHandlers(hub: NotificationHub): {
  open(ws: BunServerSocket): void;
  message(ws: BunServerSocket, message: string | Uint8Array): void;
  close(ws: BunServerSocket): void;
} {
  return {
    open(ws) {
      ws.data.connection = hub.attach(ws.data.channelId, {
        send: (text) => void ws.send(text),
        close: (code, reason) => ws.close(code, reason),
      });
      if (!ws.data.connection) ws.close(4002, "channel removed");
    },
    message(ws, message) {
      if (ws.data.connection && typeof message === "string") {
        hub.received(ws.data.connection, message);
      }
    },
    close(ws) {
      if (ws.data.connection) hub.detached(ws.data.connection);
    },
  };
}
