/**
 * The sandbox's notifications service on the wire (raw `fetch` and `WebSocket`): channels and
 * their limits, subscriptions, the socket (heartbeats, ping answers, sequence numbers), the
 * fault controls, and the events its state changes publish.
 */

import assert from "node:assert/strict";
import { type SandboxOptions, startSandbox } from "../../tools/sandbox/mod.ts";

interface Frame {
  topicName: string;
  version?: string;
  eventBody: Record<string, unknown>;
  metadata?: { CorrelationId?: string; sequence?: number };
}

/** A raw socket recording its frames and its close. */
class Socket {
  readonly frames: Frame[] = [];
  closed: { code: number; reason: string } | undefined;
  readonly ws: WebSocket;
  readonly opened: Promise<void>;
  readonly done: Promise<void>;

  constructor(url: string) {
    this.ws = new WebSocket(url);
    this.opened = new Promise((resolve, reject) => {
      this.ws.onopen = () => resolve();
      this.ws.onerror = () => reject(new Error(`cannot open ${url}`));
    });
    this.done = new Promise((resolve) => {
      this.ws.onclose = (e) => {
        this.closed = { code: e.code, reason: e.reason };
        resolve();
      };
    });
    this.ws.onmessage = (e) => this.frames.push(JSON.parse(String(e.data)));
  }

  of(topic: string): Frame[] {
    return this.frames.filter((f) => f.topicName === topic);
  }

  async close(): Promise<void> {
    if (!this.closed) this.ws.close();
    await this.done;
  }
}

