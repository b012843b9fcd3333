/**
 * `runJob` against the sandbox's job state machines: every way a job ends, the back-off between
 * polls (with a fake clock), `Retry-After`, failed polls, aborts and cancels, cursor paging to
 * the last page, a family without results, a family polled through its listing, and the data
 * availability check.
 */

import assert from "node:assert/strict";
import {
  AbortedError,
  ApiError,
  DataAvailabilityError,
  JobFailedError,
  JobWaitingError,
  ParameterError,
  runJob,
  TimeoutError,
} from "../../src/jobs/mod.ts";
import { KnowledgeApi } from "../../src/generated/apis/knowledge.js";
import { QUERY, requests, setup } from "./_sandbox.ts";

const JOBS = "/api/v2/analytics/conversations/details/jobs";
const OP = "postAnalyticsConversationsDetailsJobs";

Deno.test("runJob: submits, polls with back-off to FULFILLED, and reads every page", async () => {
  const { sandbox, client, clock } = await setup({ jobs: { pollsToFinish: 3, resultPages: 4 } });
  const run = await runJob(client, OP, QUERY, { clock });
  assert.match(run.id, /^[0-9a-f-]{36}$/);
  assert.deepEqual(run.status(), { state: undefined, kind: "running", body: undefined, polls: 0 });
  const [submit] = requests(sandbox, "POST", JOBS);
  assert.deepEqual(JSON.parse(submit.body), QUERY);

  const done = await run.done();
  assert.equal(done.state, "FULFILLED");
  assert.equal(done.kind, "succeeded");
  assert.equal(done.polls, 3);
  assert.deepEqual(
    requests(sandbox, "GET", `${JOBS}/${run.id}`).length,
    3,
    "one status read per poll",
  );
  // 1 s, then 1.5 times the wait before.
  assert.deepEqual(clock.waits, [1000, 1500, 2250]);
  assert.equal(await run.done(), done, "done() settles once");

  const pages = await Array.fromAsync(run.pages());
  assert.equal(pages.length, 4);
  const reads = requests(sandbox, "GET", `${JOBS}/${run.id}/results`);
  assert.equal(reads.length, 4);
  assert.equal(reads[0].search, "");
  for (let i = 1; i < 4; i++) {
    assert.equal(new URLSearchParams(reads[i].search).get("cursor"), pages[i - 1].cursor);
  }
  assert.equal(pages[3].cursor, undefined, "the last page has no cursor");
  const records = await Array.fromAsync(run.records());
  assert.equal(records.length, 8);
  assert.deepEqual(records.slice(0, 2), pages[0].conversations);
  assert.equal(sandbox.jobs.submitted.get(run.id)?.pagesRead, 8);
});

Deno.test("runJob: the waits grow to their cap, and poll options change them", async () => {
  const { client, clock } = await setup({ jobs: { pollsToFinish: 8 } });
  const run = await runJob(client, OP, QUERY, { clock });
  await run.done();
  assert.deepEqual(clock.waits, [1000, 1500, 2250, 3375, 5063, 7595, 11393, 17090]);

  const { client: c2, clock: k2 } = await setup({ jobs: { pollsToFinish: 6 } });
  const run2 = await runJob(c2, OP, QUERY, {
    clock: k2,
    poll: { initialMs: 200, factor: 2, maxMs: 1000 },
  });
  await run2.done();
  assert.deepEqual(k2.waits, [200, 400, 800, 1000, 1000, 1000]);
});

Deno.test("runJob: a Retry-After on a status answer sets the next wait", async () => {
  let statusReads = 0;
  const { client, clock } = await setup({}, async (request, send) => {
    const response = await send(request);
    if (request.method === "GET" && /\/jobs\/[^/]+$/.test(new URL(request.url).pathname)) {
      statusReads++;
      if (statusReads === 1) response.headers.set("retry-after", "7");
    }
    return response;
  });
  const run = await runJob(client, OP, QUERY, { clock });
  await run.done();
  assert.deepEqual(clock.waits, [1000, 7000, 1500]);
});

