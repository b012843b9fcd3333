/**
 * When does Deno's own `fetch` send a POST twice? Deno (2.7.6 and later)
 * resends a request once, whatever its method, when it fails on a connection
 * taken from the pool with "connection closed before message completed" or a
 * TCP reset (`is_error_retryable` in deno `ext/fetch/lib.rs`; the HTTP/2
 * GOAWAY and REFUSED_STREAM resends are safe by protocol). A stale keep-alive
 * connection fails that way, but so does one whose server read the request
 * and then closed or reset it: that POST arrives twice. Only requests whose
 * body Deno can copy are resent: a `Blob` or stream body never is.
 *
 * These tests pin what the client relies on (Deno version pinned by CI):
 *
 * - HTTP/1.1, plain or TLS: after a clean close (FIN; TLS close_notify then
 *   FIN) or a reset, a string body is resent (the server sees it twice, the
 *   caller one success); a `Blob` body (same bytes on the wire) or a client
 *   with `poolMaxIdlePerHost: 0` is never resent: the call fails instead.
 * - HTTP/2 through a real nginx gateway (TLS, ALPN): a stream reset or a
 *   connection closed without close_notify never causes a second delivery; a
 *   TCP reset does for string bodies, never for `Blob` bodies. GOAWAYs are
 *   resent safely for string bodies; a `Blob` POST caught by one fails and was
 *   never delivered.
 *
 * Faults are injected where the request has been read and counted (the
 * upstream of `tests/_infra/counting_upstream.ts` counts deliveries per
 * `x-request-id`); calls whose id starts with `drop` get one on their first
 * delivery.
 */
import assert from "node:assert/strict";
import { makeTestPki, type TestPki } from "../_infra/certs.ts";
import {
  type CountingUpstream,
  startCountingUpstream,
  type Verdict,
} from "../_infra/counting_upstream.ts";
import { startCutRelay } from "../_infra/cut_relay.ts";
import { startNginxGateway } from "../_infra/nginx.ts";

/** Backend status the gateway turns into a dropped request (nginx `return 444`). */
const DROP_STATUS = 599;
/** Sequential rounds of (answered call, dropped call) per HTTP/1.1 case. */
const ROUNDS = 12;
/** Calls per HTTP/2 case, 8 in flight; every 10th is dropped. */
const H2_CALLS = 240;

interface Outcome {
  id: string;
  /** The HTTP status, or `undefined` when fetch rejected. */
  status?: number;
  /** What fetch rejected with. */
  error?: unknown;
}

interface CallOptions {
  client?: Deno.HttpClient;
  /** Send the JSON text as a `Blob` instead of a string. */
  blob?: boolean;
}

/** One POST with a JSON body. */
async function post(base: string, id: string, opts: CallOptions = {}): Promise<Outcome> {
  const text = JSON.stringify({ id, note: "create something" });
  try {
    const res = await fetch(`${base}/things`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": id },
      body: opts.blob ? new Blob([text]) : text,
      ...(opts.client ? { client: opts.client } : {}),
    });
    await res.text();
    return { id, status: res.status };
  } catch (error) {
    return { id, error };
  }
}

/** `ids` posted 8 at a time. */
async function inBatches(base: string, ids: string[], opts: CallOptions): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (let i = 0; i < ids.length; i += 8) {
    outcomes.push(...await Promise.all(ids.slice(i, i + 8).map((id) => post(base, id, opts))));
  }
  return outcomes;
}

/** `count` ids; every 10th starts with `drop` (`tag` keeps ids unique across cases). */
function idsFor(tag: string, count = H2_CALLS): string[] {
  return Array.from({ length: count }, (_, i) => `${i % 10 === 9 ? "drop" : "ok"}-${tag}-${i}`);
}

/**
 * `ROUNDS` times, sequentially: one answered POST (so that a kept-alive
 * connection is in the pool), then one POST dropped after it was read.
 * Returns the outcomes of the dropped ones.
 */
async function reusedThenDropped(base: string, tag: string, opts: CallOptions) {
  const dropped: Outcome[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const first = await post(base, `ok-${tag}-${i}`, opts);
    assert.equal(first.status, 200, `warm-up call ${i} failed: ${String(first.error)}`);
    dropped.push(await post(base, `drop-${tag}-${i}`, opts));
  }
  return dropped;
}

