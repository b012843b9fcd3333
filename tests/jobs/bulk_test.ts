/**
 * `runBulk` against the sandbox's bulk answers: splitting at the operation's limit, bounded
 * concurrency, items reported unprocessed sent again, per-item failures with the server's
 * reason, whole-batch failures, aborts; and how each kind of answer is read item by item.
 */

import assert from "node:assert/strict";
import { BULK_OPERATIONS, BulkAbortedError, ParameterError, runBulk } from "../../src/jobs/mod.ts";
import { readAnswer } from "../../src/jobs/bulk_answers.ts";
import { requests, setup } from "./_sandbox.ts";

const ADD = "/api/v2/externalcontacts/bulk/contacts/add";

/** `n` distinct contacts; `lastName` of some replaced by a marker. */
function contacts(n: number, marks: Record<number, string> = {}) {
  return Array.from({ length: n }, (_, i) => ({
    firstName: `First${i}`,
    lastName: marks[i] ?? `Last${i}`,
    workEmail: `contact${i}@example.com`,
  }));
}

const sentSizes = (bodies: string[], key = "entities") =>
  bodies.map((b) => (JSON.parse(b)[key] ?? JSON.parse(b)).length);

Deno.test("runBulk: splits at the operation's limit and reports every item", async () => {
  const { sandbox, client, clock } = await setup();
  assert.equal(BULK_OPERATIONS.postExternalcontactsBulkContactsAdd.limit, 50);
  const items = contacts(120);
  const report = await runBulk(client, "postExternalcontactsBulkContactsAdd", { entities: items }, {
    clock,
    concurrency: 1,
  });
  assert.deepEqual(sentSizes(requests(sandbox, "POST", ADD).map((r) => r.body)), [50, 50, 20]);
  assert.equal(report.calls, 3);
  assert.equal(report.ok, true);
  assert.equal(report.succeeded, 120);
  assert.equal(report.items.length, 120);
  assert.equal(report.batchSize, 50);
  assert.equal(report.batchSizeFrom, "default");
  report.items.forEach((r, i) => {
    assert.equal(r.index, i);
    assert.equal(r.item, items[i]);
    assert.equal(r.status, "succeeded");
    assert.equal(r.attempts, 1);
    // The entity the server made from this item (matched by content, not by position).
    assert.equal(r.entity?.firstName, `First${i}`);
    assert.match(r.entity?.id ?? "", /^[0-9a-f-]{36}$/);
  });
  assert.equal(report.answers.length, 3);
  assert.equal(clock.waits.length, 0, "no re-send, no wait");
});

Deno.test("runBulk: a limit from the definition (maxItems, description) bounds batchSize", async () => {
  const { sandbox, client } = await setup();
  assert.deepEqual(
    { ...BULK_OPERATIONS.postExternalcontactsBulkContactsEnrich },
    { items: "entities", limit: 10, limitFrom: "description", answer: "results" },
  );
  const enrich = Array.from({ length: 25 }, (_, i) => ({
    id: `request-${i}`,
    action: "Insert" as const,
    matchingIdentifiers: [{ type: "Email" as const, value: `c${i}@example.com` }],
    contact: { firstName: `F${i}`, lastName: `L${i}` },
  }));
  const report = await runBulk(client, "postExternalcontactsBulkContactsEnrich", {
    entities: enrich,
  }, { concurrency: 2 });
  assert.deepEqual(
    sentSizes(
      requests(sandbox, "POST", "/api/v2/externalcontacts/bulk/contacts/enrich").map((r) => r.body),
    )
      .sort(),
    [10, 10, 5],
  );
  assert.equal(report.succeeded, 25);
  await assert.rejects(
    runBulk(client, "postExternalcontactsBulkContactsEnrich", { entities: enrich }, {
      batchSize: 11,
    }),
    (e) =>
      e instanceof ParameterError && /at most 10 \(the limit of .*description\)/.test(e.message),
  );
  // Where the limit is the default, a larger batch is the caller's choice.
  const big = await runBulk(client, "postExternalcontactsBulkContactsAdd", {
    entities: contacts(70),
  }, {
    batchSize: 70,
  });
  assert.equal(big.calls, 1);
  assert.equal(big.batchSizeFrom, "option");

  // maxItems: the sandbox refuses a batch over it, so the split is what makes this work.
  assert.equal(BULK_OPERATIONS.postKnowledgeKnowledgebaseDocumentsBulkRemove.limitFrom, "maxItems");
  const ids = Array.from({ length: 201 }, (_, i) => ({ id: `doc-${i}` }));
  const removed = await runBulk(client, "postKnowledgeKnowledgebaseDocumentsBulkRemove", "kb-1", {
    entities: ids,
  });
  assert.equal(removed.calls, 3);
  assert.equal(removed.succeeded, 201);
});