for (
  const [outcome, state, message] of [
    ["failed", "FAILED", "Query exceeded the limits"],
    ["cancelled", "CANCELLED", undefined],
    ["expired", "EXPIRED", "The job expired"],
  ] as const
) {
  Deno.test(`runJob: a job that ends ${state} rejects with a JobFailedError`, async () => {
    const { sandbox, client, clock } = await setup();
    sandbox.jobs.endNext(outcome, { errorMessage: message ?? "ignored" });
    const run = await runJob(client, OP, QUERY, { clock });
    const error = await run.done().then(() => undefined, (e) => e);
    assert.ok(error instanceof JobFailedError, String(error));
    assert.equal(error.kind, outcome);
    assert.equal(error.state, state);
    assert.equal(error.jobId, run.id);
    // The server's errorMessage where the status carries one (a cancelled job has none).
    assert.equal(error.errorMessage, outcome === "cancelled" ? undefined : message);
    assert.equal((error.status as { state: string }).state, state);
    assert.equal(run.status().state, state);
    await assert.rejects(run.done(), JobFailedError);
    await assert.rejects(Array.fromAsync(run.pages()), JobFailedError);
    assert.equal(requests(sandbox, "GET", /\/results$/).length, 0);
  });
}

Deno.test("runJob: each family's own state names and error field are read", async () => {
  const { sandbox, client, clock } = await setup();
  sandbox.jobs.endNext("failed", { errorMessage: "The table is locked" });
  const run = await runJob(client, "postFlowsDatatableExportJobs", "table-1", { clock });
  const error = await run.done().then(() => undefined, (e) => e);
  assert.ok(error instanceof JobFailedError);
  assert.equal(error.state, "Failed");
  assert.equal(error.errorMessage, "The table is locked"); // errorInformation.message
  assert.equal(
    requests(sandbox, "GET", `/api/v2/flows/datatables/table-1/export/jobs/${run.id}`).length,
    3,
  );
});

Deno.test("runJob: a job waiting for its caller stops polling; done() again polls on", async () => {
  const { sandbox, client, clock } = await setup();
  sandbox.jobs.endNext("waiting");
  const run = await runJob(client, "postFlowsDatatableImportJobs", "table-1", {
    status: "WaitingForUpload",
    importMode: "ReplaceAll",
  }, { clock });
  const waiting = await run.done();
  assert.equal(waiting.kind, "waiting");
  assert.equal(waiting.state, "WaitingForUpload");
  assert.equal(waiting.polls, 3);
  // pages() waits for done(): it polls once more, finds the job still waiting, and says so.
  await assert.rejects(Array.fromAsync(run.pages()), JobWaitingError);
  assert.equal(run.status().polls, 4);
  sandbox.jobs.resume(run.id); // the caller did what it waited for
  const done = await run.done();
  assert.equal(done.kind, "succeeded");
  assert.equal(done.state, "Succeeded");
  assert.equal(done.polls, 7);
});

Deno.test("runJob: a job that waits for confirmation runs on after the caller's PATCH", async () => {
  const { sandbox, client, clock } = await setup();
  sandbox.jobs.endNext("waiting");
  const run = await runJob(client, "postKnowledgeKnowledgebaseImportJobs", "kb-1", {
    fileType: "Json",
    uploadKey: "upload-1",
  }, { clock });
  const waiting = await run.done();
  assert.deepEqual([waiting.state, waiting.kind], ["ValidationCompleted", "waiting"]);
  // The caller confirms the import, with the generated API method.
  await new KnowledgeApi(client).patchKnowledgeKnowledgebaseImportJob("kb-1", run.id, {
    status: "Started",
  });
  const done = await run.done();
  assert.deepEqual([done.state, done.kind], ["Completed", "succeeded"]);
  const patch = requests(
    sandbox,
    "PATCH",
    `/api/v2/knowledge/knowledgebases/kb-1/import/jobs/${run.id}`,
  );
  assert.deepEqual(JSON.parse(patch[0].body), { status: "Started" });
});

Deno.test("runJob: a family without results gives its final status as its one page", async () => {
  const { sandbox, client, clock } = await setup();
  const run = await runJob(client, "postFlowsDatatableExportJobs", "table-1", { clock });
  const pages = await Array.fromAsync(run.pages());
  assert.equal(pages.length, 1);
  assert.equal(pages[0], (await run.done()).body);
  assert.equal(pages[0].status, "Succeeded");
  assert.deepEqual(await Array.fromAsync(run.records()), pages);
  assert.equal(requests(sandbox, "GET", /\/results$/).length, 0);
});

