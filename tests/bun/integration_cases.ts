/**
 * Integration checks of the client under Bun against the sandbox (served by
 * `Bun.serve`): login, generated API calls, pagination, PATCH with `null`,
 * retries after 429, `ApiError` fields, `withResponse()`, token recovery and
 * transport injection.
 *
 * @module
 */

import assert from "node:assert/strict";
import { ApiError, LiteClient, paginate, patch, PlatformClient } from "../../mod.ts";
import { createSandboxHandler, type Sandbox, startSandbox } from "../../tools/sandbox/mod.ts";
import { type UpdateUser, UsersApi } from "../../src/generated/apis/users.js";
import { TokensApi } from "../../src/generated/apis/tokens.js";
import { ExternalContactsApi } from "../../src/generated/apis/external_contacts.js";
import { RoutingApi } from "../../src/generated/apis/routing.js";
import type { BunCase } from "./case.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Runs `body` with a fresh sandbox and a client logged in with client credentials. */
async function withClient(
  body: (client: PlatformClient, sandbox: Sandbox) => Promise<void>,
  options: ConstructorParameters<typeof PlatformClient>[0] = {},
): Promise<void> {
  const sandbox = await startSandbox();
  try {
    const client = new PlatformClient({ ...sandbox.clientOptions, ...options });
    const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
    await client.loginClientCredentialsGrant(clientId, clientSecret);
    await body(client, sandbox);
  } finally {
    await sandbox.stop();
  }
}

