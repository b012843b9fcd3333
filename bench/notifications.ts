/**
 * Notifications benchmark (`deno run -A --v8-flags=--expose-gc bench/notifications.ts`): the
 * sandbox runs in a child process and publishes as fast as it can; this process reads the stream
 * through one `NotificationClient` and through a raw `WebSocket` (subscribed by hand, each frame
 * `JSON.parse`d and counted), in turns:
 *
 * 1. events per second from the first event sent to the last one read, and the CPU time this
 *    process spends per event (`process.cpuUsage`), for each reader, with the publisher's own
 *    rate beside them (when the readers match it, the publisher is the limit);
 * 2. heap per 1,000 subscribed topics (after a full GC), for the client and for the raw socket
 *    with a `Map` of topic -> handler (5,000 topics: five channels for the client).
 *
 * Options: `--events=<n>` per round (default 100000), `--rounds=<n>` (default 5),
 * `--topics=<n>` topics the events spread over (default 10). Prints a markdown table.
 *
 * @module
 */

import process from "node:process";
import { LiteClient } from "../mod.ts";
import { NotificationClient } from "../src/notifications/mod.ts";

const args = new Map(
  Deno.args.filter((a) => a.startsWith("--")).map((a) => {
    const [k, v] = a.slice(2).split("=");
    return [k, v ?? "true"] as const;
  }),
);
const EVENTS = Number(args.get("events") ?? 100_000);
const ROUNDS = Number(args.get("rounds") ?? 5);
const TOPICS = Number(args.get("topics") ?? 10);

// ---- child: the sandbox, and a control server that publishes on request ----
if (args.has("serve")) {
  const { startSandbox } = await import("../tools/sandbox/mod.ts");
  const sandbox = await startSandbox({ recordRequests: false });
  const token = await sandbox.issueAccessToken();
  const control = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const q = new URL(req.url).searchParams;
    const topics = q.getAll("topic");
    const n = Number(q.get("n"));
    const started = performance.now();
    for (let i = 0; i < n; i++) {
      sandbox.notifications.publish(topics[i % topics.length], { id: `e${i}`, joined: true });
      // Let the socket writes go out now and then (publishing never waits otherwise).
      if (i % 2_000 === 1_999) await new Promise((r) => setTimeout(r, 0));
    }
    return Response.json({ ms: performance.now() - started });
  });
  console.log(JSON.stringify({ api: sandbox.url, control: control.addr.port, token }));
  await new Promise(() => {}); // until killed
}

// ---- parent ----
const child = new Deno.Command(Deno.execPath(), {
  args: ["run", "-A", new URL(import.meta.url).pathname, "--serve"],
  stdout: "piped",
  stderr: "inherit",
}).spawn();
const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
let first = "";
while (!first.includes("\n")) first += (await reader.read()).value ?? "";
const server = JSON.parse(first.split("\n")[0]) as { api: string; control: number; token: string };
const topics = Array.from({ length: TOPICS }, (_, i) => `v2.routing.queues.bench${i}.users`);
const gc = (globalThis as { gc?: () => void }).gc;

async function publish(n: number): Promise<number> {
  const q = new URLSearchParams([["n", String(n)], ...topics.map((t) => ["topic", t])]);
  const res = await fetch(`http://127.0.0.1:${server.control}/publish?${q}`);
  return ((await res.json()) as { ms: number }).ms;
}