Deno.test("runBulk: items reported unprocessed are sent again until they are processed", async () => {
  const { sandbox, client, clock } = await setup();
  const items = contacts(60, { 3: "sandbox:unprocessed", 55: "sandbox:unprocessed" });
  const report = await runBulk(client, "postExternalcontactsBulkContactsAdd", { entities: items }, {
    clock,
  });
  const calls = requests(sandbox, "POST", ADD).map((r) => JSON.parse(r.body).entities);
  assert.equal(calls.length, 3);
  // The third call carries exactly the two items the answers said were not processed.
  assert.deepEqual(calls[2], [items[3], items[55]]);
  assert.equal(report.ok, true);
  assert.equal(report.redriven, 2);
  assert.equal(report.items[3].attempts, 2);
  assert.equal(report.items[55].attempts, 2);
  assert.equal(report.items[4].attempts, 1);
  assert.deepEqual(clock.waits, [1000], "one wait before the re-send");
});

Deno.test("runBulk: items that stay unprocessed are reported so after maxRedrives", async () => {
  const { client, clock } = await setup({ jobs: { unprocessedSends: 10 } });
  const items = contacts(5, { 1: "sandbox:unprocessed" });
  const report = await runBulk(client, "postExternalcontactsBulkContactsAdd", { entities: items }, {
    clock,
    maxRedrives: 2,
  });
  assert.equal(report.ok, false);
  assert.equal(report.succeeded, 4);
  assert.equal(report.failed, 1);
  const stuck = report.items[1];
  assert.equal(stuck.status, "failed");
  assert.equal(stuck.attempts, 3);
  assert.equal(stuck.error?.retryable, true);
  assert.equal(stuck.reason, "503 service.unavailable: The item was not processed; send it again.");
  assert.deepEqual(clock.waits, [1000, 2000]);
});

Deno.test("runBulk: per-item failures carry the server's reason; the rest succeed", async () => {
  const { client } = await setup();
  const items: { firstName: string; lastName: unknown; workEmail?: string }[] = contacts(8, {
    2: "sandbox:fail",
  });
  items[6] = { firstName: "Bad", lastName: 42 }; // not a string: fails validation on its own
  const report = await runBulk(client, "postExternalcontactsBulkContactsAdd", {
    entities: items as never,
  });
  assert.equal(report.calls, 1);
  assert.equal(report.succeeded, 6);
  assert.equal(report.failed, 2);
  assert.deepEqual(
    report.items.filter((r) => r.status === "failed").map((r) => [r.index, r.error?.code]),
    [[2, "bad.request"], [6, "invalid.type"]],
  );
  assert.equal(
    report.items[2].reason,
    "400 bad.request: The item is marked to fail (sandbox:fail).",
  );
  assert.match(report.items[6].reason ?? "", /^400 invalid\.type: .*lastName/);
  assert.equal(report.items[6].error?.retryable, false);
  assert.equal(report.items[6].attempts, 1, "a failure is not sent again");
});

Deno.test("runBulk: a batch that fails as a whole fails each of its items; a 429 is re-sent", async () => {
  const { sandbox, client, clock } = await setup();
  const skills = Array.from({ length: 120 }, (_, i) => ({ id: `skill-${i}`, proficiency: 3 }));
  sandbox.faults.add({
    path: "/api/v2/users/user-1/routingskills/bulk",
    method: "PUT",
    status: 400,
  });
  const report = await runBulk(client, "putUserRoutingskillsBulk", "user-1", skills, {
    clock,
    concurrency: 1,
  });
  assert.equal(report.calls, 3);
  assert.equal(report.failed, 50);
  assert.equal(report.succeeded, 70);
  assert.ok(
    report.items.slice(0, 50).every((r) => r.status === "failed" && r.error?.status === 400),
  );
  assert.match(report.items[0].reason ?? "", /^400 bad\.request/);

  // An item that makes the whole batch answer 429 the first time: the batch goes again.
  const marked = skills.slice(0, 3).map((
    s,
    i,
  ) => (i === 1 ? { ...s, id: "sandbox:unprocessed" } : s));
  const again = await runBulk(client, "putUserRoutingskillsBulk", "user-2", marked, { clock });
  assert.equal(again.calls, 2);
  assert.equal(again.ok, true);
  assert.equal(again.redriven, 3);
});

