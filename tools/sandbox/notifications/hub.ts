/**
 * The sandbox's notifications service: channels (with a lifetime and the platform's limits),
 * their subscriptions, the sockets connected to them (heartbeats, ping answers), publishing
 * with a sequence number per topic, and the fault controls.
 *
 * @module
 */

import { NOTIFICATION_TOPIC_PATTERNS } from "../../../src/generated/notifications/topics.ts";
import type { TokenAuthority, TokenClaims } from "../tokens.ts";
import type {
  PublishResult,
  SandboxChannelInfo,
  SandboxNotificationCounters,
  SandboxNotificationOptions,
  SandboxNotifications,
} from "./types.ts";

/** One end of a socket, as the runtime's server gives it. */
export interface PeerSocket {
  /** Sends a text frame (may throw once the socket is closing). */
  send(text: string): void;
  /** Closes the socket. */
  close(code: number, reason: string): void;
}

/** A socket connected to a channel. */
export interface Connection {
  readonly channel: Channel;
  readonly peer: PeerSocket;
  /** False once closed or replaced. */
  live: boolean;
  /** No heartbeats and no ping answers. */
  silent: boolean;
  heartbeat?: ReturnType<typeof setInterval>;
  expiry?: ReturnType<typeof setTimeout>;
  closing?: ReturnType<typeof setTimeout>;
}

/** A channel. */
export class Channel implements SandboxChannelInfo {
  readonly id: string = crypto.randomUUID();
  readonly connectUri: string;
  readonly createdAt: number = Date.now();
  expiresAt: number;
  lastUsedAt: number = Date.now();
  readonly topics: Set<string> = new Set();
  readonly clientId: string;
  readonly userId?: string;
  /** Who the 20-channel limit counts it for: the OAuth client and the user. */
  readonly owner: string;
  /** The `jti` of the token that made it. */
  readonly tokenId: string;
  connection: Connection | undefined;

  constructor(socketBase: string, lifetimeMs: number, claims: TokenClaims) {
    this.connectUri = `${socketBase}/channels/${this.id}`;
    this.expiresAt = this.createdAt + lifetimeMs;
    this.clientId = claims.client_id ?? claims.sub;
    if (claims.user_id) this.userId = claims.user_id;
    this.owner = ownerOf(claims);
    this.tokenId = claims.jti;
  }

  get expires(): string {
    return new Date(this.expiresAt).toISOString();
  }

  get connected(): boolean {
    return this.connection !== undefined;
  }
}

/** The 20-channel limit counts channels per OAuth client and user. */
export function ownerOf(claims: TokenClaims): string {
  return `${claims.client_id ?? claims.sub} ${claims.user_id ?? ""}`;
}

const HEARTBEAT = JSON.stringify({
  topicName: "channel.metadata",
  eventBody: { message: "WebSocket Heartbeat" },
});
const PONG = JSON.stringify({ topicName: "channel.metadata", eventBody: { message: "pong" } });

/** Close codes the sandbox uses. */
export const CLOSE = {
  normal: 1000,
  dropped: 4000,
  expired: 4001,
  removed: 4002,
  revoked: 4003,
} as const;

/** Topic patterns as regular expressions (`{id}`: one segment). */
const KNOWN_TOPICS: readonly RegExp[] = NOTIFICATION_TOPIC_PATTERNS.map((p) =>
  new RegExp(`^${p.replace(/[.]/g, "\\.").replaceAll("{id}", "[^.]+")}$`)
);

/** Why the sandbox refuses to subscribe `topic`, or undefined when it accepts it. */
export function topicProblem(topic: unknown): string | undefined {
  if (typeof topic !== "string" || topic === "") return "a topic id must be a non-empty string";
  if (topic === "channel.metadata" || topic.startsWith("v2.system.")) {
    return "system topics reach every channel without a subscription";
  }
  if (!KNOWN_TOPICS.some((re) => re.test(topic))) return "no notification topic has this pattern";
  return undefined;
}

function seconds(value: number | undefined, fallback: number, name: string): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v <= 0) {
    throw new RangeError(`notifications.${name} must be a number of seconds > 0`);
  }
  return v * 1000;
}

