/**
 * Public types of the sandbox's notifications service: its options and its controls
 * (`sandbox.notifications`).
 *
 * @module
 */

/**
 * Options of the notifications service (`SandboxOptions.notifications`). Times are in seconds
 * and may have fractions (`channelLifetimeSeconds: 2` for tests with compressed time).
 *
 * @example
 * ```ts
 * import type { SandboxNotificationOptions } from "./types.ts";
 * const fast: SandboxNotificationOptions = { channelLifetimeSeconds: 2, heartbeatIntervalSeconds: 0.2 };
 * ```
 */
export interface SandboxNotificationOptions {
  /** How long a channel lives (its `expires`). Default 86400 (24 hours). */
  channelLifetimeSeconds?: number;
  /** Heartbeats (`channel.metadata`) on each socket at this interval. Default 30. */
  heartbeatIntervalSeconds?: number;
  /** After `v2.system.socket_closing`, the socket is closed this much later. Default 60. */
  socketClosingGraceSeconds?: number;
  /** Topics one channel may hold (a `PUT`/`POST` past it answers 400). Default 1000. */
  maxTopicsPerChannel?: number;
  /**
   * Channels per user (or client) and OAuth client; creating one more removes the channel
   * with the oldest last use, those without a socket first, as the platform does. Default 20.
   */
  maxChannelsPerUserApp?: number;
}

/** A channel as the sandbox holds it (read-only view). */
export interface SandboxChannelInfo {
  /** Channel id. */
  readonly id: string;
  /** `ws://<host>/channels/<id>`. */
  readonly connectUri: string;
  /** ISO expiry time. */
  readonly expires: string;
  /** Subscribed topics. */
  readonly topics: ReadonlySet<string>;
  /** Whether a socket is connected. */
  readonly connected: boolean;
  /** The OAuth client that made it. */
  readonly clientId: string;
  /** The user it was made for (absent for client credentials). */
  readonly userId?: string;
}

/** What `publish` did. */
export interface PublishResult {
  /** The event's sequence number on its topic (1, 2, ...). */
  readonly sequence: number;
  /** The `CorrelationId` in its metadata. */
  readonly correlationId: string;
  /** Sockets it was sent to. */
  readonly delivered: number;
  /** `Date.now()` when it was sent. */
  readonly time: number;
}

/** Counters of the notifications service. */
export interface SandboxNotificationCounters {
  /** Channels created. */
  channelsCreated: number;
  /** Channels removed by the 20-channel limit. */
  channelsEvicted: number;
  /** Of those, channels that had a socket connected (their clients lost events). */
  connectedChannelsEvicted: number;
  /** Sockets accepted. */
  socketsOpened: number;
  /** Events published (each counted once, whatever the number of sockets). */
  published: number;
  /** Event frames sent (one per socket). */
  framesSent: number;
  /** Heartbeats sent. */
  heartbeats: number;
  /** Pings received. */
  pings: number;
}

/**
 * The controls of the notifications service (`sandbox.notifications`). Fault controls act on
 * one channel, or on every channel when `channelId` is omitted, and return how many channels
 * they touched.
 *
 * @example
 * ```ts
 * import { createSandboxHandler } from "../mod.ts";
 * const sandbox = createSandboxHandler();
 * const { delivered } = sandbox.notifications.publish("v2.users.u1.presence", { message: "hi" });
 * console.log(delivered); // 0: no socket subscribes it
 * ```
 */
export interface SandboxNotifications {
  /** The channels, by id. */
  readonly channels: ReadonlyMap<string, SandboxChannelInfo>;
  /** Sockets connected now. */
  readonly sockets: number;
  /** Counters (live object). */
  readonly counters: SandboxNotificationCounters;
  /**
   * Sends an event on `topic` to every socket whose channel subscribes it, with the next
   * sequence number of the topic in `metadata.sequence`.
   */
  publish(topic: string, eventBody: unknown): PublishResult;
  /** Closes sockets without warning (the channel stays: the client may reconnect to it). */
  dropSocket(channelId?: string): number;
  /** Stops heartbeats and ping answers on the current sockets (events still flow). */
  stopHeartbeats(channelId?: string): number;
  /** Sends `v2.system.socket_closing`, then closes the socket after `graceSeconds`. */
  sendSocketClosing(channelId?: string, graceSeconds?: number): number;
  /** Ends channels now, as their expiry would (socket closed, `HEAD` 404). */
  expireChannel(channelId?: string): number;
  /** Removes channels (socket closed, `HEAD` 404), as the platform's limit would. */
  deleteChannel(channelId?: string): number;
  /**
   * Revokes the access token a channel was made with (401 from then on), sends
   * `v2.system.token_revoked.<channelId>`, closes its socket and removes the channels made
   * with that token.
   */
  revokeToken(channelId?: string): number;
  /** Sends `v2.system.no_longer_subscribed.<channelId>` and empties the channel's topics. */
  noLongerSubscribed(channelId?: string): number;
}
