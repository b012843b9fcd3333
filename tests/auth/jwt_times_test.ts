import assert from "node:assert/strict";
import { jwtTimes } from "../../src/auth/jwt.ts";

const b64url = (text: string) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(text))).replace(/\+/g, "-")
    .replace(/\//g, "_").replace(/=+$/, "");
const jwt = (payload: string) => `${b64url('{"alg":"RS256"}')}.${b64url(payload)}.c2ln`;

Deno.test("jwtTimes: exp and iat of a JWS, in milliseconds; nothing for anything else", () => {
  // Payload bytes that base64url-encode with `-` and `_`, and a non-ASCII claim.
  assert.deepEqual(jwtTimes(jwt('{"exp":2000000000,"iat":1999999000,"name":"Zoë ~~~?>"}')), {
    expiresAt: 2_000_000_000_000,
    issuedAt: 1_999_999_000_000,
  });
  assert.deepEqual(jwtTimes(jwt('{"sub":"guest"}')), {});
  assert.deepEqual(jwtTimes(jwt('{"exp":"soon"}')), {}, "a non-numeric exp is ignored");
  for (
    const notJws of [
      "not-a-jwt",
      "",
      jwt("[1,2]").replace(/\.c2ln$/, ".c2ln.x.y"), // five parts: a JWE
      jwt("null"),
      jwt("not json"),
      `${b64url("{}")}.***.c2ln`, // not base64url
    ]
  ) {
    assert.deepEqual(jwtTimes(notJws), {}, notJws);
  }
});
