/**
 * The generated table (`src/generated/jobs.ts`) against the definition it was made from: every
 * family's operations exist where its entry says, its states are exactly its status enum, its
 * id, error, records and cursor fields exist in the schemas; every `POST .../jobs` is either a
 * family or reported with its reason; every bulk operation's items and limit are the
 * definition's. Also what the generator finds in the counts the issue states, and in the older
 * definition.
 */

import assert from "node:assert/strict";
import { BULK_OPERATIONS, JOB_FAMILIES } from "../../src/jobs/mod.ts";
import { endpointOf } from "../../src/jobs/table.ts";
import { findJobs, stateKind } from "../../tools/codegen/jobs.ts";
import { loadDefinitionFile } from "../../tools/codegen/load.ts";
import { DEFAULT_SOURCE } from "../../tools/codegen/main.ts";
import { groupByTag, readOperations } from "../../tools/codegen/operations.ts";
import type { Schema, SwaggerDocument } from "../../tools/codegen/swagger.ts";

const { doc } = await loadDefinitionFile(DEFAULT_SOURCE);
const definitions = doc.definitions ?? {};

type RawOp = {
  "x-purecloud-method-name"?: string;
  parameters?: { name: string; in: string; type?: string }[];
  responses?: Record<string, { schema?: Schema }>;
};

/** Every operation by method name: its HTTP method, path and raw definition. */
const byName = new Map<string, { method: string; path: string; op: RawOp }>();
for (const [path, item] of Object.entries(doc.paths)) {
  for (const [method, op] of Object.entries(item)) {
    const name = (op as RawOp)["x-purecloud-method-name"];
    if (name) byName.set(name, { method: method.toUpperCase(), path, op: op as RawOp });
  }
}

function resolve(schema: Schema | undefined): Schema | undefined {
  let s = schema;
  for (let i = 0; s?.$ref && i < 10; i++) s = definitions[s.$ref.split("/").pop()!];
  return s;
}

function at(schema: Schema | undefined, path: string): Schema | undefined {
  let s = resolve(schema);
  for (const key of path === "" ? [] : path.split(".")) s = resolve(s?.properties?.[key]);
  return s;
}

function answer(name: string): Schema | undefined {
  const responses = byName.get(name)!.op.responses ?? {};
  return Object.keys(responses).filter((c) => /^2/.test(c)).sort()
    .map((c) => responses[c].schema).find((s) => s !== undefined);
}

function operation(name: string, method: string, path: string): void {
  const found = byName.get(name);
  assert.ok(found, `${name} is not in the definition`);
  assert.equal(`${found.method} ${found.path}`, `${method} ${path}`, name);
  // The endpoint the helpers call is the definition's.
  const endpoint = endpointOf(name);
  assert.equal(`${endpoint.method} ${endpoint.path}`, `${method} ${path}`, name);
}

Deno.test("jobs table: every family's operations, states and fields are the definition's", () => {
  for (const [submit, spec] of Object.entries(JOB_FAMILIES)) {
    const base = byName.get(submit)?.path;
    assert.ok(base, submit);
    operation(submit, "POST", base);
    const statusPath = byName.get(spec.status)!.path;
    if (spec.statusFrom === "listing") operation(spec.status, "GET", base);
    else {
      assert.match(
        statusPath,
        new RegExp(`^${base.replace(/[{}]/g, "\\$&")}/\\{[^/]+\\}$`),
        submit,
      );
      operation(spec.status, "GET", statusPath);
    }
    if (spec.results) operation(spec.results, "GET", `${statusPath}/results`);
    if (spec.cancel) operation(spec.cancel, "DELETE", statusPath);
    if (spec.availability) operation(spec.availability, "GET", `${base}/availability`);

    const status = spec.statusFrom === "listing"
      ? at(answer(spec.status), "entities")?.items
      : answer(spec.status);
    const field = at(status, spec.state);
    assert.deepEqual(Object.keys(spec.states), field?.enum, `${submit}: states`);
    assert.ok(Object.values(spec.states).includes("succeeded"), submit);
    assert.equal(at(answer(submit), spec.id)?.type, "string", `${submit}: id ${spec.id}`);
    if (spec.error) assert.equal(at(status, spec.error)?.type, "string", `${submit}: error`);
    const page = spec.results ? answer(spec.results) : status;
    if (spec.records) assert.equal(at(page, spec.records)?.type, "array", `${submit}: records`);
    if (spec.cursor) {
      assert.equal(at(page, spec.cursor)?.type, "string", submit);
      const params = byName.get(spec.results!)!.op.parameters ?? [];
      assert.ok(params.some((p) => p.name === spec.cursor && p.in === "query"), submit);
    }
  }
});