Deno.test("runJob: records of a family whose final status holds them", async () => {
  const { client, clock } = await setup();
  const run = await runJob(client, "postFlowsInstancesJobs", { ids: ["instance-1"] }, { clock });
  const [status] = await Array.fromAsync(run.pages());
  const records = await Array.fromAsync(run.records());
  assert.ok(Array.isArray(status.entities) && status.entities.length > 0);
  assert.deepEqual(records, status.entities);
});

Deno.test("runJob: a family polled through its listing (reporting exports)", async () => {
  const { sandbox, client, clock } = await setup();
  const body = {
    name: "Queue performance",
    timeZone: "UTC",
    exportFormat: "CSV",
    interval: "2025-07-01T00:00:00.000Z/2025-07-02T00:00:00.000Z",
    period: "P1D",
    viewType: "QUEUE_PERFORMANCE_SUMMARY_VIEW",
    filter: {},
    read: true,
    locale: "en-us",
    hasFormatDurations: false,
    hasSplitFilters: false,
    excludeEmptyRows: false,
    hasSplitByMedia: false,
    hasSummaryRow: false,
    csvDelimiter: "COMMA",
    hasCustomParticipantAttributes: false,
  } as const;
  const run = await runJob(client, "postAnalyticsReportingExports", body, { clock });
  assert.equal(run.status().state, "SUBMITTED", "the submitting answer's state");
  const done = await run.done();
  assert.equal(done.state, "COMPLETED");
  assert.equal(done.body?.id, run.id);
  const listings = requests(sandbox, "GET", "/api/v2/analytics/reporting/exports");
  assert.equal(listings.length, 3);
  assert.equal(new URLSearchParams(listings[0].search).get("pageNumber"), "1");
});

Deno.test("runJob: a failed poll that the engine would retry is polled again; others end the run", async () => {
  // 503 on the second status read; the client does not retry (retryMax 0): the run does.
  const first = await setup();
  first.sandbox.faults.add({
    path: /\/details\/jobs\/[^/]+$/,
    method: "GET",
    status: 503,
    retryAfter: null,
  });
  const run = await runJob(first.client, OP, QUERY, { clock: first.clock });
  const done = await run.done();
  assert.equal(done.state, "FULFILLED");
  assert.equal(requests(first.sandbox, "GET", `${JOBS}/${run.id}`).length, 4);
  assert.deepEqual(first.clock.waits, [1000, 1500, 2250, 3375]);

  // With the engine's retries on, the engine resends it within the same poll.
  const second = await setup({}, undefined, {
    retry: { retryMax: 2, retryWaitMin: 0, retryWaitMax: 0 },
  });
  second.sandbox.faults.add({
    path: /\/details\/jobs\/[^/]+$/,
    method: "GET",
    status: 503,
    retryAfter: null,
  });
  const run2 = await runJob(second.client, OP, QUERY, { clock: second.clock });
  await run2.done();
  assert.equal(requests(second.sandbox, "GET", `${JOBS}/${run2.id}`).length, 4);
  assert.deepEqual(second.clock.waits, [1000, 1500, 2250], "no extra poll");

  // More failures in a row than poll.maxFailures: the error.
  const third = await setup();
  third.sandbox.faults.add({
    path: /\/details\/jobs\/[^/]+$/,
    method: "GET",
    status: 502,
    retryAfter: null,
    times: Infinity,
  });
  const run3 = await runJob(third.client, OP, QUERY, {
    clock: third.clock,
    poll: { maxFailures: 2 },
  });
  const error = await run3.done().then(() => undefined, (e) => e);
  assert.ok(error instanceof ApiError && error.status === 502, String(error));
  assert.equal(requests(third.sandbox, "GET", `${JOBS}/${run3.id}`).length, 3);

  // A 404 is not retried.
  const fourth = await setup();
  const run4 = await runJob(fourth.client, OP, QUERY, { clock: fourth.clock });
  fourth.sandbox.faults.add({ path: `${JOBS}/${run4.id}`, method: "GET", status: 404 });
  const notFound = await run4.done().then(() => undefined, (e) => e);
  assert.ok(notFound instanceof ApiError && notFound.status === 404);
  assert.equal(requests(fourth.sandbox, "GET", `${JOBS}/${run4.id}`).length, 1);
});