/** The integration cases. */
export const integrationCases: BunCase[] = [
  {
    name: "bun: runtime is Bun and the sandbox is served by Bun.serve",
    run: async () => {
      assert.equal(typeof Bun.version, "string");
      assert.equal("Deno" in globalThis, false);
      const sandbox = await startSandbox();
      try {
        assert.match(sandbox.url, /^http:\/\/127\.0\.0\.1:\d+$/);
        const res = await fetch(`${sandbox.url}/api/v2/users`);
        assert.equal(res.status, 401);
        assert.equal((await res.json()).code, "authentication.required");
      } finally {
        await sandbox.stop();
      }
    },
  },
  {
    name: "bun: client credentials login sends Basic auth once and returns AuthData",
    run: async () => {
      const sandbox = await startSandbox();
      try {
        const client = new PlatformClient(sandbox.clientOptions);
        const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
        const auth = await client.loginClientCredentialsGrant(clientId, clientSecret);
        assert.equal(auth.expiresIn, 86400);
        assert.ok(auth.tokenExpiryTime! > Date.now());
        assert.equal(sandbox.counters.tokenRequests.client_credentials, 1);
        const sent = sandbox.requests.find((r) => r.path === "/oauth/token")!;
        assert.equal(
          sent.headers.get("authorization"),
          `Basic ${btoa(`${clientId}:${clientSecret}`)}`,
        );
        assert.equal(new URLSearchParams(sent.body).get("grant_type"), "client_credentials");
        assert.match(sent.headers.get("content-type")!, /^application\/x-www-form-urlencoded/);
      } finally {
        await sandbox.stop();
      }
    },
  },
  {
    name: "bun: a wrong client secret raises an error naming the problem, not the secret",
    run: async () => {
      const sandbox = await startSandbox();
      try {
        const client = new PlatformClient(sandbox.clientOptions);
        const { clientId } = sandbox.credentials.confidentialClient;
        await assert.rejects(
          client.loginClientCredentialsGrant(clientId, "wrong-secret-value"),
          (e: Error) => {
            assert.match(e.message, /invalid_client|401/);
            assert.doesNotMatch(e.message, /wrong-secret-value/);
            return true;
          },
        );
      } finally {
        await sandbox.stop();
      }
    },
  },
  {
    name: "bun: generated API calls (getTokensMe, getUser with expand, getRoutingQueues)",
    run: () =>
      withClient(async (client, sandbox) => {
        const info = await new TokensApi(client).getTokensMe();
        assert.equal(info.organization?.name, "sandbox-org");
        const [first] = sandbox.state.users.values();
        const user = await new UsersApi(client).getUser(first.id, { expand: ["presence"] });
        assert.equal(user.id, first.id);
        assert.equal(user.name, first.name);
        const sent = sandbox.requests.findLast((r) => r.path === `/api/v2/users/${first.id}`)!;
        assert.equal(sent.search, "?expand=presence");
        const queues = await new RoutingApi(client).getRoutingQueues({ pageSize: 5 });
        assert.equal(queues.entities?.length, 5);
        assert.equal(queues.total, sandbox.state.queues.size);
      }),
  },
  {
    name: "bun: paginate lists every user (pageNumber) and every external contact (cursor)",
    run: () =>
      withClient(async (client, sandbox) => {
        const ids: string[] = [];
        const users = new UsersApi(client);
        for await (const u of paginate((o) => users.getUsers(o), { pageSize: 10 })) ids.push(u.id!);
        assert.equal(new Set(ids).size, ids.length, "an item was listed twice");
        assert.deepEqual(ids.toSorted(), [...sandbox.state.users.keys()].toSorted());
        assert.equal(
          sandbox.requests.filter((r) => r.path === "/api/v2/users").length,
          Math.ceil(sandbox.state.users.size / 10),
        );
        let contacts = 0;
        const api = new ExternalContactsApi(client);
        for await (
          const _ of paginate((o) => api.getExternalcontactsScanContacts(o), { limit: 200 })
        ) contacts++;
        assert.equal(contacts, sandbox.state.externalContacts.length);
      }),
  },
  {
    name: "bun: PATCH with the patch builder sends null on the wire and clears the field",
    run: () =>
      withClient(async (client, sandbox) => {
        const [first] = sandbox.state.users.values();
        const version = first.version;
        assert.equal(typeof first.title, "string");
        const body = patch<UpdateUser>().set("title", null).set("version", version).build();
        const updated = await new UsersApi(client).patchUser(first.id, body);
        const sent = sandbox.requests.findLast((r) => r.method === "PATCH")!;
        assert.equal(sent.body, `{"title":null,"version":${version}}`);
        assert.equal(updated.version, version + 1);
        assert.match(sent.headers.get("content-type")!, /^application\/json/);
        assert.equal(updated.title, undefined);
        assert.equal("title" in sandbox.state.users.get(first.id)!, false);
      }),
  },
  {
    name: "bun: retries after 429 wait the whole Retry-After; requestLogHook sees each attempt",
    run: async () => {
      const attempts: number[] = [];
      await withClient(async (client, sandbox) => {
        const [first] = sandbox.state.users.values();
        const path = `/api/v2/users/${first.id}`;
        sandbox.faults.add({ path, method: "GET", status: 429, retryAfter: 1, times: 2 });
        const user = await new UsersApi(client).getUser(first.id);
        assert.equal(user.id, first.id);
        const times = sandbox.requests.filter((r) => r.path === path).map((r) => r.time);
        assert.equal(times.length, 3);
        assert.ok(times[1] - times[0] >= 990 && times[2] - times[1] >= 990, "never before 1 s");
        assert.equal(sandbox.counters.faultsInjected, 2);
      }, {
        retry: {
          retryMax: 3,
          retryWaitMin: 10,
          retryWaitMax: 1_500,
          requestLogHook: (_req, attempt) => {
            attempts.push(attempt);
          },
        },
      });
      assert.deepEqual(attempts, [1, 2, 3]);
    },
  },
  {
    name: "bun: a Retry-After past retryWaitMax ends the call at once with the 429 ApiError",
    run: () =>
      withClient(async (client, sandbox) => {
        const [first] = sandbox.state.users.values();
        const path = `/api/v2/users/${first.id}`;
        sandbox.faults.add({ path, method: "GET", status: 429, retryAfter: 1, times: 5 });
        await assert.rejects(new UsersApi(client).getUser(first.id), (e: unknown) => {
          assert.ok(e instanceof ApiError);
          assert.equal(e.status, 429);
          assert.equal(e.code, "too.many.requests.retry.after");
          assert.equal(e.headers.get("retry-after"), "1");
          assert.equal(e.retryAfterMs, 1_000);
          return true;
        });
        assert.equal(sandbox.requests.filter((r) => r.path === path).length, 1);
      }, { retry: { retryMax: 1, retryWaitMin: 10, retryWaitMax: 50 } }),
  },
  {
    name: "bun: ApiError carries status, code, messages, correlation and context ids",
    run: () =>
      withClient(async (client) => {
        const missing = "00000000-0000-0000-0000-000000000000";
        const error = await new UsersApi(client).getUser(missing).then(
          () => assert.fail("getUser of an unknown id resolved"),
          (e: unknown) => e,
        );
        assert.ok(error instanceof ApiError);
        assert.equal(error.name, "ApiError");
        assert.equal(error.status, 404);
        assert.equal(error.code, "not.found");
        assert.equal(error.operation, "getUser");
        assert.equal(error.method, "GET");
        assert.match(error.url, new RegExp(`/api/v2/users/${missing}$`));
        assert.match(error.correlationId!, UUID);
        assert.equal(error.contextId, error.correlationId);
        assert.equal(typeof error.serverMessage, "string");
        assert.deepEqual(JSON.parse(error.text).code, "not.found");
        assert.equal((error.body as { code: string }).code, "not.found");
        assert.match(error.message, /^404 not\.found/);
        assert.doesNotMatch(error.message, /Bearer|access_token/);
      }),
  },
  {
    name: "bun: withResponse gives data, status, headers, correlation id and rate limit",
    run: () =>
      withClient(async (client, sandbox) => {
        const res = await new UsersApi(client).getUsers({ pageSize: 3 }).withResponse();
        assert.equal(res.status, 200);
        assert.equal(res.data.entities?.length, 3);
        assert.equal(res.data.total, sandbox.state.users.size);
        assert.match(res.correlationId!, UUID);
        assert.equal(res.correlationId, res.headers.get("inin-correlation-id"));
        assert.deepEqual(res.rateLimit, { allowed: 300, count: 1, reset: res.rateLimit!.reset });
        // A plain await of the same kind of call gives the body only.
        const body = await new UsersApi(client).getUsers({ pageSize: 3 });
        assert.deepEqual(body.entities?.map((u) => u.id), res.data.entities?.map((u) => u.id));
      }),
  },
  {
    name: "bun: an expired token is replaced after a 401 and the call is retried once",
    run: () =>
      withClient(async (client, sandbox) => {
        const tokens = new TokensApi(client);
        await tokens.getTokensMe();
        sandbox.expireTokens();
        const again = await tokens.getTokensMe().withResponse();
        assert.equal(again.status, 200);
        assert.equal(sandbox.counters.tokenRequests.client_credentials, 2);
        assert.equal(sandbox.requests.filter((r) => r.path === "/api/v2/tokens/me").length, 3);
      }),
  },
  {
    name: "bun: transport injection (in-process sandbox handler) with pre and post hooks",
    run: async () => {
      const handler = createSandboxHandler();
      const seen: string[] = [];
      const client = new PlatformClient({
        basePath: "http://sandbox.invalid",
        loginBasePath: "http://sandbox.invalid",
        transport: (req) => handler(req),
      });
      client.setPreHook((req) => {
        const headers = new Headers(req.headers);
        headers.set("x-bun-check", "1");
        return new Request(req, { headers });
      });
      client.setPostHook((res, req, ctx) => {
        seen.push(`${ctx.operation} ${req.method} ${res.status}`);
      });
      const { clientId, clientSecret } = handler.credentials.confidentialClient;
      await client.loginClientCredentialsGrant(clientId, clientSecret);
      const page = await new UsersApi(client).getUsers({ pageSize: 2 });
      assert.equal(page.entities?.length, 2);
      assert.deepEqual(seen, ["oauth/token POST 200", "getUsers GET 200"]);
      assert.deepEqual(handler.requests.map((r) => r.headers.get("x-bun-check")), ["1", "1"]);
    },
  },
  {
    name: "bun: LiteClient logs in, calls, replaces an expired token after a 401, raises ApiError",
    run: async () => {
      const sandbox = await startSandbox();
      try {
        const client = new LiteClient({
          ...sandbox.clientOptions,
          retry: { retryMax: 2, retryWaitMin: 0, retryWaitMax: 20 },
        });
        const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
        const auth = await client.loginClientCredentialsGrant(clientId, clientSecret);
        assert.equal(typeof auth.accessToken, "string");
        const tokens = new TokensApi(client);
        await tokens.getTokensMe();
        sandbox.expireTokens();
        const again = await tokens.getTokensMe().withResponse();
        assert.equal(again.status, 200);
        assert.equal(sandbox.counters.tokenRequests.client_credentials, 2);
        assert.equal(sandbox.requests.filter((r) => r.path === "/api/v2/tokens/me").length, 3);
        const page = await new UsersApi(client).getUsers({ pageSize: 2 });
        assert.equal(page.entities?.length, 2);
        const missing = await new UsersApi(client).getUser("no-such-user").then(
          () => assert.fail("expected an ApiError"),
          (e) => e,
        );
        assert.ok(missing instanceof ApiError);
        assert.equal(missing.status, 404);
      } finally {
        await sandbox.stop();
      }
    },
  },
];
