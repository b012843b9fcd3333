/**
 * A shard: up to `topicsPerChannel` topics on one channel, kept alive. One loop per shard takes
 * what happens (topic changes, a lost socket, system messages, the rollover time) one at a
 * time: reconnect with back-off (the same channel when `HEAD` finds it, else a new one with
 * every topic), roll over to a new channel with no gap before `expires` or on `socket_closing`,
 * subscribe again after `no_longer_subscribed`, remake the channel after `token_revoked`.
 *
 * @module
 */

import { ApiError } from "../base/errors.ts";
import type { NotificationsApi } from "../generated/apis/notifications.js";
import type { OperationClient } from "../operations/operation_client.ts";
import { backoffDelay } from "./backoff.ts";
import { eventKey, OverlapDedupe } from "./dedupe.ts";
import { NotificationError } from "./errors.ts";
import { type ChannelInfo, ChannelLink, type LinkHandlers, type SystemSignal } from "./link.ts";
import type { Slots } from "./slots.ts";
import type { ResolvedNotificationOptions } from "./options.ts";
import type { Timers } from "./timers.ts";
import type {
  NotificationEvent,
  NotificationGap,
  NotificationState,
  NotificationStateReason,
} from "./types.ts";

/** Counters a shard adds to. */
export interface ShardCounters {
  reconnects: number;
  rollovers: number;
  duplicates: number;
  heartbeats: number;
}

/** What a shard needs from its client. */
export interface ShardHost {
  readonly api: NotificationsApi<OperationClient>;
  readonly options: ResolvedNotificationOptions;
  readonly timers: Timers;
  /** Aborted when the client closes. */
  readonly signal: AbortSignal;
  /** A slot per channel held (`holdChannel(id, false)` frees a held channel's slot). */
  readonly slots: Slots;
  readonly sockets: { count: number };
  readonly counters: ShardCounters;
  /** A channel was made on a taken slot (`true`), or let go, freeing its slot (`false`). */
  holdChannel(id: string, held: boolean): void;
  /** An event to deliver. */
  deliver(event: NotificationEvent): void;
  /** A subscription request succeeded: topics permitted, and refused ones with their reasons. */
  confirmed(permitted: readonly string[], rejected: ReadonlyMap<string, string>): void;
  /** The shard's state changed. */
  changed(shard: Shard, reason: NotificationStateReason): void;
  /** Events may have been missed. */
  gap(gap: NotificationGap): void;
  /** Something failed (the shard carries on). */
  error(error: unknown): void;
}

type Signal =
  | { kind: "sync" }
  | { kind: "lost"; link: ChannelLink; reason: "socket-closed" | "heartbeat-timeout" }
  | { kind: "system"; link: ChannelLink; signal: SystemSignal; since: number }
  | { kind: "expiring"; link: ChannelLink }
  | { kind: "stop" };