/** Asserts that every dropped call arrived once and its caller got an error. */
function assertOnceAndFailed(upstream: CountingUpstream, dropped: Outcome[]): void {
  for (const o of dropped) {
    assert.equal(upstream.deliveries(o.id), 1, `${o.id} delivered ${upstream.deliveries(o.id)}x`);
    assert.ok(o.error instanceof TypeError, `${o.id}: expected fetch to reject, got ${o.status}`);
  }
}

/** An upstream that ends the first delivery of `drop*` ids as `verdict` says. */
function droppingUpstream(verdict: () => Verdict, pki?: TestPki): CountingUpstream {
  return startCountingUpstream({
    tls: pki && { cert: pki.server.cert, key: pki.server.key },
    onRequest: ({ id, delivery }) => id.startsWith("drop") && delivery === 1 ? verdict() : "answer",
  });
}

Deno.test("HTTP/1.1: Deno resends a POST whose reused connection ends after the server read it", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "fetch-resend-" });
  let fault: "close" | "reset" = "close";
  try {
    const pki = await makeTestPki(dir);
    await using plain = droppingUpstream(() => fault);
    await using secure = droppingUpstream(() => fault, pki);
    const clients = {
      tls: Deno.createHttpClient({ caCerts: [pki.ca.cert] }),
      tlsNoPool: Deno.createHttpClient({ caCerts: [pki.ca.cert], poolMaxIdlePerHost: 0 }),
      noPool: Deno.createHttpClient({ poolMaxIdlePerHost: 0 }),
    };
    try {
      const cases = [
        { name: "plain, FIN", upstream: plain, client: undefined, kind: "close" },
        { name: "plain, RST", upstream: plain, client: undefined, kind: "reset" },
        { name: "TLS, close_notify + FIN", upstream: secure, client: clients.tls, kind: "close" },
        { name: "TLS, RST", upstream: secure, client: clients.tls, kind: "reset" },
      ] as const;
      for (const { name, upstream, client, kind } of cases) {
        await t.step(
          `${name}, string body: the server gets it twice, the caller one 200`,
          async () => {
            fault = kind;
            const dropped = await reusedThenDropped(upstream.url, `${name}-string`, { client });
            const twice = dropped.filter((o) => upstream.deliveries(o.id) === 2);
            // A resend needs the connection to be back in the pool when the next call starts,
            // which on loopback it always was; one late return must not fail the test.
            assert.ok(
              twice.length >= ROUNDS / 2,
              `expected most dropped POSTs to arrive twice, got ${twice.length}/${ROUNDS}`,
            );
            for (const o of twice) assert.equal(o.status, 200, "the resend's answer is the result");
            for (const o of dropped) {
              assert.ok(upstream.deliveries(o.id) <= 2, "one resend at most");
            }
          },
        );

        await t.step(`${name}, Blob body: delivered once, the call fails`, async () => {
          fault = kind;
          const blob = true;
          assertOnceAndFailed(
            upstream,
            await reusedThenDropped(upstream.url, `${name}-blob`, { client, blob }),
          );
        });
      }

      for (
        const { name, upstream, client } of [
          { name: "plain", upstream: plain, client: clients.noPool },
          { name: "TLS", upstream: secure, client: clients.tlsNoPool },
        ]
      ) {
        await t.step(`${name}, poolMaxIdlePerHost: 0: delivered once, the call fails`, async () => {
          fault = "close";
          assertOnceAndFailed(
            upstream,
            await reusedThenDropped(upstream.url, `${name}-nopool`, { client }),
          );
        });
      }

      await t.step("a Blob body puts the same bytes on the wire as a string", async () => {
        const text = '{"name":"queue"}';
        const heads: string[] = [];
        const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
        const serving = (async () => {
          for (let i = 0; i < 2; i++) {
            const conn = await listener.accept();
            const buffer = new Uint8Array(4096);
            const n = await conn.read(buffer) ?? 0;
            heads.push(new TextDecoder().decode(buffer.subarray(0, n)));
            await conn.write(
              new TextEncoder().encode("HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n"),
            );
            conn.close();
          }
        })();
        const url = `http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}/x`;
        for (const body of [text, new Blob([text])]) {
          const res = await fetch(url, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body,
            client: clients.noPool,
          });
          await res.body?.cancel();
        }
        await serving;
        listener.close();
        assert.equal(heads.length, 2);
        assert.equal(heads[1], heads[0]);
        assert.match(heads[0], /\r\ncontent-length: 16\r\n[\s\S]*\r\n\r\n\{"name":"queue"\}$/);
      });
    } finally {
      for (const client of Object.values(clients)) client.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("HTTP/2 through nginx (TLS): which faults deliver a POST twice", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "fetch-resend-h2-" });
  try {
    const pki = await makeTestPki(dir);
    let fault: (id: string) => Verdict = () => "answer";
    await using upstream = startCountingUpstream({
      onRequest: ({ id, delivery }) =>
        id.startsWith("drop") && delivery === 1 ? fault(id) : "answer",
    });
    const common = {
      backendUrl: upstream.url,
      pki,
      verifyClient: false,
      http2: true,
      upstreamKeepalive: true,
      dropOnStatus: DROP_STATUS,
    };
    await using gateway = await startNginxGateway(common);
    await using recycling = await startNginxGateway({ ...common, keepaliveRequests: 10 });
    await using relay = startCutRelay(gateway.port);
    const client = Deno.createHttpClient({ caCerts: [pki.ca.cert] });
    try {
      const viaRelay = `https://localhost:${relay.port}/api`;

      await t.step("the client and nginx speak HTTP/2", async () => {
        assert.equal((await post(viaRelay, "probe", { client })).status, 200);
        assert.match(
          (await gateway.accessLines(1)).at(-1) ?? "",
          /^POST \/api\/things HTTP\/2\.0 200 /,
        );
      });

      const faults = [
        { name: "nginx resets the stream (444)", verdict: (): Verdict => DROP_STATUS },
        {
          name: "connection closed without close_notify",
          verdict: (): Verdict => {
            relay.cutAll();
            return "answer";
          },
        },
      ];
      for (const { name, verdict } of faults) {
        await t.step(`${name}: every POST delivered at most once`, async () => {
          fault = verdict;
          const ids = idsFor(name);
          const outcomes = await inBatches(viaRelay, ids, { client });
          for (const id of ids) assert.ok(upstream.deliveries(id) <= 1, `${id} delivered twice`);
          const drops = outcomes.filter((o) => o.id.startsWith("drop"));
          assertOnceAndFailed(upstream, drops);
        });
      }

      await t.step("TCP reset: string bodies are delivered twice, Blob bodies never", async () => {
        fault = () => {
          relay.cutAll({ reset: true });
          return "answer";
        };
        const strings = idsFor("reset-string");
        await inBatches(viaRelay, strings, { client });
        const twice = strings.filter((id) => upstream.deliveries(id) === 2);
        // Each reset fails the calls in flight on the connection; those the server had read
        // and whose failure reads as a reset (not a broken pipe) are resent.
        assert.ok(twice.length > 0, "expected some POSTs delivered twice after the resets");

        const blobs = idsFor("reset-blob");
        const outcomes = await inBatches(viaRelay, blobs, { client, blob: true });
        for (const id of blobs) assert.ok(upstream.deliveries(id) <= 1, `${id} delivered twice`);
        assertOnceAndFailed(upstream, outcomes.filter((o) => o.id.startsWith("drop")));
      });

      await t.step(
        "GOAWAY every 10 requests, string bodies: no call fails, none arrives twice",
        async () => {
          const ids = Array.from({ length: H2_CALLS }, (_, i) => `goaway-string-${i}`);
          const outcomes = await inBatches(`https://localhost:${recycling.port}/api`, ids, {
            client,
          });
          for (const o of outcomes) assert.equal(o.status, 200, `${o.id}: ${String(o.error)}`);
          for (const id of ids) assert.equal(upstream.deliveries(id), 1, id);
        },
      );

      await t.step("GOAWAY, Blob bodies: the calls it catches fail and never arrived", async () => {
        const ids = Array.from({ length: H2_CALLS }, (_, i) => `goaway-blob-${i}`);
        const outcomes = await inBatches(`https://localhost:${recycling.port}/api`, ids, {
          client,
          blob: true,
        });
        const failed = outcomes.filter((o) => o.error !== undefined);
        // 24 GOAWAYs with 8 calls in flight: some calls start on a closing connection.
        assert.ok(failed.length > 0, "expected some calls caught by a GOAWAY");
        for (const o of failed) {
          assert.match(
            String((o.error as Error).cause),
            /connection error received: not a result of an error/,
          );
          assert.equal(upstream.deliveries(o.id), 0, `${o.id} failed yet arrived`);
        }
        for (const o of outcomes.filter((o) => o.error === undefined)) {
          assert.equal(upstream.deliveries(o.id), 1, o.id);
        }
      });
    } finally {
      client.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
