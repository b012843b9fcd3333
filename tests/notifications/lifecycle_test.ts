/**
 * NotificationClient against the sandbox, time compressed (channels of 2 s, heartbeats every
 * 0.2 s): subscribing, each lifecycle rule of the client (watchdog, reconnection, lost channel,
 * planned rollover, system messages, sharding, the channel limit, changes while reconnecting),
 * buffers, and closing without leftovers (Deno's sanitizers are on).
 */

import assert from "node:assert/strict";
import {
  NotificationChannelLimitError,
  NotificationClient,
  NotificationError,
  NotificationOverflowError,
  NotificationTopicError,
  type PresenceEventUserPresence,
} from "../../src/notifications/mod.ts";
import { ConfigurationError } from "../../mod.ts";
import { nextEvent, pause, requests, setup, waitFor } from "./_helpers.ts";

const CHANNELS = /^\/api\/v2\/notifications\/channels$/;
const SUBSCRIPTIONS = /^\/api\/v2\/notifications\/channels\/[^/]+\/subscriptions$/;
const HEAD = /^\/api\/v2\/notifications\/channels\/[^/]+$/;

Deno.test("subscribe: typed events of the topic arrive; the PUT on the wire names it", async () => {
  await using t = await setup();
  const topic = `v2.users.${t.userId}.presence` as const;
  const presence = t.notifications.subscribe(topic);
  await presence.ready;
  assert.equal(t.notifications.state, "open");
  const puts = requests(t.sandbox, "PUT", SUBSCRIPTIONS);
  assert.equal(puts.length, 1);
  assert.equal(puts[0].search, "?ignoreErrors=true");
  assert.deepEqual(JSON.parse(puts[0].body), [{ id: topic }]);
  // Through the sandbox's state: a presence change by the REST API.
  const res = await fetch(`${t.sandbox.url}/api/v2/users/${t.userId}/presences/purecloud`, {
    method: "PATCH",
    headers: {
      authorization: `Bearer ${await t.sandbox.issueAccessToken()}`,
      "content-type": "application/json",
    },
    body: JSON.stringify({ presenceDefinition: { id: "p-busy", systemPresence: "Busy" } }),
  });
  await res.body?.cancel();
  assert.equal(res.status, 200);
  const event = await nextEvent(presence);
  const body: PresenceEventUserPresence = event.eventBody; // typed from the topic
  assert.equal(event.topicName, topic);
  assert.equal(event.version, "2");
  assert.equal(body.presenceDefinition?.systemPresence, "Busy");
  assert.equal(body.source, "PURECLOUD");
  assert.equal(event.metadata.sequence, 1);
  assert.match(String(event.metadata.CorrelationId), /^[0-9a-f-]{36}$/);
  assert.equal(t.notifications.stats().messages, 1);
});

Deno.test("two subscriptions share a topic; the last one closed unsubscribes it and lets the channel go", async () => {
  await using t = await setup();
  const topic = `v2.users.${t.userId}.routingStatus` as const;
  const other = `v2.users.${t.userId}.presence` as const;
  const a = t.notifications.subscribe(topic);
  const b = t.notifications.subscribe(topic);
  const c = t.notifications.subscribe(other);
  await Promise.all([a.ready, b.ready, c.ready]);
  const puts = () => requests(t.sandbox, "PUT", SUBSCRIPTIONS).map((r) => JSON.parse(r.body));
  assert.deepEqual(puts(), [[{ id: topic }, { id: other }]], "one PUT for the three");
  t.sandbox.notifications.publish(topic, { routingStatus: { status: "IDLE" } });
  assert.equal((await nextEvent(a)).eventBody.routingStatus?.status, "IDLE");
  assert.equal((await nextEvent(b)).eventBody.routingStatus?.status, "IDLE");
  a.close();
  await pause(50);
  assert.equal(puts().length, 1, "b still reads the topic: no change on the server");
  b.close();
  await waitFor(() => puts().length === 2, "the PUT without the topic");
  assert.deepEqual(puts()[1], [{ id: other }]);
  assert.equal(t.notifications.stats().topics, 1);
  t.sandbox.notifications.publish(other, { message: "last" });
  for await (const event of c) {
    assert.equal(event.eventBody.message, "last");
    break; // `break` closes the subscription
  }
  assert.equal(c.closed, true);
  await waitFor(() => t.notifications.stats().channels === 0, "the channel let go");
  assert.equal(t.notifications.stats().sockets, 0);
  assert.equal(t.sandbox.notifications.sockets, 0);
});

