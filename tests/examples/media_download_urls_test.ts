import assert from "node:assert/strict";
import {
  type AuditRecord,
  contentTypeAllowed,
  type MediaTarget,
  retrieveMediaUrls,
  type RetrieveMediaUrlsOptions,
  signedUrlExpiry,
} from "../../examples/media_download_urls.ts";
import { type Sandbox, type SandboxOptions, startSandbox } from "../../tools/sandbox/mod.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

interface Delivery {
  body: Record<string, unknown>;
  userAgent: string | null;
  contentType: string | null;
}

/** A webhook receiver; `answers` are the statuses of the first POSTs (then 204). */
function webhookReceiver(answers: number[] = []) {
  const deliveries: Delivery[] = [];
  let posts = 0;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    const text = await req.text();
    const status = answers[posts++] ?? 204;
    if (status === 204) {
      deliveries.push({
        body: JSON.parse(text),
        userAgent: req.headers.get("user-agent"),
        contentType: req.headers.get("content-type"),
      });
    }
    return new Response(status === 204 ? null : "busy", { status });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}/hook`,
    deliveries,
    posts: () => posts,
    close: () => server.shutdown(),
  };
}

async function run(
  sandboxOptions: SandboxOptions,
  options: (s: Sandbox) => Omit<RetrieveMediaUrlsOptions, "audit">,
  webhookAnswers: number[] = [],
  setup: (s: Sandbox) => void = () => {},
) {
  const sandbox = await startSandbox(sandboxOptions);
  const hook = webhookReceiver(webhookAnswers);
  const audit: AuditRecord[] = [];
  try {
    setup(sandbox);
    const report = await retrieveMediaUrls({
      clientOptions: sandbox.clientOptions,
      credentials: sandbox.credentials.confidentialClient,
      webhookUrl: hook.url,
      audit: (r) => {
        audit.push(r);
      },
      ...options(sandbox),
    });
    return { report, audit, sandbox, hook };
  } finally {
    await hook.close();
    await sandbox.stop();
  }
}

function downloadsOf(s: Sandbox, contentType: string): MediaTarget[] {
  return [...s.state.downloads.values()].filter((d) => d.contentType === contentType)
    .map((d) => ({ kind: "download", downloadId: d.id }));
}

Deno.test("media: signed URL expiry from Expires and from X-Amz-Date + X-Amz-Expires", () => {
  assert.equal(signedUrlExpiry("https://s3.example/a?Expires=1700000000&Signature=x"), 1.7e12);
  assert.equal(
    signedUrlExpiry("https://s3.example/a?X-Amz-Date=20250106T090000Z&X-Amz-Expires=600"),
    Date.UTC(2025, 0, 6, 9, 10, 0),
  );
  assert.equal(signedUrlExpiry("https://s3.example/a?X-Amz-Expires=600"), undefined);
  assert.equal(contentTypeAllowed("audio/wav; codecs=1", ["audio/*"]), true);
  assert.equal(contentTypeAllowed("text/csv", ["audio/*", "application/json"]), false);
});

Deno.test("media: downloads and recordings accepted, one webhook POST per URL, one token", async () => {
  const { report, audit, sandbox, hook } = await run({}, (s) => ({
    targets: [
      ...downloadsOf(s, "text/csv"),
      { kind: "recording", conversationId: [...s.state.recordings.keys()][0] },
    ],
  }));
  assert.equal(report.metrics.total, 3);
  assert.equal(report.metrics.accepted, 3, JSON.stringify(report.results));
  assert.deepEqual(report.results.map((r) => r.contentType), [
    "text/csv",
    "audio/wav",
    "audio/wav",
  ]);
  assert.equal(hook.posts(), 3);
  assert.deepEqual(
    hook.deliveries.map((d) => d.body.id).sort(),
    report.results.map((r) => r.id).sort(),
  );
  for (const d of hook.deliveries) {
    assert.equal(d.contentType, "application/json");
    assert.equal(d.userAgent, "cxkit-media-url-retriever/1.0");
    assert.equal(d.body.event, "media.url.ready");
    assert.match(String(d.body.url), /\/signed\/.*[?&]Signature=/);
    assert.equal(typeof d.body.latencyMs, "number");
  }
  const recording = hook.deliveries.find((d) => d.body.kind === "recording")!;
  assert.equal(recording.body.recordingId, String(recording.body.id).split("/")[1]);
  // The token is obtained once and reused by every call.
  assert.equal(sandbox.counters.tokenRequests.client_credentials, 1);
  // The validating GET asks for one byte and sends the user agent.
  const signed = sandbox.requests.filter((r) => r.path.startsWith("/signed/"));
  assert.equal(signed.length, 3);
  for (const r of signed) {
    assert.equal(r.headers.get("range"), "bytes=0-0");
    assert.equal(r.headers.get("user-agent"), "cxkit-media-url-retriever/1.0");
  }
  assert.equal(report.metrics.latency!.maxMs >= report.metrics.latency!.minMs, true);
  assert.equal(audit.filter((a) => a.action === "webhook").length, 3);
});

Deno.test("media: a URL living longer than the maximum is rejected and not delivered", async () => {
  const { report, audit, hook } = await run({ signedUrlLifetimeSeconds: 3600 }, (s) => ({
    targets: downloadsOf(s, "text/csv"),
    maxUrlLifetimeSeconds: 900,
  }));
  assert.equal(report.metrics.rejected, 1);
  assert.match(report.results[0].reason!, /URL lifetime 3(599|600) s exceeds the maximum of 900 s/);
  assert.equal(report.results[0].url, undefined);
  assert.equal(hook.posts(), 0);
  const rejection = audit.find((a) => a.outcome === "rejected")!;
  assert.equal(rejection.action, "validateUrl");
  assert.doesNotMatch(JSON.stringify(audit), /Signature=/);
});

Deno.test("media: a content type outside the allowed list is rejected", async () => {
  const { report, hook, sandbox } = await run({}, (s) => ({
    targets: [...downloadsOf(s, "text/csv"), ...downloadsOf(s, "application/json")],
    allowedContentTypes: ["audio/*", "application/json"],
  }));
  assert.deepEqual(report.results.map((r) => r.status), ["rejected", "accepted"]);
  assert.match(report.results[0].reason!, /content type "text\/csv" is not allowed/);
  assert.equal(hook.posts(), 1);
  assert.equal(hook.deliveries[0].body.contentType, "application/json");
  assert.equal(sandbox.requests.filter((r) => r.path.startsWith("/signed/")).length, 2);
});

Deno.test("media: a 429 on getDownload is retried and every attempt is audited", async () => {
  let downloadPath = "";
  const { report, audit, sandbox } = await run(
    {},
    (s) => ({ targets: downloadsOf(s, "text/csv"), backoffMaxMs: 20, userAgent: "pipeline/7" }),
    [],
    (s) => {
      const csv = [...s.state.downloads.values()].find((d) => d.contentType === "text/csv")!;
      downloadPath = `/api/v2/downloads/${csv.id}`;
      s.faults.add({ path: downloadPath, method: "GET", status: 429, retryAfter: 1, times: 1 });
    },
  );
  assert.equal(report.metrics.accepted, 1);
  assert.equal(report.results[0].attempts, 2);
  assert.equal(sandbox.requests.filter((r) => r.path === downloadPath).length, 2);
  const downloads = audit.filter((a) => a.action === "getDownload");
  assert.deepEqual(downloads.map((a) => [a.attempt, a.status, a.outcome]), [
    [1, 429, "retry"],
    [2, 200, "ok"],
  ]);
  // Audit records survive a JSON round trip with every field.
  for (const record of audit) {
    const line = JSON.parse(JSON.stringify(record));
    for (const field of ["action", "id", "status", "latencyMs", "timestamp", "userAgent"]) {
      assert.ok(field in line, `${field} missing in ${JSON.stringify(line)}`);
    }
    assert.equal(line.userAgent, "pipeline/7");
    assert.equal(Number.isNaN(Date.parse(line.timestamp)), false);
  }
  assert.equal(
    sandbox.requests.find((r) => r.path === downloadPath)!.headers.get("user-agent"),
    "pipeline/7",
  );
});

Deno.test("media: a webhook answering 503 is retried; a 404 download fails after one attempt", async () => {
  const { report, audit, hook } = await run({}, (s) => ({
    targets: [
      ...downloadsOf(s, "application/json"),
      { kind: "download", downloadId: "00000000-0000-0000-0000-000000000000" },
    ],
    backoffBaseMs: 5,
    concurrency: 1,
  }), [503]);
  assert.deepEqual(report.results.map((r) => r.status), ["accepted", "failed"]);
  assert.equal(report.results[0].webhookStatus, 204);
  assert.equal(hook.posts(), 2);
  assert.equal(hook.deliveries.length, 1);
  assert.deepEqual(
    audit.filter((a) => a.action === "webhook").map((a) => [a.status, a.outcome]),
    [[503, "retry"], [204, "ok"]],
  );
  assert.match(report.results[1].reason!, /404 not\.found/);
  assert.deepEqual(
    audit.filter((a) => a.id.startsWith("00000000")).map((a) => [a.attempt, a.status, a.outcome]),
    [[1, 404, "failed"]],
  );
});

Deno.test("media: a recording still transcoding is polled; the token is renewed before expiry", async () => {
  const { report, audit, sandbox } = await run(
    { tokenLifetimeSeconds: 2, recordingPendingPolls: 1 },
    (s) => {
      const [conversationId, list] = [...s.state.recordings.entries()][0];
      return {
        targets: [{ kind: "recording", conversationId, recordingId: list[1].id }],
        formatId: "MP3",
        allowedContentTypes: ["audio/mpeg"],
      };
    },
  );
  assert.equal(report.metrics.accepted, 1, JSON.stringify(report.results));
  assert.equal(report.results[0].contentType, "audio/mpeg");
  assert.deepEqual(
    audit.filter((a) => a.action === "getConversationRecording").map((a) => [a.status, a.outcome]),
    [[202, "pending"], [200, "ok"]],
  );
  // The 1 s wait passed half of the 2 s token lifetime: a new token was fetched before the call,
  // so no call was rejected with 401.
  assert.equal(sandbox.counters.tokenRequests.client_credentials, 2);
  assert.equal(audit.some((a) => a.status === 401), false);
  const recordingCalls = sandbox.requests.filter((r) =>
    r.path.startsWith("/api/v2/conversations/")
  );
  assert.equal(recordingCalls.length, 2);
  assert.equal(new URL(recordingCalls[1].url).searchParams.get("formatId"), "MP3");
});

Deno.test("media CLI: --sandbox prints JSON audit lines and a summary, exit 0", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "examples/media_download_urls.ts", "--sandbox", "--max-attempts", "3"],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  const stderr = new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, stderr);
  const lines = stdout.trim().split("\n").map((l) => JSON.parse(l) as AuditRecord);
  for (const line of lines) {
    for (const field of ["action", "id", "status", "latencyMs", "timestamp", "userAgent"]) {
      assert.ok(field in line, `${field} missing`);
    }
  }
  assert.deepEqual(
    lines.filter((l) => l.status === 429).map((l) => [l.action, l.outcome]),
    [["getDownload", "retry"]],
  );
  assert.match(stderr, /summary: 9 URLs, 8 accepted, 1 rejected, 0 failed/);
  assert.match(stderr, /1 token request\(s\), 1 injected 429, webhook received 8 POSTs/);
  assert.doesNotMatch(stdout + stderr, /Signature=|clientSecret/);
});

Deno.test("media CLI: usage errors exit 1", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "examples/media_download_urls.ts", "--verify", "head"],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { GENESYS_CLIENT_ID: "", GENESYS_CLIENT_SECRET: "" },
  }).output();
  assert.equal(out.code, 1);
  assert.match(new TextDecoder().decode(out.stderr), /--verify must be get or none/);
});