Deno.test("jobs table: what the generator finds, in the counts of the 2025-07 definition", () => {
  const found = findJobs(doc, groupByTag(readOperations(doc)));
  assert.deepEqual(
    {
      jobPosts: found.jobPosts,
      withStatus: found.withStatus,
      withResults: found.withResults,
      withCancel: found.withCancel,
      bulkWrites: found.bulkWrites,
    },
    { jobPosts: 41, withStatus: 35, withResults: 10, withCancel: 8, bulkWrites: 64 },
  );
  assert.deepEqual(Object.keys(JOB_FAMILIES), found.families.map((f) => f.submit.op.methodName));
  assert.deepEqual(Object.keys(BULK_OPERATIONS), found.bulk.map((b) => b.call.op.methodName));
  // Every POST .../jobs is a family or reported; a reported one really lacks what it needs.
  const jobPosts = [...byName].filter(([, o]) => o.method === "POST" && /\/jobs$/.test(o.path));
  assert.equal(jobPosts.length, 41);
  for (const [name, o] of jobPosts) {
    const skipped = found.skippedJobs.find((s) => s.operation === name);
    assert.ok((name in JOB_FAMILIES) !== (skipped !== undefined), name);
    if (skipped?.reason.startsWith("no status operation")) {
      const item = new RegExp(`^${o.path.replace(/[{}]/g, "\\$&")}/\\{[^/]+\\}$`);
      assert.ok(![...byName.values()].some((x) => x.method === "GET" && item.test(x.path)), name);
    }
  }
  assert.deepEqual(found.skippedJobs.map((s) => s.operation), [
    "postExternalcontactsImportCsvJobs",
    "postTelephonyProvidersEdgeLogsJobs",
    "postWorkforcemanagementIntegrationsHriTimeofftypesJobs",
    "postWorkforcemanagementManagementunitShrinkageJobs",
    "postWorkforcemanagementManagementunitUserTimeoffbalanceJobs",
    "postWorkforcemanagementManagementunitUserTimeoffrequestTimeoffbalanceJobs",
    "postWorkforcemanagementTeamShrinkageJobs",
  ]);
  // The other asynchronous shapes the issue names are families too.
  for (
    const name of ["postRecordingBatchrequests", "postAnalyticsReportingExports", "postAuditsQuery"]
  ) {
    assert.ok(name in JOB_FAMILIES, name);
  }
  assert.equal(JOB_FAMILIES.postAnalyticsReportingExports.statusFrom, "listing");
});

Deno.test("jobs table: the analytics conversation details family, in full", () => {
  assert.deepEqual({ ...JOB_FAMILIES.postAnalyticsConversationsDetailsJobs }, {
    status: "getAnalyticsConversationsDetailsJob",
    results: "getAnalyticsConversationsDetailsJobResults",
    cancel: "deleteAnalyticsConversationsDetailsJob",
    availability: "getAnalyticsConversationsDetailsJobsAvailability",
    id: "jobId",
    state: "state",
    states: {
      QUEUED: "running",
      PENDING: "running",
      FAILED: "failed",
      CANCELLED: "cancelled",
      FULFILLED: "succeeded",
      EXPIRED: "expired",
    },
    error: "errorMessage",
    records: "conversations",
    cursor: "cursor",
  });
});

