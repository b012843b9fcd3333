/**
 * One WebSocket to one channel: opening it, reading its messages, the heartbeat watchdog (ping,
 * then give up) and closing it so that nothing stays behind.
 *
 * @module
 */

import { NotificationConnectionError } from "./errors.ts";
import type { Timers } from "./timers.ts";
import { HEARTBEAT_TOPIC } from "./topics.ts";
import type { NotificationEvent } from "./types.ts";

/** A channel as the client holds it. */
export interface ChannelInfo {
  /** Channel id. */
  readonly id: string;
  /** The WebSocket URL. */
  readonly connectUri: string;
  /** When the channel was made, on this machine's clock (ms). */
  readonly createdAt: number;
  /** When it expires, on this machine's clock (ms). */
  readonly expiresAt: number;
}

/** System messages the client acts on. */
export type SystemSignal = "socket-closing" | "token-revoked" | "no-longer-subscribed";

/** What a link reports to its owner. */
export interface LinkHandlers {
  /** A topic event (`raw`: the frame's text). */
  event(link: ChannelLink, event: NotificationEvent, raw: string): void;
  /** A system message; `since`: when the message before it arrived. */
  system(link: ChannelLink, signal: SystemSignal, since: number): void;
  /** A heartbeat or ping answer. */
  heartbeat(): void;
  /** The socket was lost without being asked to close. */
  lost(link: ChannelLink, reason: "socket-closed" | "heartbeat-timeout"): void;
}

/** What a link needs. */
export interface LinkSettings {
  readonly heartbeatTimeoutMs: number;
  readonly pingTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly webSocket: (url: string) => WebSocket;
  readonly timers: Timers;
  /** Counts sockets: +1 when one is made, -1 when it has closed. */
  readonly sockets: { count: number };
}

/** Longest wait for the close handshake before a socket is counted closed anyway. */
const CLOSE_WAIT_MS = 2_000;
const PING = JSON.stringify({ message: "ping" });
const decoder = new TextDecoder();

/**
 * A WebSocket to one channel. `open()` connects; messages go to the handlers; a socket that
 * closes unasked, or stays silent past the heartbeat timeout and a ping, is reported `lost`;
 * `close()` closes it and resolves once it has closed.
 */
export class ChannelLink {
  /** The channel. */
  readonly channel: ChannelInfo;
  /** When the last message arrived (ms), or when the socket opened. */
  lastFrameAt: number = Date.now();
  /** When the socket was lost unasked (ms), if it was. */
  lostAt: number | undefined;
  readonly #settings: LinkSettings;
  readonly #handlers: LinkHandlers;
  #ws: WebSocket | undefined;
  #state: "new" | "opening" | "open" | "closing" | "closed" = "new";
  #closed: Promise<void> | undefined;
  #markClosed: (() => void) | undefined;
  #cancelWatch: (() => void) | undefined;
  #pingSentAt: number | undefined;

  /** A link to `channel` (not connected yet). */
  constructor(channel: ChannelInfo, settings: LinkSettings, handlers: LinkHandlers) {
    this.channel = channel;
    this.#settings = settings;
    this.#handlers = handlers;
  }

  /** True while the socket delivers (open and not closing). */
  get isOpen(): boolean {
    return this.#state === "open";
  }

