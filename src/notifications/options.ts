/**
 * Options of the notifications client, their defaults and their checks.
 *
 * @module
 */

import { ConfigurationError } from "../base/errors.ts";

/** What a subscription does when its reader lets its buffer fill up. */
export type OverflowPolicy = "drop-oldest" | "fail";

/**
 * Options of `NotificationClient`. Every field is optional; times are in milliseconds.
 *
 * @example
 * ```ts
 * import type { NotificationClientOptions } from "./options.ts";
 * const options: NotificationClientOptions = { heartbeatTimeoutMs: 45_000, overflow: "fail" };
 * ```
 */
export interface NotificationClientOptions {
  /**
   * With nothing received for this long, the client sends a ping (`{"message":"ping"}`);
   * heartbeats arrive about every 30 s. Default 65000.
   */
  heartbeatTimeoutMs?: number;
  /** After a ping, the client reconnects when nothing arrives within this. Default 10000. */
  pingTimeoutMs?: number;
  /** A WebSocket that is not open within this is given up (and retried). Default 10000. */
  connectTimeoutMs?: number;
  /**
   * A channel is replaced this long before its `expires` (at most half its life before).
   * Default 600000 (10 minutes; channels live 24 hours).
   */
  rolloverMarginMs?: number;
  /**
   * During a rollover the old channel keeps delivering this long after the new one is
   * subscribed (copies seen on both are delivered once). Default 2000.
   */
  rolloverOverlapMs?: number;
  /** First reconnection wait; it doubles at each failed attempt. Default 500. */
  reconnectMinMs?: number;
  /** Longest reconnection wait. Default 30000. */
  reconnectMaxMs?: number;
  /**
   * Share of each wait drawn at random (0: none; 1: anywhere between 0 and the wait), so that
   * many clients do not reconnect in step. Default 0.5.
   */
  reconnectJitter?: number;
  /** Events a subscription holds for its reader. Default 1000. */
  bufferSize?: number;
  /**
   * When a subscription's buffer is full: drop its oldest event and count it (`stats().dropped`,
   * `subscription.dropped`), or end the subscription with a `NotificationOverflowError`.
   * Default `"drop-oldest"`.
   */
  overflow?: OverflowPolicy;
  /** Topics per channel; past it another channel is opened. Default and maximum 1000. */
  topicsPerChannel?: number;
  /**
   * Channels this client may hold, one of them kept for rollovers (the platform allows 20 per
   * user and app, and drops the oldest past that). Default and maximum 20.
   */
  maxChannels?: number;
  /** Opens a WebSocket. Default: `new WebSocket(url)` (the standard global). */
  webSocket?: (url: string) => WebSocket;
}

/** The options with every default applied. */
export type ResolvedNotificationOptions = Required<NotificationClientOptions>;

/** The platform's topics per channel. */
export const MAX_TOPICS_PER_CHANNEL = 1000;
/** The platform's channels per user and app. */
export const MAX_CHANNELS = 20;
/** Longest time a timer can wait (2^31 - 1 ms). */
const MAX_MS = 2_147_483_647;

const DEFAULTS: Omit<ResolvedNotificationOptions, "webSocket"> = {
  heartbeatTimeoutMs: 65_000,
  pingTimeoutMs: 10_000,
  connectTimeoutMs: 10_000,
  rolloverMarginMs: 600_000,
  rolloverOverlapMs: 2_000,
  reconnectMinMs: 500,
  reconnectMaxMs: 30_000,
  reconnectJitter: 0.5,
  bufferSize: 1000,
  overflow: "drop-oldest",
  topicsPerChannel: MAX_TOPICS_PER_CHANNEL,
  maxChannels: MAX_CHANNELS,
};

function defaultWebSocket(url: string): WebSocket {
  return new WebSocket(url);
}

/**
 * The options with defaults; a bad value throws a `ConfigurationError` naming it (nothing is
 * applied).
 *
 * @example
 * ```ts
 * import { resolveOptions } from "./options.ts";
 * console.log(resolveOptions({ bufferSize: 10 }).bufferSize); // 10
 * ```
 */
export function resolveOptions(
  options: NotificationClientOptions = {},
): ResolvedNotificationOptions {
  if (typeof options !== "object" || options === null) {
    throw new ConfigurationError("NotificationClient options must be an object");
  }
  const o = { ...DEFAULTS, webSocket: defaultWebSocket, ...withoutUndefined(options) };
  const time = (name: keyof typeof DEFAULTS, min: number) => {
    const v = o[name];
    if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > MAX_MS) {
      throw new ConfigurationError(
        `NotificationClient: ${name} must be a number of milliseconds from ${min} to ${MAX_MS}`,
      );
    }
  };
  time("heartbeatTimeoutMs", 1);
  time("pingTimeoutMs", 1);
  time("connectTimeoutMs", 1);
  time("rolloverMarginMs", 0);
  time("rolloverOverlapMs", 0);
  time("reconnectMinMs", 0);
  time("reconnectMaxMs", 0);
  if (o.reconnectMaxMs < o.reconnectMinMs) {
    throw new ConfigurationError(
      "NotificationClient: reconnectMaxMs must be at least reconnectMinMs",
    );
  }
  if (!(o.reconnectJitter >= 0 && o.reconnectJitter <= 1)) {
    throw new ConfigurationError("NotificationClient: reconnectJitter must be from 0 to 1");
  }
  const integer = (
    name: "bufferSize" | "topicsPerChannel" | "maxChannels",
    min: number,
    max: number,
  ) => {
    const v = o[name];
    if (!Number.isInteger(v) || v < min || v > max) {
      throw new ConfigurationError(
        `NotificationClient: ${name} must be an integer from ${min} to ${max}`,
      );
    }
  };
  integer("bufferSize", 1, 10_000_000);
  integer("topicsPerChannel", 1, MAX_TOPICS_PER_CHANNEL);
  integer("maxChannels", 2, MAX_CHANNELS);
  if (o.overflow !== "drop-oldest" && o.overflow !== "fail") {
    throw new ConfigurationError('NotificationClient: overflow must be "drop-oldest" or "fail"');
  }
  if (typeof o.webSocket !== "function") {
    throw new ConfigurationError(
      "NotificationClient: webSocket must be a function (url) => WebSocket",
    );
  }
  return o;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