Deno.test("heartbeat watchdog: silence sends a ping, no answer reconnects to the same channel", async () => {
  await using t = await setup({ sandbox: { notifications: { channelLifetimeSeconds: 600 } } });
  const topic = `v2.users.${t.userId}.presence` as const;
  const sub = t.notifications.subscribe(topic);
  await sub.ready;
  await waitFor(() => t.notifications.stats().heartbeats >= 2, "heartbeats");
  const [channel] = [...t.sandbox.notifications.channels.values()];
  assert.equal(t.sandbox.notifications.stopHeartbeats(), 1);
  await waitFor(
    () => t.states.some((s) => s.reason === "heartbeat-timeout"),
    "the watchdog to give up",
  );
  assert.ok(t.sandbox.notifications.counters.pings >= 1, "a ping was sent first");
  await waitFor(() => t.notifications.state === "open", "open again");
  // The channel was still there (HEAD 200): the same one, no new channel, no new PUT.
  assert.equal(requests(t.sandbox, "HEAD", HEAD).length, 1);
  assert.equal(requests(t.sandbox, "POST", CHANNELS).length, 1);
  assert.equal(t.notifications.stats().reconnects, 1);
  assert.equal(t.gaps.length, 1);
  assert.equal(t.gaps[0].reason, "heartbeat-timeout");
  assert.deepEqual(t.gaps[0].topics, [topic]);
  assert.equal(t.gaps[0].channelId, channel.id);
  t.sandbox.notifications.publish(topic, { message: "after" });
  assert.equal((await nextEvent(sub)).eventBody.message, "after");
});

Deno.test("a dropped socket: reconnection to the same channel, the loss reported as a gap", async () => {
  await using t = await setup({ sandbox: { notifications: { channelLifetimeSeconds: 600 } } });
  const topic = `v2.users.${t.userId}.presence` as const;
  const sub = t.notifications.subscribe(topic);
  await sub.ready;
  t.sandbox.notifications.publish(topic, { message: "before" });
  assert.equal((await nextEvent(sub)).eventBody.message, "before");
  const dropAt = Date.now();
  t.sandbox.notifications.dropSocket();
  await waitFor(() => t.gaps.length === 1, "the gap");
  const gap = t.gaps[0];
  assert.equal(gap.reason, "socket-closed");
  assert.ok(gap.since.getTime() <= dropAt && gap.until.getTime() >= dropAt);
  assert.deepEqual(
    t.states.slice(-2).map((s) => [s.state, s.reason]),
    [["reconnecting", "socket-closed"], ["open", "connected"]],
  );
  assert.equal(requests(t.sandbox, "POST", CHANNELS).length, 1, "the same channel");
  t.sandbox.notifications.publish(topic, { message: "after" });
  const after = await nextEvent(sub);
  assert.equal(after.eventBody.message, "after");
  assert.equal(after.metadata.sequence, 2);
});

Deno.test("reconnection backs off exponentially with jitter while the API fails", async () => {
  await using t = await setup({
    lite: true,
    client: { reconnectMinMs: 100, reconnectMaxMs: 400, reconnectJitter: 0.5 },
  });
  const topic = `v2.users.${t.userId}.presence` as const;
  const sub = t.notifications.subscribe(topic);
  await sub.ready;
  // HEAD fails 4 times (503; the LiteClient does not retry by default): 4 errors, 4 waits.
  t.sandbox.faults.add({ path: HEAD, method: "HEAD", status: 503, times: 4 });
  t.sandbox.notifications.dropSocket();
  await waitFor(() => t.notifications.state === "open" && t.gaps.length === 1, "reconnected");
  const heads = requests(t.sandbox, "HEAD", HEAD).map((r) => r.time);
  assert.equal(heads.length, 5);
  assert.equal(t.errors.filter((e) => e.name === "ApiError").length, 4);
  // Each wait is at least (1 - jitter) of min * 2^attempt, capped by max: 50, 100, 200, 200.
  const floors = [50, 100, 200, 200];
  for (let i = 0; i < floors.length; i++) {
    assert.ok(heads[i + 1] - heads[i] >= floors[i] - 5, `wait ${i}: ${heads[i + 1] - heads[i]}`);
  }
  t.sandbox.notifications.publish(topic, { message: "back" });
  assert.equal((await nextEvent(sub)).eventBody.message, "back");
});

