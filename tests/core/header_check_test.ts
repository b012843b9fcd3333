import assert from "node:assert/strict";
import { checkedHeaders, headerProblem, isHeaderValue } from "../../src/base/header_check.ts";

Deno.test("header check: what fetch would refuse is caught, and nothing else", () => {
  // Values: tabs, spaces and Latin-1 pass; NUL, CR, LF and anything above U+00FF do not.
  for (const ok of ["", "Bearer a.b-c_d~", "a\tb c", "caf\u00e9", "\u00ff"]) {
    assert.equal(isHeaderValue(ok), true, JSON.stringify(ok));
    assert.doesNotThrow(() => new Headers({ "x-v": ok }));
  }
  for (const bad of ["a\r\nb", "a\nb", "a\0b", "\u0100", "€", "😀"]) {
    assert.equal(isHeaderValue(bad), false, JSON.stringify(bad));
    assert.throws(() => new Headers({ "x-v": bad }), TypeError, "fetch refuses it too");
  }
  assert.equal(isHeaderValue(5), false);
  // Names: RFC 9110 tokens.
  for (const ok of ["x-team", "X_Team", "a!#$%&'*+.^`|~1"]) {
    assert.equal(headerProblem(ok, "v"), undefined);
  }
  for (const bad of ["X Team", "x:y", "", "x\u00e9", "Authorization: Bearer s3cret"]) {
    const problem = headerProblem(bad, "v");
    assert.match(problem ?? "", /a header name is not an HTTP token/);
    assert.ok(!problem!.includes("s3cret"), "a name that is not a token is not quoted");
    assert.throws(() => new Headers({ [bad]: "v" }), TypeError);
  }
  assert.equal(
    headerProblem("x-n", 1),
    'header "x-n" must be a string without control characters or characters above U+00FF',
  );
  assert.ok(!headerProblem("x-key", "s3cret\n")!.includes("s3cret"));
});

Deno.test("header check: checkedHeaders copies a valid object and throws the caller's error", () => {
  const given = { "x-a": "1" };
  const copy = checkedHeaders(given, (p) => new RangeError(p));
  assert.deepEqual(copy, given);
  assert.notEqual(copy, given, "a copy: later changes to the caller's object do not leak in");
  for (const bad of ["x-a: 1", null, ["x-a", "1"], 7]) {
    assert.throws(
      () => checkedHeaders(bad, (p) => new RangeError(p)),
      (e) => e instanceof RangeError && /must be an object/.test(e.message),
    );
  }
  assert.throws(
    () => checkedHeaders({ "x-a": "1", "x b": "2" }, (p) => new RangeError(p)),
    RangeError,
  );
});
