/**
 * A config file with live reload. The client reads the INI file given by
 * `configFilePath` (the official SDKs' format: `[logging]`, `[retry]`,
 * `[reauthentication]`, `[general]`, `[proxy]`, `[gateway]`) and checks it
 * every 0.1 s; a change is in force without restarting. Settings made
 * in code win over the file.
 *
 * Run:
 *   deno run -A examples/config_file_live_reload.ts
 *   bun examples/config_file_live_reload.ts
 *
 * @module
 */

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ApiError, PlatformClient } from "../mod.ts";
import { startSandbox } from "../tools/sandbox/mod.ts";
import { UsersApi } from "../src/generated/apis/users.js";

const dir = await mkdtemp(join(tmpdir(), "genesys-config-"));
const configFilePath = join(dir, "config");
await writeFile(
  configFilePath,
  ["[general]", "live_reload_config = true", "", "[retry]", "retry_max = 0", ""].join("\n"),
);

/** `ok`, or the status of the `ApiError` the call failed with. */
const outcome = (e: unknown) => {
  if (e instanceof ApiError) return `${e.status} ${e.code}`;
  throw e;
};

const sandbox = await startSandbox();
const client = new PlatformClient({ ...sandbox.clientOptions, configFilePath });
try {
  await client.ready; // the file has been read
  console.log(`config file: ${configFilePath.replace(dir, "<tmp>")}`);
  console.log(`from the file: retry.retryMax=${client.config.values.retry.retryMax}`);

  const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
  await client.loginClientCredentialsGrant(clientId, clientSecret);
  const users = new UsersApi(client);
  const [user] = sandbox.state.users.values();
  const path = `/api/v2/users/${user.id}`;

  sandbox.faults.add({ path, method: "GET", status: 503, retryAfter: null, times: 1 });
  const first = await users.getUser(user.id).then(() => "ok", outcome);
  console.log(`GET with one injected 503 and no retries: ${first}`);

  // Edit the file while the client runs: allow 2 retries with short waits, and log errors.
  const reloaded = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error("the config change was not picked up within 10 s"));
    }, 10_000);
    const off = client.config.onChange((values) => {
      if (values.retry.retryMax === 2) {
        clearTimeout(timer);
        off();
        resolve();
      }
    });
  });
  await writeFile(
    configFilePath,
    [
      "[general]",
      "live_reload_config = true",
      "",
      "[retry]",
      "retry_max = 2",
      "retry_wait_min = 0.05 ; seconds",
      "retry_wait_max = 0.2",
      "",
    ].join("\n"),
  );
  const started = Date.now();
  await reloaded;
  const { retry } = client.config.values;
  console.log(
    `file changed: reloaded in ~${Math.ceil((Date.now() - started) / 100) / 10} s, ` +
      `retry.retryMax=${retry.retryMax}, retryWaitMin=${retry.retryWaitMin} ms, ` +
      `retryWaitMax=${retry.retryWaitMax} ms`,
  );

  sandbox.resetLog();
  sandbox.faults.add({ path, method: "GET", status: 503, retryAfter: null, times: 1 });
  const second = await users.getUser(user.id).then(() => "ok", outcome);
  const sent = sandbox.requests.filter((r) => r.path === path).length;
  console.log(`GET with one injected 503 after the reload: ${second} (${sent} requests)`);

  // Code wins over the file.
  client.config.set({ retry: { retryMax: 5 } });
  console.log(`code override: retry.retryMax=${client.config.values.retry.retryMax}`);
} finally {
  await client.close(); // stops watching the file
  await sandbox.stop();
  await rm(dir, { recursive: true });
}
