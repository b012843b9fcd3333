import assert from "node:assert/strict";
import { encodePathSegment } from "../../src/base/url.ts";

Deno.test("encodePathSegment: exactly encodeURIComponent, except dot segments", () => {
  const samples = [
    "4c2a1f7e-9a43-4d7b-8a55-2f1c0e6b9d31",
    "plain_id.v2~x",
    "a/b",
    "a b",
    "?#&=+",
    "!'()*",
    "é中😀",
    "%41",
    "",
    "...",
    ".x",
  ];
  // Every ASCII character alone and inside an id.
  for (let c = 0; c < 128; c++) {
    samples.push(String.fromCharCode(c), `id${String.fromCharCode(c)}42`);
  }
  for (const s of samples.filter((s) => s !== "." && s !== "..")) {
    assert.equal(encodePathSegment(s), encodeURIComponent(s), JSON.stringify(s));
  }
  assert.equal(encodePathSegment("."), undefined);
  assert.equal(encodePathSegment(".."), undefined);
  assert.equal(encodePathSegment(42), "42");
  assert.equal(encodePathSegment(new Date(0)), "1970-01-01T00%3A00%3A00.000Z");
});