  /**
   * Opens the socket; rejects with a `NotificationConnectionError` when it fails, closes first
   * or is not open within `connectTimeoutMs`, or when `signal` aborts.
   */
  async open(signal: AbortSignal): Promise<void> {
    if (this.#state !== "new") throw new NotificationConnectionError("a link opens once");
    this.#state = "opening";
    const { webSocket, timers, sockets, connectTimeoutMs } = this.#settings;
    let ws: WebSocket;
    try {
      ws = webSocket(this.channel.connectUri);
    } catch (cause) {
      this.#state = "closed";
      throw new NotificationConnectionError(
        `cannot open the WebSocket of channel ${this.channel.id}: ${message(cause)}`,
        { cause },
      );
    }
    this.#ws = ws;
    sockets.count++;
    this.#closed = new Promise((resolve) => {
      this.#markClosed = () => {
        if (this.#markClosed === undefined) return;
        this.#markClosed = undefined;
        sockets.count--;
        resolve();
      };
    });
    ws.binaryType = "arraybuffer";
    ws.addEventListener("close", () => this.#onClose());
    ws.addEventListener("message", (e) => this.#onMessage((e as MessageEvent).data));
    await new Promise<void>((resolve, reject) => {
      const fail = (problem: string) => {
        cleanup();
        reject(
          new NotificationConnectionError(
            `the WebSocket of channel ${this.channel.id} ${problem}`,
          ),
        );
        void this.close();
      };
      const onOpen = () => {
        cleanup();
        resolve();
      };
      const onClose = () => fail("closed before it opened");
      const onAbort = () => fail("was not needed any more (the client is closing)");
      const cancelTimer = timers.after(
        connectTimeoutMs,
        () => fail(`did not open within ${connectTimeoutMs} ms (connectTimeoutMs)`),
      );
      const cleanup = () => {
        cancelTimer();
        ws.removeEventListener("open", onOpen);
        ws.removeEventListener("close", onClose);
        signal.removeEventListener("abort", onAbort);
      };
      ws.addEventListener("open", onOpen);
      ws.addEventListener("close", onClose);
      if (signal.aborted) onAbort();
      else signal.addEventListener("abort", onAbort, { once: true });
    });
    if (this.#state !== "opening") {
      throw new NotificationConnectionError(`the WebSocket of channel ${this.channel.id} closed`);
    }
    this.#state = "open";
    this.lastFrameAt = Date.now();
    this.#watch(this.#settings.heartbeatTimeoutMs);
  }

  /** Closes the socket (asked: not reported lost); resolves once it has closed. Idempotent. */
  close(): Promise<void> {
    if (this.#state === "new") this.#state = "closed";
    if (this.#state === "closed" || this.#ws === undefined) {
      return this.#closed ?? Promise.resolve();
    }
    if (this.#state !== "closing") {
      this.#state = "closing";
      this.#stopWatch();
      try {
        this.#ws.close(1000, "client done");
      } catch {
        // Already closing: the close event follows.
      }
      // A close handshake the server never answers must not hold the client.
      const cancel = this.#settings.timers.after(CLOSE_WAIT_MS, () => this.#onClose());
      this.#closed!.then(cancel);
    }
    return this.#closed!;
  }

  #onClose(): void {
    const wasOpen = this.#state === "open";
    this.#state = "closed";
    this.#stopWatch();
    this.#markClosed?.();
    if (wasOpen) {
      this.lostAt = Date.now();
      this.#handlers.lost(this, "socket-closed");
    }
  }

  #onMessage(data: unknown): void {
    if (this.#state !== "open") return;
    const previous = this.lastFrameAt;
    this.lastFrameAt = Date.now();
    const text = typeof data === "string"
      ? data
      : data instanceof ArrayBuffer
      ? decoder.decode(data)
      : undefined;
    if (text === undefined) return;
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(text);
    } catch {
      return; // Not a notification: liveness only.
    }
    const topicName = message?.topicName;
    if (typeof topicName !== "string") return;
    if (topicName === HEARTBEAT_TOPIC) {
      this.#handlers.heartbeat();
      return;
    }
    if (topicName.startsWith("v2.system.")) {
      const signal: SystemSignal | undefined = topicName === "v2.system.socket_closing"
        ? "socket-closing"
        : topicName.startsWith("v2.system.token_revoked")
        ? "token-revoked"
        : topicName.startsWith("v2.system.no_longer_subscribed")
        ? "no-longer-subscribed"
        : undefined;
      if (signal) this.#handlers.system(this, signal, previous);
      return;
    }
    const metadata = message.metadata;
    this.#handlers.event(this, {
      topicName,
      version: message.version === undefined ? "" : String(message.version),
      eventBody: message.eventBody,
      metadata: typeof metadata === "object" && metadata !== null
        ? metadata as NotificationEvent["metadata"]
        : {},
    }, text);
  }

  /** Checks for silence after `ms`: nothing since then sends a ping, then gives up. */
  #watch(ms: number): void {
    this.#stopWatch();
    this.#cancelWatch = this.#settings.timers.after(ms, () => {
      this.#cancelWatch = undefined;
      if (this.#state !== "open") return;
      const now = Date.now();
      const { heartbeatTimeoutMs, pingTimeoutMs } = this.#settings;
      if (this.#pingSentAt !== undefined) {
        if (this.lastFrameAt > this.#pingSentAt) {
          this.#pingSentAt = undefined;
          this.#watch(heartbeatTimeoutMs - (now - this.lastFrameAt));
          return;
        }
        this.lostAt = now;
        this.#pingSentAt = undefined;
        this.#handlers.lost(this, "heartbeat-timeout");
        return;
      }
      const silent = now - this.lastFrameAt;
      if (silent < heartbeatTimeoutMs) {
        this.#watch(heartbeatTimeoutMs - silent);
        return;
      }
      this.#pingSentAt = now;
      try {
        this.#ws?.send(PING);
      } catch {
        // The close event follows.
      }
      this.#watch(pingTimeoutMs);
    });
  }

  #stopWatch(): void {
    this.#cancelWatch?.();
    this.#cancelWatch = undefined;
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
