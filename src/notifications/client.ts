/**
 * `NotificationClient`: typed subscriptions to Genesys Cloud notification topics over
 * WebSocket channels that stay alive for weeks.
 *
 * @module
 */

import { ConfigurationError } from "../base/errors.ts";
import { NotificationsApi } from "../generated/apis/notifications.js";
import type { OperationClient } from "../operations/operation_client.ts";
import {
  NotificationChannelLimitError,
  NotificationError,
  NotificationTopicError,
} from "./errors.ts";
import { Slots } from "./slots.ts";
import {
  type NotificationClientOptions,
  type ResolvedNotificationOptions,
  resolveOptions,
} from "./options.ts";
import { Shard, type ShardCounters, type ShardHost } from "./shard.ts";
import {
  feed,
  finish,
  NotificationSubscription,
  settle,
  type SubscriptionSettings,
} from "./subscription.ts";
import { Timers } from "./timers.ts";
import { checkTopic, type NotificationPayload } from "./topics.ts";
import type {
  NotificationEvent,
  NotificationGap,
  NotificationState,
  NotificationStateChange,
  NotificationStateReason,
  NotificationStats,
} from "./types.ts";

/** The listener of each event `on()` takes. */
export interface NotificationClientEvents {
  /** A channel changed state (one call per transition). */
  state: (change: NotificationStateChange) => void;
  /** Something failed; the client carries on (reconnecting, retrying) unless closed. */
  error: (error: Error) => void;
  /** Events may have been missed. */
  gap: (gap: NotificationGap) => void;
}

/** A subscribed topic: its shard, its subscriptions, whether the server has it. */
interface TopicEntry {
  shard: Shard;
  /** Its subscriptions (usually one: an array is the lightest). */
  readonly subs: NotificationSubscription<unknown>[];
  confirmed: boolean;
}

/** The worst state first: the client's state is the first any shard is in. */
const STATE_ORDER: readonly NotificationState[] = [
  "reconnecting",
  "connecting",
  "rolling-over",
  "open",
];

/**
 * Subscribes to notification topics and keeps them flowing: each topic's events come through a
 * typed `NotificationSubscription` (an async iterable), whatever happens to the channels under
 * it. Channels and subscriptions go through the generated `NotificationsApi` on the client you
 * give (so its auth, token renewal, retries and pacing apply); events come over the standard
 * `WebSocket` (Deno, Bun, browsers, Cloudflare Workers).
 *
 * - Heartbeat watchdog: nothing received for `heartbeatTimeoutMs` sends a ping; no answer within
 *   `pingTimeoutMs` reconnects.
 * - Reconnection with exponential back-off and jitter, to the same channel while `HEAD` finds
 *   it, else to a new channel with every topic subscribed again; the loss is reported as a gap.
 * - Planned rollover with no gap, `rolloverMarginMs` before the channel's `expires` and on
 *   `v2.system.socket_closing`: a new channel is made and subscribed, then the old one is closed
 *   after `rolloverOverlapMs`; events seen on both are delivered once.
 * - `v2.system.no_longer_subscribed`: subscribes again; `v2.system.token_revoked`: remakes the
 *   channel (the client renews its token on the 401 that follows).
 * - More than `topicsPerChannel` (1,000) topics: more channels; a subscription that would need
 *   more than `maxChannels` (20, one kept for rollovers) fails with a
 *   `NotificationChannelLimitError` before any channel is made.
 * - Subscribing and unsubscribing while reconnecting is applied once the channel is back.
 *
 * @example
 * ```ts
 * import { NotificationClient } from "./client.ts";
 * import { LiteClient } from "../client/lite_client.ts";
 *
 * await using notifications = new NotificationClient(new LiteClient({ accessToken: "token" }));
 * notifications.on("state", (change) => console.log(change.state));
 * console.log(notifications.state, notifications.stats().channels); // connecting 0
 *
 * // The event body type follows from the topic: here PresenceEventUserPresence.
 * async function watch(userId: string) {
 *   for await (const event of notifications.subscribe(`v2.users.${userId}.presence`)) {
 *     console.log(event.eventBody.presenceDefinition?.systemPresence);
 *   }
 * }
 * console.log(typeof watch); // function
 * ```
 */
