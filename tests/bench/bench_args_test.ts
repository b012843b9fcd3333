import assert from "node:assert/strict";
import { parseBenchArgs } from "../../bench/main.ts";

Deno.test("parseBenchArgs: every setting has a flag that is accepted and read", () => {
  const defaults = parseBenchArgs([]).settings;
  const flagName = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  for (const [key, value] of Object.entries(defaults)) {
    if (typeof value !== "number") continue;
    const { settings } = parseBenchArgs([`--${flagName(key)}=${value + 7}`]);
    assert.equal(settings[key as keyof typeof settings], value + 7, `--${flagName(key)}`);
  }
  assert.equal(parseBenchArgs(["--server=minimal"]).settings.server, "minimal");
});

Deno.test("parseBenchArgs: the calls section turns in blocks of 250 calls by default", () => {
  const { settings } = parseBenchArgs([]);
  assert.equal(settings.calls, 5000);
  assert.equal(settings.blockCalls, 250);
  assert.equal(settings.calls % settings.blockCalls, 0);
});

Deno.test("parseBenchArgs: unknown flags and sections are refused", () => {
  assert.throws(() => parseBenchArgs(["--blocks=3"]), /unknown flag --blocks=3/);
  assert.throws(() => parseBenchArgs(["--only=nope"]), /unknown section "nope"/);
});