Deno.test("a channel that is gone (deleted, expired): a new channel with every topic", async () => {
  await using t = await setup({ sandbox: { notifications: { channelLifetimeSeconds: 60 } } });
  const topics = [`v2.users.${t.userId}.presence`, `v2.users.${t.userId}.routingStatus`] as const;
  const subs = topics.map((topic) => t.notifications.subscribe(topic));
  await Promise.all(subs.map((s) => s.ready));
  for (const fault of ["deleteChannel", "expireChannel"] as const) {
    const before = [...t.sandbox.notifications.channels.keys()];
    assert.equal(t.sandbox.notifications[fault](), 1);
    await waitFor(
      () =>
        t.gaps.length === (fault === "deleteChannel" ? 1 : 2) && t.notifications.state === "open",
      `a new channel after ${fault}`,
    );
    const now = [...t.sandbox.notifications.channels.values()];
    assert.equal(now.length, 1);
    assert.ok(!before.includes(now[0].id), "a new channel");
    assert.deepEqual([...now[0].topics].sort(), [...topics].sort(), "every topic again");
    const published = t.sandbox.notifications.publish(topics[1], { id: fault });
    assert.equal((await nextEvent(subs[1])).metadata.sequence, published.sequence);
  }
  // HEAD answered 404 each time, then a POST made the new channel.
  assert.equal(requests(t.sandbox, "POST", CHANNELS).length, 3);
  assert.ok(t.errors.length === 0, t.errors.map((e) => e.message).join("; "));
});

Deno.test("planned rollover before expires: a new channel, no gap, every event once", async () => {
  await using t = await setup();
  const topic = `v2.users.${t.userId}.presence` as const;
  const sub = t.notifications.subscribe(topic);
  await sub.ready;
  const published: number[] = [];
  const received: number[] = [];
  const reader = (async () => {
    for await (const e of sub) received.push(e.metadata.sequence as number);
  })();
  // Publish every 10 ms across three 2-second channels (rollovers at about 1.3 s each).
  const until = Date.now() + 4_200;
  while (Date.now() < until) {
    published.push(t.sandbox.notifications.publish(topic, { message: "x" }).sequence);
    await pause(10);
  }
  await waitFor(() => received.length >= published.length, "every event", 3_000);
  sub.close();
  await reader;
  assert.ok(
    t.notifications.stats().rollovers >= 2,
    `rollovers ${t.notifications.stats().rollovers}`,
  );
  assert.deepEqual(received, published, "each event once, in order");
  assert.equal(t.gaps.length, 0);
  assert.ok(t.states.some((s) => s.state === "rolling-over" && s.reason === "expiring"));
  assert.ok(t.notifications.stats().duplicates > 0, "copies were seen on both channels");
  assert.equal(t.notifications.stats().reconnects, 0);
});

Deno.test("v2.system.socket_closing: rollover at once, no gap", async () => {
  await using t = await setup({ sandbox: { notifications: { channelLifetimeSeconds: 600 } } });
  const topic = `v2.users.${t.userId}.presence` as const;
  const sub = t.notifications.subscribe(topic);
  await sub.ready;
  const [old] = [...t.sandbox.notifications.channels.keys()];
  assert.equal(t.sandbox.notifications.sendSocketClosing(old, 0.5), 1);
  await waitFor(() => t.notifications.stats().rollovers === 1, "the rollover");
  assert.ok(t.states.some((s) => s.state === "rolling-over" && s.reason === "socket-closing"));
  // The old socket closes after the overlap, before the server's grace ends.
  await waitFor(() => t.notifications.stats().channels === 1, "the old channel let go");
  const current = t.notifications.stats();
  assert.equal(current.sockets, 1);
  t.sandbox.notifications.publish(topic, { message: "new channel" });
  assert.equal((await nextEvent(sub)).eventBody.message, "new channel");
  await pause(600); // the server's close of the old socket comes and goes unnoticed
  assert.equal(t.gaps.length, 0);
  assert.equal(t.notifications.stats().reconnects, 0);
});

