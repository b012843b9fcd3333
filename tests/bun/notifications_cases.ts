/**
 * Bun checks of the notifications client: the sandbox served by `Bun.serve` (its WebSocket
 * endpoint through `server.upgrade`), Bun's `WebSocket` on the client side: events, a dropped
 * socket, a planned rollover, and a close that leaves nothing.
 *
 * @module
 */

import assert from "node:assert/strict";
import { PlatformClient } from "../../mod.ts";
import { NotificationClient } from "../../src/notifications/mod.ts";
import { startSandbox } from "../../tools/sandbox/mod.ts";
import type { BunCase } from "./case.ts";

async function until(condition: () => boolean, what: string, ms = 8_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The checks. */
export const notificationCases: BunCase[] = [
  {
    name: "bun: notifications through Bun.serve: events, a dropped socket, a rollover, close",
    timeoutMs: 30_000,
    async run() {
      assert.equal(typeof (globalThis as { Bun?: unknown }).Bun, "object", "run under Bun");
      const sandbox = await startSandbox({
        notifications: { channelLifetimeSeconds: 2, heartbeatIntervalSeconds: 0.2 },
      });
      const client = new PlatformClient(sandbox.clientOptions);
      const notifications = new NotificationClient(client, {
        rolloverMarginMs: 900,
        rolloverOverlapMs: 100,
        reconnectMinMs: 20,
        reconnectMaxMs: 200,
      });
      try {
        const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
        await client.loginClientCredentialsGrant(clientId, clientSecret);
        const topic = `v2.users.${sandbox.credentials.user.id}.routingStatus` as const;
        const sub = notifications.subscribe(topic);
        await sub.ready;
        const got: string[] = [];
        const reader = (async () => {
          for await (const e of sub) got.push(e.eventBody.routingStatus?.status ?? "?");
        })();
        sandbox.notifications.publish(topic, { routingStatus: { status: "IDLE" } });
        await until(() => got.length === 1, "the first event");
        sandbox.notifications.dropSocket();
        await until(
          () => notifications.stats().gaps === 1 && notifications.state === "open",
          "back",
        );
        sandbox.notifications.publish(topic, { routingStatus: { status: "INTERACTING" } });
        await until(() => got.length === 2, "the event after the drop");
        await until(() => notifications.stats().rollovers >= 1, "a rollover");
        sandbox.notifications.publish(topic, { routingStatus: { status: "OFF_QUEUE" } });
        await until(() => got.length === 3, "the event after the rollover");
        assert.deepEqual(got, ["IDLE", "INTERACTING", "OFF_QUEUE"]);
        assert.ok(notifications.stats().heartbeats > 0);
        await notifications.close();
        await reader;
        const after = notifications.stats();
        assert.deepEqual([after.sockets, after.timers, after.channels], [0, 0, 0]);
        await until(() => sandbox.notifications.sockets === 0, "the server side closed");
      } finally {
        await notifications.close();
        await client.close();
        await sandbox.stop();
      }
    },
  },
];
