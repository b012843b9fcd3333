/**
 * Soak: one client, 50 topics, channels of 2 s, for 62 s, with socket drops and
 * `socket_closing` injected in turn every 4 s while the sandbox publishes 500 events a second.
 * Every event is delivered at most once; every event missed was published inside a gap the
 * client reported, and every gap holds an injected drop (planned rollovers, 30+ of them, lose
 * nothing); sockets, channels and timers stay bounded and memory does not grow.
 */

import assert from "node:assert/strict";
import { pause, setup } from "./_helpers.ts";

const SECONDS = 62;
const HEAD = /^\/api\/v2\/notifications\/channels\/[^/]+$/;
/** The client's overlap (FAST): the old channel delivers this long after a rollover's switch. */
const OVERLAP_MS = 150;
const TOPICS = 50;

Deno.test({
  name: "soak: 62 s, 50 topics, 2 s channels, drops and socket_closing injected",
  async fn() {
    await using t = await setup({
      sandbox: { notifications: { channelLifetimeSeconds: 2, heartbeatIntervalSeconds: 0.25 } },
      client: { bufferSize: 100_000 },
    });
    const topics = Array.from({ length: TOPICS }, (_, i) => `v2.routing.queues.soak${i}.users`);
    const subs = topics.map((topic) => t.notifications.subscribe(topic));
    await Promise.all(subs.map((s) => s.ready));

    const received = new Map(topics.map((topic) => [topic, [] as number[]]));
    const readers = subs.map(async (sub) => {
      const seen = received.get(sub.topic)!;
      for await (const event of sub) seen.push(event.metadata.sequence as number);
    });
    const published = new Map(topics.map((topic) => [topic, [] as number[]])); // time by sequence
    const rollovers: { start: number; end?: number }[] = [];
    t.notifications.on("state", (change) => {
      if (change.channelState === "rolling-over") rollovers.push({ start: Date.now() });
      else if (change.channelState === "open" && rollovers.at(-1)?.end === undefined) {
        const last = rollovers.at(-1);
        if (last) last.end = Date.now();
      }
    });
    const drops: number[] = [];
    const samples: {
      at: number;
      heap: number;
      sockets: number;
      timers: number;
      channels: number;
    }[] = [];

    const started = Date.now();
    const end = started + SECONDS * 1000;
    let nextFault = started + 4_000;
    let faults = 0;
    let nextSample = started;
    let i = 0;
    while (Date.now() < end) {
      // 500 events a second: 10 every 20 ms, round robin over the topics.
      for (let k = 0; k < 10; k++, i++) {
        const topic = topics[i % TOPICS];
        const { sequence, time } = t.sandbox.notifications.publish(topic, { id: `e${i}` });
        published.get(topic)![sequence] = time;
      }
      const now = Date.now();
      if (now >= nextFault) {
        if (faults++ % 2 === 0) {
          // A slow HEAD keeps the client away for a while: events published meanwhile are lost.
          t.sandbox.faults.add({ path: HEAD, method: "HEAD", latencyMs: 150, times: 1 });
          drops.push(Date.now());
          t.sandbox.notifications.dropSocket();
        } else {
          t.sandbox.notifications.sendSocketClosing(undefined, 0.6);
        }
        nextFault += 4_000;
      }
      if (now >= nextSample) {
        const s = t.notifications.stats();
        samples.push({
          at: now - started,
          heap: Deno.memoryUsage().heapUsed,
          sockets: s.sockets,
          timers: s.timers,
          channels: s.channels,
        });
        nextSample += 1_000;
      }
      await pause(20);
    }
    const total = () => [...received.values()].reduce((n, r) => n + r.length, 0);
    const sent = [...published.values()].reduce((n, p) => n + p.length - 1, 0);
    // The last events in flight: until nothing more arrives for 500 ms (missed ones never come).
    for (let last = -1, rounds = 0; last !== total() && rounds < 10; rounds++) {
      last = total();
      await pause(500);
    }
    const stats = t.notifications.stats();
    for (const sub of subs) sub.close();
    await Promise.all(readers);

    // 1. At most once: no sequence twice on any topic, in order.
    for (const [topic, seqs] of received) {
      for (let k = 1; k < seqs.length; k++) {
        assert.ok(seqs[k] > seqs[k - 1], `${topic}: ${seqs[k]} after ${seqs[k - 1]}`);
      }
    }
    // 2. Every event missed was published inside a gap reported for its topic. A gap starts at
    // the last message the client received; frames sent before a drop arrive after it, so the
    // comparison of sandbox send times with client receive times allows for that latency.
    const LATENCY_MS = 250;
    let missing = 0;
    for (const [topic, times] of published) {
      const got = new Set(received.get(topic));
      for (let seq = 1; seq < times.length; seq++) {
        if (got.has(seq)) continue;
        missing++;
        const at = times[seq];
        const covered = t.gaps.some((g) =>
          g.topics.includes(topic) && g.since.getTime() - LATENCY_MS <= at &&
          at <= g.until.getTime()
        );
        assert.ok(covered, `${topic} #${seq} (at +${at - started} ms) was missed outside any gap`);
      }
    }
    // 3. Every gap holds an injected drop: planned rollovers and socket_closing lost nothing.
    for (const gap of t.gaps) {
      assert.equal(gap.reason, "socket-closed", JSON.stringify(gap));
      assert.ok(
        drops.some((d) => gap.since.getTime() - LATENCY_MS <= d && d <= gap.until.getTime()),
        `a gap without a drop: +${gap.since.getTime() - started} .. +${
          gap.until.getTime() - started
        } ms; drops at +${drops.map((d) => d - started).join(", +")} ms`,
      );
    }
    // Events published while a rollover was under way all arrived.
    let duringRollovers = 0;
    for (const [topic, times] of published) {
      const got = new Set(received.get(topic));
      for (let seq = 1; seq < times.length; seq++) {
        // From the start of a rollover to the end of its overlap (the old channel closed).
        const inRollover = rollovers.some((r) =>
          r.start <= times[seq] && times[seq] <= (r.end ?? r.start) + 2 * OVERLAP_MS
        );
        if (!inRollover) {
          continue;
        }
        if (
          t.gaps.some((g) =>
            g.since.getTime() - LATENCY_MS <= times[seq] && times[seq] <= g.until.getTime()
          )
        ) {
          continue; // a drop during a rollover
        }
        duringRollovers++;
        assert.ok(got.has(seq), `${topic} #${seq}, published during a rollover, was lost`);
      }
    }
    assert.ok(stats.rollovers >= 30, `only ${stats.rollovers} rollovers`);
    assert.ok(duringRollovers > 100, `only ${duringRollovers} events during rollovers`);
    assert.ok(t.gaps.length >= 1 && drops.length >= 7);
    assert.ok(missing > 0, "the slow reconnections lost events (so the check above had work)");
    assert.equal(stats.heartbeats > 0, true);
    // 4. Bounded: one channel (two during a rollover), its socket(s), a few timers.
    for (const s of samples) {
      assert.ok(s.sockets <= 2 && s.channels <= 2, JSON.stringify(s));
      assert.ok(s.timers <= 6, JSON.stringify(s));
    }
    const heap = (from: number, to: number) =>
      Math.min(...samples.filter((s) => s.at >= from && s.at < to).map((s) => s.heap));
    const early = heap(10_000, 25_000);
    const late = heap(45_000, 60_000);
    const growthMb = (late - early) / 1_048_576;
    assert.ok(growthMb < 8, `heap grew ${growthMb.toFixed(1)} MB`);
    console.log(
      `soak: ${sent} events published, ${total()} delivered, ${missing} missed in ` +
        `${t.gaps.length} gaps (${drops.length} drops), ${stats.rollovers} rollovers, ` +
        `${stats.duplicates} duplicates dropped, ${duringRollovers} events during rollovers; ` +
        `heap low ${(early / 1_048_576).toFixed(1)} MB -> ${(late / 1_048_576).toFixed(1)} MB`,
    );
  },
});