Deno.test("v2.system.no_longer_subscribed: the topics are subscribed again", async () => {
  await using t = await setup({ sandbox: { notifications: { channelLifetimeSeconds: 600 } } });
  const topic = `v2.users.${t.userId}.presence` as const;
  const sub = t.notifications.subscribe(topic);
  await sub.ready;
  assert.equal(t.sandbox.notifications.noLongerSubscribed(), 1);
  await waitFor(() => requests(t.sandbox, "PUT", SUBSCRIPTIONS).length === 2, "a second PUT");
  await waitFor(() => t.notifications.state === "open", "open");
  assert.deepEqual(
    t.states.filter((s) => s.reason === "no-longer-subscribed").map((s) => s.state),
    ["reconnecting"],
  );
  assert.equal(t.gaps.at(-1)?.reason, "no-longer-subscribed");
  const [channel] = [...t.sandbox.notifications.channels.values()];
  assert.deepEqual([...channel.topics], [topic]);
  t.sandbox.notifications.publish(topic, { message: "again" });
  assert.equal((await nextEvent(sub)).eventBody.message, "again");
});

Deno.test("v2.system.token_revoked: the token is renewed through the client, the channel remade", async () => {
  await using t = await setup({ sandbox: { notifications: { channelLifetimeSeconds: 600 } } });
  const topic = `v2.users.${t.userId}.presence` as const;
  const sub = t.notifications.subscribe(topic);
  await sub.ready;
  const [first] = [...t.sandbox.notifications.channels.values()];
  const tokenBefore = requests(t.sandbox, "POST", CHANNELS)[0].headers.get("authorization");
  assert.equal(t.sandbox.notifications.revokeToken(), 1);
  await waitFor(() => t.notifications.state === "open" && t.gaps.length === 1, "a new channel");
  assert.ok(t.states.some((s) => s.state === "reconnecting" && s.reason === "token-revoked"));
  // The client's 401 recovery logged in again; the new channel was made with the new token.
  assert.equal(t.sandbox.counters.tokenRequests["client_credentials"], 2);
  const posts = requests(t.sandbox, "POST", CHANNELS);
  assert.equal(posts.at(-1)?.headers.get("authorization") === tokenBefore, false);
  const [second] = [...t.sandbox.notifications.channels.values()];
  assert.notEqual(second.id, first.id);
  t.sandbox.notifications.publish(topic, { message: "new token" });
  assert.equal((await nextEvent(sub)).eventBody.message, "new token");
});

Deno.test("past 1,000 topics: more channels, none holding more than 1,000", async () => {
  await using t = await setup({ sandbox: { notifications: { channelLifetimeSeconds: 600 } } });
  const topics = Array.from({ length: 2_500 }, (_, i) => `v2.routing.queues.q${i}.users` as const);
  const subs = topics.map((topic) => t.notifications.subscribe(topic));
  await Promise.all(subs.map((s) => s.ready));
  const channels = [...t.sandbox.notifications.channels.values()];
  assert.deepEqual(channels.map((c) => c.topics.size).sort(), [1000, 1000, 500]);
  assert.deepEqual(channels.flatMap((c) => [...c.topics]).sort(), [...topics].sort());
  assert.equal(t.notifications.stats().channels, 3);
  for (const i of [0, 1_234, 2_499]) {
    t.sandbox.notifications.publish(topics[i], { id: `u${i}`, joined: true });
    assert.equal((await nextEvent(subs[i])).eventBody.id, `u${i}`);
  }
});

