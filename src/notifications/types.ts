/**
 * The shapes the notifications client hands out: events, state changes, gaps, counters.
 *
 * @module
 */

/**
 * The `metadata` of a notification message. The platform sends `CorrelationId`; other fields
 * (the sandbox's per-topic `sequence`, say) pass through.
 */
export interface NotificationEventMetadata {
  /** Correlation id of the event: the same on every channel that receives it. */
  CorrelationId?: string;
  /** Anything else the server sent. */
  [key: string]: unknown;
}

/**
 * One event of a subscribed topic, as the WebSocket delivered it.
 *
 * @typeParam T The event body type (see `NotificationPayload`).
 *
 * @example
 * ```ts
 * import type { NotificationEvent } from "./types.ts";
 * const event: NotificationEvent<{ message?: string }> = {
 *   topicName: "v2.users.6a1f.presence",
 *   version: "2",
 *   eventBody: { message: "lunch" },
 *   metadata: { CorrelationId: "c-1" },
 * };
 * console.log(event.eventBody.message); // lunch
 * ```
 */
export interface NotificationEvent<T = unknown> {
  /** The concrete topic (`v2.users.<id>.presence`). */
  topicName: string;
  /** The message format version the server sent (`"2"`). */
  version: string;
  /** The event body. */
  eventBody: T;
  /** Message metadata. */
  metadata: NotificationEventMetadata;
}

/**
 * Connection state of the client: `connecting` until its first channel is open, `open`,
 * `reconnecting` after an unplanned loss (events may have been missed: a gap follows),
 * `rolling-over` while a channel is replaced with no gap, `closed` after `close()`. With
 * several channels, the state is the worst of theirs.
 */
export type NotificationState = "connecting" | "open" | "reconnecting" | "rolling-over" | "closed";

/** Why a channel changed state. */
export type NotificationStateReason =
  /** The channel's first connection, or a channel made for new topics. */
  | "subscribe"
  /** The channel is open again (or for the first time). */
  | "connected"
  /** Nothing arrived for `heartbeatTimeoutMs` and the ping got no answer. */
  | "heartbeat-timeout"
  /** The socket closed without being asked. */
  | "socket-closed"
  /** The server announced a close (`v2.system.socket_closing`): planned rollover. */
  | "socket-closing"
  /** The channel nears its `expires`: planned rollover. */
  | "expiring"
  /** `v2.system.no_longer_subscribed`: the topics are subscribed again. */
  | "no-longer-subscribed"
  /** `v2.system.token_revoked`: the token is renewed through the client, the channel remade. */
  | "token-revoked"
  /** The channel has no topics left and was let go. */
  | "released"
  /** `close()`. */
  | "close";

/**
 * A change of state, as `on("state")` reports it: one per channel transition.
 *
 * @example
 * ```ts
 * import type { NotificationStateChange } from "./types.ts";
 * const show = (c: NotificationStateChange) => console.log(`${c.previous} -> ${c.state} (${c.reason})`);
 * show({ state: "open", previous: "connecting", reason: "connected", channelState: "open" });
 * ```
 */
export interface NotificationStateChange {
  /** The client's state after the change. */
  state: NotificationState;
  /** The client's state before it. */
  previous: NotificationState;
  /** Why. */
  reason: NotificationStateReason;
  /** The state of the channel that changed. */
  channelState: NotificationState;
  /** Its channel id, when it has one. */
  channelId?: string;
}

/**
 * Events of some topics may have been missed: the socket was lost (not a planned rollover)
 * between `since` (the last message received on it) and `until` (delivery resumed). Read the
 * current state through the REST API when a gap matters.
 *
 * @example
 * ```ts
 * import type { NotificationGap } from "./types.ts";
 * const gap: NotificationGap = {
 *   topics: ["v2.users.6a1f.presence"], since: new Date(0), until: new Date(1500),
 *   reason: "socket-closed",
 * };
 * console.log(gap.until.getTime() - gap.since.getTime()); // 1500
 * ```
 */
export interface NotificationGap {
  /** The topics that may have missed events. */
  topics: string[];
  /** When the last message arrived before the loss. */
  since: Date;
  /** When delivery resumed. */
  until: Date;
  /** What caused it. */
  reason: NotificationStateReason;
  /** The channel that was lost, when known. */
  channelId?: string;
}

/**
 * Counters of a client (`stats()`); all since it was made.
 *
 * @example
 * ```ts
 * import type { NotificationStats } from "./types.ts";
 * const healthy = (s: NotificationStats) => s.gaps === 0 && s.dropped === 0;
 * ```
 */
export interface NotificationStats {
  /** Events delivered to subscriptions (an event read by two subscriptions counts twice). */
  messages: number;
  /** Heartbeats and ping answers (`channel.metadata`) received. */
  heartbeats: number;
  /** Unplanned reconnections begun. */
  reconnects: number;
  /** Planned rollovers completed (a new channel took over with no gap). */
  rollovers: number;
  /** Events dropped from full subscription buffers (overflow `"drop-oldest"`). */
  dropped: number;
  /** Copies of an event seen on both channels during a rollover, delivered once. */
  duplicates: number;
  /** Gaps reported (see `on("gap")`). */
  gaps: number;
  /** Channels held now (during a rollover the old and the new). */
  channels: number;
  /** Distinct topics subscribed now. */
  topics: number;
  /** Open subscriptions. */
  subscriptions: number;
  /** WebSockets open or opening now. */
  sockets: number;
  /** Timers pending now (watchdogs, rollovers, back-off waits). */
  timers: number;
}
