/**
 * Run by `bun` from bun_test.ts: starts the sandbox under Bun (Bun.serve), exercises it with
 * fetch and prints one JSON line of observations. Exits 1 on an unexpected error.
 */

import { startSandbox } from "../../tools/sandbox/mod.ts";

async function main(): Promise<Record<string, unknown>> {
  const sb = await startSandbox({ userCount: 57 });
  try {
    const { clientId, clientSecret } = sb.credentials.confidentialClient;
    const tokenRes = await fetch(`${sb.url}/oauth/token`, {
      method: "POST",
      headers: { authorization: `Basic ${btoa(`${clientId}:${clientSecret}`)}` },
      body: new URLSearchParams({ grant_type: "client_credentials" }),
    });
    const token = await tokenRes.json();
    const auth = { authorization: `Bearer ${token.access_token}` };
    const pageRes = await fetch(`${sb.url}/api/v2/users?pageSize=25&pageNumber=3`, {
      headers: auth,
    });
    const page = await pageRes.json();
    const noAuth = await fetch(`${sb.url}/api/v2/users`);
    const noAuthBody = await noAuth.json();

    sb.faults.add({ path: "/api/v2/users", drop: true });
    let dropped = "resolved";
    try {
      const r = await fetch(`${sb.url}/api/v2/users`, { headers: auth });
      await r.body?.cancel();
    } catch (e) {
      dropped = e instanceof TypeError ? "TypeError" : String(e);
    }
    const after = await fetch(`${sb.url}/api/v2/users`, { headers: auth });
    await after.body?.cancel();

    const limited = await fetch(`${sb.url}/api/v2/users`, {
      headers: { ...auth, "x-sandbox-fault": "status=429;retry-after=3" },
    });
    const limitedBody = await limited.json();

    return {
      runtime: typeof (globalThis as { Bun?: unknown }).Bun === "object" ? "bun" : "other",
      url: sb.url,
      tokenStatus: tokenRes.status,
      tokenType: token.token_type,
      pageStatus: pageRes.status,
      pageEntities: page.entities.length,
      pageNext: page.nextUri ?? null,
      correlationId: pageRes.headers.get("inin-correlation-id"),
      noAuthStatus: noAuth.status,
      noAuthCode: noAuthBody.code,
      dropped,
      afterDropStatus: after.status,
      limitedStatus: limited.status,
      limitedRetryAfter: limited.headers.get("retry-after"),
      limitedCode: limitedBody.code,
      requestsLogged: sb.requests.length,
    };
  } finally {
    await sb.stop();
  }
}

try {
  console.log(JSON.stringify(await main()));
} catch (e) {
  console.error(e);
  (globalThis as { process?: { exit(code: number): never } }).process?.exit(1);
}