Deno.test("runJob: aborting stops polling and cancels the job on the server", async () => {
  const { sandbox, client, clock } = await setup({ jobs: { pollsToFinish: 10 } });
  const controller = new AbortController();
  clock.onSleep = (i) => {
    if (i === 2) controller.abort(new Error("user stopped"));
  };
  const run = await runJob(client, OP, QUERY, { clock, signal: controller.signal });
  const error = await run.done().then(() => undefined, (e) => e);
  assert.ok(error instanceof AbortedError, String(error));
  assert.match(error.message, /was aborted and cancelled on the server/);
  assert.equal((error.cause as Error).message, "user stopped");
  assert.equal(requests(sandbox, "GET", `${JOBS}/${run.id}`).length, 2);
  const deletes = requests(sandbox, "DELETE", `${JOBS}/${run.id}`);
  assert.equal(deletes.length, 1);
  assert.equal(sandbox.jobs.submitted.get(run.id)?.cancelled, true);
  assert.equal(await run.cancel(), true, "the one cancel request");
  assert.equal(requests(sandbox, "DELETE", `${JOBS}/${run.id}`).length, 1);
});

Deno.test("runJob: an abort of a family without a cancel operation leaves the job running", async () => {
  const { sandbox, client, clock } = await setup({ jobs: { pollsToFinish: 10 } });
  const controller = new AbortController();
  clock.onSleep = (i) => i === 1 && controller.abort();
  const run = await runJob(client, "postFlowsDatatableExportJobs", "t1", {
    clock,
    signal: controller.signal,
  });
  const error = await run.done().then(() => undefined, (e) => e);
  assert.ok(error instanceof AbortedError);
  assert.match(error.message, /left running \(its family has no cancel operation\)/);
  assert.equal(sandbox.requests.filter((r) => r.method === "DELETE").length, 0);
});

Deno.test("runJob: cancel() stops polling and cancels; cancelOnAbort: false leaves the job", async () => {
  const { sandbox, client, clock } = await setup({ jobs: { pollsToFinish: 10 } });
  const run = await runJob(client, OP, QUERY, { clock });
  let cancelled: Promise<boolean> | undefined;
  clock.onSleep = (i) => {
    if (i === 1) cancelled = run.cancel();
  };
  const error = await run.done().then(() => undefined, (e) => e);
  assert.ok(error instanceof AbortedError);
  assert.match(error.message, /was cancelled by the caller/);
  assert.equal(await cancelled, true);
  assert.equal(requests(sandbox, "DELETE", `${JOBS}/${run.id}`).length, 1);
  assert.equal(requests(sandbox, "GET", `${JOBS}/${run.id}`).length, 1);

  const other = await setup({ jobs: { pollsToFinish: 10 } });
  const controller = new AbortController();
  other.clock.onSleep = (i) => i === 1 && controller.abort();
  const kept = await runJob(other.client, OP, QUERY, {
    clock: other.clock,
    signal: controller.signal,
    cancelOnAbort: false,
  });
  await assert.rejects(kept.done(), /left running \(cancelOnAbort: false\)/);
  assert.equal(other.sandbox.requests.filter((r) => r.method === "DELETE").length, 0);

  // A finished job is not cancelled.
  const done = await runJob(other.client, OP, QUERY, {
    clock: other.clock,
    poll: { initialMs: 1 },
  });
  other.sandbox.jobs.pollsToFinish = 1;
  await done.done();
  assert.equal(await done.cancel(), false);
});

Deno.test("runJob: poll.timeoutMs ends the wait with a TimeoutError", async () => {
  const { client, clock } = await setup({ jobs: { pollsToFinish: 50 } });
  const run = await runJob(client, OP, QUERY, { clock, poll: { timeoutMs: 5_000 } });
  const error = await run.done().then(() => undefined, (e) => e);
  assert.ok(error instanceof TimeoutError, String(error));
  assert.match(error.message, /not done after 5000 ms \(state PENDING\)/);
  assert.deepEqual(clock.waits, [1000, 1500, 2250, 250]);
});

