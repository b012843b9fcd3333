/**
 * The Workers branch in the real runtime: workerd (the engine behind
 * miniflare and Cloudflare Workers) runs a bundled worker that calls the
 * proxy and mTLS setters; they must fail with UnsupportedRuntimeError naming
 * Cloudflare Workers, while a plain call from the same client still works.
 */
import assert from "node:assert/strict";
import { makeTestPki } from "../_infra/certs.ts";
import { startWorker } from "../_infra/workerd.ts";
import type { Outcome, WorkerInput } from "./workerd_worker.ts";
import { startBackend } from "./_flow.ts";

Deno.test("in workerd: proxy/mTLS -> UnsupportedRuntimeError, plain calls still work", async () => {
  const dir = await Deno.makeTempDir({ prefix: "workerd-net-" });
  try {
    const pki = await makeTestPki(dir);
    await using backend = await startBackend();
    await using worker = await startWorker(
      new URL("./workerd_worker.ts", import.meta.url).pathname,
    );
    const password = `wk-${crypto.randomUUID()}`;
    const input: WorkerInput = {
      backendUrl: backend.url,
      cert: pki.client.cert,
      key: pki.client.key,
      password,
    };
    const res = await fetch(worker.url, { method: "POST", body: JSON.stringify(input) });
    const text = await res.text();
    assert.equal(res.status, 200, text);
    const r = JSON.parse(text) as Record<string, Outcome>;

    assert.equal(r.userAgent.value, "Cloudflare-Workers");
    for (const name of ["setProxy", "setMTLSContents", "createNetTransport"]) {
      assert.equal(r[name].ok, false, name);
      assert.equal(r[name].name, "UnsupportedRuntimeError", name);
      assert.equal(r[name].unsupported, true, name);
      assert.match(r[name].message!, /need(s)? Deno or Bun; Cloudflare Workers cannot/);
    }
    assert.equal(r.setMTLSCertificates.name, "UnsupportedRuntimeError");
    assert.match(r.setMTLSCertificates.message!, /Cloudflare Workers has no file access/);
    const keyBody = pki.client.key.split("\n")[1];
    assert.ok(!text.includes(password));
    assert.ok(!text.includes(keyBody));
    // The failed setters left the client's plain fetch transport in place.
    assert.deepEqual(r.plainCall, {
      ok: false,
      name: "ApiError",
      message: r.plainCall.message,
      unsupported: false,
    });
    assert.match(
      r.plainCall.message!,
      /^401 bad\.credentials: .*\(getUsersMe: GET http:\/\/127\.0\.0\.1:\d+\/api\/v2\/users\/me/,
    );
    assert.equal(backend.seen().length, 1);
    assert.equal(backend.seen()[0].path, "/api/v2/users/me");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
