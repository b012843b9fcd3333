/**
 * What each example must print, shared by the Deno test (`examples_test.ts`)
 * and the Bun suite (`tests/bun/run.ts`): the example is run as a subprocess
 * and `check` asserts on its output.
 *
 * @module
 */

import assert from "node:assert/strict";

/** One example run. */
export interface ExampleRun {
  /** Path from the repository root. */
  file: string;
  /** Extra command line arguments. */
  args?: string[];
  /** Runtimes it applies to. */
  runtimes: ("deno" | "bun")[];
  /** Extra `deno run` flags (besides `-A`). */
  denoFlags?: string[];
  /** Asserts on the output of a successful run. */
  check: (stdout: string, stderr: string) => void;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/** The first capture of `re` in `text`, as a number; fails when absent. */
export function numberIn(text: string, re: RegExp): number {
  const m = text.match(re);
  assert.ok(m, `no match for ${re} in:\n${text}`);
  return Number(m[1]);
}

/** Every example with its expectations. */
export const EXAMPLES: ExampleRun[] = [
  {
    file: "examples/fleet_deno_kv.ts",
    runtimes: ["deno"],
    denoFlags: ["--unstable-kv"],
    check: (out) => {
      assert.match(out, /3 workers, 120 calls in [\d.]+ s/);
      assert.match(out, /token requests: 1\n/);
      assert.match(out, /429 answers: 0\n/);
    },
  },
  {
    file: "examples/fleet_redis.ts",
    runtimes: ["deno"],
    check: (out) => {
      assert.match(out, /3 workers, 120 calls in [\d.]+ s/);
      assert.match(out, /token requests: 1\n/);
      assert.match(out, /429 answers: \d+\n/);
    },
  },
  {
    file: "examples/demo.ts",
    runtimes: ["deno", "bun"],
    check: (out) => {
      const listed = numberIn(out, /listed (\d+) users in \d+ pages/);
      const seeded = numberIn(out, /with (\d+) seeded users/);
      assert.equal(listed, seeded);
      assert.equal(numberIn(out, /listed \d+ users in (\d+) pages of 25/), Math.ceil(seeded / 25));
      assert.match(out, /body sent: \{"title":null,"department":"Demo","version":\d+\}/);
      assert.match(out, /title=\(cleared\), version \d+/);
      assert.match(out, /retry: GET \/api\/v2\/users\/[0-9a-f-]{36} attempt 2/);
      assert.match(out, /after 1 injected 429; GET \/api\/v2\/users\/\{id\} sent 2 times/);
      assert.match(out, new RegExp(`status 200, correlation id ${UUID.source}`));
      assert.match(out, /stopped; done/);
    },
  },
  {
    file: "examples/client_credentials.ts",
    runtimes: ["deno", "bun"],
    check: (out) => {
      assert.match(out, /logged in: expiresIn=2s/);
      assert.match(out, /grant CLIENT-CREDENTIALS, org "sandbox-org"/);
      assert.match(out, /token requests so far: 1\n/);
      assert.match(out, /after 1\.1 s: token requests 2 \(renewed before expiry\)/);
      assert.match(out, /after the server revoked it: status 200, token requests 3/);
      assert.match(out, /GET \/api\/v2\/tokens\/me sent 4 times/);
    },
  },
  {
    file: "examples/lite_client.ts",
    runtimes: ["deno", "bun"],
    check: (out) => {
      assert.match(out, /logged in: expiresIn=2s/);
      const total = numberIn(out, /first page: 3 of (\d+) users/);
      assert.ok(total > 3);
      assert.match(out, /after 1\.1 s: token requests 2 \(renewed before expiry\)/);
      assert.match(out, /after the server revoked it: status 200, token requests 3/);
      // 1 call, a 401 and its resend, a 429 and its retry.
      // 5: one before, two around the 401, the 429 and its retry; 6 when the 2 s token also
      // expires on a loaded machine (one more 401, renewed).
      assert.match(
        out,
        /after an injected 429: got .+; GET \/api\/v2\/users\/\{id\} sent [56] times/,
      );
      assert.match(out, /missing user: ApiError 404 not\.found/);
    },
  },
  {
    file: "examples/pagination.ts",
    runtimes: ["deno", "bun"],
    check: (out) => {
      const listed = numberIn(out, /users: (\d+) listed in 3 pages/);
      assert.equal(listed, numberIn(out, /sandbox holds (\d+) users/));
      assert.match(out, /external contacts: 250 listed in 3 cursor pages/);
      assert.match(out, /cursor of the last page request: \?limit=100&cursor=\S+/);
    },
  },
  {
    file: "examples/patch_with_null.ts",
    runtimes: ["deno", "bun"],
    check: (out) => {
      assert.match(out, /before: .* title="Agent" version=1/);
      assert.match(
        out,
        /body sent: \{"title":null,"department":"Platform Engineering","version":1\}/,
      );
      assert.match(out, /after: {2}.* title=undefined department=Platform Engineering version=2/);
    },
  },
  {
    file: "examples/extended_responses.ts",
    runtimes: ["deno", "bun"],
    check: (out) => {
      assert.match(out, /body only: 5 users, total 57/);
      assert.match(out, /status: 200, content-type: application\/json/);
      assert.match(out, new RegExp(`^correlationId: ${UUID.source}$`, "m"));
      assert.match(out, /rateLimit: 2\/300, reset in \d+s/);
      assert.match(out, /ApiError: status=404 code=not\.found/);
      assert.match(out, new RegExp(`ApiError correlationId: ${UUID.source}`));
    },
  },
  {
    file: "examples/regions_and_gateway.ts",
    runtimes: ["deno", "bun"],
    check: (out) => {
      assert.match(
        out,
        /eu_west_1 +api=https:\/\/api\.mypurecloud\.ie login=https:\/\/login\.mypurecloud\.ie/,
      );
      assert.match(out, /ap_southeast_2 +api=https:\/\/api\.mypurecloud\.com\.au/);
      assert.match(
        out,
        /gateway +api=http:\/\/127\.0\.0\.1:\d+\/gc\/api login=http:\/\/127\.0\.0\.1:\d+\/gc\/login/,
      );
      assert.match(out, /via gateway: 3 users of 57/);
      assert.match(
        out,
        /gateway saw: POST \/gc\/login\/oauth\/token\ngateway saw: GET \/gc\/api\/api\/v2\/users/,
      );
    },
  },
  {
    file: "examples/custom_transport_and_hooks.ts",
    runtimes: ["deno", "bun"],
    check: (out) => {
      assert.match(out, /post-hook: oauth\/token POST \/oauth\/token -> 200/);
      assert.match(
        out,
        new RegExp(`post-hook: getUsers GET /api/v2/users -> 200 \\(correlation ${UUID.source}\\)`),
      );
      assert.match(out, /in-process transport: 2 users of 57/);
      assert.match(out, /sandbox got POST \/oauth\/token x-request-id=oauth\/token-1/);
      assert.match(out, /sandbox got GET \/api\/v2\/users x-request-id=getUsers-1/);
      assert.match(out, /transport: GET \/api\/v2\/users 200 in [\d.]+ ms/);
      assert.match(out, /fetch transport: 1 user, 2 requests timed/);
    },
  },
  {
    file: "examples/media_download_urls.ts",
    args: ["--sandbox"],
    runtimes: ["deno", "bun"],
    check: (out, err) => {
      const lines = out.trim().split("\n").map((l) => JSON.parse(l));
      assert.ok(lines.length > 9);
      assert.match(err, /summary: 9 URLs, 8 accepted, 1 rejected, 0 failed/);
      assert.match(err, /1 token request\(s\), 1 injected 429, webhook received 8 POSTs/);
    },
  },
  {
    file: "examples/token_store_deno_kv.ts",
    runtimes: ["deno"],
    denoFlags: ["--unstable-kv"],
    check: (out) => {
      assert.match(out, /client 1 logged in: token requests 1\n/);
      assert.match(out, /client 2 logged in: token requests 1 \(token found in Deno KV\)/);
      assert.match(out, /distinct bearer tokens used: 1\n/);
      // The key: login host, client id and a fingerprint of the credentials (never the secret).
      assert.match(out, /KV entries: 1 \(genesys-cloud:127\.0\.0\.1:\d+:<clientId>:[\w-]{43}\)/);
    },
  },
  {
    file: "examples/retries.ts",
    runtimes: ["deno", "bun"],
    check: (out) => {
      const section = (n: number) => out.split(/^\d\. /m)[n];
      assert.match(
        section(1),
        /^429 with Retry-After: 1\n {2}attempt 1: GET .*\n {2}attempt 2: GET .*\n {3}ok after 2 requests/,
      );
      assert.match(section(2), /attempt 3: GET .*\n {3}ok after 3 requests/);
      assert.match(section(3), /attempt 2: GET .*\n {3}ok after 2 requests, 1 dropped/);
      assert.match(
        section(4),
        /attempt 4: GET .*\n {3}ApiError 503 service\.unavailable after 4 requests/,
      );
      assert.doesNotMatch(section(4), /attempt 5/);
      assert.match(
        section(5),
        /^404 is not retried\n {2}attempt 1: GET .*\n {3}ApiError 404 not\.found after 1 request$/m,
      );
      assert.doesNotMatch(section(5), /attempt 2/);
    },
  },
  {
    file: "examples/config_file_live_reload.ts",
    runtimes: ["deno", "bun"],
    check: (out) => {
      assert.match(out, /from the file: retry\.retryMax=0\n/);
      assert.match(out, /GET with one injected 503 and no retries: 503 service\.unavailable/);
      assert.match(out, /retry\.retryMax=2, retryWaitMin=50 ms, retryWaitMax=200 ms/);
      assert.match(out, /GET with one injected 503 after the reload: ok \(2 requests\)/);
      assert.match(out, /code override: retry\.retryMax=5/);
    },
  },
  {
    file: "examples/logging_to_file.ts",
    runtimes: ["deno", "bun"],
    check: (out) => {
      assert.match(out, /log file: 3 JSON records, then text records/);
      assert.match(out, /trace POST \/oauth\/token -> 200 authorization=\[REDACTED\]/);
      assert.match(out, /trace GET \/api\/v2\/users -> 200 authorization=\[REDACTED\]/);
      assert.match(
        out,
        /error GET \/api\/v2\/users\/0{8}-[0-9-]+ -> 404 authorization=\[REDACTED\]/,
      );
      assert.match(out, /token response body as logged: \{"access_token":"\[REDACTED\]"/);
      assert.match(
        out,
        /text record: <date> TRACE GET http:\/\/127\.0\.0\.1:\d+\/api\/v2\/users\?pageSize=1 -> 200/,
      );
      assert.match(out, /client secret in the log: no\n/);
      assert.match(out, /access token in the log: no\n/);
    },
  },
  {
    file: "examples/analytics_job.ts",
    runtimes: ["deno", "bun"],
    check: (out) => {
      const id = out.match(/job ([0-9a-f-]{36}) submitted/)?.[1];
      assert.ok(id, out);
      assert.match(out, /job FULFILLED after 3 status reads\n/);
      assert.match(out, /read 100 conversations in 4 pages \(4 results requests\)\n/);
      // The summary table: one row per direction, counting every conversation read.
      const rows = [...out.matchAll(/^(inbound|outbound)\s+(\d+)\s+(\d+)$/gm)];
      assert.ok(rows.length > 0, out);
      assert.equal(rows.reduce((n, r) => n + Number(r[2]), 0), 100);
      assert.match(out, /failed job: FAILED: The query matched too many conversations\n/);
      assert.match(
        out,
        /aborted job: postAnalyticsConversationsDetailsJobs: job [0-9a-f-]{36} was aborted and cancelled on the server \(DELETE sent 1 time\)/,
      );
    },
  },
  {
    file: "examples/bulk_external_contacts.ts",
    runtimes: ["deno", "bun"],
    check: (out) => {
      assert.match(out, /postExternalcontactsBulkContactsAdd: 50 contacts per call \(default\)/);
      // 230 contacts in batches of at most 50, then the 3 re-sent.
      const sizes = out.match(/calls: (\d+) with ([\d, ]+) contacts/);
      assert.ok(sizes, out);
      const list = sizes[2].split(", ").map(Number);
      assert.equal(Number(sizes[1]), list.length);
      assert.ok(list.every((n) => n <= 50));
      assert.equal(list.reduce((a, b) => a + b, 0), 233);
      assert.match(out, /created 228, failed 2, not processed 0; 3 sent again\n/);
      for (const i of [17, 118, 201]) {
        assert.match(out, new RegExp(`#${i} sent 2 times: succeeded`));
      }
      assert.match(out, /#42 failed: 400 invalid\.type: .*surveyOptOut: expected a boolean/);
      assert.match(out, /#99 failed: 400 invalid\.type: .*surveyOptOut: expected a boolean/);
      assert.match(out, /removed 228 of 228 in 5 calls/);
    },
  },
  {
    file: "examples/notifications.ts",
    runtimes: ["deno", "bun"],
    check: (out) => {
      assert.match(out, /presence board: 8 users, channels of 1\.5 s/);
      // Each change as a line: time, user, before -> after.
      const changes = out.match(/^ {2}\d\d:\d\d:\d\d\.\d{3} {2}.+ -> \w+/gm) ?? [];
      const shown = numberIn(out, /stats: (\d+) events shown/);
      assert.equal(changes.length, shown);
      // A change made while the socket was down may be missed (the gap resync covers it).
      assert.ok(shown >= 12 && shown <= 14, `${shown} events shown`);
      assert.match(out, /state: open -> reconnecting \(socket-closed\)/);
      assert.match(out, /gap: 8 topics may have missed events \(socket-closed\)/);
      assert.match(out, /resynced 8 users from the REST API/);
      assert.ok(numberIn(out, /(\d+) rollovers/) >= 1);
      assert.match(out, /1 reconnect, 1 gap/);
      assert.match(out, /board matches the server: yes/);
      assert.match(out, /closed: 0 sockets, 0 timers, 0 channels/);
    },
  },
];
