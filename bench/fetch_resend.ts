/**
 * Does Deno's `fetch` send a POST twice when the connection it went on closes
 * after the server read it, and what does each way of preventing it cost?
 * `deno run -A bench/fetch_resend.ts` (nginx and openssl on `PATH`, as for
 * the tests; Linux, for the TCP resets of `tests/_infra/tcp_reset.ts`) prints
 * three markdown tables:
 *
 * 1. **Duplicates under faults.** `--calls` POSTs (each with its own
 *    `x-request-id`), `--concurrency` in flight, per path, client setting and
 *    fault. The upstream (`tests/_infra/counting_upstream.ts`) counts arrivals
 *    per id; every `--fault-every`-th request it reads is not answered:
 *    - direct paths (plain, and TLS served by Deno): the upstream closes that
 *      connection (FIN; with TLS, close_notify first) or resets it (RST);
 *    - through the TLS gateway (real nginx, HTTP/2 offered by ALPN): nginx
 *      drops the request (`return 444`: HTTP/1.1 connection closed without
 *      close_notify, HTTP/2 stream reset), or a relay between client and
 *      nginx (`tests/_infra/cut_relay.ts`) cuts every client connection at
 *      that moment, with a FIN (no close_notify) or a RST.
 * 2. **Graceful closes only.** The same calls through an nginx that ends each
 *    connection after 25 requests (`keepalive_requests`: `Connection: close`
 *    on HTTP/1.1, GOAWAY on HTTP/2), no fault.
 * 3. **Cost.** POSTs per second with no fault, each setting beside the
 *    default on the same path, in alternating blocks of `--block-ms`
 *    (`--rounds` rounds), sequential and `--concurrency` in flight; medians.
 *
 * The upstreams and the relay run in a child process (`--serve`), so that
 * the client's event loop is all this process runs.
 *
 * @module
 */

import { makeTestPki } from "../tests/_infra/certs.ts";
import { startCountingUpstream, type Verdict } from "../tests/_infra/counting_upstream.ts";
import { startCutRelay } from "../tests/_infra/cut_relay.ts";
import { startNginxGateway } from "../tests/_infra/nginx.ts";
import { freePort } from "../tests/_infra/process.ts";
import { median } from "./lib/stats.ts";

/** The backend status that the gateway turns into a dropped request (`return 444`). */
const DROP_STATUS = 599;

function flag(name: string, fallback: number): number {
  const arg = Deno.args.find((a) => a.startsWith(`--${name}=`));
  return arg ? Number(arg.slice(name.length + 3)) : fallback;
}

function textFlag(name: string): string {
  return Deno.args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? "";
}

if (Deno.args.includes("--serve")) {
  await serve();
} else {
  await main();
}

/** Child process: the upstreams, the relay in front of nginx, and a control endpoint. */
async function serve(): Promise<void> {
  let every = 0;
  let kind = "";
  let seen = 0;
  let faults = 0;
  const fault = () => every > 0 && ++seen % every === 0 && ++faults > 0;
  const relay = startCutRelay(flag("nginx-port", 0));
  const direct = (tls?: { cert: string; key: string }) =>
    startCountingUpstream({
      tls,
      onRequest: (): Verdict => fault() ? (kind === "reset" ? "reset" : "close") : "answer",
    });
  const upstreams = {
    plain: direct(),
    tls: direct({
      cert: Deno.readTextFileSync(textFlag("cert")),
      key: Deno.readTextFileSync(textFlag("key")),
    }),
    gateway: startCountingUpstream({
      port: flag("upstream-port", 0),
      onRequest: (): Verdict => {
        if (!fault()) return "answer";
        if (kind === "drop") return DROP_STATUS;
        relay.cutAll({ reset: kind === "reset" });
        return "answer";
      },
    }),
  };
  const control = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    const url = new URL(req.url);
    if (url.pathname === "/mode") {
      every = Number(url.searchParams.get("every") ?? "0");
      kind = url.searchParams.get("kind") ?? "";
      seen = 0;
      faults = 0;
      relay.resetCuts();
      for (const upstream of Object.values(upstreams)) upstream.reset();
    }
    const stats = Object.fromEntries(
      Object.entries(upstreams).map(([name, u]) => [name, { duplicates: u.duplicates() }]),
    );
    return Response.json({ ...stats, faults, cuts: relay.cuts() });
  });
  console.log(JSON.stringify({
    plain: upstreams.plain.port,
    tls: upstreams.tls.port,
    relay: relay.port,
    control: control.addr.port,
  }));
  await new Promise<void>((resolve) => Deno.addSignalListener("SIGTERM", resolve));
  await Promise.all([
    ...Object.values(upstreams).map((u) => u.close()),
    relay.close(),
    control.shutdown(),
  ]);
}