Deno.test("runBulk: at most `concurrency` calls are in flight", async () => {
  let inFlight = 0;
  let most = 0;
  const { client } = await setup({}, async (request, send) => {
    inFlight++;
    most = Math.max(most, inFlight);
    // Let the other workers start their calls before this one answers.
    await new Promise((resolve) => setTimeout(resolve, 0));
    try {
      return await send(request);
    } finally {
      inFlight--;
    }
  });
  const report = await runBulk(client, "postExternalcontactsBulkContactsAdd", {
    entities: contacts(300),
  }, { concurrency: 3 });
  assert.equal(report.calls, 6);
  assert.equal(most, 3);
});

Deno.test("runBulk: an abort sends no further batch and reports what was done", async () => {
  const controller = new AbortController();
  let calls = 0;
  const wrapped = await setup({}, async (request, send) => {
    if (++calls === 2) controller.abort(new Error("enough"));
    // As fetch does: an aborted request is not sent.
    if (request.signal.aborted) throw new DOMException("aborted", "AbortError");
    return await send(request);
  });
  const error = await runBulk(wrapped.client, "postExternalcontactsBulkContactsAdd", {
    entities: contacts(200),
  }, { concurrency: 1, signal: controller.signal }).then(() => undefined, (e) => e);
  assert.ok(error instanceof BulkAbortedError, String(error));
  assert.equal((error.cause as Error).message, "enough");
  const report = error.report;
  assert.equal(report.calls, 2);
  assert.equal(report.succeeded, 50);
  assert.equal(report.unprocessed, 150);
  assert.equal(report.items[60].reason, "sent, but the run was aborted before its answer");
  assert.equal(report.items[150].reason, "not sent: the run was aborted");
  assert.equal(requests(wrapped.sandbox, "POST", ADD).length, 1);
});

Deno.test("runBulk: bad input is a ParameterError before anything is sent", async () => {
  const { sandbox, client } = await setup();
  // deno-lint-ignore no-explicit-any
  const anyBulk = runBulk as any;
  const bad = (run: () => Promise<unknown>, pattern: RegExp) =>
    assert.rejects(run, (e) => e instanceof ParameterError && pattern.test(e.message));
  await bad(() => anyBulk(client, "getUsers", {}), /must be a bulk operation/);
  await bad(
    () => anyBulk(client, "postExternalcontactsBulkContactsAdd", {}),
    /body\.entities.*array/,
  );
  await bad(
    () => anyBulk(client, "putUserRoutingskillsBulk", "u1", { not: "an array" }),
    /body.*array/,
  );
  await bad(
    () =>
      runBulk(client, "postExternalcontactsBulkContactsAdd", { entities: [] }, { concurrency: 0 }),
    /concurrency/,
  );
  await bad(
    () =>
      runBulk(client, "postExternalcontactsBulkContactsAdd", { entities: [] }, {
        maxRedrives: 1.5,
      }),
    /maxRedrives/,
  );
  await bad(() => anyBulk(client, "patchUsersBulk", [], {}, {}), /takes 1 argument/);
  assert.equal(sandbox.requests.length, 0);
  const empty = await runBulk(client, "postExternalcontactsBulkContactsAdd", { entities: [] });
  assert.deepEqual([empty.calls, empty.items.length, empty.ok], [0, 0, true]);
});

