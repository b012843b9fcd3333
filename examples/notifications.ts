/**
 * A live presence board: the sandbox's users, each one's presence as it changes, read from
 * notification topics (`v2.users.{id}.presence`) through `NotificationClient`. Presence changes
 * are made through the REST API meanwhile; the sandbox's channels live 1.5 s (so rollovers
 * happen while you watch) and one socket is dropped on purpose: the client reconnects, reports
 * the gap, and the board reads the users' presence again through the REST API. In a terminal
 * the board is redrawn in place; elsewhere each change is a line. It ends by itself.
 *
 * Run:
 *   deno run -A examples/notifications.ts
 *   bun examples/notifications.ts
 *
 * @module
 */

import { PlatformClient } from "../mod.ts";
import { PresenceApi } from "../src/generated/apis/presence.js";
import { UsersApi } from "../src/generated/apis/users.js";
import { NotificationClient } from "../src/notifications/mod.ts";
import { startSandbox } from "../tools/sandbox/mod.ts";

const USERS = 8;
const CHANGES = 14;
const PRESENCES = ["Available", "Busy", "Away", "Meal", "Meeting", "Break", "Training"];

const tty = typeof Deno !== "undefined"
  ? Deno.stdout.isTerminal()
  : Boolean((globalThis as { process?: { stdout?: { isTTY?: boolean } } }).process?.stdout?.isTTY);
const out = (line: string) => console.log(line);

const sandbox = await startSandbox({
  userCount: USERS,
  notifications: { channelLifetimeSeconds: 1.5, heartbeatIntervalSeconds: 0.25 },
});
const client = new PlatformClient(sandbox.clientOptions);
const notifications = new NotificationClient(client, {
  rolloverMarginMs: 600,
  rolloverOverlapMs: 100,
  reconnectMinMs: 50,
  reconnectMaxMs: 500,
});
try {
  const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
  await client.loginClientCredentialsGrant(clientId, clientSecret);
  const users = (await new UsersApi(client).getUsers({ pageSize: USERS })).entities ?? [];
  const presenceApi = new PresenceApi(client);
  // Everyone starts the day offline (before the board subscribes: no events for these).
  for (const user of users) {
    await presenceApi.patchUserPresencesPurecloud(user.id!, {
      presenceDefinition: { id: "p-offline", systemPresence: "Offline" },
    });
  }
  const board = new Map(users.map((u) => [u.id!, { name: u.name!, presence: "Offline" }]));
  const width = Math.max(...users.map((u) => u.name!.length));
  const time = () => new Date().toISOString().slice(11, 23);
  const draw = () => {
    if (!tty) return;
    const rows = [...board.values()].map((r) => `  ${r.name.padEnd(width)}  ${r.presence}`);
    console.log(`\x1b[${rows.length + 1}A\x1b[J  ${"user".padEnd(width)}  presence`);
    for (const row of rows) console.log(row);
  };

  notifications.on("state", (s) => {
    if (s.state !== s.previous) out(`state: ${s.previous} -> ${s.state} (${s.reason})`);
  });
  // A gap: events may have been missed; the REST API has the current presence.
  const resyncs: Promise<void>[] = [];
  notifications.on("gap", (gap) => {
    out(
      `gap: ${gap.topics.length} topics may have missed events (${gap.reason}); reading them again`,
    );
    resyncs.push((async () => {
      for (const [id, row] of board) {
        const now = await presenceApi.getUserPresencesPurecloud(id);
        row.presence = now.presenceDefinition?.systemPresence ?? row.presence;
      }
      out(`resynced ${board.size} users from the REST API`);
    })());
  });

  out(`presence board: ${users.length} users, channels of 1.5 s (sandbox)`);
  if (tty) console.log("\n".repeat(users.length));
  let events = 0;
  const readers = users.map(async (user) => {
    // The event body is typed from the topic: PresenceEventUserPresence.
    for await (const event of notifications.subscribe(`v2.users.${user.id}.presence`)) {
      const row = board.get(user.id!)!;
      const next = event.eventBody.presenceDefinition?.systemPresence ?? "?";
      const note = event.eventBody.message ? `  "${event.eventBody.message}"` : "";
      if (!tty) out(`  ${time()}  ${row.name.padEnd(width)}  ${row.presence} -> ${next}${note}`);
      row.presence = next;
      events++;
      draw();
    }
  });

  // Wait until every topic is subscribed, then change presences through the REST API.
  while (notifications.stats().topics < users.length || notifications.state !== "open") {
    await new Promise((r) => setTimeout(r, 20));
  }
  let seed = 7;
  const pick = <T>(list: T[]) => list[(seed = (seed * 48271) % 2147483647) % list.length];
  for (let i = 1; i <= CHANGES; i++) {
    const user = pick(users);
    const presence = pick(PRESENCES);
    await presenceApi.patchUserPresencesPurecloud(user.id!, {
      presenceDefinition: { id: `p-${presence.toLowerCase()}`, systemPresence: presence },
      ...(presence === "Meeting" ? { message: "weekly review" } : {}),
    });
    if (i === CHANGES / 2) sandbox.notifications.dropSocket(); // a network hiccup
    await new Promise((r) => setTimeout(r, 150));
  }

  // Let the last events arrive, then stop.
  for (let i = 0; i < 100 && (notifications.state !== "open" || resyncs.length === 0); i++) {
    await new Promise((r) => setTimeout(r, 20));
  }
  await Promise.all(resyncs);
  await new Promise((r) => setTimeout(r, 300));
  const stats = notifications.stats();
  let matches = true;
  out(`board after ${CHANGES} changes:`);
  for (const [id, row] of board) {
    const server = (await presenceApi.getUserPresencesPurecloud(id)).presenceDefinition
      ?.systemPresence;
    if (server !== row.presence) matches = false;
    out(`  ${row.name.padEnd(width)}  ${row.presence}`);
  }
  out(`board matches the server: ${matches ? "yes" : "no"}`);
  out(
    `stats: ${events} events shown, ${stats.rollovers} rollovers, ${stats.reconnects} reconnect, ` +
      `${stats.gaps} gap, ${stats.duplicates} copies dropped, ${stats.heartbeats} heartbeats`,
  );
  await notifications.close();
  await Promise.all(readers);
  const after = notifications.stats();
  out(`closed: ${after.sockets} sockets, ${after.timers} timers, ${after.channels} channels`);
} finally {
  await notifications.close();
  await client.close();
  await sandbox.stop();
}
