import assert from "node:assert/strict";
import {
  FAULT_HEADER,
  FaultSpecError,
  parseFaultHeader,
  startSandbox,
} from "../../tools/sandbox/mod.ts";
import { api, basic, call, tokenCall } from "./_helpers.ts";

Deno.test("parseFaultHeader: grammar", () => {
  assert.deepEqual(parseFaultHeader("status=429;retry-after=1;times=1"), {
    times: 1,
    drop: false,
    status: 429,
    retryAfter: "1",
  });
  assert.deepEqual(parseFaultHeader(" Status = 503 ; Retry-After=none ; times=3 ; id=a1 "), {
    times: 3,
    drop: false,
    status: 503,
    retryAfter: null,
    id: "a1",
  });
  assert.deepEqual(parseFaultHeader("drop"), { times: 1, drop: true });
  assert.deepEqual(parseFaultHeader("latency-ms=25"), { times: 1, drop: false, latencyMs: 25 });
  assert.equal(
    parseFaultHeader("status=503;retry-after=Wed, 21 Oct 2026 07:28:00 GMT").retryAfter,
    "Wed, 21 Oct 2026 07:28:00 GMT",
  );
  for (
    const bad of [
      "",
      "status=200",
      "status=abc",
      "times=0",
      "color=red",
      "drop=maybe",
      "retry-after=",
      "status=429;times=-1",
    ]
  ) {
    assert.throws(() => parseFaultHeader(bad), FaultSpecError, bad);
  }
});

Deno.test("fault rule: 429 with Retry-After and the Genesys body, then normal", async () => {
  await using sb = await startSandbox();
  const token = await sb.issueAccessToken();
  const id = sb.faults.add({ path: "/api/v2/users", status: 429 });
  assert.deepEqual(sb.faults.list().map((f) => [f.id, f.remaining]), [[id, 1]]);
  const limited = await api(sb, token, "/api/v2/users");
  assert.equal(limited.status, 429);
  assert.equal(limited.headers.get("retry-after"), "1");
  assert.equal(limited.json.code, "too.many.requests.retry.after");
  assert.equal(limited.json.status, 429);
  assert.equal(
    limited.json.message,
    "Rate limit exceeded the maximum. Retry the request in [1] seconds",
  );
  assert.equal(limited.json.contextId, limited.headers.get("inin-correlation-id"));
  assert.ok(limited.headers.get("inin-ratelimit-count"));
  assert.equal((await api(sb, token, "/api/v2/users")).status, 200);
  assert.deepEqual(sb.faults.list(), []);
  assert.equal(sb.counters.faultsInjected, 1);
});

Deno.test("fault rule matching: times, method, exact path, prefix, RegExp", async () => {
  await using sb = await startSandbox();
  const token = await sb.issueAccessToken();
  sb.faults.add({ path: "/api/v2/routing/queues", method: "post", status: 500, times: 2 });
  assert.equal((await api(sb, token, "/api/v2/routing/queues")).status, 200);
  const post = () =>
    api(sb, token, "/api/v2/routing/queues", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: `q-${crypto.randomUUID()}` }),
    });
  const first = await post();
  assert.equal(first.status, 500);
  assert.equal(first.json.code, "internal.server.error");
  assert.equal(first.headers.get("retry-after"), null);
  assert.equal((await post()).status, 500);
  assert.equal((await post()).status, 200);

  sb.faults.add({ path: "/api/v2/users/*", status: 503, times: Infinity });
  assert.equal((await api(sb, token, "/api/v2/users")).status, 200);
  const u = await api(sb, token, `/api/v2/users/${[...sb.state.users.keys()][0]}`);
  assert.equal(u.status, 503);
  assert.equal(u.json.code, "service.unavailable");
  assert.equal(u.headers.get("retry-after"), "1");
  assert.equal((await api(sb, token, "/api/v2/users/me")).status, 503);
  sb.faults.clear();
  assert.equal(
    (await api(sb, token, `/api/v2/users/${[...sb.state.users.keys()][0]}`)).status,
    200,
  );

  const rid = sb.faults.add({ path: /^\/api\/v2\/routing\/queues\/[^/]+$/, status: 404 });
  assert.equal((await api(sb, token, "/api/v2/routing/queues")).status, 200);
  assert.equal(sb.faults.remove(rid), true);
  assert.equal(sb.faults.remove(rid), false);
  const qid = [...sb.state.queues.keys()][0];
  assert.equal((await api(sb, token, `/api/v2/routing/queues/${qid}`)).status, 200);
  sb.faults.add({ path: /^\/api\/v2\/routing\/queues\/[^/]+$/g, status: 502, times: 2 });
  assert.equal((await api(sb, token, `/api/v2/routing/queues/${qid}`)).status, 502);
  assert.equal((await api(sb, token, `/api/v2/routing/queues/${qid}`)).status, 502);
});