Deno.test("runJob: checkAvailability submits only a query the data lake covers", async () => {
  const { sandbox, client, clock } = await setup({
    jobs: { dataAvailabilityDate: "2025-07-01T12:00:00.000Z" },
  });
  const error = await runJob(client, OP, QUERY, { clock, checkAvailability: true })
    .then(() => undefined, (e) => e);
  assert.ok(error instanceof DataAvailabilityError, String(error));
  assert.equal(error.availableUntil, "2025-07-01T12:00:00.000Z");
  assert.equal(error.intervalEnd, "2025-07-02T00:00:00.000Z");
  assert.equal(requests(sandbox, "POST", JOBS).length, 0, "nothing submitted");
  assert.equal(requests(sandbox, "GET", `${JOBS}/availability`).length, 1);

  sandbox.jobs.dataAvailabilityDate = "2025-07-03T00:00:00.000Z";
  const run = await runJob(client, OP, QUERY, { clock, checkAvailability: true });
  assert.equal(requests(sandbox, "POST", JOBS).length, 1);
  assert.equal((await run.done()).state, "FULFILLED");

  await assert.rejects(
    runJob(client, "postFlowsDatatableExportJobs", "t1", { checkAvailability: true }),
    /has no availability operation to check/,
  );
  await assert.rejects(
    runJob(client, OP, { interval: "P1D" }, { checkAvailability: true }),
    (e) => e instanceof ParameterError && /interval/.test(e.message),
  );
});

Deno.test("runJob: bad input is a ParameterError before anything is sent", async () => {
  const { sandbox, client } = await setup();
  const bad = (run: () => Promise<unknown>, pattern: RegExp) =>
    assert.rejects(run, (e) => e instanceof ParameterError && pattern.test(e.message));
  // deno-lint-ignore no-explicit-any
  const anyRun = runJob as any;
  await bad(() => anyRun(client, "getUsers"), /must be the submitting operation of a job family/);
  await bad(() => anyRun(client, "toString", QUERY), /must be the submitting operation/);
  await bad(() => anyRun({}, OP, QUERY), /client/);
  await bad(() => anyRun(client, OP, QUERY, {}, {}), /takes 1 argument\(s\) and an options object/);
  await bad(() => runJob(client, OP, QUERY, { poll: { initialMs: -1 } }), /poll\.initialMs/);
  await bad(() => runJob(client, OP, QUERY, { poll: { factor: 0.5 } }), /poll\.factor/);
  await bad(() => runJob(client, OP, QUERY, { poll: { initialMs: 10, maxMs: 5 } }), /poll\.maxMs/);
  await bad(() => runJob(client, OP, QUERY, { resultsPageSize: 0 }), /resultsPageSize/);
  // deno-lint-ignore no-explicit-any
  await bad(() => runJob(client, OP, QUERY, { clock: {} as any }), /clock/);
  // deno-lint-ignore no-explicit-any
  await bad(() => runJob(client, OP, QUERY, { signal: "stop" as any }), /signal/);
  await bad(() => anyRun(client, OP, undefined), /body.*is required/);
  assert.equal(sandbox.requests.length, 0);
});

Deno.test("runJob: per-call options go with every call; resultsPageSize with results reads", async () => {
  const { sandbox, client, clock } = await setup({ jobs: { resultPages: 2 } });
  const run = await runJob(client, OP, QUERY, {
    clock,
    customHeaders: { "x-trace": "t-1" },
    resultsPageSize: 50,
  });
  await Array.fromAsync(run.records());
  const mine = sandbox.requests.filter((r) => r.path.startsWith(JOBS));
  assert.equal(mine.length, 1 + 3 + 2);
  assert.ok(mine.every((r) => r.headers.get("x-trace") === "t-1"));
  for (const r of requests(sandbox, "GET", /\/results$/)) {
    assert.equal(new URLSearchParams(r.search).get("pageSize"), "50");
  }
});