interface Setting {
  /** Row label. */
  name: string;
  /** `Deno.createHttpClient` options, or `undefined` for the global fetch's own client. */
  options?: Deno.CreateHttpClientOptions;
  /** Send the JSON body as a `Blob` (same bytes on the wire) instead of a string. */
  blob?: boolean;
}

interface Path {
  name: string;
  /** Which upstream counts its calls. */
  upstream: "plain" | "tls" | "gateway";
  /** Base URL of the calls when faults are injected. */
  url: string;
  /** Base URL when measuring calls per second (the gateway without the relay). */
  rateUrl: string;
  /** The faults injected on this path: `kind` for the child, `label` for the table. */
  faults: { kind: string; label: string }[];
  /** Whether clients must trust the test CA. */
  tls: boolean;
  settings: Setting[];
}

interface Outcome {
  /** Calls that got an answer. */
  done: number;
  failed: number;
  failures: Map<string, number>;
  ms: number;
}

async function main(): Promise<void> {
  const calls = flag("calls", 10_000);
  const concurrency = flag("concurrency", 8);
  const every = flag("fault-every", 128);
  const blockMs = flag("block-ms", 1_500);
  const rounds = flag("rounds", 4);
  const dir = await Deno.makeTempDir({ prefix: "fetch-resend-" });
  const pki = await makeTestPki(dir);
  const upstreamPort = freePort();
  const gatewayOptions = {
    backendUrl: `http://127.0.0.1:${upstreamPort}`,
    pki,
    verifyClient: false,
    http2: true,
    upstreamKeepalive: true,
    dropOnStatus: DROP_STATUS,
  };
  await using gateway = await startNginxGateway(gatewayOptions);
  await using recycling = await startNginxGateway({ ...gatewayOptions, keepaliveRequests: 25 });
  const child = new Deno.Command("deno", {
    args: [
      "run",
      "-A",
      new URL(import.meta.url).pathname,
      "--serve",
      `--nginx-port=${gateway.port}`,
      `--upstream-port=${upstreamPort}`,
      `--cert=${pki.server.certPath}`,
      `--key=${pki.server.keyPath}`,
    ],
    stdin: "null",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const ports = JSON.parse((await reader.read()).value ?? "{}") as Record<string, number>;
  reader.releaseLock();
  const control = `http://127.0.0.1:${ports.control}`;
  const mode = async (faultEvery: number, kind = "") =>
    await (await fetch(`${control}/mode?every=${faultEvery}&kind=${kind}`)).json();
  const stats = async () => await (await fetch(`${control}/stats`)).json();

  const noPool = { poolMaxIdlePerHost: 0 };
  const h1 = { http1: true, http2: false };
  const paths: Path[] = [
    {
      name: "HTTP/1.1 plain, direct",
      upstream: "plain",
      url: `http://127.0.0.1:${ports.plain}`,
      rateUrl: `http://127.0.0.1:${ports.plain}`,
      faults: [
        { kind: "close", label: "upstream closes (FIN)" },
        { kind: "reset", label: "upstream resets (RST)" },
      ],
      tls: false,
      settings: [
        { name: "global fetch" },
        { name: "poolIdleTimeout: 1", options: { poolIdleTimeout: 1 } },
        { name: "poolMaxIdlePerHost: 0", options: noPool },
        { name: "global fetch, Blob body", blob: true },
      ],
    },
    {
      name: "HTTP/1.1 TLS, direct (Deno server)",
      upstream: "tls",
      url: `https://localhost:${ports.tls}`,
      rateUrl: `https://localhost:${ports.tls}`,
      faults: [
        { kind: "close", label: "upstream closes (close_notify, FIN)" },
        { kind: "reset", label: "upstream resets (RST)" },
      ],
      tls: true,
      settings: [
        { name: "default", options: {} },
        { name: "poolMaxIdlePerHost: 0", options: noPool },
        { name: "default, Blob body", options: {}, blob: true },
      ],
    },
    {
      name: "TLS via nginx",
      upstream: "gateway",
      url: `https://localhost:${ports.relay}/api`,
      rateUrl: `https://localhost:${gateway.port}/api`,
      faults: [
        { kind: "drop", label: "nginx drops it (444)" },
        { kind: "cut", label: "relay cuts (FIN, no close_notify)" },
        { kind: "reset", label: "relay resets (RST)" },
      ],
      tls: true,
      settings: [
        { name: "default (ALPN: h2, http/1.1)", options: {} },
        { name: "poolMaxIdlePerHost: 0", options: noPool },
        { name: "default, Blob body", options: {}, blob: true },
        { name: "http2: false", options: h1 },
        { name: "http2: false, poolMaxIdlePerHost: 0", options: { ...h1, ...noPool } },
        { name: "http2: false, Blob body", options: h1, blob: true },
      ],
    },
  ];
  const clients = new Map<Setting, Deno.HttpClient | undefined>();
  const clientFor = (path: Path, setting: Setting) => {
    if (!clients.has(setting)) {
      const options = path.tls ? { caCerts: [pki.ca.cert], ...setting.options } : setting.options;
      clients.set(setting, options && Deno.createHttpClient(options));
    }
    return clients.get(setting);
  };

  let seq = 0;
  /** Runs up to `count` POSTs for up to `forMs`, `inFlight` at a time. */
  const run = async (
    url: string,
    client: Deno.HttpClient | undefined,
    count: number,
    inFlight: number,
    blob = false,
    forMs = Infinity,
  ): Promise<Outcome> => {
    const failures = new Map<string, number>();
    const fail = (text: string) => failures.set(text, (failures.get(text) ?? 0) + 1);
    let next = 0;
    let done = 0;
    const start = performance.now();
    const end = start + forMs;
    const worker = async () => {
      while (next++ < count && performance.now() < end) {
        const id = `c${seq++}`;
        const text = JSON.stringify({ id });
        try {
          const res = await fetch(`${url}/calls`, {
            method: "POST",
            headers: { "x-request-id": id, "content-type": "application/json" },
            body: blob ? new Blob([text]) : text,
            ...(client ? { client } : {}),
          });
          await res.text();
          done++;
          if (res.status !== 200) fail(`HTTP ${res.status}`);
        } catch (error) {
          fail(describe(error));
        }
      }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
    const failed = [...failures.values()].reduce((a, b) => a + b, 0);
    return { failed, failures, done, ms: performance.now() - start };
  };
  const failedText = ({ failed, failures }: Outcome) =>
    failed ? `${failed} (${[...failures].map(([m, n]) => `${n}: ${m}`).join("; ")})` : "0";
  /** The protocol nginx logs for one more request (`-` off the gateway). */
  const protocol = async (url: string, client: Deno.HttpClient | undefined, log = gateway) => {
    if (!url.includes("/api")) return "HTTP/1.1";
    const before = log.accessLog().split("\n").filter(Boolean).length;
    await run(url, client, 1, 1);
    const lines = await log.accessLines(before + 1);
    return lines.at(-1)?.match(/HTTP\/[\d.]+/)?.[0] ?? "?";
  };
  const per10k = (n: number) => (n / calls * 10_000).toFixed(1);

  console.log(
    `Deno ${Deno.version.deno}; ${calls} POSTs per row, ${concurrency} in flight; every ` +
      `${every}th request the upstream reads is not answered (the fault column says how)`,
  );
  console.log(
    "\n| path | client setting | protocol | fault | faults (connections cut) | " +
      "duplicate deliveries | per 10,000 calls | failed calls |",
  );
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const path of paths) {
    for (const setting of path.settings) {
      const client = clientFor(path, setting);
      const proto = await protocol(path.rateUrl, client);
      for (const { kind, label } of path.faults) {
        await mode(every, kind);
        const outcome = await run(path.url, client, calls, concurrency, setting.blob);
        const s = await stats();
        const duplicates = s[path.upstream].duplicates;
        console.log(
          `| ${path.name} | ${setting.name} | ${proto} | ${label} | ${s.faults}` +
            `${path.upstream === "gateway" && kind !== "drop" ? ` (${s.cuts})` : ""} | ` +
            `${duplicates} | ${per10k(duplicates)} | ${failedText(outcome)} |`,
        );
      }
    }
  }

  console.log(
    "\nNo fault; nginx ends every connection after 25 requests (keepalive_requests 25)",
  );
  console.log(
    "\n| client setting | protocol | duplicate deliveries | failed calls | per 10,000 calls |",
  );
  console.log("| --- | --- | --- | --- | --- |");
  await mode(0);
  const gatewaySettings = paths[2].settings.filter((s) => !s.options?.poolMaxIdlePerHost);
  for (const setting of gatewaySettings) {
    const client = Deno.createHttpClient({ caCerts: [pki.ca.cert], ...setting.options });
    const url = `https://localhost:${recycling.port}/api`;
    const proto = await protocol(url, client, recycling);
    await mode(0);
    const outcome = await run(url, client, calls, concurrency, setting.blob);
    client.close();
    const s = await stats();
    console.log(
      `| ${setting.name} | ${proto} | ${s.gateway.duplicates} | ${failedText(outcome)} | ` +
        `${per10k(outcome.failed)} |`,
    );
  }

  console.log(
    `\nPOSTs per second with no fault (straight to nginx, whose keepalive_requests is 1000): ` +
      `${rounds} rounds of a ${blockMs} ms block of each setting, in alternating order; medians; ` +
      `ratio: median of the per-round ratios`,
  );
  console.log(
    "\n| path | client setting | in flight | calls/s | default's calls/s | ratio | failed calls |",
  );
  console.log("| --- | --- | --- | --- | --- | --- | --- |");
  for (const path of paths) {
    const [baseline, ...others] = path.settings;
    for (const setting of others) {
      for (const inFlight of [1, concurrency]) {
        const pair = [baseline, setting];
        const block = (s: Setting, ms: number) =>
          run(path.rateUrl, clientFor(path, s), Infinity, inFlight, s.blob, ms);
        for (const s of pair) await block(s, blockMs / 3); // warm-up
        const rates = new Map<Setting, number[]>(pair.map((s) => [s, []]));
        let failed = 0;
        for (let round = 0; round < rounds; round++) {
          for (const s of round % 2 ? [setting, baseline] : pair) {
            const outcome = await block(s, blockMs);
            if (s === setting) failed += outcome.failed;
            rates.get(s)!.push(outcome.done / outcome.ms * 1000);
          }
        }
        const base = rates.get(baseline)!;
        const mine = rates.get(setting)!;
        console.log(
          `| ${path.name} | ${setting.name} | ${inFlight} | ${Math.round(median(mine))} | ` +
            `${Math.round(median(base))} | ${
              median(mine.map((v, i) => v / base[i])).toFixed(2)
            }x | ` +
            `${failed} |`,
        );
      }
    }
  }

  for (const client of clients.values()) client?.close();
  child.kill("SIGTERM");
  await child.status;
  await Deno.remove(dir, { recursive: true });
}

/** The innermost message of a fetch error, with addresses and long links cut out. */
function describe(error: unknown): string {
  let text = "";
  for (let e = error, depth = 0; e instanceof Error && depth < 4; depth++, e = e.cause) {
    text = e.message;
  }
  return text
    .replace(/\d+\.\d+\.\d+\.\d+:\d+|localhost:\d+/g, "<addr>")
    .replace(/: https:\/\/docs\.rs\S+/, "")
    .replace(/\s+/g, " ");
}