Deno.test("fault rule: Retry-After forms, custom body and headers, login path", async () => {
  await using sb = await startSandbox();
  const { clientId, clientSecret } = sb.credentials.confidentialClient;
  const auth = basic(clientId, clientSecret);
  sb.faults.add({ path: "/oauth/token", status: 503, retryAfter: null });
  const none = await tokenCall(sb, { grant_type: "client_credentials" }, auth);
  assert.equal(none.status, 503);
  assert.equal(none.headers.get("retry-after"), null);
  sb.faults.add({ path: "/oauth/token", status: 429, retryAfter: "Wed, 21 Oct 2026 07:28:00 GMT" });
  const dated = await tokenCall(sb, { grant_type: "client_credentials" }, auth);
  assert.equal(dated.headers.get("retry-after"), "Wed, 21 Oct 2026 07:28:00 GMT");
  assert.equal(dated.json.code, "too.many.requests");
  sb.faults.add({
    status: 429,
    retryAfter: 7,
    body: { custom: true },
    headers: { "x-extra": "1" },
  });
  const custom = await tokenCall(sb, { grant_type: "client_credentials" }, auth);
  assert.equal(custom.headers.get("retry-after"), "7");
  assert.equal(custom.headers.get("x-extra"), "1");
  assert.deepEqual(custom.json, { custom: true });
  const ok = await tokenCall(sb, { grant_type: "client_credentials" }, auth);
  assert.equal(ok.status, 200);
  assert.equal(sb.counters.tokenRequests.client_credentials, 1);
  assert.throws(() => sb.faults.add({ status: 302 }), FaultSpecError);
  assert.throws(() => sb.faults.add({ path: "/x" }), FaultSpecError);
  assert.throws(() => sb.faults.add({ status: 500, times: 0 }), FaultSpecError);
});

Deno.test("fault rule: latency-only fault lets the request through", async () => {
  await using sb = await startSandbox();
  const token = await sb.issueAccessToken();
  sb.faults.add({ path: "/api/v2/users", latencyMs: 20 });
  const r = await api(sb, token, "/api/v2/users");
  assert.equal(r.status, 200);
  assert.equal(r.json.total, 57);
  assert.equal(sb.counters.faultsInjected, 1);
  assert.deepEqual(sb.faults.list(), []);
  sb.latencyMs = 5;
  assert.equal((await api(sb, token, "/api/v2/users")).status, 200);
  assert.throws(() => {
    sb.latencyMs = -1;
  }, RangeError);
});

Deno.test("drop: fetch rejects with a network error, the next request works", async () => {
  await using sb = await startSandbox();
  const token = await sb.issueAccessToken();
  sb.faults.add({ path: "/api/v2/users", drop: true });
  await assert.rejects(
    fetch(`${sb.url}/api/v2/users`, { headers: { authorization: `Bearer ${token}` } }),
    TypeError,
  );
  assert.equal((await api(sb, token, "/api/v2/users")).status, 200);
  // POST with a body is dropped too.
  sb.faults.add({ path: "/oauth/token", drop: true });
  await assert.rejects(
    fetch(`${sb.url}/oauth/token`, {
      method: "POST",
      body: new URLSearchParams({ grant_type: "client_credentials" }),
    }),
    TypeError,
  );
  const logged = sb.requests.filter((r) => r.path === "/api/v2/users");
  assert.equal(logged.length, 2);
  assert.equal(sb.counters.faultsInjected, 2);
});

Deno.test("x-sandbox-fault header: times counts retries with the same header", async () => {
  await using sb = await startSandbox();
  const token = await sb.issueAccessToken();
  const withHeader = (value: string) =>
    api(sb, token, "/api/v2/users", { headers: { [FAULT_HEADER]: value } });
  const value = "status=429;retry-after=2;times=2";
  const a = await withHeader(value);
  const b = await withHeader(value);
  const c = await withHeader(value);
  assert.deepEqual([a.status, b.status, c.status], [429, 429, 200]);
  assert.equal(a.headers.get("retry-after"), "2");
  assert.equal(a.json.message, "Rate limit exceeded the maximum. Retry the request in [2] seconds");
  // Another id is a new fault.
  assert.equal((await withHeader(`${value};id=second`)).status, 429);
  const s = await withHeader("status=503;retry-after=none;id=x");
  assert.equal(s.status, 503);
  assert.equal(s.headers.get("retry-after"), null);
  await assert.rejects(
    fetch(`${sb.url}/api/v2/users`, {
      headers: { authorization: `Bearer ${token}`, [FAULT_HEADER]: "drop;id=d" },
    }),
    TypeError,
  );
  const invalid = await withHeader("status=429;colour=red");
  assert.equal(invalid.status, 400);
  assert.equal(invalid.json.code, "bad.request");
  assert.match(invalid.json.message, /unknown directive 'colour'/);
});

Deno.test("faults never consume CORS preflights unless asked", async () => {
  await using sb = await startSandbox();
  sb.faults.add({ status: 500 });
  const pre = await call(`${sb.url}/api/v2/users`, {
    method: "OPTIONS",
    headers: { origin: "http://localhost:5173", "access-control-request-method": "GET" },
  });
  assert.equal(pre.status, 204);
  assert.equal(sb.faults.list().length, 1);
  const r = await api(sb, await sb.issueAccessToken(), "/api/v2/users");
  assert.equal(r.status, 500);
});