function count(value: number | undefined, fallback: number, name: string): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 1) {
    throw new RangeError(`notifications.${name} must be an integer >= 1`);
  }
  return v;
}

/** The notifications service of one sandbox. */
export class NotificationHub implements SandboxNotifications {
  readonly counters: SandboxNotificationCounters = {
    channelsCreated: 0,
    channelsEvicted: 0,
    connectedChannelsEvicted: 0,
    socketsOpened: 0,
    published: 0,
    framesSent: 0,
    heartbeats: 0,
    pings: 0,
  };
  readonly #tokens: TokenAuthority;
  readonly #channels = new Map<string, Channel>();
  readonly #subscribers = new Map<string, Set<Channel>>();
  readonly #sequences = new Map<string, number>();
  readonly #connections = new Set<Connection>();
  readonly #lifetimeMs: number;
  readonly #heartbeatMs: number;
  readonly #graceMs: number;
  /** Topics per channel. */
  readonly maxTopics: number;
  readonly #maxChannels: number;

  /** A service whose token revocations go to `tokens`. */
  constructor(tokens: TokenAuthority, options: SandboxNotificationOptions = {}) {
    this.#tokens = tokens;
    this.#lifetimeMs = seconds(options.channelLifetimeSeconds, 86_400, "channelLifetimeSeconds");
    this.#heartbeatMs = seconds(
      options.heartbeatIntervalSeconds,
      30,
      "heartbeatIntervalSeconds",
    );
    this.#graceMs = seconds(options.socketClosingGraceSeconds, 60, "socketClosingGraceSeconds");
    this.maxTopics = count(options.maxTopicsPerChannel, 1000, "maxTopicsPerChannel");
    this.#maxChannels = count(options.maxChannelsPerUserApp, 20, "maxChannelsPerUserApp");
  }

  /** See {@linkcode SandboxNotifications.channels}. */
  get channels(): ReadonlyMap<string, SandboxChannelInfo> {
    this.#purge();
    return this.#channels;
  }

  /** See {@linkcode SandboxNotifications.sockets}. */
  get sockets(): number {
    return this.#connections.size;
  }

  // ---- REST side ----

  /** Makes a channel for `claims`; past the limit, the owner's least recently used one goes. */
  create(claims: TokenClaims, socketBase: string): Channel {
    this.#purge();
    const owner = ownerOf(claims);
    const mine = [...this.#channels.values()].filter((c) => c.owner === owner);
    while (mine.length >= this.#maxChannels) {
      // As the platform: channels without a connection first, then the oldest last use.
      mine.sort((a, b) => Number(a.connected) - Number(b.connected) || a.lastUsedAt - b.lastUsedAt);
      const victim = mine.shift()!;
      this.counters.channelsEvicted++;
      if (victim.connected) this.counters.connectedChannelsEvicted++;
      this.#remove(
        victim,
        CLOSE.removed,
        "channel removed: too many channels for this user and app",
      );
    }
    const channel = new Channel(socketBase, this.#lifetimeMs, claims);
    this.#channels.set(channel.id, channel);
    this.counters.channelsCreated++;
    return channel;
  }

  /** The live channel `id` of the owner of `claims`. */
  find(id: string, claims: TokenClaims): Channel | undefined {
    const channel = this.#live(id);
    return channel && channel.owner === ownerOf(claims) ? channel : undefined;
  }

  /** The owner's channels (`oauthclient`), or those made with this very token (`token`). */
  list(claims: TokenClaims, include: "token" | "oauthclient"): Channel[] {
    this.#purge();
    const owner = ownerOf(claims);
    return [...this.#channels.values()].filter((c) =>
      include === "token" ? c.tokenId === claims.jti : c.owner === owner
    );
  }

  /** Replaces (or, with `add`, extends) a channel's topics. */
  setTopics(channel: Channel, topics: Iterable<string>, add: boolean): void {
    if (!add) {
      for (const topic of channel.topics) this.#subscribers.get(topic)?.delete(channel);
      channel.topics.clear();
    }
    for (const topic of topics) {
      channel.topics.add(topic);
      let set = this.#subscribers.get(topic);
      if (!set) this.#subscribers.set(topic, set = new Set());
      set.add(channel);
    }
    channel.lastUsedAt = Date.now();
  }

  // ---- socket side ----

  /** True when a socket may connect to channel `id`. */
  canAttach(id: string): boolean {
    return this.#live(id) !== undefined;
  }

  /** A socket connected to channel `id` (replacing its earlier socket), or undefined. */
  attach(id: string, peer: PeerSocket): Connection | undefined {
    const channel = this.#live(id);
    if (!channel) return undefined;
    if (channel.connection) {
      this.#close(channel.connection, CLOSE.normal, "replaced by a new socket");
    }
    const connection: Connection = { channel, peer, live: true, silent: false };
    channel.connection = connection;
    channel.lastUsedAt = Date.now();
    this.#connections.add(connection);
    this.counters.socketsOpened++;
    connection.heartbeat = setInterval(() => {
      if (connection.silent) return;
      this.counters.heartbeats++;
      send(connection, HEARTBEAT);
    }, this.#heartbeatMs);
    connection.expiry = setTimeout(
      () => this.#remove(channel, CLOSE.expired, "channel expired"),
      Math.max(0, channel.expiresAt - Date.now()),
    );
    return connection;
  }

  /** A frame from a socket: `{"message":"ping"}` is answered unless heartbeats are stopped. */
  received(connection: Connection, text: string): void {
    if (!connection.live) return;
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if ((message as { message?: unknown })?.message === "ping") {
      this.counters.pings++;
      if (!connection.silent) send(connection, PONG);
    }
  }

  /** The socket closed (from either side). */
  detached(connection: Connection): void {
    this.#release(connection);
  }

  /** Closes every socket and stops every timer (the sandbox stops). */
  closeAll(): void {
    for (const connection of [...this.#connections]) {
      this.#close(connection, CLOSE.normal, "sandbox stopped");
    }
  }

  // ---- controls ----

  /** See {@linkcode SandboxNotifications.publish}. */
  publish(topic: string, eventBody: unknown): PublishResult {
    const sequence = (this.#sequences.get(topic) ?? 0) + 1;
    this.#sequences.set(topic, sequence);
    const correlationId = crypto.randomUUID();
    const frame = JSON.stringify({
      topicName: topic,
      version: "2",
      eventBody,
      metadata: { CorrelationId: correlationId, sequence },
    });
    const time = Date.now();
    let delivered = 0;
    for (const channel of this.#subscribers.get(topic) ?? []) {
      const connection = channel.connection;
      if (!connection || channel.expiresAt <= time) continue;
      if (send(connection, frame)) delivered++;
    }
    this.counters.published++;
    this.counters.framesSent += delivered;
    return { sequence, correlationId, delivered, time };
  }

  /** See {@linkcode SandboxNotifications.dropSocket}. */
  dropSocket(channelId?: string): number {
    return this.#each(channelId, (c) => {
      if (!c.connection) return false;
      this.#close(c.connection, CLOSE.dropped, "dropped by the sandbox (fault)");
      return true;
    });
  }

  /** See {@linkcode SandboxNotifications.stopHeartbeats}. */
  stopHeartbeats(channelId?: string): number {
    return this.#each(channelId, (c) => {
      if (!c.connection) return false;
      c.connection.silent = true;
      return true;
    });
  }

  /** See {@linkcode SandboxNotifications.sendSocketClosing}. */
  sendSocketClosing(channelId?: string, graceSeconds?: number): number {
    const grace = graceSeconds === undefined
      ? this.#graceMs
      : seconds(graceSeconds, 0, "graceSeconds");
    return this.#each(channelId, (c) => {
      const connection = c.connection;
      if (!connection || connection.closing) return false;
      send(
        connection,
        systemFrame("v2.system.socket_closing", c, {
          message: "The socket will close for maintenance: reconnect",
        }),
      );
      connection.closing = setTimeout(() => {
        connection.closing = undefined;
        this.#close(connection, CLOSE.normal, "closed for maintenance");
      }, grace);
      return true;
    });
  }

  /** See {@linkcode SandboxNotifications.expireChannel}. */
  expireChannel(channelId?: string): number {
    return this.#each(channelId, (c) => {
      c.expiresAt = Date.now();
      this.#remove(c, CLOSE.expired, "channel expired");
      return true;
    });
  }

  /** See {@linkcode SandboxNotifications.deleteChannel}. */
  deleteChannel(channelId?: string): number {
    return this.#each(channelId, (c) => {
      this.#remove(c, CLOSE.removed, "channel removed");
      return true;
    });
  }

  /** See {@linkcode SandboxNotifications.revokeToken}. */
  revokeToken(channelId?: string): number {
    const tokens = new Set<string>();
    this.#each(channelId, (c) => tokens.add(c.tokenId) && true);
    return this.#revokeTokens(tokens);
  }

  /** Revokes tokens by `jti`: `token_revoked` on their channels, which then go. */
  revokeTokenIds(tokenIds: ReadonlySet<string>): number {
    return this.#revokeTokens(tokenIds);
  }

  /** See {@linkcode SandboxNotifications.noLongerSubscribed}. */
  noLongerSubscribed(channelId?: string): number {
    return this.#each(channelId, (c) => {
      this.setTopics(c, [], false);
      if (c.connection) {
        send(
          c.connection,
          systemFrame(`v2.system.no_longer_subscribed.${c.id}`, c, {
            systemTopicType: "no_longer_subscribed",
            reason: "another_channel_subscribed",
            message: "The channel's subscriptions were removed",
          }),
        );
      }
      return true;
    });
  }

  #revokeTokens(tokenIds: ReadonlySet<string>): number {
    let n = 0;
    for (const id of tokenIds) this.#tokens.revoke(id);
    for (const c of [...this.#channels.values()]) {
      if (!tokenIds.has(c.tokenId)) continue;
      n++;
      if (c.connection) {
        send(
          c.connection,
          systemFrame(`v2.system.token_revoked.${c.id}`, c, {
            systemTopicType: "token_revoked",
            reason: "user_tokens_revoked",
            message: "The access token of this channel was revoked",
          }),
        );
      }
      this.#remove(c, CLOSE.revoked, "token revoked");
    }
    return n;
  }

  #each(channelId: string | undefined, fn: (channel: Channel) => boolean): number {
    this.#purge();
    const targets = channelId === undefined
      ? [...this.#channels.values()]
      : [this.#channels.get(channelId)].filter((c): c is Channel => c !== undefined);
    let n = 0;
    for (const c of targets) if (fn(c)) n++;
    return n;
  }

  #live(id: string): Channel | undefined {
    const channel = this.#channels.get(id);
    if (!channel) return undefined;
    if (channel.expiresAt <= Date.now()) {
      this.#remove(channel, CLOSE.expired, "channel expired");
      return undefined;
    }
    return channel;
  }

  /** Removes expired channels (those without a socket have no timer). */
  #purge(): void {
    const now = Date.now();
    for (const channel of [...this.#channels.values()]) {
      if (channel.expiresAt <= now) this.#remove(channel, CLOSE.expired, "channel expired");
    }
  }

  #remove(channel: Channel, code: number, reason: string): void {
    if (channel.connection) this.#close(channel.connection, code, reason);
    this.setTopics(channel, [], false);
    this.#channels.delete(channel.id);
  }

  #close(connection: Connection, code: number, reason: string): void {
    if (!connection.live) return;
    this.#release(connection);
    try {
      connection.peer.close(code, reason);
    } catch {
      // Already closed.
    }
  }

  #release(connection: Connection): void {
    if (!connection.live) return;
    connection.live = false;
    clearInterval(connection.heartbeat);
    clearTimeout(connection.expiry);
    clearTimeout(connection.closing);
    this.#connections.delete(connection);
    if (connection.channel.connection === connection) connection.channel.connection = undefined;
  }
}

function send(connection: Connection, text: string): boolean {
  if (!connection.live) return false;
  try {
    connection.peer.send(text);
    return true;
  } catch {
    return false;
  }
}

function systemFrame(topicName: string, channel: Channel, body: Record<string, unknown>): string {
  return JSON.stringify({
    topicName,
    version: "2",
    eventBody: {
      channelId: channel.id,
      oauthClientId: channel.clientId,
      ...(channel.userId ? { userId: channel.userId } : {}),
      ...body,
    },
    metadata: { CorrelationId: crypto.randomUUID() },
  });
}
