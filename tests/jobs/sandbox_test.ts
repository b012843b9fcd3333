/**
 * The sandbox's jobs and bulk answers: every job family of the table runs to success through
 * `runJob`, every bulk operation splits and succeeds through `runBulk` (with arguments
 * synthesized from the definition), and the state machine's answers on the wire: states per
 * poll, 404 for an unknown job, results only once done, cancel, bulk limits.
 */

import assert from "node:assert/strict";
import { BULK_OPERATIONS, JOB_FAMILIES, runBulk, runJob } from "../../src/jobs/mod.ts";
import { endpointOf } from "../../src/jobs/table.ts";
import { createSandboxHandler, startSandbox } from "../../tools/sandbox/mod.ts";
import { bundledApiModel } from "../../tools/sandbox/api/load.ts";
import { OperationIndex } from "../../tools/sandbox/api/operations.ts";
import { Synthesizer } from "../../tools/sandbox/api/synthesize.ts";
import { SchemaValidator } from "../../tools/sandbox/api/validate.ts";
import { QUERY, setup } from "./_sandbox.ts";

const model = await bundledApiModel();
const validator = new SchemaValidator(model.definitions);
const synth = new Synthesizer(new OperationIndex(model), validator);
const operations = new Map(model.operations.map((o) => [o.id, o]));

/** Arguments for an operation, valid against the definition; `items` items in a bulk body. */
function argumentsOf(name: string, items?: { count: number; key: string }): unknown[] {
  const op = operations.get(name)!;
  const positional: unknown[] = [];
  const options: Record<string, unknown> = {};
  for (const p of endpointOf(name).params) {
    let value: unknown;
    if (p.in === "body") {
      value = synth.value(op.body!.schema, `body:${name}`);
      if (items) {
        const body = validator.resolve(op.body!.schema).schema;
        const array = items.key === ""
          ? body
          : validator.resolve(body.properties![items.key]).schema;
        const list = Array.from(
          { length: items.count },
          (_, i) => synth.value(array.items!, `item:${name}:${i}`),
        );
        value = items.key === "" ? list : { ...(value as object), [items.key]: list };
      }
    } else if (p.required) {
      value = synth.value(op.params.find((x) => x.name === (p.wire ?? p.name))!.schema, name);
    } else continue;
    if (p.required) positional.push(value);
    else options[p.name] = value;
  }
  return [...positional, options];
}

Deno.test("sandbox: every job family runs through runJob to success and every page", async () => {
  const { sandbox, client, clock } = await setup({ jobs: { pollsToFinish: 2, resultPages: 2 } });
  const names = Object.keys(JOB_FAMILIES);
  assert.equal(names.length, 57);
  for (const name of names) {
    const spec = JOB_FAMILIES[name as keyof typeof JOB_FAMILIES];
    const args = argumentsOf(name);
    (args.at(-1) as Record<string, unknown>).clock = clock;
    // deno-lint-ignore no-explicit-any
    const run = await (runJob as any)(client, name, ...args);
    const done = await run.done();
    assert.equal(spec.states[done.state], "succeeded", name);
    assert.equal(done.polls, 2, name);
    const pages = await Array.fromAsync(run.pages());
    assert.equal(pages.length, spec.cursor ? 2 : 1, name);
    const records = await Array.fromAsync(run.records());
    // Without records in its pages, a record is a page; results pages hold 2 records each.
    const expected = !spec.records
      ? pages.length
      : spec.results
      ? 2 * pages.length
      : (pages[0] as Record<string, unknown[]>)[spec.records].length;
    assert.equal(records.length, expected, name);
    assert.equal(sandbox.jobs.submitted.get(run.id)?.operation, name);
  }
  assert.equal(sandbox.jobs.submitted.size, 57);
});

Deno.test("sandbox: every bulk operation splits at its limit and succeeds through runBulk", async () => {
  const { sandbox, client } = await setup();
  for (const [name, spec] of Object.entries(BULK_OPERATIONS)) {
    const count = spec.limit * 2 + 1;
    const before = sandbox.requests.length;
    // deno-lint-ignore no-explicit-any
    const report = await (runBulk as any)(
      client,
      name,
      ...argumentsOf(name, { count, key: spec.items }),
    );
    assert.equal(report.calls, 3, name);
    assert.equal(sandbox.requests.length - before, 3, name);
    assert.equal(
      report.succeeded,
      count,
      `${name}: ${report.items.find((i: { reason?: string }) => i.reason)?.reason}`,
    );
  }
});