Deno.test("jobs table: state kinds by their words", () => {
  const cases: [string, boolean, string][] = [
    ["FULFILLED", false, "succeeded"],
    ["Complete", false, "succeeded"],
    ["PartialCompleted", false, "succeeded"],
    ["COMPLETED_WITH_PARTIAL_RESULTS", false, "succeeded"],
    ["ImportCompleted", true, "succeeded"],
    ["ValidationCompleted", true, "waiting"],
    ["ValidationCompleted", false, "running"],
    ["ReadyToImport", true, "waiting"],
    ["READY", true, "waiting"],
    ["WaitingForUpload", false, "waiting"],
    ["RollbackComplete", false, "failed"],
    ["InternalError", false, "failed"],
    ["Incomplete", false, "failed"],
    ["Terminated", false, "cancelled"],
    ["Canceled", false, "cancelled"],
    ["AbortRequested", false, "running"],
    ["CANCELLING", false, "running"],
    ["EXPIRED", false, "expired"],
    ["Queued", false, "running"],
  ];
  for (const [value, actable, kind] of cases) {
    assert.equal(stateKind(value, actable), kind, `${value} (${actable})`);
  }
  // Where the job can be acted on, phases that wait for the caller are waiting states.
  assert.equal(
    JOB_FAMILIES.postKnowledgeKnowledgebaseImportJobs.states.ValidationCompleted,
    "waiting",
  );
  assert.equal(
    JOB_FAMILIES.postKnowledgeKnowledgebaseExportJobs.states.ValidationCompleted,
    "running",
  );
  assert.equal(JOB_FAMILIES.postRecordingJobs.states.READY, "waiting");
});

Deno.test("bulk table: items and limits are the definition's", () => {
  const sources = { maxItems: 0, description: 0, default: 0 };
  for (const [name, spec] of Object.entries(BULK_OPERATIONS)) {
    const { op } = byName.get(name)!;
    const bodyParam = (op.parameters ?? []).find((p) => p.in === "body") as
      | { schema?: Schema; description?: string }
      | undefined;
    const body = resolve(bodyParam?.schema);
    const items = spec.items === "" ? body : resolve(body?.properties?.[spec.items]);
    assert.equal(items?.type, "array", `${name}: items`);
    const maxItems = (items as { maxItems?: number }).maxItems;
    sources[spec.limitFrom]++;
    if (spec.limitFrom === "maxItems") assert.equal(spec.limit, maxItems, name);
    else assert.equal(maxItems, undefined, name);
    if (spec.limitFrom === "default") assert.equal(spec.limit, 50, name);
    if (spec.limitFrom === "description") {
      const texts = JSON.stringify([op, items]);
      assert.match(texts, new RegExp(`\\b${spec.limit}\\b`), name);
    }
  }
  assert.deepEqual(sources, { maxItems: 3, description: 7, default: 43 });
  // Every non-GET operation with bulk in its path is served or reported with a reason.
  const found = findJobs(doc, groupByTag(readOperations(doc)));
  const bulkPaths = [...byName].filter(([, o]) => o.method !== "GET" && /bulk/i.test(o.path));
  assert.equal(bulkPaths.length, 64);
  for (const [name] of bulkPaths) {
    assert.ok(
      name in BULK_OPERATIONS || found.skippedBulk.some((s) => s.operation === name),
      name,
    );
  }
  assert.equal(BULK_OPERATIONS.postExternalcontactsBulkContactsAdd.answer, "results");
  assert.equal(BULK_OPERATIONS.postLearningAssignmentsBulkadd.answer, "disallowed");
  assert.equal(
    BULK_OPERATIONS.patchWorkforcemanagementManagementunitAgentsWorkplansBulk.answer,
    "failures",
  );
  assert.equal(BULK_OPERATIONS.postEmployeeperformanceExternalmetricsData.answer, "processed");
});

Deno.test("jobs table: the generator reads the 2018-03 definition too", async () => {
  const old = (await loadDefinitionFile(DEFAULT_SOURCE.replace("2025-07", "2018-03")))
    .doc as SwaggerDocument;
  const found = findJobs(old, groupByTag(readOperations(old)));
  // In March 2018 the API had one POST .../jobs (Edge logs, not pollable) and three other
  // asynchronous operations with a status.
  assert.equal(found.jobPosts, 1);
  assert.deepEqual(found.skippedJobs.map((s) => s.operation), [
    "postTelephonyProvidersEdgeLogsJobs",
  ]);
  assert.deepEqual(found.families.map((f) => f.submit.op.methodName), [
    "postArchitectPromptHistory",
    "postArchitectSystempromptHistory",
    "postConversationParticipantSecureivrsessions",
  ]);
});
