/**
 * The serve command: running the `./testing` entry point serves the sandbox, prints its URLs and
 * seeded credentials, and stops on SIGINT; its flags are checked.
 */

import assert from "node:assert/strict";
import { parseServeArgs } from "../../tools/sandbox/serve_cli.ts";

const ENTRY = new URL("../../tools/sandbox/mod.ts", import.meta.url).pathname;

Deno.test("serve command: flags", () => {
  const { options, log } = parseServeArgs([
    "--port=0",
    "--host",
    "127.0.0.1",
    "--seed",
    "7",
    "--latency-ms",
    "5",
    "--enforce-rate-limit",
    "--quiet",
  ]);
  assert.deepEqual(options, {
    port: 0,
    hostname: "127.0.0.1",
    seed: "7",
    latencyMs: 5,
    enforceRateLimit: true,
    requestLogLimit: 1000,
  });
  assert.equal(log, false);
  assert.equal(parseServeArgs([]).options.port, 8787);
  assert.throws(() => parseServeArgs(["--port", "http"]), /--port must be a whole number/);
  assert.throws(() => parseServeArgs(["--port", "70000"]), /--port must be 0-65535/);
  assert.throws(() => parseServeArgs(["--definition"]), /--definition needs a value/);
  assert.throws(() => parseServeArgs(["--verbose"]), /unknown flag --verbose/);
});

Deno.test("serve command: prints URLs and credentials, serves every operation, stops on SIGINT", async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", ENTRY, "--port", "0", "--quiet", "--seed", "3"],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let banner = "";
  for (let i = 0; i < 200 && !banner.includes("Ctrl-C stops"); i++) {
    const { value, done } = await reader.read();
    if (done) break;
    banner += value;
  }
  const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(banner)?.[1];
  assert.ok(url, banner);
  assert.match(banner, new RegExp(`token endpoint +${url}/oauth/token`));
  assert.match(banner, /platform-api-v2\.2025-07\.json \(bundled, 2657 operations\)/);
  const id = /confidential client +id (\S+)/.exec(banner)?.[1];
  const secret = /secret (\S+)/.exec(banner)?.[1];
  assert.ok(id && secret, banner);

  const login = await fetch(`${url}/oauth/token`, {
    method: "POST",
    headers: { authorization: `Basic ${btoa(`${id}:${secret}`)}` },
    body: new URLSearchParams({ grant_type: "client_credentials" }),
  });
  assert.equal(login.status, 200);
  const { access_token } = await login.json();
  const skills = await fetch(`${url}/api/v2/routing/skills`, {
    headers: { authorization: `Bearer ${access_token}` },
  });
  assert.equal(skills.status, 200);
  assert.equal((await skills.json()).total, 3);

  child.kill("SIGINT");
  let rest = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    rest += value;
  }
  const status = await child.status;
  await child.stderr.cancel();
  assert.equal(status.code, 0);
  assert.match(rest, /sandbox stopped/);
});
