import assert from "node:assert/strict";
import { startSandbox } from "../../tools/sandbox/mod.ts";
import { api, clientCredentialsToken, UUID } from "./_helpers.ts";

function assertErrorBody(
  r: { status: number; json: Record<string, unknown>; headers: Headers },
  status: number,
  code: string,
) {
  assert.equal(r.status, status, JSON.stringify(r.json));
  assert.equal(r.json.code, code);
  assert.equal(r.json.status, status);
  assert.equal(typeof r.json.message, "string");
  assert.deepEqual(r.json.details, []);
  assert.deepEqual(r.json.errors, []);
  assert.equal(typeof r.json.messageParams, "object");
  assert.equal(r.json.contextId, r.headers.get("inin-correlation-id"));
}

Deno.test("bearer token required: missing, malformed, forged, expired, revoked", async () => {
  await using sb = await startSandbox();
  assertErrorBody(await api(sb, undefined, "/api/v2/users"), 401, "authentication.required");
  assertErrorBody(await api(sb, "not-a-jwt", "/api/v2/users"), 401, "bad.credentials");
  const token = await clientCredentialsToken(sb);
  const [h, p, s] = token.split(".");
  const payload = JSON.parse(atob(p.replace(/-/g, "+").replace(/_/g, "/")));
  payload.exp += 3600;
  const forgedPayload = btoa(JSON.stringify(payload)).replace(/\+/g, "-").replace(/\//g, "_")
    .replace(/=+$/, "");
  assertErrorBody(
    await api(sb, `${h}.${forgedPayload}.${s}`, "/api/v2/users"),
    401,
    "bad.credentials",
  );
  // A token of another sandbox (other key) is refused.
  await using other = await startSandbox();
  assertErrorBody(
    await api(sb, await other.issueAccessToken(), "/api/v2/users"),
    401,
    "bad.credentials",
  );

  assert.equal((await api(sb, token, "/api/v2/users")).status, 200);
  sb.expireTokens();
  assertErrorBody(await api(sb, token, "/api/v2/users"), 401, "bad.credentials");
  const fresh = await clientCredentialsToken(sb);
  assert.equal((await api(sb, fresh, "/api/v2/users")).status, 200);

  const del = await api(sb, fresh, "/api/v2/tokens/me", { method: "DELETE" });
  assert.equal(del.status, 200);
  assertErrorBody(await api(sb, fresh, "/api/v2/users"), 401, "bad.credentials");
});

Deno.test("token lifetime: exp claim and an already-expired token", async () => {
  await using sb = await startSandbox({ tokenLifetimeSeconds: 0 });
  const token = await clientCredentialsToken(sb);
  const claims = JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
  assert.equal(claims.exp, claims.iat);
  assertErrorBody(await api(sb, token, "/api/v2/users"), 401, "bad.credentials");
  const longer = await sb.issueAccessToken({ lifetimeSeconds: 60 });
  assert.equal((await api(sb, longer, "/api/v2/users")).status, 200);
});

Deno.test("users paging: 57 users in pages of 25", async () => {
  await using sb = await startSandbox();
  const token = await sb.issueAccessToken();
  const seen = new Set<string>();
  let path: string | undefined = "/api/v2/users";
  const sizes: number[] = [];
  for (let i = 0; i < 10 && path; i++) {
    const r = await api(sb, token, path);
    assert.equal(r.status, 200);
    assert.equal(r.json.total, 57);
    assert.equal(r.json.pageCount, 3);
    assert.equal(r.json.pageSize, 25);
    assert.equal(r.json.pageNumber, i + 1);
    assert.equal(r.json.firstUri, "/api/v2/users?pageSize=25&pageNumber=1");
    assert.equal(r.json.lastUri, "/api/v2/users?pageSize=25&pageNumber=3");
    assert.equal(r.json.selfUri, `/api/v2/users?pageSize=25&pageNumber=${i + 1}`);
    assert.equal(
      r.json.previousUri,
      i === 0 ? undefined : `/api/v2/users?pageSize=25&pageNumber=${i}`,
    );
    for (const u of r.json.entities) seen.add(u.id);
    sizes.push(r.json.entities.length);
    path = r.json.nextUri;
  }
  assert.deepEqual(sizes, [25, 25, 7]);
  assert.equal(seen.size, 57);

  const beyond = await api(sb, token, "/api/v2/users?pageNumber=4&pageSize=25");
  assert.equal(beyond.json.entities.length, 0);
  assert.equal(beyond.json.nextUri, undefined);
  const exact = await api(sb, token, "/api/v2/users?pageSize=57");
  assert.equal(exact.json.pageCount, 1);
  assert.equal(exact.json.nextUri, undefined);
  const keeps = await api(sb, token, "/api/v2/users?pageSize=10&state=active&expand=presence");
  assert.equal(
    keeps.json.nextUri,
    "/api/v2/users?pageSize=10&pageNumber=2&state=active&expand=presence",
  );
  assert.equal(keeps.json.entities[0].presence.presenceDefinition.systemPresence, "Available");
  assertErrorBody(
    await api(sb, token, "/api/v2/users?pageSize=0"),
    400,
    "invalid.query.param.value",
  );
  assertErrorBody(
    await api(sb, token, "/api/v2/users?pageNumber=x"),
    400,
    "invalid.query.param.value",
  );

  const desc = await api(sb, token, "/api/v2/users?pageSize=100&sortOrder=descending");
  const names = desc.json.entities.map((u: { name: string }) => u.name);
  assert.deepEqual(names, [...names].sort((a: string, b: string) => b.localeCompare(a)));
  const ids = [...sb.state.users.keys()].slice(0, 2);
  const byId = await api(sb, token, `/api/v2/users?id=${ids[0]}&id=${ids[1]}`);
  assert.deepEqual(byId.json.entities.map((u: { id: string }) => u.id).sort(), [...ids].sort());
});

Deno.test("users: get one, 404, me with a user token, me with client credentials", async () => {
  await using sb = await startSandbox();
  const cc = await clientCredentialsToken(sb);
  const id = [...sb.state.users.keys()][5];
  const one = await api(sb, cc, `/api/v2/users/${id}`);
  assert.equal(one.status, 200);
  assert.equal(one.json.id, id);
  assert.equal(one.json.version, 1);
  assert.equal(one.json.selfUri, `/api/v2/users/${id}`);
  assertErrorBody(await api(sb, cc, `/api/v2/users/${crypto.randomUUID()}`), 404, "not.found");
  assertErrorBody(await api(sb, cc, "/api/v2/users/me"), 400, "not.a.user");
  const userToken = await sb.issueAccessToken({ userId: id });
  const me = await api(sb, userToken, "/api/v2/users/me?expand=organization");
  assert.equal(me.json.id, id);
  assert.equal(me.json.organization.id, sb.credentials.organization.id);
});

Deno.test("users: PATCH applies fields, clears nulls, bumps version, refuses stale versions", async () => {
  await using sb = await startSandbox();
  const token = await sb.issueAccessToken();
  const id = [...sb.state.users.keys()][0];
  const patch = (body: unknown, type = "application/json") =>
    api(sb, token, `/api/v2/users/${id}`, {
      method: "PATCH",
      headers: { "content-type": type },
      body: JSON.stringify(body),
    });
  const ok = await patch({ version: 1, title: "Chief", department: null, manager: "m-1" });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.version, 2);
  assert.equal(ok.json.title, "Chief");
  assert.equal("department" in ok.json, false);
  assert.deepEqual(ok.json.manager, { id: "m-1", selfUri: "/api/v2/users/m-1" });
  const got = await api(sb, token, `/api/v2/users/${id}`);
  assert.equal(got.json.version, 2);
  assert.equal(got.json.department, undefined);

  const stale = await patch({ version: 1, title: "Again" });
  assertErrorBody(stale, 409, "general.conflict");
  assert.equal(sb.state.users.get(id)!.title, "Chief");
  assertErrorBody(await patch({ title: "No version" }), 400, "bad.request");
  assertErrorBody(await patch({ version: 2, favouriteColour: "red" }), 400, "invalid.property");
  assertErrorBody(await patch({ version: 2, state: "sleepy" }), 400, "invalid.value");
  assertErrorBody(await patch({ version: 2 }, "text/plain"), 415, "unsupported.media.type");
  assertErrorBody(
    await api(sb, token, `/api/v2/users/${crypto.randomUUID()}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: "{}",
    }),
    404,
    "not.found",
  );
  const next = await patch({ version: 2, email: "new@sandbox.example" });
  assert.equal(next.json.version, 3);
  assert.deepEqual(next.json.primaryContactInfo, [
    { address: "new@sandbox.example", mediaType: "EMAIL", type: "PRIMARY" },
  ]);
});

Deno.test("routing queues: list, filter, create, duplicate, get, delete", async () => {
  await using sb = await startSandbox({ queueCount: 30 });
  const token = await sb.issueAccessToken();
  const list = await api(sb, token, "/api/v2/routing/queues");
  assert.equal(list.json.total, 30);
  assert.equal(list.json.pageCount, 2);
  assert.equal(list.json.entities.length, 25);
  assert.equal(list.json.nextUri, "/api/v2/routing/queues?pageSize=25&pageNumber=2");
  const last = await api(sb, token, list.json.nextUri);
  assert.equal(last.json.entities.length, 5);
  assert.equal(last.json.nextUri, undefined);

  const named = await api(sb, token, "/api/v2/routing/queues?name=sales*");
  assert.ok(named.json.total > 0);
  for (const q of named.json.entities) assert.match(q.name, /^Sales/);

  const created = await api(sb, token, "/api/v2/routing/queues", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "New queue", description: "made by a test", memberCount: 99 }),
  });
  assert.equal(created.status, 200, created.text);
  assert.match(created.json.id, UUID);
  assert.equal(created.json.name, "New queue");
  assert.equal(created.json.description, "made by a test");
  assert.equal(created.json.memberCount, 0);
  assert.equal(created.json.selfUri, `/api/v2/routing/queues/${created.json.id}`);
  assertErrorBody(
    await api(sb, token, "/api/v2/routing/queues", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "new QUEUE" }),
    }),
    400,
    "duplicate.name",
  );
  assertErrorBody(
    await api(sb, token, "/api/v2/routing/queues", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ description: "no name" }),
    }),
    400,
    "invalid.name",
  );
  const got = await api(sb, token, `/api/v2/routing/queues/${created.json.id}`);
  assert.deepEqual(got.json, created.json);
  assert.equal((await api(sb, token, "/api/v2/routing/queues")).json.total, 31);
  const del = await api(sb, token, `/api/v2/routing/queues/${created.json.id}`, {
    method: "DELETE",
  });
  assert.equal(del.status, 200);
  assert.equal(del.text, "");
  assertErrorBody(
    await api(sb, token, `/api/v2/routing/queues/${created.json.id}`),
    404,
    "not.found",
  );
  assertErrorBody(
    await api(sb, token, `/api/v2/routing/queues/${created.json.id}`, { method: "DELETE" }),
    404,
    "not.found",
  );
});

Deno.test("external contacts scan: cursor paging to the end", async () => {
  await using sb = await startSandbox({ externalContactCount: 250 });
  const token = await sb.issueAccessToken();
  let path: string | undefined = "/api/v2/externalcontacts/scan/contacts";
  const sizes: number[] = [];
  const ids = new Set<string>();
  let lastBody: Record<string, unknown> = {};
  for (let i = 0; i < 10 && path; i++) {
    const r = await api(sb, token, path);
    assert.equal(r.status, 200, r.text);
    sizes.push(r.json.entities.length);
    for (const c of r.json.entities) ids.add(c.id);
    if (r.json.nextUri) {
      assert.equal(
        r.json.nextUri,
        `/api/v2/externalcontacts/scan/contacts?limit=100&cursor=${r.json.cursors.after}`,
      );
    }
    lastBody = r.json;
    path = r.json.nextUri;
  }
  assert.deepEqual(sizes, [100, 100, 50]);
  assert.equal(ids.size, 250);
  assert.equal(lastBody.nextUri, undefined);
  assert.equal(lastBody.cursors, undefined);

  const small = await api(sb, token, "/api/v2/externalcontacts/scan/contacts?limit=10");
  assert.equal(small.json.entities.length, 10);
  const second = await api(
    sb,
    token,
    `/api/v2/externalcontacts/scan/contacts?limit=10&cursor=${small.json.cursors.after}`,
  );
  assert.equal(second.json.entities[0].id, sb.state.externalContacts[10].id);
  assertErrorBody(
    await api(sb, token, "/api/v2/externalcontacts/scan/contacts?limit=5"),
    400,
    "invalid.query.param.value",
  );
  assertErrorBody(
    await api(sb, token, "/api/v2/externalcontacts/scan/contacts?cursor=bogus!"),
    400,
    "bad.request",
  );
});

Deno.test("unknown paths and methods: 404 operation.not.found, unlike a missing entity", async () => {
  await using sb = await startSandbox();
  const token = await sb.issueAccessToken();
  const unknown = await api(sb, token, "/api/v2/nothing/here");
  assertErrorBody(unknown, 404, "operation.not.found");
  assert.match(unknown.json.message, /no operation at \/api\/v2\/nothing\/here/);
  assertErrorBody(await api(sb, undefined, "/api/v2/nothing"), 404, "operation.not.found");
  const wrongMethod = await api(sb, token, "/api/v2/users", { method: "PUT", body: "{}" });
  assertErrorBody(wrongMethod, 404, "operation.not.found");
  assert.match(wrongMethod.json.message, /no PUT \/api\/v2\/users \(that path takes GET, POST\)/);
  // A known operation whose entity does not exist: not.found.
  assertErrorBody(await api(sb, token, `/api/v2/users/${crypto.randomUUID()}`), 404, "not.found");
});
