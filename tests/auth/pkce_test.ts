import assert from "node:assert/strict";
import {
  computePKCECodeChallenge,
  generatePKCECodeVerifier,
  ParameterError,
  PKCE_VERIFIER_CHARSET,
  PlatformClient,
} from "../../mod.ts";

Deno.test("PKCE: RFC 7636 appendix B vector", async () => {
  const challenge = await computePKCECodeChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
  assert.equal(challenge, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  const client = new PlatformClient();
  assert.equal(
    await client.computePKCECodeChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
    "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
  );
});

Deno.test("PKCE: verifiers have the asked length and only unreserved characters", () => {
  const client = new PlatformClient();
  for (const length of [43, 44, 64, 127, 128]) {
    const v = client.generatePKCECodeVerifier(length);
    assert.equal(v.length, length);
    assert.match(v, /^[A-Za-z0-9\-._~]+$/);
  }
  assert.equal(PKCE_VERIFIER_CHARSET.length, 66);
  assert.notEqual(generatePKCECodeVerifier(128), generatePKCECodeVerifier(128));
});

Deno.test("PKCE: other lengths are rejected with a ParameterError", () => {
  for (const bad of [0, 42, 129, 43.5, Number.NaN, -1, "64" as unknown as number]) {
    assert.throws(() => generatePKCECodeVerifier(bad), (e: unknown) => {
      assert.ok(e instanceof ParameterError);
      assert.equal(e.parameter, "length");
      assert.match(e.message, /43 to 128/);
      return true;
    });
  }
});

Deno.test("PKCE: challenge of a malformed verifier rejects with a ParameterError", async () => {
  for (const bad of ["short", "a".repeat(129), "a".repeat(42) + "!", "é".repeat(43)]) {
    await assert.rejects(computePKCECodeChallenge(bad), ParameterError);
  }
  assert.equal((await computePKCECodeChallenge("a".repeat(43))).length, 43);
});

Deno.test("PKCE: characters are uniformly distributed (no modulo bias)", () => {
  const counts = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < 500; i++) {
    for (const c of generatePKCECodeVerifier(128)) {
      counts.set(c, (counts.get(c) ?? 0) + 1);
      total++;
    }
  }
  assert.equal(counts.size, 66);
  const expected = total / 66;
  let chi2 = 0;
  for (const c of PKCE_VERIFIER_CHARSET) chi2 += ((counts.get(c) ?? 0) - expected) ** 2 / expected;
  // 65 degrees of freedom: P(chi2 > 140) < 1e-7 for a uniform source, while
  // `byte % 66` (first 58 characters 4/256, last 8 3/256) gives about 450 here.
  assert.ok(chi2 < 140, `chi-square ${chi2.toFixed(1)} says the characters are biased`);
});

Deno.test("authorizePKCEGrant: a malformed verifier is a ParameterError; nothing is sent", async () => {
  let sent = 0;
  const client = new PlatformClient({
    loginBasePath: "https://login.test.example",
    transport: () => {
      sent++;
      return Promise.resolve(Response.json({ access_token: "t" }));
    },
  });
  for (const bad of ["VERIFIER-TOO-SHORT", "V".repeat(42) + " ", "V".repeat(129), "é".repeat(43)]) {
    await assert.rejects(
      client.authorizePKCEGrant("client-id", bad, "code", "https://app/cb"),
      (e: unknown) => {
        assert.ok(e instanceof ParameterError);
        assert.equal(e.parameter, "codeVerifier");
        assert.match(e.message, /^authorizePKCEGrant: .*43 to 128/);
        assert.ok(!e.message.includes(bad.trim()));
        return true;
      },
    );
  }
  assert.equal(sent, 0);
  await client.authorizePKCEGrant("client-id", "V".repeat(43), "code", "https://app/cb");
  assert.equal(sent, 1);
});
