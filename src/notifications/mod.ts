/**
 * Notifications: typed subscriptions to Genesys Cloud notification topics over WebSocket
 * channels kept alive for weeks ({@linkcode NotificationClient}); the generated
 * `NotificationsApi` (channels and subscriptions over REST) with the client surface; the types
 * of every topic's event body.
 *
 * ```ts
 * import { NotificationClient } from "@cxkit/genesys-cloud/notifications";
 * import { LiteClient } from "@cxkit/genesys-cloud";
 *
 * const client = new LiteClient({ environment: "mypurecloud.ie", accessToken: "<token>" });
 * await using notifications = new NotificationClient(client);
 * notifications.on("gap", (gap) => console.log("may have missed events of", gap.topics));
 *
 * async function board(userIds: string[]) {
 *   const subscriptions = userIds.map((id) => notifications.subscribe(`v2.users.${id}.presence`));
 *   for await (const event of subscriptions[0]) {
 *     console.log(event.eventBody.presenceDefinition?.systemPresence); // typed: a string
 *   }
 * }
 * console.log(typeof board); // function
 * ```
 *
 * @module
 */

export { NotificationClient } from "./client.ts";
export type { NotificationClientEvents } from "./client.ts";
export { NotificationSubscription } from "./subscription.ts";
export type { SubscriptionSettings } from "./subscription.ts";
export {
  NotificationChannelLimitError,
  NotificationConnectionError,
  NotificationError,
  NotificationOverflowError,
  NotificationTopicError,
} from "./errors.ts";
export type { NotificationClientOptions, OverflowPolicy } from "./options.ts";
export type {
  MatchingPayloads,
  NotificationPayload,
  PatternSegments,
  TopicSegments,
} from "./topics.ts";
export type {
  NotificationEvent,
  NotificationEventMetadata,
  NotificationGap,
  NotificationState,
  NotificationStateChange,
  NotificationStateReason,
  NotificationStats,
} from "./types.ts";
export {
  NOTIFICATION_TOPIC_PATTERNS,
  NOTIFICATION_TOPICS_SOURCE,
} from "../generated/notifications/topics.ts";
export type {
  NotificationTopic,
  NotificationTopicPayloads,
} from "../generated/notifications/topics.ts";
export type * from "../generated/notifications/models/mod.ts";
// This entry point also serves what it served before: the generated Notifications API class
// (channels and subscriptions over REST) and the client surface.
export * from "../generated/apis/notifications.js";
