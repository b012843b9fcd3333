/**
 * Errors of the notifications client: every one a `GenesysCloudError`, named so that it
 * survives minification, and never carrying a credential.
 *
 * @module
 */

import { GenesysCloudError } from "../base/errors.ts";

/**
 * Base class of the notifications client's own errors (REST failures come as the client's
 * `ApiError`, `NetworkError`, ...).
 *
 * @example
 * ```ts
 * import { NotificationError } from "./errors.ts";
 * console.log(new NotificationError("socket failed").name); // NotificationError
 * ```
 */
export class NotificationError extends GenesysCloudError {
  /** Always `"NotificationError"`, also in minified bundles. */
  override name: string = "NotificationError";
}

/**
 * A subscription needs one channel more than allowed: the platform allows 20 channels per user
 * and app and silently drops the oldest when a 21st is made, so the client refuses before.
 * Nothing of the refused subscription is applied.
 *
 * @example
 * ```ts
 * import { NotificationChannelLimitError } from "./errors.ts";
 * const e = new NotificationChannelLimitError(20, 19, 1000);
 * console.log(e.maxChannels, e.message.includes("20 channels")); // 20 true
 * ```
 */
export class NotificationChannelLimitError extends NotificationError {
  /** Always `"NotificationChannelLimitError"`. */
  override name = "NotificationChannelLimitError";
  /** The channel limit (`maxChannels`). */
  readonly maxChannels: number;
  /** Channels holding topics when the subscription was refused. */
  readonly channels: number;

  /** Builds the message from the limit, the channels in use and the topics each holds. */
  constructor(maxChannels: number, channels: number, topicsPerChannel: number) {
    super(
      `a new topic needs channel ${channels + 1}, but ${channels} channel(s) of ` +
        `${topicsPerChannel} topics each are full and one more is kept for rollovers: the ` +
        `platform allows ${maxChannels} channels per user and app (maxChannels) and would ` +
        "silently drop the oldest past that; unsubscribe topics first",
    );
    this.maxChannels = maxChannels;
    this.channels = channels;
  }
}

/**
 * A topic cannot be subscribed: not a topic string, a system topic the client handles itself,
 * or refused by the server (`reason` then holds its `rejectionReason`).
 *
 * @example
 * ```ts
 * import { NotificationTopicError } from "./errors.ts";
 * const e = new NotificationTopicError("v2.nothing", "rejected by the server: unknown topic");
 * console.log(e.topic); // v2.nothing
 * ```
 */
export class NotificationTopicError extends NotificationError {
  /** Always `"NotificationTopicError"`. */
  override name = "NotificationTopicError";
  /** The topic at fault. */
  readonly topic: string;

  /** Builds `topic "<topic>": <problem>`. */
  constructor(topic: string, problem: string) {
    super(`topic ${JSON.stringify(topic)}: ${problem}`);
    this.topic = topic;
  }
}

/**
 * A subscription's buffer filled up (its reader was too slow) and its overflow policy is
 * `"fail"`: the subscription ended with this error after its buffered events.
 *
 * @example
 * ```ts
 * import { NotificationOverflowError } from "./errors.ts";
 * console.log(new NotificationOverflowError("v2.users.x.presence", 100).bufferSize); // 100
 * ```
 */
export class NotificationOverflowError extends NotificationError {
  /** Always `"NotificationOverflowError"`. */
  override name = "NotificationOverflowError";
  /** The topic of the subscription. */
  readonly topic: string;
  /** Its buffer size. */
  readonly bufferSize: number;

  /** Builds the message from the topic and the buffer size. */
  constructor(topic: string, bufferSize: number) {
    super(
      `subscription to ${JSON.stringify(topic)} ended: its reader fell ${bufferSize} events ` +
        'behind (bufferSize) and its overflow policy is "fail"',
    );
    this.topic = topic;
    this.bufferSize = bufferSize;
  }
}

/**
 * The WebSocket of a channel could not be opened, or the client was closed while waiting.
 *
 * @example
 * ```ts
 * import { NotificationConnectionError } from "./errors.ts";
 * console.log(new NotificationConnectionError("no answer within 10000 ms").name);
 * ```
 */
export class NotificationConnectionError extends NotificationError {
  /** Always `"NotificationConnectionError"`. */
  override name = "NotificationConnectionError";
}
