/**
 * An analytics conversation details job, end to end, against the local sandbox: `runJob`
 * checks that the data lake covers the query's interval, submits the query, polls the job with
 * back-off until it is `FULFILLED`, and reads every cursor page of its results; then a summary
 * table of the conversations. Then a job that fails (the server's `errorMessage` in a typed
 * `JobFailedError`) and one aborted midway (cancelled on the server).
 *
 * The sandbox runs a job in three status reads and serves its results in four cursor pages; the
 * waits here start at 100 ms (the default, for real jobs, is 1 s growing to 30 s).
 *
 * Run:
 *   deno run -A examples/analytics_job.ts
 *   bun examples/analytics_job.ts
 *
 * @module
 */

import { PlatformClient } from "../mod.ts";
import { AbortedError, JobFailedError, runJob } from "../src/jobs/mod.ts";
import { startSandbox } from "../tools/sandbox/mod.ts";

const sandbox = await startSandbox({
  jobs: { pollsToFinish: 3, resultPages: 4, recordsPerPage: 25 },
});
try {
  const client = new PlatformClient(sandbox.clientOptions);
  const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
  await client.loginClientCredentialsGrant(clientId, clientSecret);

  const query = {
    interval: "2025-07-01T00:00:00.000Z/2025-07-08T00:00:00.000Z",
    order: "asc" as const,
    orderBy: "conversationStart" as const,
  };
  const poll = { initialMs: 100, factor: 1.5 };
  const run = await runJob(client, "postAnalyticsConversationsDetailsJobs", query, {
    checkAvailability: true,
    poll,
  });
  console.log(`job ${run.id} submitted`);
  const done = await run.done();
  console.log(`job ${done.state} after ${done.polls} status reads`);

  // Every page, following the cursor to the last one.
  const byDirection = new Map<string, { conversations: number; participants: number }>();
  let pages = 0;
  let conversations = 0;
  for await (const page of run.pages()) {
    pages++;
    for (const conversation of page.conversations ?? []) {
      conversations++;
      const direction = conversation.originatingDirection ?? "unknown";
      const row = byDirection.get(direction) ?? { conversations: 0, participants: 0 };
      row.conversations++;
      row.participants += conversation.participants?.length ?? 0;
      byDirection.set(direction, row);
    }
  }
  const resultReads = sandbox.requests.filter((r) => r.path.endsWith(`/jobs/${run.id}/results`));
  console.log(
    `read ${conversations} conversations in ${pages} pages (${resultReads.length} results requests)`,
  );
  console.log("direction  conversations  participants");
  for (const [direction, row] of [...byDirection].sort()) {
    console.log(
      `${direction.padEnd(10)} ${String(row.conversations).padStart(13)} ${
        String(row.participants).padStart(13)
      }`,
    );
  }

  // A job that fails: the server's errorMessage comes with a typed error.
  sandbox.jobs.endNext("failed", { errorMessage: "The query matched too many conversations" });
  const failing = await runJob(client, "postAnalyticsConversationsDetailsJobs", query, { poll });
  try {
    await failing.done();
  } catch (error) {
    if (!(error instanceof JobFailedError)) throw error;
    console.log(`failed job: ${error.state}: ${error.errorMessage}`);
  }

  // A job aborted while it runs: polling stops and the job is cancelled on the server.
  sandbox.jobs.pollsToFinish = 50;
  const controller = new AbortController();
  const aborted = await runJob(client, "postAnalyticsConversationsDetailsJobs", query, {
    poll,
    signal: controller.signal,
  });
  setTimeout(() => controller.abort(new Error("report no longer needed")), 250);
  try {
    await aborted.done();
  } catch (error) {
    if (!(error instanceof AbortedError)) throw error;
    const deletes = sandbox.requests.filter((r) =>
      r.method === "DELETE" && r.path.endsWith(`/jobs/${aborted.id}`)
    );
    console.log(`aborted job: ${error.message} (DELETE sent ${deletes.length} time)`);
  }
} finally {
  await sandbox.stop();
}
