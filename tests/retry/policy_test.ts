import assert from "node:assert/strict";
import { DEFAULT_RETRY, isRetryableStatus, parseRetryAfter } from "../../mod.ts";
import { isRetryableFailure, retryDelay } from "../../src/http/retry_policy.ts";
import { classifyNetworkError } from "../../src/http/network_errors.ts";

Deno.test("retryable statuses: 429 and 5xx except 501", () => {
  const retryable = [429, 500, 502, 503, 504, 599];
  const final = [200, 201, 301, 400, 401, 403, 404, 409, 422, 501, 600];
  for (const s of retryable) assert.equal(isRetryableStatus(s), true, String(s));
  for (const s of final) assert.equal(isRetryableStatus(s), false, String(s));
});

Deno.test("Retry-After: delay seconds or an HTTP date, relative to now", () => {
  const now = Date.UTC(2025, 0, 1, 12, 0, 0);
  assert.equal(parseRetryAfter("7", now), 7_000);
  assert.equal(parseRetryAfter(" 0 ", now), 0);
  assert.equal(parseRetryAfter("1.5", now), 1_500);
  assert.equal(parseRetryAfter("Wed, 01 Jan 2025 12:00:30 GMT", now), 30_000);
  assert.equal(parseRetryAfter("Wed, 01 Jan 2025 11:00:00 GMT", now), 0, "past date");
  assert.equal(parseRetryAfter(null, now), undefined);
  assert.equal(parseRetryAfter("-3", now), undefined);
  assert.equal(parseRetryAfter("soon", now), undefined);
});

Deno.test("backoff: exponential, with jitter between min and the capped ceiling", () => {
  const config = { ...DEFAULT_RETRY, retryWaitMin: 100, retryWaitMax: 1_000 };
  const low = () => 0;
  const high = () => 0.999999;
  // retry n waits between min and min(max, min * 2^n)
  const expected: [number, number, number][] = [[1, 100, 199], [2, 100, 399], [3, 100, 799], [
    4,
    100,
    999,
  ], [9, 100, 999]];
  for (const [retry, lo, hi] of expected) {
    assert.equal(retryDelay({ retry, config, random: low }), lo, `retry ${retry} low`);
    assert.equal(retryDelay({ retry, config, random: high }), hi, `retry ${retry} high`);
  }
  const flat = { ...DEFAULT_RETRY, retryWaitMin: 250, retryWaitMax: 250 };
  assert.equal(retryDelay({ retry: 5, config: flat, random: high }), 250);
  const zero = { ...DEFAULT_RETRY, retryWaitMin: 0, retryWaitMax: 0 };
  assert.equal(retryDelay({ retry: 1, config: zero }), 0);
});

Deno.test("Retry-After is the wait, never shortened; unreadable values fall back to backoff", () => {
  const config = { ...DEFAULT_RETRY, retryWaitMin: 10, retryWaitMax: 5_000 };
  const now = () => Date.UTC(2025, 0, 1, 12, 0, 0);
  const answer = (status: number, after: string) =>
    new Response(null, { status, headers: { "retry-after": after } });
  const random = () => 0;
  const delay = (status: number, after: string) =>
    retryDelay({ retry: 1, config, random, now, response: answer(status, after) });
  assert.equal(delay(429, "2"), 2_000);
  // Longer than retryWaitMax: returned as is (the engine then gives up instead of retrying).
  assert.equal(delay(503, "3600"), 3_600_000);
  assert.equal(delay(429, "Wed, 01 Jan 2025 12:00:04 GMT"), 4_000);
  assert.equal(delay(429, "Wed, 01 Jan 2025 11:00:00 GMT"), 0, "a date in the past");
  assert.equal(delay(429, "0"), 0);
  assert.equal(delay(429, "0.25"), 250);
  assert.equal(delay(500, "2"), 2_000, "honoured on any answer that carries it");
  assert.ok(delay(429, "99999999999999999999") > config.retryWaitMax, "huge stays huge");
  for (const hostile of ["bogus", "-5", "1e3", "Infinity", "", "2 s", "NaN"]) {
    assert.equal(delay(429, hostile), 10, `${JSON.stringify(hostile)} falls back to backoff`);
  }
});

