/// <reference lib="dom" />
/**
 * The page of the Chromium test: subscribes to a user's presence through the sandbox with a
 * `LiteClient` and the browser's `WebSocket`, reads two events (a socket drop between them),
 * then closes and shows what it got in `#result`.
 */

import { LiteClient } from "../../../src/client/lite_client.ts";
import { NotificationClient } from "../../../src/notifications/mod.ts";

interface Config {
  apiBase: string;
  token: string;
  userId: string;
}

const body = document.body;
const result = document.getElementById("result")!;

async function main(): Promise<void> {
  const config = await (await fetch("/config.json")).json() as Config;
  const client = new LiteClient({ basePath: config.apiBase, accessToken: config.token });
  const notifications = new NotificationClient(client, {
    reconnectMinMs: 20,
    reconnectMaxMs: 200,
    rolloverOverlapMs: 100,
  });
  const states: string[] = [];
  notifications.on("state", (s) => states.push(`${s.state}:${s.reason}`));
  const presence = notifications.subscribe(`v2.users.${config.userId}.presence`);
  await presence.ready;
  body.dataset.state = "subscribed";
  const seen: string[] = [];
  for await (const event of presence) {
    seen.push(event.eventBody.presenceDefinition?.systemPresence ?? "?");
    body.dataset.count = String(seen.length);
    if (seen.length === 2) break;
  }
  const stats = notifications.stats();
  await notifications.close();
  result.textContent = JSON.stringify({
    seen,
    states,
    stats,
    after: notifications.stats(),
    userAgent: navigator.userAgent,
  });
  body.dataset.state = "done";
}

main().catch((error) => {
  result.textContent = JSON.stringify({ error: String(error?.stack ?? error) });
  body.dataset.state = "error";
});
