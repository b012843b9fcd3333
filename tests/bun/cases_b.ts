/**
 * Bun checks for the examples of helper "examples-b": the authorization code
 * app with refresh, and the SAML2 bearer grant, against the sandbox served by
 * Bun. tests/bun/run.ts imports `cases`; `bun tests/bun/cases_b.ts` runs them
 * alone. (Proxy and mTLS under Bun: tests/examples/net_test.ts spawns `bun`,
 * since the tinyproxy/nginx helpers in tests/_infra are Deno-only.)
 *
 * @module
 */

import assert from "node:assert/strict";
import { AuthError, PlatformClient } from "../../mod.ts";
import { UsersApi } from "../../src/generated/apis/users.js";
import { startSandbox } from "../../tools/sandbox/mod.ts";
import { runAuthCodeDemo } from "../../examples/auth_code_with_refresh.ts";
import type { BunCase } from "./case.ts";
import { notificationCases } from "./notifications_cases.ts";

/** The checks. */
export const cases: BunCase[] = [
  {
    name: "examples/auth_code_with_refresh: code exchange, refresh, transparent refresh (Bun)",
    async run() {
      assert.equal(typeof (globalThis as { Bun?: unknown }).Bun, "object", "run under Bun");
      const sandbox = await startSandbox();
      try {
        const user = sandbox.state.users.get(sandbox.credentials.user.id)!;
        const lines: string[] = [];
        await runAuthCodeDemo(sandbox, (l) => lines.push(l));
        const signedIn = `signed in as ${user.name} <${user.email}>`;
        for (const step of ["after login", "after refresh", "after expiry"]) {
          assert.equal(lines.find((l) => l.startsWith(`${step}: `)), `${step}: ${signedIn}`);
        }
        const forms = sandbox.requests.filter((r) => r.path === "/oauth/token")
          .map((r) => new URLSearchParams(r.body));
        assert.deepEqual(forms.map((f) => f.get("grant_type")), [
          "authorization_code",
          "refresh_token",
          "refresh_token",
          "refresh_token",
        ]);
        assert.equal(new Set(forms.slice(1).map((f) => f.get("refresh_token"))).size, 3);
      } finally {
        await sandbox.stop();
      }
    },
  },
  {
    name: "examples/saml2_bearer: SAML2 bearer login and a call (Bun)",
    async run() {
      const sandbox = await startSandbox();
      try {
        const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
        const { orgName, assertion } = sandbox.credentials.saml;
        const client = new PlatformClient(sandbox.clientOptions);
        const auth = await client.loginSaml2BearerGrant(clientId, clientSecret, orgName, assertion);
        assert.ok((auth.expiresIn ?? 0) > 0);
        const me = await new UsersApi(client).getUsersMe();
        assert.equal(me.id, sandbox.credentials.user.id);
        const sent = sandbox.requests.find((r) => r.path === "/oauth/token")!;
        assert.equal(new URLSearchParams(sent.body).get("assertion"), assertion);
        assert.ok(assertion.includes("+") && sent.body.includes("%2B"));
        const wrongOrg = new PlatformClient(sandbox.clientOptions)
          .loginSaml2BearerGrant(clientId, clientSecret, "some-other-org", assertion);
        await assert.rejects(
          wrongOrg,
          (e) => e instanceof AuthError && e.error === "invalid_grant",
        );
      } finally {
        await sandbox.stop();
      }
    },
  },
  {
    name:
      "examples/auth_code_with_refresh.ts, saml2_bearer.ts, access_token_persistence.ts run (Bun)",
    async run() {
      const bun = (globalThis as unknown as {
        Bun: {
          argv: string[];
          spawn(cmd: string[], o: object): { exited: Promise<number>; stdout: ReadableStream };
        };
      }).Bun;
      const expected: Record<string, RegExp> = {
        "auth_code_with_refresh.ts": /^after expiry: signed in as Ada Lovelace </m,
        "saml2_bearer.ts": /^signed in as Ada Lovelace </m,
        "access_token_persistence.ts": /^logins sent to the server: 1$/m,
      };
      for (const [file, pattern] of Object.entries(expected)) {
        const path = new URL(`../../examples/${file}`, import.meta.url).pathname;
        const proc = bun.spawn([bun.argv[0], path], { stdout: "pipe", stderr: "inherit" });
        const [code, stdout] = await Promise.all([proc.exited, new Response(proc.stdout).text()]);
        assert.equal(code, 0, `${file}: ${stdout}`);
        assert.match(stdout, pattern, file);
      }
    },
  },
  ...notificationCases,
];

if (import.meta.main) {
  let failed = 0;
  for (const c of cases) {
    try {
      await c.run();
      console.log(`ok ${c.name}`);
    } catch (error) {
      failed++;
      console.log(`FAILED ${c.name}\n${(error as Error).stack}`);
    }
  }
  if (failed > 0) (globalThis as unknown as { process: { exit(c: number): void } }).process.exit(1);
}
