/**
 * The generic layer: request validation (400 `bad.request` naming each problem and where),
 * resource families with state (create, read back, update with version check, list paged and
 * filtered, delete), singletons, synthesized answers (deterministic per seed, own status and
 * content type), and the pipeline (auth, rate limit headers, correlation ids, CORS, faults)
 * on operations no hand-written route serves.
 */

import assert from "node:assert/strict";
import { ApiError, PlatformClient } from "../../mod.ts";
import { createSandboxHandler, type SandboxHandler } from "../../tools/sandbox/mod.ts";
import { RoutingApi } from "../../src/generated/apis/routing.js";
import { GroupsApi } from "../../src/generated/apis/groups.js";
import { UUID } from "./_helpers.ts";

const ORIGIN = "http://sandbox.test";

interface Reply {
  status: number;
  headers: Headers;
  text: string;
  // deno-lint-ignore no-explicit-any
  json: any;
}

/** A request to the in-process sandbox, with a bearer token unless `token` is null. */
async function send(
  sandbox: SandboxHandler,
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const h = new Headers(headers);
  if (token !== null) h.set("authorization", `Bearer ${token}`);
  if (body !== undefined && !h.has("content-type")) h.set("content-type", "application/json");
  const res = await sandbox(
    new Request(`${ORIGIN}${path}`, {
      method,
      headers: h,
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
  const text = await res.text();
  const json = (res.headers.get("content-type") ?? "").includes("json") && text
    ? JSON.parse(text)
    : undefined;
  return { status: res.status, headers: res.headers, text, json };
}

async function setup(options = {}) {
  const sandbox = createSandboxHandler({ recordRequests: false, ...options });
  const token = await sandbox.issueAccessToken();
  const client = new PlatformClient({
    basePath: ORIGIN,
    loginBasePath: ORIGIN,
    accessToken: token,
    retry: { retryMax: 0 },
    transport: (request) => sandbox(request),
  });
  return { sandbox, token, client };
}

/** The 400 of a request that breaks the definition: one detail per problem, named. */
function assertInvalid(reply: Reply, problems: [field: string, code: string][]) {
  assert.equal(reply.status, 400, reply.text);
  assert.equal(reply.json.code, "bad.request");
  assert.equal(reply.json.status, 400);
  assert.equal(reply.json.contextId, reply.headers.get("inin-correlation-id"));
  assert.deepEqual(
    reply.json.details.map((d: { fieldName: string; errorCode: string }) => [
      d.fieldName,
      d.errorCode,
    ]),
    problems,
  );
  assert.equal(reply.json.errors.length, problems.length);
  for (const [field] of problems) assert.ok(reply.json.message.includes(field), reply.json.message);
}

Deno.test("validation: a body of the wrong type, through the generated method, is a 400 naming the field", async () => {
  const { client } = await setup();
  const routing = new RoutingApi(client);
  const error = await routing.postRoutingSkills({ name: 42 } as never).then(
    () => assert.fail("accepted"),
    (e) => e,
  );
  assert.ok(error instanceof ApiError);
  assert.equal(error.status, 400);
  assert.equal(error.code, "bad.request");
  assert.deepEqual(error.details, [{ errorCode: "invalid.type", fieldName: "body.name" }]);
  assert.match(error.serverMessage ?? "", /body\.name: expected a string, got integer/);

  const missing = await routing.postRoutingSkills({} as never).then(
    () => assert.fail("accepted"),
    (e) => e,
  );
  assert.equal(missing.status, 400);
  assert.deepEqual(missing.details, [{ errorCode: "missing.required", fieldName: "body.name" }]);
  assert.match(missing.serverMessage, /the property "name" of RoutingSkill is required/);
});

Deno.test("validation: every problem of a request is named with where it is", async () => {
  const { sandbox, token } = await setup();
  // Query: type, enum (matched without regard to case), array items.
  assertInvalid(await send(sandbox, token, "GET", "/api/v2/routing/skills?pageSize=ten"), [
    ["query.pageSize", "invalid.type"],
  ]);
  assertInvalid(
    await send(sandbox, token, "GET", "/api/v2/routing/languages?sortOrder=sideways"),
    [["query.sortOrder", "invalid.enum"]],
  );
  assert.equal(
    (await send(sandbox, token, "GET", "/api/v2/routing/languages?sortOrder=ASCENDING")).status,
    200,
  );
  // Path: an integer parameter.
  const workbin = `/api/v2/taskmanagement/workbins/${crypto.randomUUID()}`;
  assertInvalid(await send(sandbox, token, "GET", `${workbin}/versions/latest`), [
    ["path.entityVersion", "invalid.type"],
  ]);
  assertInvalid(await send(sandbox, token, "GET", `${workbin}/versions/0`), [
    ["path.entityVersion", "invalid.range"],
  ]);
  // A required query parameter.
  assertInvalid(await send(sandbox, token, "GET", "/api/v2/scim/v2/groups"), [
    ["query.filter", "missing.required"],
  ]);
  // Body: several problems at once, nested, in arrays, formats and enums.
  const query = {
    interval: "yesterday",
    order: "sideways",
    paging: { pageSize: "25" },
    segmentFilters: [{ type: "and", predicates: [{ dimension: 7 }] }],
  };
  assertInvalid(
    await send(sandbox, token, "POST", "/api/v2/analytics/conversations/details/query", query),
    [
      ["body.interval", "invalid.format"],
      ["body.order", "invalid.enum"],
      ["body.paging.pageNumber", "missing.required"],
      ["body.paging.pageSize", "invalid.type"],
      ["body.segmentFilters[0].predicates[0].dimension", "invalid.type"],
    ],
  );
  // A body that is missing, not JSON, or of another media type.
  assertInvalid(await send(sandbox, token, "POST", "/api/v2/routing/skills"), [
    ["body", "missing.required"],
  ]);
  assertInvalid(await send(sandbox, token, "POST", "/api/v2/routing/skills", "{name:"), [
    ["body", "invalid.json"],
  ]);
  const typed = await send(sandbox, token, "POST", "/api/v2/routing/skills", "name=x", {
    "content-type": "application/x-www-form-urlencoded",
  });
  assert.equal(typed.status, 415);
  assert.equal(typed.json.code, "unsupported.media.type");
  // An array body with a bad item.
  assertInvalid(
    await send(sandbox, token, "PUT", `/api/v2/users/${crypto.randomUUID()}/profileskills`, [
      "Spanish",
      5,
    ]),
    [["body[1]", "invalid.type"]],
  );
});

Deno.test("validation: read-only properties are not required, unknown ones and nulls are accepted", async () => {
  const { sandbox, token } = await setup();
  // GDPRRequest requires createdBy, which is read-only: a client never sends it.
  const gdpr = await send(sandbox, token, "POST", "/api/v2/gdpr/requests", {
    requestType: "GDPR_EXPORT",
    subject: { name: "Ada" },
    extra: "ignored",
  });
  assert.equal(gdpr.status, 200, gdpr.text);
  const skill = await send(sandbox, token, "POST", "/api/v2/routing/skills", {
    name: "Portuguese",
    state: null,
  });
  assert.equal(skill.status, 200, skill.text);
});

Deno.test("state: a family's entities are created, read back, listed, filtered, paged and deleted", async () => {
  const { sandbox, token, client } = await setup();
  const routing = new RoutingApi(client);
  // Seeded entities, so that a listing is not empty.
  const seeded = await routing.getRoutingSkills();
  assert.equal(seeded.total, 3);
  assert.equal(seeded.entities?.length, 3);
  for (const e of seeded.entities ?? []) {
    assert.match(e.id!, UUID);
    assert.equal(e.selfUri, `/api/v2/routing/skills/${e.id}`);
    assert.equal(e.state, "active");
  }
  const created = await routing.postRoutingSkills({ name: "Spanish" });
  assert.match(created.id!, UUID);
  assert.equal(created.name, "Spanish");
  assert.equal(created.selfUri, `/api/v2/routing/skills/${created.id}`);
  assert.deepEqual(await routing.getRoutingSkill(created.id!), created);
  await routing.postRoutingSkills({ name: "Spanish (Mexico)" });
  await routing.postRoutingSkills({ name: "French" });

  const filtered = await routing.getRoutingSkills({ name: "spanish*" });
  assert.deepEqual(filtered.entities?.map((e) => e.name), ["Spanish", "Spanish (Mexico)"]);
  assert.equal(filtered.total, 2);

  const page1 = await routing.getRoutingSkills({ pageSize: 4 });
  assert.deepEqual(
    [page1.pageSize, page1.pageNumber, page1.total, page1.pageCount],
    [4, 1, 6, 2],
  );
  assert.equal(page1.nextUri, "/api/v2/routing/skills?pageSize=4&pageNumber=2");
  assert.equal(page1.previousUri, undefined);
  const next = await send(sandbox, token, "GET", page1.nextUri!);
  assert.equal(next.json.entities.length, 2);
  assert.equal(next.json.nextUri, undefined);
  assert.equal(next.json.previousUri, "/api/v2/routing/skills?pageSize=4&pageNumber=1");
  assert.equal(next.json.lastUri, "/api/v2/routing/skills?pageSize=4&pageNumber=2");

  await routing.deleteRoutingSkill(created.id!);
  const gone = await routing.getRoutingSkill(created.id!).then(
    () => assert.fail("found"),
    (e) => e,
  );
  assert.ok(gone instanceof ApiError);
  assert.equal(gone.status, 404);
  assert.equal(gone.code, "not.found");
  assert.deepEqual(gone.details, [{
    errorCode: "not.found",
    entityId: created.id,
    entityName: "RoutingSkill",
  }]);
  assert.equal((await routing.getRoutingSkills()).total, 5);
  const again = await send(sandbox, token, "DELETE", `/api/v2/routing/skills/${created.id}`);
  assert.equal(again.status, 404);
});

Deno.test("state: updates merge the body and check the version (409 on a stale one)", async () => {
  const { client } = await setup();
  const groups = new GroupsApi(client);
  const group = await groups.postGroups({
    name: "Escalations",
    type: "official",
    visibility: "public",
    rulesVisible: true,
  });
  assert.equal(group.version, 1);
  assert.equal(group.type, "official");
  const updated = await groups.putGroup(group.id!, {
    body: { version: 1, name: "Escalations EU", description: "Tier 2" },
  });
  assert.equal(updated.version, 2);
  assert.equal(updated.name, "Escalations EU");
  assert.equal(updated.description, "Tier 2");
  assert.equal(updated.type, "official");
  const stale = await groups.putGroup(group.id!, { body: { version: 1, name: "Late" } }).then(
    () => assert.fail("accepted"),
    (e) => e,
  );
  assert.ok(stale instanceof ApiError);
  assert.equal(stale.status, 409);
  assert.equal(stale.code, "general.conflict");
  assert.match(
    stale.serverMessage ?? "",
    /version supplied \(1\).*current version of the Group \(2\)/,
  );
  assert.equal((await groups.getGroup(group.id!)).name, "Escalations EU");
});

Deno.test("state: nested collections are per parent; stored entities are capped per family", async () => {
  const { sandbox, token } = await setup({ maxEntitiesPerFamily: 5, seededEntitiesPerFamily: 2 });
  const a = `/api/v2/users/${crypto.randomUUID()}/routinglanguages`;
  const list = async (path: string) => (await send(sandbox, token, "GET", path)).json;
  assert.equal((await list("/api/v2/routing/skills")).total, 2);
  const names: string[] = [];
  for (let i = 0; i < 6; i++) {
    const r = await send(sandbox, token, "POST", "/api/v2/routing/skills", { name: `Skill ${i}` });
    assert.equal(r.status, 200);
    names.push(r.json.name);
  }
  // The oldest (the two seeded, then "Skill 0") were dropped.
  const kept = await list("/api/v2/routing/skills?pageSize=10");
  assert.deepEqual(kept.entities.map((e: { name: string }) => e.name), names.slice(1));
  // Each parent has its own collection.
  const b = `/api/v2/users/${crypto.randomUUID()}/routinglanguages`;
  const added = await send(sandbox, token, "POST", a, { id: crypto.randomUUID(), proficiency: 3 });
  assert.ok(added.status < 300, added.text);
  assert.notDeepEqual((await list(a)).entities, (await list(b)).entities);
});

Deno.test("state: singletons keep what a PUT sets; hand-written users and queues share their state", async () => {
  const { sandbox, token } = await setup();
  const put = await send(sandbox, token, "PUT", "/api/v2/routing/settings", {
    resetAgentScoreOnPresenceChange: true,
  });
  assert.equal(put.status, 200, put.text);
  const read = await send(sandbox, token, "GET", "/api/v2/routing/settings");
  assert.equal(read.json.resetAgentScoreOnPresenceChange, true);

  // PUT /routing/queues/{id} is generic; GET /routing/queues/{id} is hand-written.
  const [queue] = sandbox.state.queues.values();
  const renamed = await send(sandbox, token, "PUT", `/api/v2/routing/queues/${queue.id}`, {
    name: "Renamed queue",
  });
  assert.equal(renamed.status, 200, renamed.text);
  const back = await send(sandbox, token, "GET", `/api/v2/routing/queues/${queue.id}`);
  assert.equal(back.json.name, "Renamed queue");
  // POST /users is generic; the user is in the sandbox's state and GET /users/{id} finds it.
  const user = await send(sandbox, token, "POST", "/api/v2/users", {
    name: "Grace Hopper",
    email: "grace@example.com",
    divisionId: crypto.randomUUID(),
  });
  assert.equal(user.status, 200, user.text);
  assert.equal(sandbox.state.users.get(user.json.id)?.email, "grace@example.com");
  const got = await send(sandbox, token, "GET", `/api/v2/users/${user.json.id}`);
  assert.equal(got.json.name, "Grace Hopper");
  // A literal path of the definition wins over a hand-written route's parameter.
  const search = await send(sandbox, token, "GET", "/api/v2/routing/queues/divisionviews");
  assert.equal(search.status, 200, search.text);
  assert.ok(Array.isArray(search.json.entities));
});

Deno.test("synthesis: deterministic for a seed, realistic, own status and content type", async () => {
  const a = await setup({ seed: 7 });
  const b = await setup({ seed: 7 });
  const c = await setup({ seed: 8 });
  const path = `/api/v2/analytics/conversations/${crypto.randomUUID()}/details`;
  const [ra, rb, rc] = await Promise.all(
    [a, b, c].map(({ sandbox, token }) => send(sandbox, token, "GET", path)),
  );
  assert.equal(ra.status, 200);
  assert.equal(ra.text, rb.text);
  assert.notEqual(ra.text, rc.text);
  assert.match(ra.json.conversationStart, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.ok(Array.isArray(ra.json.participants) && ra.json.participants.length > 0);

  const { sandbox, token } = a;
  // The resource's own id and selfUri.
  const id = crypto.randomUUID();
  const subject = await send(sandbox, token, "GET", `/api/v2/authorization/subjects/${id}`);
  assert.equal(subject.status, 200);
  assert.equal(subject.json.id, id);
  assert.equal(subject.json.selfUri, `/api/v2/authorization/subjects/${id}`);
  // A 202 with a body, a 204 without, text/plain, text/calendar.
  const accepted = await send(
    sandbox,
    token,
    "POST",
    "/api/v2/analytics/conversations/details/jobs",
    {
      interval: "2025-01-01T00:00:00.000Z/2025-01-02T00:00:00.000Z",
    },
  );
  assert.equal(accepted.status, 202, accepted.text);
  assert.match(accepted.json.jobId, UUID);
  const noContent = await send(
    sandbox,
    token,
    "DELETE",
    `/api/v2/analytics/conversations/details/jobs/${id}`,
  );
  assert.equal(noContent.status, 204);
  assert.equal(noContent.text, "");
  const template = await send(
    sandbox,
    token,
    "GET",
    `/api/v2/integrations/actions/${crypto.randomUUID()}/templates/request.vm`,
  );
  assert.equal(template.status, 200);
  assert.equal(template.headers.get("content-type"), "text/plain; charset=utf-8");
  const ics = await send(
    sandbox,
    token,
    "GET",
    "/api/v2/workforcemanagement/calendar/data/ics?calendarId=c1",
  );
  assert.equal(ics.headers.get("content-type"), "text/calendar; charset=utf-8");
  assert.match(ics.text, /^BEGIN:VCALENDAR\r\n[\s\S]*END:VCALENDAR\r\n$/);
  // SCIM: its own media type and list response.
  const scim = await send(
    sandbox,
    token,
    "GET",
    "/api/v2/scim/v2/groups?filter=displayName%20eq%20x&count=2",
  );
  assert.equal(scim.headers.get("content-type"), "application/scim+json");
  assert.equal(scim.json.totalResults, 3);
  assert.equal(scim.json.itemsPerPage, 2);
  assert.equal(scim.json.Resources.length, 2);
  // Synthesized listings page consistently too.
  const listing = await send(
    sandbox,
    token,
    "GET",
    "/api/v2/analytics/reporting/exports?pageSize=2&pageNumber=2",
  );
  assert.deepEqual(
    [listing.json.pageSize, listing.json.pageNumber, listing.json.total, listing.json.pageCount],
    [2, 2, 3, 2],
  );
  assert.equal(listing.json.entities.length, 1);
});

Deno.test("cursor listings: cursors.after and nextUri until the last page", async () => {
  const { sandbox, token } = await setup({ seededEntitiesPerFamily: 5 });
  const first = await send(sandbox, token, "GET", "/api/v2/teams?pageSize=2");
  assert.equal(first.status, 200, first.text);
  assert.equal(first.json.entities.length, 2);
  let next: string | undefined = first.json.nextUri;
  const ids = first.json.entities.map((e: { id: string }) => e.id);
  for (let i = 0; next && i < 10; i++) {
    const page = await send(sandbox, token, "GET", next);
    ids.push(...page.json.entities.map((e: { id: string }) => e.id));
    next = page.json.nextUri;
  }
  assert.equal(new Set(ids).size, 5);
  const bogus = await send(sandbox, token, "GET", "/api/v2/teams?after=bogus");
  assert.equal(bogus.status, 400);
  assert.equal(bogus.json.code, "invalid.query.param.value");
});

Deno.test("pipeline: auth, rate limit headers, correlation ids, CORS and faults on generic operations", async () => {
  const { sandbox, token } = await setup();
  const path = "/api/v2/routing/skills";
  const none = await send(sandbox, null, "GET", path);
  assert.equal(none.status, 401);
  assert.equal(none.json.code, "authentication.required");
  const guest = await send(
    sandbox,
    token,
    "GET",
    `/api/v2/webchat/guest/conversations/${crypto.randomUUID()}/mediarequests`,
  );
  assert.equal(guest.status, 401, "an API token is not a guest chat JWT");
  const ok = await send(sandbox, token, "GET", path);
  assert.match(ok.headers.get("inin-correlation-id")!, UUID);
  assert.equal(ok.headers.get("inin-ratelimit-allowed"), "300");
  assert.equal(ok.headers.get("access-control-allow-origin"), "*");
  sandbox.faults.add({ path, method: "GET", status: 503, times: 1 });
  const fault = await send(sandbox, token, "GET", path);
  assert.equal(fault.status, 503);
  assert.equal(fault.json.code, "service.unavailable");
  assert.equal(
    (await send(sandbox, token, "GET", path, undefined, { "x-sandbox-fault": "status=429" }))
      .status,
    429,
  );
  assert.equal((await send(sandbox, token, "GET", path)).status, 200);
  // (HEAD of a notifications channel is the notifications service's own route.)
  const head = await send(sandbox, token, "HEAD", "/api/v2/tokens/me");
  // The definition declares no 2xx for it: 204.
  assert.equal(head.status, 204);
  assert.equal(head.text, "");
});
