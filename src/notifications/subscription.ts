/**
 * `NotificationSubscription`: the events of one topic as an async iterable, buffered for a
 * reader that is slower than the socket.
 *
 * @module
 */

import { NotificationError, NotificationOverflowError } from "./errors.ts";
import type { OverflowPolicy } from "./options.ts";
import type { NotificationEvent } from "./types.ts";

/** How the client feeds and ends a subscription (not part of the public API). */
export interface SubscriptionSink<T> {
  /** Adds an event; returns how many buffered events were dropped to make room (0 or 1). */
  push(event: NotificationEvent<T>): number;
  /** The topic is subscribed on the server (`error`: it was refused). */
  settle(error?: Error): void;
  /** Ends the subscription: the reader gets the buffered events, then `error` or the end. */
  end(error?: Error): void;
}

/** What a subscription needs from its client. */
export interface SubscriptionSettings {
  /** Events held for the reader. */
  readonly bufferSize: number;
  /** What a full buffer does. */
  readonly overflow: OverflowPolicy;
  /** Called once when the subscription closes (by its reader or by the client). */
  readonly onClose: (subscription: { readonly topic: string }) => void;
  /** Called when the buffer overflows with the `"fail"` policy. */
  readonly onOverflow: (error: NotificationOverflowError) => void;
}

type Waiter<T> = {
  resolve: (result: IteratorResult<NotificationEvent<T>>) => void;
  reject: (error: Error) => void;
};

/**
 * The events of one topic, in the order they arrived: read with `for await`; `break` (or
 * `close()`) ends the subscription and unsubscribes the topic when no other subscription reads
 * it. Made by `NotificationClient.subscribe`; meant for one reader.
 *
 * @typeParam T The event body type, inferred from the topic.
 *
 * @example
 * ```ts
 * import type { NotificationSubscription } from "./subscription.ts";
 * async function firstMessage(sub: NotificationSubscription<{ message?: string }>) {
 *   for await (const event of sub) return event.eventBody.message; // ends the subscription
 * }
 * ```
 */
export class NotificationSubscription<T = unknown>
  implements AsyncIterable<NotificationEvent<T>>, AsyncIterator<NotificationEvent<T>>, Disposable {
  /** The subscribed topic. */
  readonly topic: string;
  /**
   * Resolves once the topic is subscribed on the server (events published from then on reach
   * the subscription); rejects with a `NotificationTopicError` when the server refuses it or
   * a `NotificationError` when the subscription closes first.
   */
  readonly ready: Promise<void>;
  readonly #settings: SubscriptionSettings;
  #buffer: NotificationEvent<T>[] = [];
  #head = 0;
  #waiter: Waiter<T> | undefined;
  #closed = false;
  #failure: Error | undefined;
  #dropped = 0;
  #settleReady!: (error?: Error) => void;

  /** Made by `NotificationClient.subscribe`, which receives the sink through `connect`. */
  constructor(
    topic: string,
    settings: SubscriptionSettings,
    connect: (sink: SubscriptionSink<T>) => void,
  ) {
    this.topic = topic;
    this.#settings = settings;
    this.ready = new Promise<void>((resolve, reject) => {
      let settled = false;
      this.#settleReady = (error) => {
        if (settled) return;
        settled = true;
        if (error) reject(error);
        else resolve();
      };
    });
    // A refusal nobody awaits is no unhandled rejection; who awaits `ready` still sees it.
    this.ready.catch(() => {});
    connect({
      push: (event) => this.#push(event),
      settle: (error) => {
        this.#settleReady(error);
        if (error) this.#end(error);
      },
      end: (error) => this.#end(error),
    });
  }

  /** True once the subscription has ended (closed, refused or overflowed). */
  get closed(): boolean {
    return this.#closed;
  }

  /** Events waiting for the reader. */
  get buffered(): number {
    return this.#buffer.length - this.#head;
  }

  /** Events dropped because the buffer was full (overflow `"drop-oldest"`). */
  get dropped(): number {
    return this.#dropped;
  }

  /** The next event; `done` once the subscription has ended and its buffer is read. */
  next(): Promise<IteratorResult<NotificationEvent<T>>> {
    if (this.#head < this.#buffer.length) {
      const value = this.#buffer[this.#head];
      this.#buffer[this.#head++] = undefined as never;
      this.#compact();
      return Promise.resolve({ value, done: false });
    }
    if (this.#failure) {
      const failure = this.#failure;
      this.#failure = undefined;
      return Promise.reject(failure);
    }
    if (this.#closed) return Promise.resolve({ value: undefined, done: true });
    if (this.#waiter) {
      return Promise.reject(
        new NotificationError(`subscription to ${this.topic}: next() called before the last ended`),
      );
    }
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject };
    });
  }

  /** Ends the subscription (what `break` in `for await` calls). */
  return(): Promise<IteratorResult<NotificationEvent<T>>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  /** The subscription itself: it is its own iterator. */
  [Symbol.asyncIterator](): AsyncIterator<NotificationEvent<T>> {
    return this;
  }

  /**
   * Ends the subscription: the buffered events are dropped, a waiting reader gets the end, and
   * the topic is unsubscribed when no other subscription reads it. Idempotent.
   */
  close(): void {
    if (this.#closed) return;
    this.#buffer = [];
    this.#head = 0;
    this.#end(undefined);
  }

  /** `using sub = client.subscribe(...)` closes it at the end of the block. */
  [Symbol.dispose](): void {
    this.close();
  }

  #push(event: NotificationEvent<T>): number {
    if (this.#closed) return 0;
    const waiter = this.#waiter;
    if (waiter) {
      this.#waiter = undefined;
      waiter.resolve({ value: event, done: false });
      return 0;
    }
    if (this.buffered < this.#settings.bufferSize) {
      this.#buffer.push(event);
      return 0;
    }
    if (this.#settings.overflow === "fail") {
      const error = new NotificationOverflowError(this.topic, this.#settings.bufferSize);
      this.#end(error);
      this.#settings.onOverflow(error);
      return 0;
    }
    this.#buffer[this.#head++] = undefined as never;
    this.#buffer.push(event);
    this.#compact();
    this.#dropped++;
    return 1;
  }

  /** Drops the read slots at the front once they are most of the array. */
  #compact(): void {
    if (this.#head > 1024 && this.#head * 2 > this.#buffer.length) {
      this.#buffer = this.#buffer.slice(this.#head);
      this.#head = 0;
    }
  }

  #end(error: Error | undefined): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#settleReady(
      error ?? new NotificationError(`subscription to ${this.topic} closed before it was ready`),
    );
    const waiter = this.#waiter;
    this.#waiter = undefined;
    if (waiter) {
      if (error) waiter.reject(error);
      else waiter.resolve({ value: undefined, done: true });
    } else if (error) {
      this.#failure = error;
    }
    this.#settings.onClose(this);
  }
}
