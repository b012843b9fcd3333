import assert from "node:assert/strict";
import { ParameterError } from "../../mod.ts";
import { base64UrlEncode, basicAuthorization } from "../../src/auth/basic.ts";
import { redactSecrets as redact } from "../../src/base/redact.ts";

function decodeBasic(header: string): string {
  const b64 = header.replace(/^Basic /, "");
  return new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
}

Deno.test("Basic: id:secret base64, UTF-8 safe", () => {
  assert.equal(basicAuthorization("client", "secret"), `Basic ${btoa("client:secret")}`);
  const header = basicAuthorization("clïent-✓", "sécret 🔑");
  assert.equal(header, "Basic Y2zDr2VudC3inJM6c8OpY3JldCDwn5SR");
  assert.equal(decodeBasic(header), "clïent-✓:sécret 🔑");
  // A colon in the secret is fine: the server splits at the first one.
  assert.equal(decodeBasic(basicAuthorization("id", "a:b")), "id:a:b");
});

Deno.test("Basic: empty values and ':' in the id are parameter errors that do not echo values", () => {
  assert.throws(() => basicAuthorization("", "s"), ParameterError);
  assert.throws(() => basicAuthorization("id", ""), ParameterError);
  assert.throws(() => basicAuthorization("a:b", "topsecret"), (e: unknown) => {
    assert.ok(e instanceof ParameterError);
    assert.equal(e.parameter, "clientId");
    assert.doesNotMatch(e.message, /topsecret/);
    return true;
  });
});

Deno.test("base64url: no padding, URL alphabet", () => {
  assert.equal(base64UrlEncode(new Uint8Array([251, 255, 191])), "-_-_");
  assert.equal(base64UrlEncode(new Uint8Array([1])), "AQ");
});

Deno.test("redact: removes secrets as is, URL-encoded, form-encoded and base64", () => {
  const secret = "s3cr+t/=é x";
  const text = [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ v: secret }).toString().slice(2),
    btoa(String.fromCharCode(...new TextEncoder().encode(secret))),
  ].join(" | ");
  const out = redact(`got ${text}`, [secret, ""]);
  assert.equal(out, "got [REDACTED] | [REDACTED] | [REDACTED] | [REDACTED]");
});
