/**
 * The parts of the notifications client on their own: the payload type of a topic (checked by
 * the compiler: each `@ts-expect-error` must meet an error), back-off, copies across a rollover,
 * a subscription's buffer and end, the channel slots, the expiry clock, the heartbeat watchdog
 * of one link (with a WebSocket stand-in).
 */

import assert from "node:assert/strict";
import type {
  NotificationPayload,
  PresenceEventUserPresence,
  QueueUserEventTopicQueueMember,
  SystemMessageSystemMessage,
  UserRoutingStatusUserRoutingStatus,
} from "../../src/notifications/mod.ts";
import { backoffDelay } from "../../src/notifications/backoff.ts";
import { eventKey, OverlapDedupe } from "../../src/notifications/dedupe.ts";
import { ChannelLink } from "../../src/notifications/link.ts";
import { Slots } from "../../src/notifications/slots.ts";
import { localExpiry } from "../../src/notifications/shard.ts";
import { feed, NotificationSubscription, settle } from "../../src/notifications/subscription.ts";
import { Timers } from "../../src/notifications/timers.ts";
import { NotificationError, NotificationOverflowError } from "../../src/notifications/errors.ts";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true
  : false;
function expectType<T extends true>(_: T): void {}

Deno.test("types: a topic's payload comes from its pattern; unknown topics are unknown", () => {
  const id: string = "6a1f";
  expectType<
    Equal<NotificationPayload<`v2.users.${typeof id}.presence`>, PresenceEventUserPresence>
  >(
    true,
  );
  expectType<
    Equal<NotificationPayload<"v2.users.abc.routingStatus">, UserRoutingStatusUserRoutingStatus>
  >(
    true,
  );
  expectType<
    Equal<NotificationPayload<`v2.routing.queues.q${number}.users`>, QueueUserEventTopicQueueMember>
  >(
    true,
  );
  // Two ids, and system topics (one schema for the overlapping patterns).
  expectType<Equal<NotificationPayload<"v2.system.token_revoked.c1">, SystemMessageSystemMessage>>(
    true,
  );
  // No pattern, a dotted id, a plain string: unknown.
  expectType<Equal<NotificationPayload<"v2.nothing.here">, unknown>>(true);
  expectType<Equal<NotificationPayload<"v2.users.a.b.presence">, unknown>>(true);
  expectType<Equal<NotificationPayload<string>, unknown>>(true);
  // @ts-expect-error a presence event is no routing status
  expectType<Equal<NotificationPayload<"v2.users.x.presence">, UserRoutingStatusUserRoutingStatus>>(
    true,
  );
  // An id equal to a literal segment matches two patterns: the union.
  type Both = NotificationPayload<"v2.telephony.providers.edges.phones.metrics">;
  const both: Both = { id: "x" };
  assert.equal(both.id, "x");
});

Deno.test("backoff: doubles from the minimum, caps at the maximum, jitter takes off at most its share", () => {
  const policy = { reconnectMinMs: 100, reconnectMaxMs: 1_000, reconnectJitter: 0.5 };
  assert.deepEqual([0, 1, 2, 3, 4, 10].map((n) => backoffDelay(policy, n, () => 0)), [
    100,
    200,
    400,
    800,
    1000,
    1000,
  ]);
  for (let i = 0; i < 200; i++) {
    const d = backoffDelay(policy, 2);
    assert.ok(d >= 200 && d <= 400, String(d));
  }
  assert.equal(backoffDelay({ ...policy, reconnectJitter: 0 }, 3), 800);
  assert.equal(backoffDelay(policy, 1e9, () => 0), 1000);
});

Deno.test("dedupe: a copy on the other source is dropped once; repeats on one source are kept", () => {
  const d = new OverlapDedupe<string>();
  assert.equal(d.admit("a", "k"), true, "inactive: everything passes");
  d.begin("a", "b");
  assert.deepEqual(
    ["k1", "k1", "k2"].map((k) => d.admit("a", k)).concat(
      ["k1", "k1", "k1", "k2"].map((k) => d.admit("b", k)),
    ),
    [true, true, true, false, false, true, false],
  );
  assert.equal(d.admit("c", "k9"), true, "a third source is not paired");
  assert.equal(d.size, 1);
  d.end();
  assert.equal(d.active, false);
  const event = { topicName: "t", version: "2", eventBody: {}, metadata: {} };
  assert.equal(eventKey(event, "raw text"), "raw text");
  assert.equal(eventKey({ ...event, metadata: { CorrelationId: "c" } }, "raw"), "t c");
});

function subscription(settings: { bufferSize: number; overflow: "drop-oldest" | "fail" }) {
  const closed: string[] = [];
  const overflows: Error[] = [];
  const sub = new NotificationSubscription<number>("t", {
    ...settings,
    onClose: (s) => closed.push(s.topic),
    onOverflow: (e) => overflows.push(e),
  });
  const event = (n: number) => ({ topicName: "t", version: "2", eventBody: n, metadata: {} });
  const any = sub as NotificationSubscription<unknown>;
  const sink = {
    push: (e: ReturnType<typeof event>) => feed(any, e),
    settle: (error?: Error) => settle(any, error),
  };
  return { sub, sink, closed, overflows, event };
}

