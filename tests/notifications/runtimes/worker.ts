/**
 * The Worker of the workerd test: on each request it subscribes to a user's presence through
 * the sandbox (a `LiteClient`, workerd's outbound `WebSocket`), changes that presence through the
 * generated `PresenceApi`, reads the event, closes, and answers what it saw as JSON.
 */

import { LiteClient } from "../../../src/client/lite_client.ts";
import { PresenceApi } from "../../../src/generated/apis/presence.js";
import { NotificationClient } from "../../../src/notifications/mod.ts";

export default {
  async fetch(request: Request): Promise<Response> {
    const q = new URL(request.url).searchParams;
    const client = new LiteClient({ basePath: q.get("api")!, accessToken: q.get("token")! });
    const userId = q.get("user")!;
    const notifications = new NotificationClient(client);
    try {
      const presence = notifications.subscribe(`v2.users.${userId}.presence`);
      await presence.ready;
      await new PresenceApi(client).patchUserPresencesPurecloud(userId, {
        presenceDefinition: { id: "p-meal", systemPresence: "Meal" },
        message: "from a Worker",
      });
      const { value } = await presence.next();
      const stats = notifications.stats();
      await notifications.close();
      return Response.json({
        topicName: value?.topicName,
        systemPresence: value?.eventBody.presenceDefinition?.systemPresence,
        message: value?.eventBody.message,
        stats,
        after: notifications.stats(),
      });
    } catch (error) {
      await notifications.close();
      return Response.json({ error: String((error as Error)?.stack ?? error) }, { status: 500 });
    }
  },
};