Deno.test("runBulk: an optional body is given in the options (learning assignments)", async () => {
  const { sandbox, client } = await setup();
  const assignments = Array.from({ length: 60 }, (_, i) => ({ moduleId: "m1", userId: `u${i}` }));
  assignments[7] = { moduleId: "sandbox:fail", userId: "u7" };
  const report = await runBulk(client, "postLearningAssignmentsBulkadd", { body: assignments });
  assert.equal(report.calls, 2);
  assert.equal(report.failed, 1);
  assert.equal(report.items[7].error?.code, "bad.request");
  assert.equal(requests(sandbox, "POST", "/api/v2/learning/assignments/bulkadd").length, 2);
});

Deno.test("readAnswer: results in any order are matched to their items", () => {
  const items = [{ firstName: "A" }, { firstName: "B" }, { firstName: "C" }];
  const { verdicts, unmatched } = readAnswer("results", {
    results: [
      { success: true, id: "c3", entity: { id: "c3", firstName: "C" } },
      { success: false, error: { code: "bad.request", status: 400, entity: { firstName: "A" } } },
      { success: true, id: "c2", entity: { id: "c2", firstName: "B" } },
      { success: true, id: "x", entity: { id: "x", firstName: "Z" } },
    ],
  }, items);
  assert.deepEqual(verdicts.map((v) => v.status), ["failed", "succeeded", "succeeded"]);
  assert.deepEqual(verdicts.map((v) => (v.entity as { id?: string } | undefined)?.id), [
    undefined,
    "c2",
    "c3",
  ]);
  assert.deepEqual(unmatched, [{ success: true, id: "x", entity: { id: "x", firstName: "Z" } }]);

  // By id, by retryable error, and an item with no result at all.
  const ids = [{ id: "a" }, { id: "b" }, { id: "c" }];
  const byId = readAnswer("results", {
    results: [
      { id: "b", success: false, error: { code: "too.many", retryable: true } },
      { id: "a", success: true },
    ],
  }, ids).verdicts;
  assert.deepEqual(byId.map((v) => [v.status, v.retry]), [
    ["succeeded", false],
    ["failed", true],
    ["unprocessed", true],
  ]);
  // Results without ids or entities, one per item: by position.
  const positional = readAnswer("results", {
    results: [{ entity: {} }, { error: { code: "no" } }],
  }, ["r1", "r2"]).verdicts;
  assert.deepEqual(positional.map((v) => v.status), ["succeeded", "failed"]);
});

Deno.test("readAnswer: refused, failed, unprocessed and whole answers", () => {
  const disallowed = readAnswer("disallowed", {
    entities: [{ moduleId: "m", userId: "u1", id: "a1" }],
    disallowedEntities: [{
      errorCode: "ModuleNotPublished",
      entity: { moduleId: "m", userId: "u2" },
    }],
  }, [{ moduleId: "m", userId: "u1" }, { moduleId: "m", userId: "u2" }]).verdicts;
  assert.deepEqual(disallowed.map((v) => [v.status, v.error?.code]), [
    ["succeeded", undefined],
    ["failed", "ModuleNotPublished"],
  ]);
  assert.deepEqual(disallowed[0].entity, { moduleId: "m", userId: "u1", id: "a1" });

  const failures = readAnswer("failures", {
    failures: [{ user: { id: "u2" }, failure: "TooManyOverrides" }],
  }, [{ userId: "u1" }, { userId: "u2" }]).verdicts;
  assert.deepEqual(failures.map((v) => [v.status, v.error?.code]), [
    ["succeeded", undefined],
    ["failed", "TooManyOverrides"],
  ]);

  const processed = readAnswer("processed", {
    processedEntities: [{ metricId: "m", value: 1, dateOccurred: "2025-07-01" }],
    unprocessedEntities: [{
      metricId: "m",
      value: 2,
      dateOccurred: "2025-07-01",
      code: "metric.not.found",
      message: "No such metric",
    }],
  }, [
    { metricId: "m", value: 1, dateOccurred: "2025-07-01" },
    { metricId: "m", value: 2, dateOccurred: "2025-07-01" },
  ]).verdicts;
  assert.deepEqual(processed.map((v) => [v.status, v.error?.message]), [
    ["succeeded", undefined],
    ["failed", "No such metric"],
  ]);

  assert.deepEqual(
    readAnswer("whole", undefined, ["a", "b"]).verdicts.map((v) => v.status),
    ["succeeded", "succeeded"],
  );
});