Deno.test("the channel limit: a typed error before a channel past maxChannels, nothing applied", async () => {
  await using t = await setup({
    sandbox: { notifications: { channelLifetimeSeconds: 600 } },
    client: { topicsPerChannel: 1, maxChannels: 20, rolloverOverlapMs: 20 },
  });
  // 19 channels hold topics; the 20th stays free for rollovers.
  const subs = Array.from(
    { length: 19 },
    (_, i) => t.notifications.subscribe(`v2.routing.queues.q${i}.users`),
  );
  await Promise.all(subs.map((s) => s.ready));
  assert.throws(
    () => t.notifications.subscribe("v2.routing.queues.q19.users"),
    (e: unknown) =>
      e instanceof NotificationChannelLimitError && e.maxChannels === 20 && e.channels === 19 &&
      /allows 20 channels per user and app/.test(e.message),
  );
  assert.equal(t.notifications.stats().topics, 19);
  await pause(50);
  assert.equal(requests(t.sandbox, "POST", CHANNELS).length, 19);
  // Rollovers of all of them at once stay within 20 channels (they take turns for the 20th).
  let most = 0;
  t.notifications.on("state", () => most = Math.max(most, t.notifications.stats().channels));
  t.sandbox.notifications.sendSocketClosing(undefined, 10);
  await waitFor(() => t.notifications.stats().rollovers === 19, "19 rollovers", 10_000);
  assert.equal(most, 20);
  // The server counts the old channels until they expire: it removes those (no socket), never
  // one the client reads.
  assert.equal(t.sandbox.notifications.counters.connectedChannelsEvicted, 0);
  assert.equal(t.gaps.length, 0);
  // Closing one frees room for another topic.
  subs[0].close();
  await waitFor(() => t.notifications.stats().channels === 18, "the channel let go");
  await t.notifications.subscribe("v2.routing.queues.q19.users").ready;
});

Deno.test("subscribe and unsubscribe while reconnecting: applied once the channel is back", async () => {
  await using t = await setup({ sandbox: { notifications: { channelLifetimeSeconds: 600 } } });
  const kept = t.notifications.subscribe(`v2.users.${t.userId}.presence`);
  const dropped = t.notifications.subscribe(`v2.users.${t.userId}.routingStatus`);
  await Promise.all([kept.ready, dropped.ready]);
  // The reconnection's HEAD is slow: the changes happen while it waits.
  t.sandbox.faults.add({ path: HEAD, method: "HEAD", latencyMs: 300 });
  t.sandbox.notifications.dropSocket();
  await waitFor(() => t.notifications.state === "reconnecting", "reconnecting");
  dropped.close();
  const added = t.notifications.subscribe(`v2.users.${t.userId}.geolocation`);
  assert.equal(t.notifications.state, "reconnecting");
  await added.ready;
  const [channel] = [...t.sandbox.notifications.channels.values()];
  assert.deepEqual([...channel.topics].sort(), [
    `v2.users.${t.userId}.geolocation`,
    `v2.users.${t.userId}.presence`,
  ]);
  t.sandbox.notifications.publish(`v2.users.${t.userId}.geolocation`, { city: "Galway" });
  assert.equal((await nextEvent(added)).eventBody.city, "Galway");
});

Deno.test("buffers: drop-oldest counts, fail ends the subscription with a typed error", async () => {
  await using t = await setup({ client: { bufferSize: 3 } });
  const topic = `v2.users.${t.userId}.presence` as const;
  const slow = t.notifications.subscribe(topic);
  await slow.ready;
  for (let i = 1; i <= 10; i++) t.sandbox.notifications.publish(topic, { message: `m${i}` });
  await waitFor(() => t.notifications.stats().messages === 10, "ten events");
  assert.equal(slow.dropped, 7);
  assert.equal(slow.buffered, 3);
  assert.equal(t.notifications.stats().dropped, 7);
  const read = [await nextEvent(slow), await nextEvent(slow), await nextEvent(slow)];
  assert.deepEqual(read.map((e) => e.eventBody.message), ["m8", "m9", "m10"]);

  await using f = await setup({ client: { bufferSize: 2, overflow: "fail" } });
  const failing = f.notifications.subscribe(topic.replace(t.userId, f.userId));
  await failing.ready;
  for (let i = 1; i <= 3; i++) f.sandbox.notifications.publish(failing.topic, { message: `m${i}` });
  await waitFor(() => failing.closed, "the overflow");
  assert.equal((await failing.next()).value?.eventBody.message, "m1");
  assert.equal((await failing.next()).value?.eventBody.message, "m2");
  await assert.rejects(() => failing.next(), NotificationOverflowError);
  assert.deepEqual(await failing.next(), { value: undefined, done: true });
  assert.ok(f.errors.some((e) => e instanceof NotificationOverflowError));
});

