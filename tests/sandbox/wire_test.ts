import assert from "node:assert/strict";
import { createSandboxHandler, startSandbox } from "../../tools/sandbox/mod.ts";
import { api, basic, call, tokenCall, UUID } from "./_helpers.ts";

Deno.test("every response has a fresh inin-correlation-id", async () => {
  await using sb = await startSandbox();
  const token = await sb.issueAccessToken();
  const replies = [
    await api(sb, token, "/api/v2/users"),
    await api(sb, token, "/api/v2/nowhere"),
    await api(sb, undefined, "/api/v2/users"),
    await tokenCall(sb, { grant_type: "client_credentials" }),
    await call(`${sb.url}/oauth/authorize?client_id=x`),
    await call(`${sb.url}/api/v2/users`, {
      method: "OPTIONS",
      headers: { origin: "http://localhost:1", "access-control-request-method": "GET" },
    }),
  ];
  const ids = replies.map((r) => r.headers.get("inin-correlation-id"));
  for (const id of ids) assert.match(id ?? "", UUID);
  assert.equal(new Set(ids).size, ids.length);
  assert.equal(replies[1].json.contextId, ids[1]);
});

Deno.test("rate limit headers count per token; enforced limit answers 429", async () => {
  await using sb = await startSandbox({ rateLimitAllowed: 3, enforceRateLimit: true });
  const t1 = await sb.issueAccessToken();
  const t2 = await sb.issueAccessToken({ userId: sb.credentials.user.id });
  const counts: string[] = [];
  for (let i = 0; i < 3; i++) {
    const r = await api(sb, t1, "/api/v2/users");
    assert.equal(r.status, 200);
    assert.equal(r.headers.get("inin-ratelimit-allowed"), "3");
    const reset = Number(r.headers.get("inin-ratelimit-reset"));
    assert.ok(reset >= 1 && reset <= 60, String(reset));
    counts.push(r.headers.get("inin-ratelimit-count")!);
  }
  assert.deepEqual(counts, ["1", "2", "3"]);
  const over = await api(sb, t1, "/api/v2/users");
  assert.equal(over.status, 429);
  assert.equal(over.json.code, "too.many.requests.retry.after");
  assert.equal(over.headers.get("retry-after"), over.headers.get("inin-ratelimit-reset"));
  assert.equal(over.headers.get("inin-ratelimit-count"), "4");
  assert.equal(sb.counters.rateLimited, 1);
  const other = await api(sb, t2, "/api/v2/users");
  assert.equal(other.status, 200);
  assert.equal(other.headers.get("inin-ratelimit-count"), "1");
});

Deno.test("CORS: preflight answer and headers exposed to browsers", async () => {
  await using sb = await startSandbox();
  const pre = await call(`${sb.url}/api/v2/users/abc`, {
    method: "OPTIONS",
    headers: {
      origin: "http://127.0.0.1:5173",
      "access-control-request-method": "PATCH",
      "access-control-request-headers": "authorization,content-type,x-sandbox-fault",
    },
  });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers.get("access-control-allow-origin"), "*");
  assert.match(pre.headers.get("access-control-allow-methods")!, /PATCH/);
  assert.equal(
    pre.headers.get("access-control-allow-headers"),
    "authorization,content-type,x-sandbox-fault",
  );
  const r = await api(sb, await sb.issueAccessToken(), "/api/v2/users", {
    headers: { origin: "http://127.0.0.1:5173" },
  });
  assert.equal(r.headers.get("access-control-allow-origin"), "*");
  const exposed = r.headers.get("access-control-expose-headers")!.split(/,\s*/);
  for (
    const h of [
      "inin-correlation-id",
      "inin-ratelimit-allowed",
      "inin-ratelimit-count",
      "inin-ratelimit-reset",
      "retry-after",
    ]
  ) {
    assert.ok(exposed.includes(h), h);
  }
});

