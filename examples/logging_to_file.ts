/**
 * Logging to a file: every HTTP exchange (login included) is written to a log
 * file as JSON lines or text, with credentials redacted: the Authorization
 * header, the client secret, access tokens in bodies. Logging settings can be
 * changed at run time (`client.config.set`).
 *
 * Run:
 *   deno run -A examples/logging_to_file.ts
 *   bun examples/logging_to_file.ts
 *
 * @module
 */

import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ApiError, PlatformClient } from "../mod.ts";
import { startSandbox } from "../tools/sandbox/mod.ts";
import { UsersApi } from "../src/generated/apis/users.js";

const dir = await mkdtemp(join(tmpdir(), "genesys-log-"));
const logFilePath = join(dir, "genesys-cloud.log");
const sandbox = await startSandbox();
try {
  const client = new PlatformClient({
    ...sandbox.clientOptions,
    logging: {
      logLevel: "trace",
      logFormat: "json",
      logToConsole: false,
      logFilePath,
      logRequestBody: true,
      logResponseBody: true,
    },
  });
  const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
  const auth = await client.loginClientCredentialsGrant(clientId, clientSecret);
  const users = new UsersApi(client);
  await users.getUsers({ pageSize: 2 });
  await users.getUser("00000000-0000-0000-0000-000000000000").catch((e) => {
    if (!(e instanceof ApiError)) throw e;
  });
  // Switch to the text format for the next exchanges, at run time.
  client.config.set({
    logging: { logFormat: "text", logRequestBody: false, logResponseBody: false },
  });
  await users.getUsers({ pageSize: 1 });
  await client.close(); // flushes the log file

  const text = await readFile(logFilePath, "utf8");
  const jsonLines = text.split("\n").filter((l) => l.startsWith("{"));
  console.log(
    `log file: ${jsonLines.length} JSON records, then text records; ${text.length} bytes`,
  );
  for (const line of jsonLines) {
    const r = JSON.parse(line);
    console.log(
      `  ${r.level} ${r.method} ${new URL(r.url).pathname} -> ${r.statusCode}` +
        ` authorization=${r.requestHeaders.authorization ?? "-"}`,
    );
  }
  const token = JSON.parse(jsonLines[0]).responseBody;
  console.log(`token response body as logged: ${JSON.stringify(token)}`);
  const firstText = text.split("\n").find((l) => /^\S+ (TRACE|DEBUG|ERROR) GET /.test(l));
  console.log(`text record: ${firstText?.replace(/^\S+ /, "<date> ")}`);
  console.log(`client secret in the log: ${text.includes(clientSecret) ? "YES" : "no"}`);
  console.log(`access token in the log: ${text.includes(auth.accessToken) ? "YES" : "no"}`);
} finally {
  await sandbox.stop();
  await rm(dir, { recursive: true });
}
