import assert from "node:assert/strict";
import { startSandbox } from "../../tools/sandbox/mod.ts";
import { call } from "./_helpers.ts";

type Sb = Awaited<ReturnType<typeof startSandbox>>;

function createChat(sb: Sb, overrides: Record<string, unknown> = {}) {
  const { organizationId, deploymentId, queueName } = sb.credentials.webChat;
  return call(`${sb.url}/api/v2/webchat/guest/conversations`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      organizationId,
      deploymentId,
      routingTarget: { targetType: "QUEUE", targetAddress: queueName },
      memberInfo: { displayName: "Guest Tester", email: "guest@customer.example" },
      ...overrides,
    }),
  });
}

Deno.test("guest chat: create without auth, then members with the conversation JWT", async () => {
  await using sb = await startSandbox();
  const created = await createChat(sb);
  assert.equal(created.status, 200, created.text);
  const { id, jwt, eventStreamUri, member } = created.json;
  assert.equal(jwt.split(".").length, 3);
  assert.ok(eventStreamUri.startsWith("ws://127.0.0.1:"));
  assert.equal(member.role, "CUSTOMER");
  assert.equal(member.displayName, "Guest Tester");
  assert.equal(member.state, "CONNECTED");

  const members = await call(`${sb.url}/api/v2/webchat/guest/conversations/${id}/members`, {
    headers: { authorization: `Bearer ${jwt}` },
  });
  assert.equal(members.status, 200);
  assert.equal(members.json.total, 2);
  assert.deepEqual(members.json.entities.map((m: { role: string }) => m.role), ["CUSTOMER", "ACD"]);
  // The bare JWT (apiKey style) is accepted too.
  const bare = await call(
    `${sb.url}/api/v2/webchat/guest/conversations/${id}/members/${member.id}`,
    {
      headers: { authorization: jwt },
    },
  );
  assert.equal(bare.status, 200);
  assert.equal(bare.json.id, member.id);

  const sent = await call(
    `${sb.url}/api/v2/webchat/guest/conversations/${id}/members/${member.id}/messages`,
    {
      method: "POST",
      headers: { authorization: `Bearer ${jwt}`, "content-type": "application/json" },
      body: JSON.stringify({ body: "hello", bodyType: "standard" }),
    },
  );
  assert.equal(sent.status, 200);
  assert.equal(sent.json.body, "hello");
  assert.equal(sent.json.sender.id, member.id);
  const msgs = await call(`${sb.url}/api/v2/webchat/guest/conversations/${id}/messages`, {
    headers: { authorization: `Bearer ${jwt}` },
  });
  assert.deepEqual(msgs.json.entities.map((m: { body: string }) => m.body), ["hello"]);

  const left = await call(
    `${sb.url}/api/v2/webchat/guest/conversations/${id}/members/${member.id}`,
    {
      method: "DELETE",
      headers: { authorization: `Bearer ${jwt}` },
    },
  );
  assert.equal(left.status, 204);
  const connected = await call(
    `${sb.url}/api/v2/webchat/guest/conversations/${id}/members?excludeDisconnectedMembers=true`,
    { headers: { authorization: `Bearer ${jwt}` } },
  );
  assert.deepEqual(connected.json.entities.map((m: { role: string }) => m.role), ["ACD"]);
});

Deno.test("guest chat: auth and validation failures", async () => {
  await using sb = await startSandbox();
  const a = await createChat(sb);
  const b = await createChat(sb);
  const members = (conv: string, auth?: string) =>
    call(`${sb.url}/api/v2/webchat/guest/conversations/${conv}/members`, {
      headers: auth ? { authorization: auth } : {},
    });
  assert.equal((await members(a.json.id)).json.code, "authentication.required");
  assert.equal((await members(a.json.id, `Bearer ${b.json.jwt}`)).status, 403);
  const access = await sb.issueAccessToken();
  const wrongKind = await members(a.json.id, `Bearer ${access}`);
  assert.equal(wrongKind.status, 401);
  assert.equal(wrongKind.json.code, "bad.credentials");

  assert.equal((await createChat(sb, { deploymentId: "other" })).status, 400);
  const queue = await createChat(sb, {
    routingTarget: { targetType: "QUEUE", targetAddress: "No such queue" },
  });
  assert.equal(queue.json.code, "chat.error.invalid.queue");
  assert.equal((await createChat(sb, { memberInfo: {} })).status, 400);

  await using short = await startSandbox({ guestJwtLifetimeSeconds: 0 });
  const c = await createChat(short);
  const expired = await call(
    `${short.url}/api/v2/webchat/guest/conversations/${c.json.id}/members`,
    {
      headers: { authorization: `Bearer ${c.json.jwt}` },
    },
  );
  assert.equal(expired.status, 401);
  assert.equal(expired.json.code, "credentials.expired");
});

Deno.test("web deployments: code exchange, refresh, revoke", async () => {
  await using sb = await startSandbox({ webDeploymentJwtLifetimeSeconds: 120 });
  const { deploymentId } = sb.credentials.webDeployment;
  const post = (path: string, body: unknown) =>
    call(`${sb.url}/api/v2/webdeployments/token/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const ex = await post("oauthcodegrantjwtexchange", {
    deploymentId,
    oauth: { code: "idp-code", redirectUri: "https://app.example/cb", codeVerifier: "v" },
  });
  assert.equal(ex.status, 200, ex.text);
  assert.deepEqual(Object.keys(ex.json).sort(), ["jwt", "refreshToken"]);
  const claims = JSON.parse(atob(ex.json.jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
  assert.equal(claims.exp - claims.iat, 120);

  const refreshed = await post("refresh", { deploymentId, refreshToken: ex.json.refreshToken });
  assert.equal(refreshed.status, 200);
  assert.deepEqual(Object.keys(refreshed.json), ["jwt"]);
  assert.notEqual(refreshed.json.jwt, ex.json.jwt);

  assert.equal((await post("refresh", { deploymentId, refreshToken: "nope" })).status, 401);
  assert.equal(
    (await post("refresh", { deploymentId: "other", refreshToken: ex.json.refreshToken })).status,
    401,
  );
  assert.equal((await post("oauthcodegrantjwtexchange", { deploymentId })).status, 400);
  assert.equal(
    (await post("oauthcodegrantjwtexchange", {
      deploymentId: "x",
      oauth: { code: "c", redirectUri: "r" },
    }))
      .status,
    400,
  );

  const revoked = await call(`${sb.url}/api/v2/webdeployments/token/revoke`, {
    method: "DELETE",
    headers: { authorization: `Bearer ${refreshed.json.jwt}` },
  });
  assert.equal(revoked.status, 204);
  // The refresh token of that session is gone too.
  assert.equal(
    (await post("refresh", { deploymentId, refreshToken: ex.json.refreshToken })).status,
    401,
  );
  const again = await call(`${sb.url}/api/v2/webdeployments/token/revoke`, {
    method: "DELETE",
    headers: { authorization: `Bearer ${refreshed.json.jwt}` },
  });
  assert.equal(again.status, 401);
});