Deno.test("request log: method, url, headers and body as received; reset; limit", async () => {
  await using sb = await startSandbox({ requestLogLimit: 3 });
  const { clientId, clientSecret } = sb.credentials.confidentialClient;
  await tokenCall(sb, { grant_type: "client_credentials" }, basic(clientId, clientSecret));
  const entry = sb.requests[0];
  assert.equal(entry.method, "POST");
  assert.equal(entry.url, `${sb.url}/oauth/token`);
  assert.equal(entry.path, "/oauth/token");
  assert.equal(entry.search, "");
  assert.equal(entry.body, "grant_type=client_credentials");
  assert.equal(entry.headers.get("authorization"), basic(clientId, clientSecret));
  assert.match(entry.headers.get("content-type")!, /^application\/x-www-form-urlencoded/);
  assert.equal(typeof entry.time, "number");
  for (let i = 0; i < 4; i++) await call(`${sb.url}/api/v2/users?i=${i}`);
  assert.deepEqual(sb.requests.map((r) => r.search), ["?i=1", "?i=2", "?i=3"]);
  assert.equal(sb.counters.requests, 5);
  sb.resetLog();
  assert.equal(sb.requests.length, 0);
  assert.equal(sb.counters.requests, 0);
  assert.deepEqual(sb.counters.tokenRequests, {});

  await using quiet = await startSandbox({ recordRequests: false });
  await call(`${quiet.url}/api/v2/users`);
  assert.equal(quiet.requests.length, 0);
  assert.equal(quiet.counters.requests, 1);
});

Deno.test("clientOptions and url point at the server", async () => {
  await using sb = await startSandbox();
  assert.match(sb.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.deepEqual(sb.clientOptions, { basePath: sb.url, loginBasePath: sb.url });
  await sb.stop();
  await sb.stop();
  await assert.rejects(fetch(`${sb.url}/api/v2/users`), TypeError);
});

Deno.test("in-process handler: usable as fetch, drop rejects like fetch", async () => {
  const sandbox = createSandboxHandler({ userCount: 3 });
  const fetchLike = (input: string, init?: RequestInit) => sandbox(new Request(input, init));
  const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
  const tokenRes = await fetchLike("http://sandbox.test/oauth/token", {
    method: "POST",
    headers: { authorization: basic(clientId, clientSecret) },
    body: new URLSearchParams({ grant_type: "client_credentials" }),
  });
  const { access_token } = await tokenRes.json();
  const users = await fetchLike("http://sandbox.test/api/v2/users", {
    headers: { authorization: `Bearer ${access_token}` },
  });
  assert.equal(users.status, 200);
  assert.equal((await users.json()).total, 3);
  sandbox.faults.add({ drop: true });
  await assert.rejects(fetchLike("http://sandbox.test/api/v2/users"), TypeError);
  assert.equal(sandbox.requests.length, 3);
  sandbox.latencyMs = 1;
  assert.equal(sandbox.latencyMs, 1);
  const dl = [...sandbox.state.downloads.values()][0];
  const urlRes = await fetchLike(
    `http://sandbox.test/api/v2/downloads/${dl.id}?issueRedirect=false`,
    { headers: { authorization: `Bearer ${access_token}` } },
  );
  const { url } = await urlRes.json();
  assert.ok(url.startsWith("http://sandbox.test/signed/downloads/"));
  const bytes = await fetchLike(url);
  assert.deepEqual(new Uint8Array(await bytes.arrayBuffer()), dl.bytes);
});

Deno.test("seeded credentials are stable across instances and overridable", () => {
  const a = createSandboxHandler();
  const b = createSandboxHandler();
  assert.deepEqual(a.credentials, b.credentials);
  assert.deepEqual([...a.state.users.keys()], [...b.state.users.keys()]);
  assert.equal(a.state.users.size, 57);
  const c = createSandboxHandler({
    confidentialClient: { clientId: "my-id", clientSecret: "my-secret" },
    publicClient: { redirectUris: ["http://localhost:8080/cb"] },
    userCount: 5,
  });
  assert.equal(c.credentials.confidentialClient.clientId, "my-id");
  assert.deepEqual(c.credentials.publicClient.redirectUris, ["http://localhost:8080/cb"]);
  c.allowRedirectUri("http://localhost:9090/cb");
  assert.ok(c.state.clients.get("my-id")!.redirectUris.includes("http://localhost:9090/cb"));
  assert.throws(() => createSandboxHandler({ tokenLifetimeSeconds: -1 }), RangeError);
});