Deno.test("sandbox: a job's states per poll, its results and its cancel, on the wire", async () => {
  const sandbox = createSandboxHandler({
    jobs: { pollsToFinish: 3, resultPages: 2, recordsPerPage: 4 },
  });
  const token = await sandbox.issueAccessToken();
  const base = "http://sandbox.test/api/v2/analytics/conversations/details/jobs";
  const call = async (method: string, url: string, body?: unknown) => {
    const response = await sandbox(
      new Request(url, {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : undefined };
  };
  const submitted = await call("POST", base, QUERY);
  assert.equal(submitted.status, 202);
  const id = submitted.json.jobId;
  assert.match(id, /^[0-9a-f-]{36}$/);

  assert.equal((await call("GET", `${base}/${id}/results`)).status, 400, "not done yet");
  const states = [];
  for (let i = 0; i < 4; i++) states.push((await call("GET", `${base}/${id}`)).json.state);
  assert.deepEqual(states, ["QUEUED", "PENDING", "FULFILLED", "FULFILLED"]);

  const first = await call("GET", `${base}/${id}/results`);
  assert.equal(first.json.conversations.length, 4);
  assert.equal(typeof first.json.cursor, "string");
  const last = await call("GET", `${base}/${id}/results?cursor=${first.json.cursor}`);
  assert.equal(last.json.cursor, undefined);
  assert.notDeepEqual(last.json.conversations, first.json.conversations);
  assert.equal((await call("GET", `${base}/${id}/results?cursor=nonsense`)).status, 400);

  // An id the sandbox did not hand out is not a job it runs: the generic layer answers it.
  const unknown = "00000000-0000-4000-8000-000000000000";
  assert.equal((await call("GET", `${base}/${unknown}`)).status, 200);
  assert.equal(sandbox.jobs.submitted.has(unknown), false);
  assert.equal((await call("POST", base, {})).status, 400, "the query is validated");

  const other = (await call("POST", base, QUERY)).json.jobId;
  assert.equal((await call("DELETE", `${base}/${other}`)).status, 204);
  assert.equal((await call("GET", `${base}/${other}`)).json.state, "CANCELLED");
  assert.equal(sandbox.jobs.submitted.get(other)?.cancelled, true);

  sandbox.jobs.endNext("failed", { errorMessage: "Too many conversations" });
  const failing = (await call("POST", base, QUERY)).json.jobId;
  for (let i = 0; i < 2; i++) await call("GET", `${base}/${failing}`);
  assert.deepEqual(
    (({ state, errorMessage }) => ({ state, errorMessage }))(
      (await call("GET", `${base}/${failing}`)).json,
    ),
    { state: "FAILED", errorMessage: "Too many conversations" },
  );

  const availability = await call("GET", `${base}/availability`);
  assert.ok(Date.parse(availability.json.dataAvailabilityDate) < Date.now());
});

Deno.test("sandbox: bulk calls over the limit are refused; settings are checked", async () => {
  const sandbox = createSandboxHandler();
  const token = await sandbox.issueAccessToken();
  const entities = Array.from({ length: 51 }, (_, i) => ({ firstName: `F${i}` }));
  const response = await sandbox(
    new Request("http://sandbox.test/api/v2/externalcontacts/bulk/contacts/add", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ entities }),
    }),
  );
  const body = await response.json();
  assert.equal(response.status, 400);
  assert.match(body.message, /body\.entities: at most 50 items per request, not 51/);

  assert.throws(() => createSandboxHandler({ jobs: { pollsToFinish: 0 } }), RangeError);
  assert.throws(() => createSandboxHandler({ jobs: { dataAvailabilityDate: "soon" } }), RangeError);
  assert.throws(() => sandbox.jobs.endNext("exploded" as never), RangeError);
  assert.throws(() => sandbox.jobs.resume("no-such-job"), RangeError);
});

Deno.test("sandbox: the served sandbox has the same controls", async () => {
  await using sandbox = await startSandbox({ jobs: { pollsToFinish: 1 } });
  const { LiteClient } = await import("../../mod.ts");
  const client = new LiteClient({
    basePath: sandbox.url,
    accessToken: await sandbox.issueAccessToken(),
  });
  const run = await runJob(client, "postRecordingJobs", {
    action: "EXPORT",
    actionDate: "2025-07-01T00:00:00.000Z",
    integrationId: "integration-1",
    conversationQuery: QUERY,
  }, { poll: { initialMs: 1 } });
  assert.equal((await run.done()).state, "FULFILLED");
  assert.equal(sandbox.jobs.submitted.get(run.id)?.polls, 1);
  assert.equal(sandbox.jobs.pollsToFinish, 1);
});