Deno.test("which failures are resent: never-sent always, maybe-sent only for idempotent methods", () => {
  for (const m of ["GET", "HEAD", "PUT", "DELETE", "OPTIONS", "POST", "PATCH"]) {
    assert.equal(isRetryableFailure(m, "not-sent"), true, m);
    assert.equal(isRetryableFailure(m, "permanent"), false, m);
  }
  for (const m of ["GET", "head", "PUT", "DELETE"]) {
    assert.equal(isRetryableFailure(m, "maybe-sent"), true);
  }
  for (const m of ["POST", "PATCH", "post"]) {
    assert.equal(isRetryableFailure(m, "maybe-sent"), false);
  }
});

Deno.test("network errors as Deno and Bun throw them are classified", () => {
  const deno = (cause: string, message = "fetch failed") =>
    new TypeError(message, { cause: new Error(cause) });
  const bun = (code: string, message = "x") => Object.assign(new TypeError(message), { code });
  const cases: [unknown, string][] = [
    [
      deno(
        "error sending request for url (http://127.0.0.1:9/): client error (Connect): tcp connect error: Connection refused (os error 111)",
      ),
      "not-sent",
    ],
    [
      deno(
        "error sending request for url (http://x.invalid/): client error (Connect): dns error: failed to lookup address information",
      ),
      "not-sent",
    ],
    [
      deno(
        "error sending request from 127.0.0.1:1 for http://127.0.0.1:2/x (127.0.0.1:2): client error (SendRequest): connection closed before message completed",
      ),
      "maybe-sent",
    ],
    [new TypeError("error reading a body from connection"), "maybe-sent"],
    [
      deno(
        "error sending request for url (https://127.0.0.1:1/): client error (Connect): invalid peer certificate: UnknownIssuer",
      ),
      "permanent",
    ],
    [new TypeError("Fetch failed: Requests to port 1 are blocked"), "permanent"],
    [bun("ECONNREFUSED", "Unable to connect. Is the computer able to access the url?"), "not-sent"],
    [bun("ConnectionRefused"), "not-sent"],
    [bun("ENOTFOUND", "getaddrinfo ENOTFOUND x.invalid"), "not-sent"],
    [bun("ECONNRESET", "The socket connection was closed unexpectedly."), "maybe-sent"],
    [bun("DEPTH_ZERO_SELF_SIGNED_CERT", "self signed certificate"), "permanent"],
    [bun("UNABLE_TO_VERIFY_LEAF_SIGNATURE"), "permanent"],
    [new TypeError("Failed to fetch"), "maybe-sent"],
    [new Error("wrapped", { cause: bun("ECONNREFUSED") }), "not-sent"],
    [Object.assign(new Error("proxy refused"), { status: 407 }), "permanent"],
    ["a string", "maybe-sent"],
  ];
  for (const [error, kind] of cases) assert.equal(classifyNetworkError(error), kind, String(error));
});

Deno.test("real Deno fetch failures: refused is not-sent, accepted-then-closed is maybe-sent", async () => {
  const closed = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const refusedPort = closed.addr.port;
  closed.close();
  const refused = await fetch(`http://127.0.0.1:${refusedPort}/`, { method: "POST", body: "x" })
    .then(() => undefined, (e) => e);
  assert.equal(classifyNetworkError(refused), "not-sent");

  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const served = (async () => {
    const conn = await listener.accept();
    await conn.read(new Uint8Array(4096));
    conn.close();
  })();
  const hungUp = await fetch(`http://127.0.0.1:${listener.addr.port}/`, {
    method: "POST",
    body: "x",
  }).then(() => undefined, (e) => e);
  await served;
  listener.close();
  assert.equal(classifyNetworkError(hungUp), "maybe-sent");
});