async function until(condition: () => boolean, what: string, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A sandbox and a client-credentials token, with helpers for the REST calls. */
async function open(options: SandboxOptions = {}) {
  const sandbox = await startSandbox(options);
  const token = await sandbox.issueAccessToken();
  const call = async (method: string, path: string, body?: unknown, bearer = token) => {
    const res = await fetch(`${sandbox.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${bearer}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  };
  return { sandbox, token, call };
}

const CHANNELS = "/api/v2/notifications/channels";

Deno.test("channels: create, list, HEAD; subscriptions: PUT, POST, GET, DELETE, refusals, 1,000 topics", async () => {
  const { sandbox, call } = await open({ notifications: { maxTopicsPerChannel: 3 } });
  try {
    const created = await call("POST", CHANNELS);
    assert.equal(created.status, 200);
    const { id, connectUri, expires } = created.json;
    assert.match(id, /^[0-9a-f-]{36}$/);
    assert.equal(connectUri, `${sandbox.url.replace("http", "ws")}/channels/${id}`);
    const life = Date.parse(expires) - Date.now();
    assert.ok(life > 86_390_000 && life <= 86_400_000, `expires in ${life} ms`);
    assert.equal((await call("HEAD", `${CHANNELS}/${id}`)).status, 200);
    assert.equal((await call("HEAD", `${CHANNELS}/${crypto.randomUUID()}`)).status, 404);
    assert.deepEqual((await call("GET", `${CHANNELS}?includechannels=oauthclient`)).json, {
      entities: [{ id, connectUri, expires }],
    });

    const subs = `${CHANNELS}/${id}/subscriptions`;
    const put = await call("PUT", subs, [{ id: "v2.users.u1.presence" }, {
      id: "v2.users.u1.routingStatus",
    }]);
    assert.deepEqual(put.json.entities.map((e: { state: string }) => e.state), [
      "Permitted",
      "Permitted",
    ]);
    assert.equal((await call("POST", subs, [{ id: "v2.routing.queues.q1.users" }])).status, 200);
    assert.deepEqual(
      (await call("GET", subs)).json.entities.map((e: { id: string }) => e.id).sort(),
      ["v2.routing.queues.q1.users", "v2.users.u1.presence", "v2.users.u1.routingStatus"],
    );
    // A 4th topic is past this sandbox's limit of 3: 400, nothing changed.
    const over = await call("POST", subs, [{ id: "v2.users.u2.presence" }]);
    assert.equal(over.status, 400);
    assert.match(over.json.message, /at most 3 topics; this request makes 4/);
    // Unknown and system topics: 400, or Rejected entries with ignoreErrors=true.
    const bad = [{ id: "v2.nothing.here" }, { id: "v2.system.socket_closing" }];
    assert.equal((await call("PUT", subs, bad)).status, 400);
    const ignored = await call("PUT", `${subs}?ignoreErrors=true`, [...bad, {
      id: "v2.users.u9.presence",
    }]);
    assert.deepEqual(
      ignored.json.entities.map((e: { id: string; state: string }) => [e.id, e.state]),
      [
        ["v2.users.u9.presence", "Permitted"],
        ["v2.nothing.here", "Rejected"],
        ["v2.system.socket_closing", "Rejected"],
      ],
    );
    assert.equal((await call("DELETE", subs)).status, 204);
    assert.deepEqual((await call("GET", subs)).json.entities, []);
    // Another client's token sees none of it.
    const other = await sandbox.issueAccessToken({ userId: sandbox.credentials.user.id });
    assert.equal((await call("HEAD", `${CHANNELS}/${id}`, undefined, other)).status, 404);
  } finally {
    await sandbox.stop();
  }
});

Deno.test("the 20-channel limit: a 21st removes the least recently used, unconnected ones first", async () => {
  const { sandbox, call } = await open({ notifications: { maxChannelsPerUserApp: 3 } });
  const sockets: Socket[] = [];
  try {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await call("POST", CHANNELS)).json.id);
    // The oldest has a socket: the next one to go is the second (no socket).
    const socket = new Socket(`${sandbox.url.replace("http", "ws")}/channels/${ids[0]}`);
    sockets.push(socket);
    await socket.opened;
    ids.push((await call("POST", CHANNELS)).json.id);
    assert.deepEqual([...sandbox.notifications.channels.keys()], [ids[0], ids[2], ids[3]]);
    assert.equal(sandbox.notifications.counters.channelsEvicted, 1);
    assert.equal(sandbox.notifications.counters.connectedChannelsEvicted, 0);
    assert.equal((await call("HEAD", `${CHANNELS}/${ids[1]}`)).status, 404);
  } finally {
    await Promise.all(sockets.map((s) => s.close()));
    await sandbox.stop();
  }
});

Deno.test("the socket: heartbeats, ping answers, events with per-topic sequence numbers", async () => {
  const { sandbox, call } = await open({ notifications: { heartbeatIntervalSeconds: 0.05 } });
  const { id, connectUri } = (await call("POST", CHANNELS)).json;
  await call("PUT", `${CHANNELS}/${id}/subscriptions`, [{ id: "v2.users.u1.presence" }]);
  const socket = new Socket(connectUri);
  try {
    await socket.opened;
    await until(() => socket.of("channel.metadata").length >= 2, "heartbeats");
    assert.deepEqual(socket.frames[0], {
      topicName: "channel.metadata",
      eventBody: { message: "WebSocket Heartbeat" },
    });
    socket.ws.send(JSON.stringify({ message: "ping" }));
    await until(() => socket.frames.some((f) => f.eventBody.message === "pong"), "the pong");
    assert.equal(sandbox.notifications.counters.pings, 1);
    const first = sandbox.notifications.publish("v2.users.u1.presence", { message: "a" });
    const second = sandbox.notifications.publish("v2.users.u1.presence", { message: "b" });
    assert.equal(sandbox.notifications.publish("v2.users.u2.presence", {}).delivered, 0);
    assert.deepEqual([first.sequence, second.sequence, first.delivered], [1, 2, 1]);
    await until(() => socket.of("v2.users.u1.presence").length === 2, "two events");
    const [a, b] = socket.of("v2.users.u1.presence");
    assert.deepEqual(a, {
      topicName: "v2.users.u1.presence",
      version: "2",
      eventBody: { message: "a" },
      metadata: { CorrelationId: first.correlationId, sequence: 1 },
    });
    assert.equal(b.metadata?.sequence, 2);
    // stopHeartbeats: no heartbeat and no pong any more; events still flow.
    sandbox.notifications.stopHeartbeats(id);
    const beats = socket.of("channel.metadata").length;
    socket.ws.send(JSON.stringify({ message: "ping" }));
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(socket.of("channel.metadata").length, beats);
    sandbox.notifications.publish("v2.users.u1.presence", { message: "c" });
    await until(() => socket.of("v2.users.u1.presence").length === 3, "the third event");
  } finally {
    await socket.close();
    await sandbox.stop();
  }
});

Deno.test("fault controls: drop, socket_closing, expire, delete, revoke, no_longer_subscribed", async () => {
  const { sandbox, call, token } = await open();
  const ws = (uri: string) => new Socket(uri);
  const sockets: Socket[] = [];
  const channel = async (): Promise<{ id: string; connectUri: string; socket: Socket }> => {
    const c = (await call("POST", CHANNELS)).json;
    await call("PUT", `${CHANNELS}/${c.id}/subscriptions`, [{ id: "v2.users.u1.presence" }]);
    const s = ws(c.connectUri);
    sockets.push(s);
    await s.opened;
    return { ...c, socket: s };
  };
  try {
    // drop: closed at once, the channel stays (a new socket may connect).
    const a = await channel();
    assert.equal(sandbox.notifications.dropSocket(a.id), 1);
    await a.socket.done;
    assert.equal(a.socket.closed?.code, 4000);
    assert.equal((await call("HEAD", `${CHANNELS}/${a.id}`)).status, 200);
    const again = ws(a.connectUri);
    sockets.push(again);
    await again.opened;

    // socket_closing: the warning, then the close after the grace.
    const b = await channel();
    assert.equal(sandbox.notifications.sendSocketClosing(b.id, 0.1), 1);
    await b.socket.done;
    assert.equal(b.socket.frames.at(-1)?.topicName, "v2.system.socket_closing");
    assert.equal(b.socket.closed?.code, 1000);

    // expire and delete: closed, HEAD 404, no new socket accepted.
    for (const fault of ["expireChannel", "deleteChannel"] as const) {
      const c = await channel();
      sandbox.notifications[fault](c.id);
      await c.socket.done;
      assert.equal(c.socket.closed?.code, fault === "expireChannel" ? 4001 : 4002);
      assert.equal((await call("HEAD", `${CHANNELS}/${c.id}`)).status, 404);
      const refused = await fetch(c.connectUri.replace("ws", "http"), {
        headers: { upgrade: "websocket" },
      });
      await refused.body?.cancel();
      assert.equal(refused.status, 404);
    }

    // no_longer_subscribed: the message, the topics gone.
    const d = await channel();
    sandbox.notifications.noLongerSubscribed(d.id);
    await until(() => d.socket.frames.some((f) => f.topicName.startsWith("v2.system.no_")), "it");
    assert.equal(d.socket.frames.at(-1)?.topicName, `v2.system.no_longer_subscribed.${d.id}`);
    assert.deepEqual((await call("GET", `${CHANNELS}/${d.id}/subscriptions`)).json.entities, []);

    // revoke: token_revoked on every channel of the token, then 401 for the token.
    const open = sandbox.notifications.sockets;
    const made = sandbox.notifications.channels.size;
    assert.equal(sandbox.notifications.revokeToken(d.id), made);
    await d.socket.done;
    const revoked = d.socket.frames.at(-1)!;
    assert.equal(revoked.topicName, `v2.system.token_revoked.${d.id}`);
    assert.equal(revoked.eventBody.systemTopicType, "token_revoked");
    assert.equal(d.socket.closed?.code, 4003);
    assert.equal((await call("POST", CHANNELS)).status, 401);
    assert.equal(sandbox.notifications.channels.size, 0);
    assert.ok(open >= 2 && sandbox.notifications.sockets === 0);
    assert.ok(token);
  } finally {
    await Promise.all(sockets.map((s) => s.close()));
    await sandbox.stop();
  }
});

Deno.test("channel lifetime: the socket closes at expires; the channel is gone", async () => {
  const { sandbox, call } = await open({ notifications: { channelLifetimeSeconds: 0.3 } });
  const { id, connectUri } = (await call("POST", CHANNELS)).json;
  const socket = new Socket(connectUri);
  try {
    await socket.opened;
    await socket.done;
    assert.deepEqual(socket.closed, { code: 4001, reason: "channel expired" });
    assert.equal((await call("HEAD", `${CHANNELS}/${id}`)).status, 404);
  } finally {
    await socket.close();
    await sandbox.stop();
  }
});

/** Subscribes a socket to `topics`; returns it open. */
async function listen(s: Awaited<ReturnType<typeof open>>, topics: string[]): Promise<Socket> {
  const { id, connectUri } = (await s.call("POST", CHANNELS)).json;
  await s.call("PUT", `${CHANNELS}/${id}/subscriptions`, topics.map((t) => ({ id: t })));
  const socket = new Socket(connectUri);
  await socket.opened;
  return socket;
}

Deno.test("events from the sandbox's state: presence, routing status, queue members, calls, tokens", async () => {
  const s = await open();
  const { sandbox, call } = s;
  const user = sandbox.credentials.user.id;
  const [queue] = [...sandbox.state.queues.keys()];
  const userToken = await sandbox.issueAccessToken({ userId: user });
  const topics = [
    `v2.users.${user}.presence`,
    `v2.users.${user}.routingStatus`,
    `v2.routing.queues.${queue}.users`,
    `v2.users.${user}.conversations`,
    `v2.users.${user}.conversations.calls`,
    `v2.routing.queues.${queue}.conversations`,
  ];
  const socket = await listen(s, topics);
  try {
    const patch = await call("PATCH", `/api/v2/users/${user}/presences/purecloud`, {
      presenceDefinition: { id: "p1", systemPresence: "Away" },
      message: "lunch",
    });
    assert.equal(patch.status, 200);
    assert.equal(
      (await call("PUT", `/api/v2/users/${user}/routingstatus`, { status: "IDLE" })).status,
      200,
    );
    assert.ok(
      (await call("POST", `/api/v2/routing/queues/${queue}/members`, [{ id: user }])).status < 300,
    );
    assert.ok(
      (await call("POST", `/api/v2/routing/queues/${queue}/members?delete=true`, [{ id: user }]))
        .status < 300,
    );
    const created = await call(
      "POST",
      "/api/v2/conversations/calls",
      { phoneNumber: "+353123456", callFromQueueId: queue },
      userToken,
    );
    assert.ok(created.status < 300, JSON.stringify(created.json));
    const conversationId = created.json.id;
    assert.ok(
      (await call("POST", `/api/v2/conversations/${conversationId}/disconnect`)).status < 300,
    );
    await until(() => socket.of(topics[5]).length === 2, "the queue's conversation events");

    const [presence] = socket.of(topics[0]);
    assert.equal(presence.eventBody.source, "PURECLOUD");
    assert.deepEqual(presence.eventBody.presenceDefinition, { id: "p1", systemPresence: "Away" });
    assert.equal(presence.eventBody.message, "lunch");
    const [routing] = socket.of(topics[1]);
    assert.deepEqual((routing.eventBody.routingStatus as { status: string }).status, "IDLE");
    assert.deepEqual(socket.of(topics[2]).map((f) => f.eventBody.joined), [true, false]);
    const calls = socket.of(topics[3]);
    assert.equal(calls.length, 2);
    assert.equal(calls[0].eventBody.id, conversationId);
    const states = calls.map((f) =>
      (f.eventBody.participants as { calls: { state: string }[] }[])[0].calls[0].state
    );
    assert.deepEqual(states, ["connected", "disconnected"]);
    assert.equal(socket.of(topics[4]).length, 2);

    // DELETE /api/v2/tokens/me revokes the token: its channel hears token_revoked.
    assert.ok((await call("DELETE", "/api/v2/tokens/me")).status < 300);
    await socket.done;
    assert.match(socket.frames.at(-1)!.topicName, /^v2\.system\.token_revoked\./);
  } finally {
    await socket.close();
    await sandbox.stop();
  }
});
