/**
 * Sandbox startup in a fresh process (Deno or Bun): importing the sandbox, `startSandbox()`
 * (listening), the first login (`POST /oauth/token`, a hand-written route) and the first request
 * of an operation served by the generic layer (which decodes and indexes the bundled definition
 * on first use). Prints `{ importMs, listenMs, loginMs, firstOperationMs, readyMs }`, `readyMs`
 * being all four.
 *
 * @module
 */

const t0 = performance.now();
const { startSandbox } = await import("../../tools/sandbox/mod.ts");
const t1 = performance.now();
const sandbox = await startSandbox({ recordRequests: false });
const t2 = performance.now();
const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
const login = await fetch(`${sandbox.url}/oauth/token`, {
  method: "POST",
  headers: { authorization: `Basic ${btoa(`${clientId}:${clientSecret}`)}` },
  body: new URLSearchParams({ grant_type: "client_credentials" }),
});
const { access_token } = await login.json();
const t3 = performance.now();
const first = await fetch(`${sandbox.url}/api/v2/routing/skills`, {
  headers: { authorization: `Bearer ${access_token}` },
});
await first.arrayBuffer();
const t4 = performance.now();
if (!login.ok || !first.ok) throw new Error(`login ${login.status}, first call ${first.status}`);
await sandbox.stop();
console.log(JSON.stringify({
  importMs: t1 - t0,
  listenMs: t2 - t1,
  loginMs: t3 - t2,
  firstOperationMs: t4 - t3,
  readyMs: t4 - t0,
}));