export class NotificationClient implements AsyncDisposable {
  readonly #options: ResolvedNotificationOptions;
  readonly #timers = new Timers();
  readonly #abort = new AbortController();
  readonly #host: ShardHost;
  readonly #counters: ShardCounters = { reconnects: 0, rollovers: 0, duplicates: 0, heartbeats: 0 };
  readonly #sockets = { count: 0 };
  readonly #channels = new Set<string>();
  readonly #topics = new Map<string, TopicEntry>();
  readonly #shards: Shard[] = [];
  readonly #stopping = new Set<Promise<void>>();
  readonly #listeners: { [K in keyof NotificationClientEvents]: Set<NotificationClientEvents[K]> } =
    { state: new Set(), error: new Set(), gap: new Set() };
  #messages = 0;
  #dropped = 0;
  #gaps = 0;
  #subscriptions = 0;
  #state: NotificationState = "connecting";
  #closing: Promise<void> | undefined;
  readonly #settings: SubscriptionSettings;

  /**
   * A client sending its REST calls through `client` (a `PlatformClient`, a `LiteClient` or
   * any `OperationClient`). Bad options throw a `ConfigurationError` naming them.
   */
  constructor(client: OperationClient, options: NotificationClientOptions = {}) {
    if (typeof (client as { call?: unknown } | null)?.call !== "function") {
      throw new ConfigurationError(
        "NotificationClient needs a PlatformClient, a LiteClient or another OperationClient",
      );
    }
    this.#options = resolveOptions(options);
    this.#settings = {
      bufferSize: this.#options.bufferSize,
      overflow: this.#options.overflow,
      onClose: (s) => this.#release(s),
      onOverflow: (error) => this.#emit("error", error),
    };
    const api = new NotificationsApi(client);
    this.#host = {
      api,
      options: this.#options,
      timers: this.#timers,
      signal: this.#abort.signal,
      slots: new Slots(this.#options.maxChannels),
      sockets: this.#sockets,
      counters: this.#counters,
      holdChannel: (id, held) => this.#holdChannel(id, held),
      deliver: (event) => this.#deliver(event),
      confirmed: (permitted, rejected) => this.#confirmed(permitted, rejected),
      changed: (shard, reason) => this.#changed(shard, reason),
      gap: (gap) => {
        this.#gaps++;
        this.#emit("gap", gap);
      },
      error: (error) => this.#emit("error", toError(error)),
    };
  }

  /** The connection state (the worst of the channels'). */
  get state(): NotificationState {
    return this.#state;
  }

  /**
   * Subscribes to `topic` (`` `v2.users.${userId}.presence` ``): the subscription yields its
   * events, typed by the topic's pattern (`unknown` for a topic of no known pattern). The topic
   * is subscribed on the server in the background (`subscription.ready`); several subscriptions
   * to one topic share it.
   *
   * @throws {NotificationTopicError} when `topic` is no topic string or a system topic.
   * @throws {NotificationChannelLimitError} when the topic needs a channel past `maxChannels`.
   * @throws {NotificationError} when the client is closed.
   */
  subscribe<T extends string>(topic: T): NotificationSubscription<NotificationPayload<T>> {
    if (this.#closing) throw new NotificationError(`subscribe(${topic}): the client is closed`);
    checkTopic(topic);
    let entry = this.#topics.get(topic);
    const shard = entry?.shard ?? this.#shardWithRoom();
    const subscription = new NotificationSubscription<NotificationPayload<T>>(
      topic,
      this.#settings,
    );
    const mine = subscription as NotificationSubscription<unknown>;
    if (!entry) {
      entry = { shard, subs: [mine], confirmed: false };
      this.#topics.set(topic, entry);
      shard.add(topic);
    } else {
      entry.subs.push(mine);
      if (entry.confirmed) settle(mine);
    }
    this.#subscriptions++;
    return subscription;
  }

  /**
   * Listens to `state` changes, `error`s or `gap`s; returns a function that stops listening.
   * A listener that throws does not stop the client (the error is reported asynchronously).
   */
  on<K extends keyof NotificationClientEvents>(
    type: K,
    listener: NotificationClientEvents[K],
  ): () => void {
    const set = this.#listeners[type] as Set<NotificationClientEvents[K]> | undefined;
    if (!set) throw new ConfigurationError(`NotificationClient.on: unknown event ${String(type)}`);
    if (typeof listener !== "function") {
      throw new ConfigurationError(
        `NotificationClient.on(${type}): the listener must be a function`,
      );
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Counters (see {@linkcode NotificationStats}). */
  stats(): NotificationStats {
    return {
      messages: this.#messages,
      heartbeats: this.#counters.heartbeats,
      reconnects: this.#counters.reconnects,
      rollovers: this.#counters.rollovers,
      dropped: this.#dropped,
      duplicates: this.#counters.duplicates,
      gaps: this.#gaps,
      channels: this.#channels.size,
      topics: this.#topics.size,
      subscriptions: this.#subscriptions,
      sockets: this.#sockets.count,
      timers: this.#timers.size,
    };
  }

  /**
   * Ends every subscription, closes every socket and stops every timer; resolves once nothing
   * is left (no socket, timer or pending promise). Idempotent.
   */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  /** `await using notifications = new NotificationClient(client)` closes it at scope end. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #close(): Promise<void> {
    this.#abort.abort();
    for (const entry of this.#topics.values()) {
      for (const sub of [...entry.subs]) finish(sub);
    }
    const shards = this.#shards.splice(0);
    await Promise.all([...shards.map((s) => s.stop("close")), ...this.#stopping]);
    this.#timers.clear();
    const previous = this.#state;
    this.#state = "closed";
    this.#emit("state", { state: "closed", previous, reason: "close", channelState: "closed" });
    for (const set of Object.values(this.#listeners)) set.clear();
  }

  /** The first shard with room, or a new one when the channel limit allows it. */
  #shardWithRoom(): Shard {
    const { topicsPerChannel, maxChannels } = this.#options;
    const shard = this.#shards.find((s) => s.topics.size < topicsPerChannel);
    if (shard) return shard;
    // One channel stays free for rollovers (the old and new channel both live for a while).
    if (this.#shards.length + 1 > maxChannels - 1) {
      throw new NotificationChannelLimitError(maxChannels, this.#shards.length, topicsPerChannel);
    }
    const created = new Shard(this.#host);
    this.#shards.push(created);
    created.start();
    return created;
  }

  /** A subscription ended: the topic goes when it was the last; an empty shard is let go. */
  #release(subscription: NotificationSubscription<unknown>): void {
    this.#subscriptions--;
    const entry = this.#topics.get(subscription.topic);
    const index = entry?.subs.indexOf(subscription) ?? -1;
    if (!entry || index < 0) return;
    entry.subs.splice(index, 1);
    if (entry.subs.length > 0) return;
    this.#topics.delete(subscription.topic);
    if (this.#closing) return;
    const { shard } = entry;
    shard.remove(subscription.topic);
    if (shard.topics.size > 0) return;
    const at = this.#shards.indexOf(shard);
    if (at >= 0) this.#shards.splice(at, 1);
    const stopped = shard.stop("released").finally(() => this.#stopping.delete(stopped));
    this.#stopping.add(stopped);
  }

  #holdChannel(id: string, held: boolean): void {
    if (held) this.#channels.add(id);
    else if (this.#channels.delete(id)) this.#host.slots.release();
  }

  #deliver(event: NotificationEvent): void {
    const entry = this.#topics.get(event.topicName);
    if (!entry) return;
    // A copy when several read it: one may close while another is fed (an overflow listener).
    for (const sub of entry.subs.length === 1 ? entry.subs : [...entry.subs]) {
      this.#messages++;
      this.#dropped += feed(sub, event);
    }
  }

  #confirmed(permitted: readonly string[], rejected: ReadonlyMap<string, string>): void {
    for (const topic of permitted) {
      const entry = this.#topics.get(topic);
      if (!entry || entry.confirmed) continue;
      entry.confirmed = true;
      for (const sub of entry.subs) settle(sub);
    }
    for (const [topic, reason] of rejected) {
      const entry = this.#topics.get(topic);
      if (!entry) continue;
      const error = new NotificationTopicError(topic, `refused by the server: ${reason}`);
      this.#emit("error", error);
      for (const sub of [...entry.subs]) settle(sub, error);
    }
  }

  #changed(shard: Shard, reason: NotificationStateReason): void {
    if (this.#closing && shard.state !== "closed") return;
    const previous = this.#state;
    if (!this.#closing) {
      const states = this.#shards.map((s) => s.state);
      this.#state = STATE_ORDER.find((s) => states.includes(s)) ??
        (states.length === 0 && previous === "connecting" ? "connecting" : "open");
    }
    if (shard.state === "closed" && this.#closing) return;
    this.#emit("state", {
      state: this.#state,
      previous,
      reason,
      channelState: shard.state,
      ...(shard.channelId ? { channelId: shard.channelId } : {}),
    });
  }

  #emit<K extends keyof NotificationClientEvents>(
    type: K,
    value: Parameters<NotificationClientEvents[K]>[0],
  ): void {
    for (const listener of this.#listeners[type]) {
      try {
        (listener as (v: typeof value) => void)(value);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new NotificationError(String(error));
}
