/**
 * Topics: the event body type of a concrete topic string, found through the generated
 * pattern -> payload map, and the check of a topic before it is subscribed.
 *
 * @module
 */

import type { NotificationTopicPayloads } from "../generated/notifications/topics.ts";
import { NotificationTopicError } from "./errors.ts";

/**
 * A topic's segments: `"a.b.c"` -> `["a", "b", "c"]`; a `${string}` hole with no dot around it
 * stays one segment (`` `v2.users.${string}.presence` `` -> `["v2", "users", string, "presence"]`).
 */
export type TopicSegments<S extends string> = S extends `${infer Head}.${infer Rest}`
  ? [Head, ...TopicSegments<Rest>]
  : [S];

/** A pattern's segments, each `{id}` as `string` (`"v2.users.{id}"` -> `["v2", "users", string]`). */
export type PatternSegments<P extends string> = P extends `${infer Head}.${infer Rest}`
  ? [Head extends "{id}" ? string : Head, ...PatternSegments<Rest>]
  : [P extends "{id}" ? string : P];

/** The event body types of the patterns topic `T` matches segment by segment (`never`: none). */
export type MatchingPayloads<T extends string> = {
  [P in keyof NotificationTopicPayloads]: TopicSegments<T> extends PatternSegments<P>
    ? NotificationTopicPayloads[P]
    : never;
}[keyof NotificationTopicPayloads];

/**
 * The event body type of topic `T`: the payload of the pattern it matches, segment by segment
 * (an id is one segment: `v2.users.${string}.presence` matches `v2.users.{id}.presence`);
 * `unknown` for a topic of no known pattern or a plain `string`. Two patterns can match one
 * string only where an id equals a literal segment (`...edges.phones.metrics`): then the union.
 *
 * @example
 * ```ts
 * import type { NotificationPayload } from "./topics.ts";
 * type Presence = NotificationPayload<`v2.users.${string}.presence`>;
 * const body: Presence = { presenceDefinition: { systemPresence: "Available" } };
 * const other: NotificationPayload<"v2.not.a.topic"> = 42; // unknown: anything goes
 * console.log(body.presenceDefinition?.systemPresence, other);
 * ```
 */
export type NotificationPayload<T extends string> = string extends T ? unknown
  : [MatchingPayloads<T>] extends [never] ? unknown
  : MatchingPayloads<T>;

/** The prefix of topics the client handles itself (never subscribed). */
const SYSTEM_PREFIX = "v2.system.";
/** The heartbeat topic, sent to every channel without a subscription. */
export const HEARTBEAT_TOPIC = "channel.metadata";

/**
 * Checks a topic before it is subscribed; throws a {@linkcode NotificationTopicError} naming
 * the problem.
 *
 * @example
 * ```ts
 * import { checkTopic } from "./topics.ts";
 * checkTopic("v2.users.6a1f.presence");
 * try {
 *   checkTopic("v2.users.6a1f?presence&routingStatus");
 * } catch (e) {
 *   console.log((e as Error).name); // NotificationTopicError
 * }
 * ```
 */
export function checkTopic(topic: unknown): asserts topic is string {
  if (typeof topic !== "string" || topic === "") {
    throw new NotificationTopicError(String(topic), "a topic must be a non-empty string");
  }
  if (topic.length > 512 || /[\s\p{Cc}]/u.test(topic)) {
    throw new NotificationTopicError(
      topic.slice(0, 80),
      "a topic has no whitespace or control characters and at most 512 characters",
    );
  }
  if (topic.includes("?")) {
    throw new NotificationTopicError(
      topic,
      "the `topic?a&b` shorthand is not supported: subscribe to each topic " +
        "(`topic.a`, `topic.b`), so that each event reaches its own typed subscription",
    );
  }
  if (topic === HEARTBEAT_TOPIC || topic.startsWith(SYSTEM_PREFIX)) {
    throw new NotificationTopicError(
      topic,
      "heartbeats and v2.system.* messages reach every channel without a subscription; " +
        "the client handles them (see the state and gap events)",
    );
  }
}