/** 404 from the channel's REST calls: the channel is gone. */
function isGone(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

/** Past this skew between the server's `Date` and this clock, `expires` is corrected by it. */
const SKEW_TOLERANCE_MS = 5_000;
/** Channels live 24 hours: the expiry assumed when `expires` cannot be read. */
const DEFAULT_LIFETIME_MS = 86_400_000;

/**
 * When a channel expires on this machine's clock: `expires` as the server wrote it, shifted by
 * the server's clock skew when its `Date` header shows one past a few seconds.
 */
export function localExpiry(expires: unknown, date: string | null, now: number): number {
  const at = typeof expires === "string" ? Date.parse(expires) : NaN;
  if (!Number.isFinite(at)) return now + DEFAULT_LIFETIME_MS;
  const serverNow = date ? Date.parse(date) : NaN;
  const skew = Number.isFinite(serverNow) && Math.abs(serverNow - now) > SKEW_TOLERANCE_MS
    ? serverNow - now
    : 0;
  return at - skew;
}

/** Topics on one channel, kept alive by one loop. */
export class Shard {
  /** The topics the shard should have subscribed. */
  readonly topics: Set<string> = new Set();
  /** The shard's own state. */
  state: NotificationState = "connecting";
  readonly #host: ShardHost;
  readonly #abort = new AbortController();
  readonly #onHostAbort = () => this.#abort.abort();
  readonly #dedupe = new OverlapDedupe<ChannelLink>();
  readonly #links = new Set<ChannelLink>();
  readonly #handlers: LinkHandlers;
  #mailbox: Signal[] = [];
  #wake: (() => void) | undefined;
  #stopping = false;
  #stopReason: NotificationStateReason = "close";
  #channel: ChannelInfo | undefined;
  #link: ChannelLink | undefined;
  #confirmed = new Set<string>();
  #cancelExpiry: (() => void) | undefined;
  #cancelSyncRetry: (() => void) | undefined;
  #syncAttempts = 0;
  #retiring: Promise<void> | undefined;
  #dedupeGeneration = 0;
  #done: Promise<void> | undefined;
  #deferred:
    | { permitted: readonly string[]; rejected: ReadonlyMap<string, string> }[]
    | undefined;

  /** A shard of `host` (idle until `start()`). */
  constructor(host: ShardHost) {
    this.#host = host;
    this.#handlers = {
      event: (link, event, raw) => this.#onEvent(link, event, raw),
      system: (link, signal, since) => this.#post({ kind: "system", link, signal, since }),
      heartbeat: () => this.#host.counters.heartbeats++,
      lost: (link, reason) => this.#post({ kind: "lost", link, reason }),
    };
  }

  /** The current channel's id. */
  get channelId(): string | undefined {
    return this.#channel?.id;
  }

  /** Remembered event keys of a rollover (0 outside one). */
  get dedupeSize(): number {
    return this.#dedupe.size;
  }

  /** Starts the loop: connect, then keep the channel alive until `stop()`. */
  start(): void {
    if (this.#host.signal.aborted) this.#abort.abort();
    else this.#host.signal.addEventListener("abort", this.#onHostAbort, { once: true });
    this.#done ??= this.#run();
  }

  /** Adds a topic (subscribed by the loop, now or once the channel is back). */
  add(topic: string): void {
    this.topics.add(topic);
    this.#post({ kind: "sync" });
  }

  /** Removes a topic (unsubscribed by the loop, now or once the channel is back). */
  remove(topic: string): void {
    if (this.topics.delete(topic)) this.#post({ kind: "sync" });
  }

  /** Stops the loop, closes the sockets and lets the channels go; resolves when done. */
  stop(reason: "close" | "released"): Promise<void> {
    if (!this.#stopping) {
      this.#stopping = true;
      this.#stopReason = reason;
      this.#abort.abort();
      this.#mailbox = [{ kind: "stop" }];
      this.#wakeUp();
    }
    return this.#done ?? Promise.resolve();
  }

  #post(signal: Signal): void {
    if (this.#stopping) return;
    if (signal.kind === "sync" && this.#mailbox.some((s) => s.kind === "sync")) return;
    this.#mailbox.push(signal);
    this.#wakeUp();
  }

  #wakeUp(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  #next(): Promise<Signal> {
    const signal = this.#mailbox.shift();
    if (signal) return Promise.resolve(signal);
    return new Promise((resolve) => {
      this.#wake = () => resolve(this.#mailbox.shift() ?? { kind: "stop" });
    });
  }

  async #run(): Promise<void> {
    try {
      if (await this.#connect("subscribe", undefined)) {
        for (;;) {
          const signal = await this.#next();
          if (signal.kind === "stop" || this.#stopping) break;
          await this.#handle(signal);
        }
      }
    } catch (error) {
      // Every step handles its own failures; this is a bug, reported rather than lost.
      if (!this.#stopping) this.#host.error(error);
    } finally {
      await this.#teardown();
    }
  }

  async #handle(signal: Exclude<Signal, { kind: "stop" }>): Promise<void> {
    switch (signal.kind) {
      case "sync":
        if (this.#link?.isOpen) await this.#syncOrRecover();
        return;
      case "lost":
        if (signal.link === this.#link) {
          await this.#reconnect(signal.reason, signal.link.lastFrameAt, false);
        }
        return;
      case "expiring":
        if (signal.link === this.#link) await this.#rollover("expiring");
        return;
      case "system":
        if (signal.link !== this.#link) return;
        if (signal.signal === "socket-closing") await this.#rollover("socket-closing");
        else if (signal.signal === "token-revoked") {
          await this.#reconnect("token-revoked", signal.since, true);
        } else await this.#resubscribe(signal.since);
        return;
    }
  }

  #setState(state: NotificationState, reason: NotificationStateReason): void {
    this.state = state;
    this.#host.changed(this, reason);
  }

  /** Opens a socket on the channel (a new one or the same), subscribes, reports the gap. */
  async #connect(reason: NotificationStateReason, since: number | undefined): Promise<boolean> {
    const { options, timers } = this.#host;
    let attempt = 0;
    while (!this.#stopping) {
      try {
        if (this.#channel && !(await this.#exists(this.#channel))) this.#forgetChannel();
        if (!this.#channel) {
          this.#channel = await this.#create();
          this.#confirmed = new Set();
        }
        const link = this.#newLink(this.#channel);
        await link.open(this.#abort.signal);
        this.#link = link;
        // Subscriptions hear they are ready once the state says open.
        this.#deferred = [];
        await this.#syncNow();
        this.#scheduleExpiry();
        if (since !== undefined) this.#reportGap(since, reason, this.#channel.id);
        this.#syncAttempts = 0;
        this.#setState("open", "connected");
        this.#flushConfirmations();
        return true;
      } catch (error) {
        this.#flushConfirmations();
        if (this.#stopping) return false;
        this.#host.error(error);
        if (isGone(error)) this.#forgetChannel();
        const link = this.#link;
        this.#link = undefined;
        await link?.close();
        const delay = backoffDelay(options, attempt++);
        if (!(await timers.wait(delay, this.#abort.signal))) return false;
      }
    }
    return false;
  }

  /** Unplanned: the socket (or the channel, with `forget`) is lost; connect again. */
  async #reconnect(reason: NotificationStateReason, since: number, forget: boolean): Promise<void> {
    this.#host.counters.reconnects++;
    this.#cancelExpiryTimer();
    this.#setState("reconnecting", reason);
    const old = this.#link;
    this.#link = undefined;
    await old?.close();
    if (forget) this.#forgetChannel();
    await this.#connect(reason, since);
  }

  /** `no_longer_subscribed`: the same channel, every topic subscribed again. */
  async #resubscribe(since: number): Promise<void> {
    this.#host.counters.reconnects++;
    this.#setState("reconnecting", "no-longer-subscribed");
    this.#confirmed = new Set();
    try {
      await this.#syncNow();
      this.#reportGap(since, "no-longer-subscribed", this.#channel?.id);
      this.#setState("open", "connected");
    } catch (error) {
      if (this.#stopping) return;
      this.#host.error(error);
      const link = this.#link;
      this.#link = undefined;
      await link?.close();
      if (isGone(error)) this.#forgetChannel();
      await this.#connect("no-longer-subscribed", since);
    }
  }

  /** Subscribes what changed; a gone channel reconnects, another failure retries later. */
  async #syncOrRecover(): Promise<void> {
    try {
      await this.#syncNow();
      this.#syncAttempts = 0;
    } catch (error) {
      if (this.#stopping) return;
      this.#host.error(error);
      if (isGone(error) && this.#link) {
        await this.#reconnect("socket-closed", this.#link.lastFrameAt, true);
        return;
      }
      this.#cancelSyncRetry?.();
      const delay = backoffDelay(this.#host.options, this.#syncAttempts++);
      this.#cancelSyncRetry = this.#host.timers.after(delay, () => {
        this.#cancelSyncRetry = undefined;
        this.#post({ kind: "sync" });
      });
    }
  }

  /** Puts the wanted topics on the current channel until what the server has is what is wanted. */
  async #syncNow(): Promise<void> {
    const channel = this.#channel;
    if (!channel) return;
    while (!this.#stopping && this.#channel === channel && !sameSet(this.topics, this.#confirmed)) {
      this.#confirmed = await this.#subscribe(channel, [...this.topics]);
    }
  }

  /** `PUT` of `topics` on `channel`; returns the permitted ones and reports both kinds. */
  async #subscribe(channel: ChannelInfo, topics: string[]): Promise<Set<string>> {
    const listing = await this.#host.api.putNotificationsChannelSubscriptions(
      channel.id,
      topics.map((id) => ({ id })),
      { ignoreErrors: true, signal: this.#abort.signal },
    );
    const rejected = new Map<string, string>();
    for (const entity of listing?.entities ?? []) {
      if (entity.id && entity.state === "Rejected") {
        rejected.set(entity.id, entity.rejectionReason ?? "rejected by the server");
      }
    }
    const permitted = topics.filter((t) => !rejected.has(t));
    // The client drops refused topics from `topics` (their subscriptions end).
    if (this.#deferred) this.#deferred.push({ permitted, rejected });
    else this.#host.confirmed(permitted, rejected);
    for (const topic of rejected.keys()) this.topics.delete(topic);
    return new Set(permitted);
  }

  /** Reports the subscription results held back while connecting. */
  #flushConfirmations(): void {
    const deferred = this.#deferred;
    this.#deferred = undefined;
    for (const { permitted, rejected } of deferred ?? []) {
      this.#host.confirmed(permitted, rejected);
    }
  }

  /**
   * Planned: a new channel with every topic, then the switch, then the old channel closed after
   * the overlap; copies of an event seen on both are delivered once.
   */
  async #rollover(reason: "expiring" | "socket-closing"): Promise<void> {
    const old = this.#link!;
    const oldChannel = this.#channel!;
    const { timers, options } = this.#host;
    // One rollover at a time per shard: the previous one's old channel goes first.
    await this.#retiring;
    if (this.#stopping || this.#link !== old || old.lostAt !== undefined) return;
    this.#cancelExpiryTimer();
    this.#setState("rolling-over", reason);
    let attempt = 0;
    while (!this.#stopping) {
      let channel: ChannelInfo | undefined;
      let link: ChannelLink | undefined;
      const generation = ++this.#dedupeGeneration;
      try {
        channel = await this.#create();
        link = this.#newLink(channel);
        this.#dedupe.begin(old, link);
        await link.open(this.#abort.signal);
        const confirmed = await this.#subscribe(channel, [...this.topics]);
        // The switch: the new channel is the shard's; the old one still delivers for a while.
        this.#channel = channel;
        this.#link = link;
        this.#confirmed = confirmed;
        this.#host.counters.rollovers++;
        this.#scheduleExpiry();
        if (old.lostAt !== undefined) {
          this.#reportGap(old.lastFrameAt, "socket-closed", oldChannel.id);
        }
        this.#setState("open", "connected");
        this.#retiring = this.#retire(old, oldChannel, generation);
        if (!sameSet(this.topics, confirmed)) this.#post({ kind: "sync" });
        return;
      } catch (error) {
        if (this.#dedupeGeneration === generation) this.#dedupe.end();
        await link?.close();
        if (channel) this.#host.holdChannel(channel.id, false);
        if (this.#stopping) return;
        this.#host.error(error);
        // A lost old socket is the reconnection's to handle (its signal is waiting).
        if (old.lostAt !== undefined) return;
        if (!(await timers.wait(backoffDelay(options, attempt++), this.#abort.signal))) return;
      }
    }
  }

  /** After the overlap: closes the old socket, lets its channel go, then forgets the copies. */
  async #retire(old: ChannelLink, channel: ChannelInfo, generation: number): Promise<void> {
    const { timers, options } = this.#host;
    try {
      await timers.wait(options.rolloverOverlapMs, this.#abort.signal);
      await old.close();
    } finally {
      this.#host.holdChannel(channel.id, false);
    }
    // Copies still on their way on the new channel meet the old channel's keys for a while.
    await timers.wait(options.rolloverOverlapMs, this.#abort.signal);
    if (this.#dedupeGeneration === generation) this.#dedupe.end();
  }

  #onEvent(link: ChannelLink, event: NotificationEvent, raw: string): void {
    if (!this.#links.has(link)) return;
    if (this.#dedupe.active && !this.#dedupe.admit(link, eventKey(event, raw))) {
      this.#host.counters.duplicates++;
      return;
    }
    this.#host.deliver(event);
  }

  #newLink(channel: ChannelInfo): ChannelLink {
    const { options, timers, sockets } = this.#host;
    const link = new ChannelLink(channel, {
      heartbeatTimeoutMs: options.heartbeatTimeoutMs,
      pingTimeoutMs: options.pingTimeoutMs,
      connectTimeoutMs: options.connectTimeoutMs,
      webSocket: options.webSocket,
      timers,
      sockets,
    }, this.#handlers);
    this.#links.add(link);
    const close = link.close.bind(link);
    link.close = () => close().finally(() => this.#links.delete(link));
    return link;
  }

  /** Makes a channel once a slot is free (the client holds at most `maxChannels`). */
  async #create(): Promise<ChannelInfo> {
    const { slots, api } = this.#host;
    if (!(await slots.acquire(this.#abort.signal))) {
      throw new NotificationError("the client closed while waiting to make a channel");
    }
    let response;
    try {
      response = await api.postNotificationsChannels({ signal: this.#abort.signal }).withResponse();
    } catch (error) {
      slots.release();
      throw error;
    }
    const now = Date.now();
    const { id, connectUri, expires } = response.data ?? {};
    if (typeof id !== "string" || id === "" || typeof connectUri !== "string") {
      slots.release();
      throw new NotificationError(
        "POST /api/v2/notifications/channels answered without an id and a connectUri",
      );
    }
    this.#host.holdChannel(id, true);
    return {
      id,
      connectUri,
      createdAt: now,
      expiresAt: localExpiry(expires, response.headers.get("date"), now),
    };
  }

  /**
   * `HEAD` of the channel: false when it is gone (404), or so near its expiry that a rollover
   * would be due at once (a new channel is better then).
   */
  async #exists(channel: ChannelInfo): Promise<boolean> {
    if (Date.now() >= channel.expiresAt - this.#margin(channel)) return false;
    try {
      await this.#host.api.headNotificationsChannel(channel.id, { signal: this.#abort.signal });
      return true;
    } catch (error) {
      if (isGone(error)) return false;
      throw error;
    }
  }

  #forgetChannel(): void {
    if (this.#channel) this.#host.holdChannel(this.#channel.id, false);
    this.#channel = undefined;
    this.#confirmed = new Set();
  }

  /** Rolls over `rolloverMarginMs` before `expires` (at most half the channel's life before). */
  #scheduleExpiry(): void {
    this.#cancelExpiryTimer();
    const channel = this.#channel;
    const link = this.#link;
    if (!channel || !link) return;
    this.#cancelExpiry = this.#host.timers.after(
      channel.expiresAt - this.#margin(channel) - Date.now(),
      () => {
        this.#cancelExpiry = undefined;
        this.#post({ kind: "expiring", link });
      },
    );
  }

  /** How long before its expiry a channel is replaced: the margin, at most half its life. */
  #margin(channel: ChannelInfo): number {
    return Math.min(
      this.#host.options.rolloverMarginMs,
      (channel.expiresAt - channel.createdAt) / 2,
    );
  }

  #cancelExpiryTimer(): void {
    this.#cancelExpiry?.();
    this.#cancelExpiry = undefined;
  }

  #reportGap(since: number, reason: NotificationStateReason, channelId?: string): void {
    this.#host.gap({
      topics: [...this.topics],
      since: new Date(since),
      until: new Date(),
      reason,
      ...(channelId ? { channelId } : {}),
    });
  }

  async #teardown(): Promise<void> {
    this.#stopping = true;
    this.#abort.abort();
    this.#host.signal.removeEventListener("abort", this.#onHostAbort);
    this.#cancelExpiryTimer();
    this.#cancelSyncRetry?.();
    this.#cancelSyncRetry = undefined;
    await this.#retiring;
    await Promise.all([...this.#links].map((link) => link.close()));
    this.#forgetChannel();
    this.#link = undefined;
    this.#dedupe.end();
    this.#mailbox = [];
    this.#setState("closed", this.#stopReason);
  }
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}
