/**
 * `NotificationSubscription`: the events of one topic as an async iterable, buffered for a
 * reader that is slower than the socket. The client feeds it through `feed`, `settle` and
 * `finish` (this module's, not the package's API), so a subscription carries no closures.
 *
 * @module
 */

import { NotificationError, NotificationOverflowError } from "./errors.ts";
import type { OverflowPolicy } from "./options.ts";
import type { NotificationEvent } from "./types.ts";

/** What subscriptions need from their client (one object shared by all of them). */
export interface SubscriptionSettings {
  /** Events held for the reader. */
  readonly bufferSize: number;
  /** What a full buffer does. */
  readonly overflow: OverflowPolicy;
  /** Called once when a subscription closes (by its reader or by the client). */
  readonly onClose: (subscription: NotificationSubscription<unknown>) => void;
  /** Called when a buffer overflows with the `"fail"` policy. */
  readonly onOverflow: (error: NotificationOverflowError) => void;
}

type Waiter<T> = {
  resolve: (result: IteratorResult<NotificationEvent<T>>) => void;
  reject: (error: Error) => void;
};

type Ready = { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void };

/** The client's access to a subscription's private state (set by the class below). */
let internals: {
  feed(s: NotificationSubscription<unknown>, event: NotificationEvent<unknown>): number;
  settle(s: NotificationSubscription<unknown>, error?: Error): void;
  finish(s: NotificationSubscription<unknown>, error?: Error): void;
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
  static {
    internals = {
      feed: (s, event) => s.#push(event),
      settle: (s, error) => s.#settle(error),
      finish: (s, error) => s.#end(error),
    };
  }

  /** The subscribed topic. */
  readonly topic: string;
  readonly #settings: SubscriptionSettings;
  #buffer: NotificationEvent<T>[] = [];
  #head = 0;
  #waiter: Waiter<T> | undefined;
  #closed = false;
  #failure: Error | undefined;
  #dropped = 0;
  /** `true` once subscribed on the server, the error once refused or closed first. */
  #outcome: true | Error | undefined;
  #ready: Ready | undefined;

  /** Made by `NotificationClient.subscribe`. */
  constructor(topic: string, settings: SubscriptionSettings) {
    this.topic = topic;
    this.#settings = settings;
  }

  /**
   * Resolves once the topic is subscribed on the server (events published from then on reach
   * the subscription); rejects with a `NotificationTopicError` when the server refuses it or
   * a `NotificationError` when the subscription closes first.
   */
  get ready(): Promise<void> {
    if (!this.#ready) {
      let resolve!: () => void;
      let reject!: (e: Error) => void;
      const promise = new Promise<void>((yes, no) => {
        resolve = yes;
        reject = no;
      });
      // A refusal nobody awaits is no unhandled rejection; who awaits `ready` still sees it.
      promise.catch(() => {});
      this.#ready = { promise, resolve, reject };
      if (this.#outcome === true) resolve();
      else if (this.#outcome) reject(this.#outcome);
    }
    return this.#ready.promise;
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

  #settle(error: Error | undefined): void {
    if (this.#outcome !== undefined) return;
    this.#outcome = error ?? true;
    if (error) this.#ready?.reject(error);
    else this.#ready?.resolve();
    if (error) this.#end(error);
  }

  #end(error: Error | undefined): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#settle(
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
    this.#settings.onClose(this as NotificationSubscription<unknown>);
  }
}

/** Gives `subscription` an event; returns the events dropped to make room (0 or 1). */
export function feed(
  subscription: NotificationSubscription<unknown>,
  event: NotificationEvent<unknown>,
): number {
  return internals.feed(subscription, event);
}

/** The topic is subscribed on the server (`error`: it was refused, and the subscription ends). */
export function settle(subscription: NotificationSubscription<unknown>, error?: Error): void {
  internals.settle(subscription, error);
}

/** Ends `subscription`: its reader gets the buffered events, then `error` or the end. */
export function finish(subscription: NotificationSubscription<unknown>, error?: Error): void {
  internals.finish(subscription, error);
}