Deno.test("subscription: waiting reader, buffer, drop-oldest, fail, close, ready", async () => {
  const a = subscription({ bufferSize: 2, overflow: "drop-oldest" });
  const waiting = a.sub.next();
  assert.equal(a.sink.push(a.event(1)), 0);
  assert.equal((await waiting).value?.eventBody, 1);
  for (const n of [2, 3, 4]) a.sink.push(a.event(n));
  assert.deepEqual([a.sub.buffered, a.sub.dropped], [2, 1]);
  assert.equal((await a.sub.next()).value?.eventBody, 3);
  a.sink.settle();
  await a.sub.ready;
  a.sub.close();
  assert.deepEqual(await a.sub.next(), { value: undefined, done: true });
  assert.deepEqual(a.closed, ["t"]);
  a.sub.close();
  assert.deepEqual(a.closed, ["t"], "closes once");

  const f = subscription({ bufferSize: 1, overflow: "fail" });
  f.sink.push(f.event(1));
  f.sink.push(f.event(2));
  assert.equal(f.sub.closed, true);
  assert.equal((await f.sub.next()).value?.eventBody, 1);
  await assert.rejects(() => f.sub.next(), NotificationOverflowError);
  assert.equal(f.overflows.length, 1);
  await assert.rejects(() => f.sub.ready, NotificationOverflowError);

  const r = subscription({ bufferSize: 1, overflow: "fail" });
  const pending = r.sub.next();
  r.sink.settle(new NotificationError("refused"));
  await assert.rejects(() => pending, /refused/);
  await assert.rejects(() => r.sub.ready, /refused/);

  // Many events through a reader that keeps up: the buffer does not grow.
  const m = subscription({ bufferSize: 10, overflow: "fail" });
  for (let i = 0; i < 5_000; i++) {
    m.sink.push(m.event(i));
    assert.equal((await m.sub.next()).value?.eventBody, i);
  }
  assert.equal(m.sub.buffered, 0);
  m.sub.close();
});

Deno.test("slots: at most n taken; waiters served in order; an abort gives up", async () => {
  const slots = new Slots(2);
  const signal = new AbortController().signal;
  assert.equal(await slots.acquire(signal), true);
  assert.equal(await slots.acquire(signal), true);
  const order: number[] = [];
  const third = slots.acquire(signal).then((g) => (order.push(3), g));
  const giveUp = new AbortController();
  const fourth = slots.acquire(giveUp.signal);
  const fifth = slots.acquire(signal).then((g) => (order.push(5), g));
  giveUp.abort();
  assert.equal(await fourth, false);
  slots.release();
  slots.release();
  assert.deepEqual(await Promise.all([third, fifth]), [true, true]);
  assert.deepEqual(order, [3, 5]);
  assert.equal(slots.used, 2);
});

Deno.test("expiry: the server's clock skew past 5 s shifts expires; unreadable expires: 24 h", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  const expires = "2026-01-02T00:00:00Z";
  assert.equal(localExpiry(expires, new Date(now + 2_000).toUTCString(), now), Date.parse(expires));
  assert.equal(
    localExpiry(expires, new Date(now + 60_000).toUTCString(), now),
    Date.parse(expires) - 60_000,
  );
  assert.equal(localExpiry(expires, null, now), Date.parse(expires));
  assert.equal(localExpiry("soon", null, now), now + 86_400_000);
});

/** A WebSocket stand-in: opens at once, records what is sent, closes on request. */
class FakeSocket extends EventTarget {
  binaryType = "blob";
  readonly sent: string[] = [];
  constructor() {
    super();
    setTimeout(() => this.dispatchEvent(new Event("open")), 0); // a task, as a socket's
  }
  send(data: string): void {
    this.sent.push(data);
  }
  close(): void {
    setTimeout(() => this.dispatchEvent(new CloseEvent("close", { code: 1000 })), 0);
  }
  receive(data: unknown): void {
    this.dispatchEvent(new MessageEvent("message", { data: JSON.stringify(data) }));
  }
}

Deno.test("link: silence sends one ping; an answer keeps it; no answer reports it lost", async () => {
  const timers = new Timers();
  const sockets = { count: 0 };
  let socket!: FakeSocket;
  const lost: string[] = [];
  const system: string[] = [];
  const events: unknown[] = [];
  const link = new ChannelLink(
    { id: "c1", connectUri: "ws://x/channels/c1", createdAt: 0, expiresAt: 1e15 },
    {
      heartbeatTimeoutMs: 40,
      pingTimeoutMs: 40,
      connectTimeoutMs: 1_000,
      webSocket: () => (socket = new FakeSocket()) as unknown as WebSocket,
      timers,
      sockets,
    },
    {
      event: (_, e) => events.push(e.eventBody),
      system: (_, s) => system.push(s),
      heartbeat: () => {},
      lost: (_, reason) => lost.push(reason),
    },
  );
  await link.open(new AbortController().signal);
  assert.equal(sockets.count, 1);
  await new Promise((r) => setTimeout(r, 60));
  assert.deepEqual(socket.sent, ['{"message":"ping"}']);
  socket.receive({ topicName: "channel.metadata", eventBody: { message: "pong" } });
  socket.receive({ topicName: "v2.users.u.presence", version: 2, eventBody: { n: 1 } });
  socket.receive({ topicName: "v2.system.socket_closing", eventBody: {} });
  socket.receive({ topicName: "v2.system.no_longer_subscribed.c1", eventBody: {} });
  await new Promise((r) => setTimeout(r, 30));
  assert.deepEqual(lost, [], "the answer kept it");
  assert.deepEqual(events, [{ n: 1 }]);
  assert.deepEqual(system, ["socket-closing", "no-longer-subscribed"]);
  await new Promise((r) => setTimeout(r, 150));
  assert.deepEqual(lost, ["heartbeat-timeout"]);
  assert.equal(socket.sent.length, 2, "one more ping, then given up");
  await link.close();
  assert.equal(sockets.count, 0);
  assert.equal(timers.size, 0);
});
