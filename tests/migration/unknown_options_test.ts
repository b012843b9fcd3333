/**
 * Options the API no longer has must not break old code: by default an option key the
 * operation does not take is dropped, the call is sent, and a warning goes out once per
 * operation and key (the client's logger when logging is on, else `console.warn`);
 * `unknownOptions: "error"` rejects with a `ParameterError` (nothing sent), `"ignore"` says
 * nothing. Warnings are counted per process, so each test uses keys of its own.
 */

import assert from "node:assert/strict";
import {
  ConfigurationError,
  LiteClient,
  type LogRecord,
  ParameterError,
  PlatformClient,
  RoutingApi,
} from "../../src/generated/apis/routing.js";
import { loggingPlugin } from "../../src/features/logging.ts";
import { startSandbox } from "../../tools/sandbox/mod.ts";

/** Runs `fn` with `console.warn` recording instead of printing. */
async function warnings(fn: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void seen.push(args.map(String).join(" "));
  try {
    await fn();
  } finally {
    console.warn = original;
  }
  return seen;
}

const queuesPath = "/api/v2/routing/queues";

Deno.test("default: a stale option is dropped, the call is sent, one warning per operation and key", async () => {
  await using sandbox = await startSandbox();
  const client = new PlatformClient(sandbox.clientOptions);
  const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
  await client.loginClientCredentialsGrant(clientId, clientSecret);
  const routing = new RoutingApi(client);
  const seen = await warnings(async () => {
    // `sortBy` was an option of getRoutingQueues; the API has dropped it.
    const stale = { pageSize: 2, sortBy: "name" } as Parameters<RoutingApi["getRoutingQueues"]>[0];
    const first = await routing.getRoutingQueues(stale);
    assert.equal(first.entities?.length, 2);
    await routing.getRoutingQueues(stale);
    await routing.getRoutingQueues({ pageSize: 1, sortBy: "name", sortByz: 1 } as never);
  });
  assert.deepEqual(seen, [
    'getRoutingQueues: "sortBy" is not an option of this operation: sent without it',
    'getRoutingQueues: "sortByz" is not an option of this operation: sent without it',
  ]);
  const sent = sandbox.requests.filter((r) => r.path === queuesPath).map((r) => r.search);
  assert.deepEqual(sent, ["?pageSize=2", "?pageSize=2", "?pageSize=1"]);
});

Deno.test('unknownOptions: "error" rejects with a ParameterError naming the key; nothing is sent', async () => {
  await using sandbox = await startSandbox();
  const client = new PlatformClient({ ...sandbox.clientOptions, unknownOptions: "error" });
  client.setAccessToken(await sandbox.issueAccessToken({}));
  const seen = await warnings(async () => {
    const err = await new RoutingApi(client).getRoutingQueues({ sortOrderz: "asc" } as never)
      .then(() => assert.fail("expected a ParameterError"), (e: unknown) => e);
    assert.ok(err instanceof ParameterError);
    assert.equal(err.operation, "getRoutingQueues");
    assert.equal(err.parameter, "sortOrderz");
    assert.equal(
      err.message,
      'getRoutingQueues: parameter "sortOrderz" is not an option of this operation',
    );
  });
  assert.deepEqual(seen, []);
  assert.equal(sandbox.requests.filter((r) => r.path === queuesPath).length, 0);
  // Changed at run time, the setting applies to the next call.
  client.config.set({ unknownOptions: "ignore" });
  const quiet = await warnings(async () => {
    await new RoutingApi(client).getRoutingQueues({ pageSize: 1, sortOrderz: "asc" } as never);
  });
  assert.deepEqual(quiet, []);
  assert.equal(sandbox.requests.filter((r) => r.path === queuesPath).length, 1);
});

Deno.test("with logging on, the warning goes to the client's logger, not the console", async () => {
  await using sandbox = await startSandbox();
  const records: LogRecord[] = [];
  const client = new PlatformClient({
    ...sandbox.clientOptions,
    plugins: [loggingPlugin],
    accessToken: await sandbox.issueAccessToken({}),
    logging: {
      logLevel: "error",
      logToConsole: false,
      sink: (record) => void records.push(record),
    },
  });
  const seen = await warnings(async () => {
    await new RoutingApi(client).getRoutingQueues({ pageSize: 1, divisionIdz: ["x"] } as never);
    await client.close();
  });
  assert.deepEqual(seen, []);
  const messages = records.filter((r) => "message" in r).map((r) =>
    (r as { message: string }).message
  );
  assert.deepEqual(messages, [
    'getRoutingQueues: "divisionIdz" is not an option of this operation: sent without it',
  ]);
});

Deno.test("LiteClient: the same three behaviours; a bad value is a ConfigurationError", async () => {
  await using sandbox = await startSandbox();
  const token = await sandbox.issueAccessToken({});
  const options = { basePath: sandbox.url, loginBasePath: sandbox.url, accessToken: token };
  const seen = await warnings(async () => {
    const lite = new RoutingApi(new LiteClient(options));
    await lite.getRoutingQueues({ pageSize: 1, namez: "x" } as never);
    await lite.getRoutingQueues({ pageSize: 1, namez: "x" } as never);
    const strict = new RoutingApi(new LiteClient({ ...options, unknownOptions: "error" }));
    await assert.rejects(strict.getRoutingQueues({ namez: "x" } as never), ParameterError);
    const quiet = new RoutingApi(new LiteClient({ ...options, unknownOptions: "ignore" }));
    await quiet.getRoutingQueues({ pageSize: 1, hasPeerz: true } as never);
  });
  assert.deepEqual(seen, [
    'getRoutingQueues: "namez" is not an option of this operation: sent without it',
  ]);
  assert.equal(sandbox.requests.filter((r) => r.path === queuesPath).length, 3);
  assert.throws(
    () => new LiteClient({ unknownOptions: "loud" as never }),
    (e) =>
      e instanceof ConfigurationError &&
      /unknownOptions must be "error", "warn" or "ignore"/.test(e.message),
  );
  assert.throws(
    () => new PlatformClient({ unknownOptions: "loud" as never }),
    (e) => e instanceof ConfigurationError && /unknownOptions must be/.test(e.message),
  );
});