Deno.test("topics: bad and system topics throw at once; a refused topic rejects ready", async () => {
  await using t = await setup();
  for (
    const bad of [
      "",
      "v2.users.x?presence&routingStatus",
      "channel.metadata",
      "v2.system.socket_closing",
      "a b",
    ]
  ) {
    assert.throws(() => t.notifications.subscribe(bad), NotificationTopicError, bad);
  }
  assert.equal(t.notifications.stats().channels, 0, "nothing applied");
  const unknown = t.notifications.subscribe("v2.not.a.topic");
  const value: unknown = (await unknown.next().catch(() => ({ value: undefined }))).value;
  assert.equal(value, undefined);
  await assert.rejects(() => unknown.ready, /refused by the server: no notification topic/);
  assert.equal(unknown.closed, true);
  assert.ok(t.errors.some((e) => e instanceof NotificationTopicError));
  await waitFor(() => t.notifications.stats().channels === 0, "the channel let go");
});

Deno.test("close(): subscriptions end, no socket, timer or channel is left; subscribe refused", async () => {
  const t = await setup();
  const sub = t.notifications.subscribe(`v2.users.${t.userId}.presence`);
  const pending = sub.next();
  await sub.ready;
  assert.equal(t.notifications.stats().sockets, 1);
  await t.notifications.close();
  assert.deepEqual(await pending, { value: undefined, done: true });
  const stats = t.notifications.stats();
  assert.deepEqual([stats.sockets, stats.timers, stats.channels, stats.subscriptions], [
    0,
    0,
    0,
    0,
  ]);
  assert.equal(t.notifications.state, "closed");
  assert.equal(t.states.at(-1)?.state, "closed");
  assert.throws(() => t.notifications.subscribe("v2.users.x.presence"), NotificationError);
  await t.notifications.close(); // idempotent
  await waitFor(() => t.sandbox.notifications.sockets === 0, "the server side closed");
  await t[Symbol.asyncDispose]();
});

Deno.test("close() while connecting and while reconnecting settles everything", async () => {
  const t = await setup();
  t.sandbox.faults.add({ path: CHANNELS, method: "POST", latencyMs: 200 });
  const sub = t.notifications.subscribe(`v2.users.${t.userId}.presence`);
  await pause(20);
  await t.notifications.close();
  await assert.rejects(() => sub.ready, /closed before it was ready/);
  await t[Symbol.asyncDispose]();

  await using u = await setup();
  const other = u.notifications.subscribe(`v2.users.${u.userId}.presence`);
  await other.ready;
  u.sandbox.faults.add({ path: HEAD, method: "HEAD", status: 503, times: Infinity });
  u.sandbox.notifications.dropSocket();
  await waitFor(() => u.errors.length >= 2, "failing reconnections");
  await u.notifications.close();
  assert.equal(u.notifications.stats().timers, 0);
});

Deno.test("LiteClient and options: the small client works; bad options are refused by name", async () => {
  await using t = await setup({ lite: true });
  const sub = t.notifications.subscribe(`v2.users.${t.userId}.presence`);
  await sub.ready;
  t.sandbox.notifications.publish(sub.topic, { message: "lite" });
  assert.equal((await nextEvent(sub)).eventBody.message, "lite");
  for (
    const [options, name] of [
      [{ heartbeatTimeoutMs: 0 }, "heartbeatTimeoutMs"],
      [{ reconnectMinMs: 500, reconnectMaxMs: 100 }, "reconnectMaxMs"],
      [{ reconnectJitter: 2 }, "reconnectJitter"],
      [{ topicsPerChannel: 1001 }, "topicsPerChannel"],
      [{ maxChannels: 21 }, "maxChannels"],
      [{ overflow: "block" }, "overflow"],
      [{ bufferSize: 1.5 }, "bufferSize"],
    ] as const
  ) {
    assert.throws(
      () => new NotificationClient(t.client, options as never),
      (e: unknown) => e instanceof ConfigurationError && e.message.includes(name),
    );
  }
  assert.throws(() => new NotificationClient({} as never), ConfigurationError);
});