async function rest(method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${server.api}${path}`, {
    method,
    headers: { authorization: `Bearer ${server.token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return text ? JSON.parse(text) : undefined;
}

/** A raw WebSocket on its own channel subscribed to `list`; counts frames per topic. */
async function rawSocket(list: string[]) {
  const channel = await rest("POST", "/api/v2/notifications/channels") as {
    id: string;
    connectUri: string;
  };
  await rest(
    "PUT",
    `/api/v2/notifications/channels/${channel.id}/subscriptions`,
    list.map((id) => ({ id })),
  );
  const handlers = new Map(list.map((t) => [t, { count: 0 }]));
  const ws = new WebSocket(channel.connectUri);
  let total = 0;
  let onCount: (() => void) | undefined;
  ws.onmessage = (e) => {
    const message = JSON.parse(String(e.data));
    const handler = handlers.get(message.topicName);
    if (handler) {
      handler.count++;
      total++;
      onCount?.();
    }
  };
  await new Promise((resolve) => (ws.onopen = resolve));
  return {
    handlers,
    total: () => total,
    waitFor: (n: number) =>
      new Promise<void>((resolve) => {
        onCount = () => total >= n && resolve();
        if (total >= n) resolve();
      }),
    close: () =>
      new Promise<void>((resolve) => {
        ws.onclose = () => resolve();
        ws.close();
      }),
  };
}

function client(): NotificationClient {
  return new NotificationClient(
    new LiteClient({ basePath: server.api, accessToken: server.token }),
    {
      bufferSize: EVENTS + 1,
    },
  );
}

interface Run {
  ms: number;
  cpuUs: number;
  publisherMs: number;
}

async function rawRound(): Promise<Run> {
  const socket = await rawSocket(topics);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const [publisherMs] = await Promise.all([publish(EVENTS), socket.waitFor(EVENTS)]);
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  await socket.close();
  return { ms, cpuUs: used.user + used.system, publisherMs };
}

async function clientRound(): Promise<Run> {
  const notifications = client();
  const subs = topics.map((t) => notifications.subscribe(t));
  await Promise.all(subs.map((s) => s.ready));
  let total = 0;
  let done!: () => void;
  const all = new Promise<void>((resolve) => (done = resolve));
  for (const sub of subs) {
    (async () => {
      for await (const _ of sub) if (++total === EVENTS) done();
    })();
  }
  const cpu = process.cpuUsage();
  const started = performance.now();
  const [publisherMs] = await Promise.all([publish(EVENTS), all]);
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  await notifications.close();
  return { ms, cpuUs: used.user + used.system, publisherMs };
}

function heap(): number {
  gc?.();
  gc?.();
  return Deno.memoryUsage().heapUsed;
}

async function memoryPer1000(kind: "client" | "raw", count: number): Promise<number> {
  const list = Array.from({ length: count }, (_, i) => `v2.routing.queues.mem${i}.users`);
  const before = heap();
  let release: () => Promise<void>;
  if (kind === "client") {
    const notifications = client();
    const subs = list.map((t) => notifications.subscribe(t));
    await Promise.all(subs.map((s) => s.ready));
    release = () => notifications.close();
  } else {
    const sockets: Awaited<ReturnType<typeof rawSocket>>[] = [];
    for (let i = 0; i < count; i += 1000) sockets.push(await rawSocket(list.slice(i, i + 1000)));
    release = async () => void await Promise.all(sockets.map((s) => s.close()));
  }
  const after = heap();
  await release();
  return (after - before) / (count / 1000);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  // Warm-up: one round of each, not counted.
  await rawRound();
  await clientRound();
  const raw: Run[] = [];
  const ours: Run[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    // Turns, the order swapped every round.
    if (r % 2 === 0) {
      raw.push(await rawRound());
      ours.push(await clientRound());
    } else {
      ours.push(await clientRound());
      raw.push(await rawRound());
    }
  }
  const rate = (runs: Run[]) => Math.round(EVENTS / (median(runs.map((r) => r.ms)) / 1000));
  const cpu = (runs: Run[]) => median(runs.map((r) => r.cpuUs / EVENTS));
  const publisher = Math.round(
    EVENTS / (median([...raw, ...ours].map((r) => r.publisherMs)) / 1000),
  );
  // One after the other (measured together, they would count each other's heap).
  const mr1 = await memoryPer1000("raw", 1000);
  const mo1 = await memoryPer1000("client", 1000);
  const mr5 = await memoryPer1000("raw", 5000);
  const mo5 = await memoryPer1000("client", 5000);
  const kb = (b: number) => `${(b / 1024).toFixed(0)} KB`;
  console.log(
    `notifications: ${EVENTS} events per round over ${TOPICS} topics, ${ROUNDS} rounds, ` +
      `Deno ${Deno.version.deno}${gc ? "" : " (no --expose-gc: heap figures are rough)"}`,
  );
  console.log("| figure | NotificationClient | raw WebSocket | ratio |\n| --- | --- | --- | --- |");
  console.log(
    `| events/s, one client (publisher alone: ${publisher}/s) | ${rate(ours)} | ${rate(raw)} | ${
      (rate(ours) / rate(raw)).toFixed(2)
    }x |`,
  );
  console.log(
    `| CPU per event in the reading process | ${cpu(ours).toFixed(2)} µs | ${
      cpu(raw).toFixed(2)
    } µs | ${(cpu(ours) / cpu(raw)).toFixed(2)}x |`,
  );
  console.log(
    `| heap per 1,000 topics (1,000 topics) | ${kb(mo1)} | ${kb(mr1)} | ${
      (mo1 / mr1).toFixed(2)
    }x |`,
  );
  console.log(
    `| heap per 1,000 topics (5,000 topics) | ${kb(mo5)} | ${kb(mr5)} | ${
      (mo5 / mr5).toFixed(2)
    }x |`,
  );
} finally {
  child.kill();
  await child.status;
  await reader.cancel().catch(() => {});
}
