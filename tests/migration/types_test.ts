/**
 * Types for official-style code: a JavaScript program type-checked with `checkJs` (no
 * implicit `any` inside the package: the generated API constructors carry JSDoc), and a
 * TypeScript program with the official type names (`platformClient.Models.Queue`,
 * `platformClient.ApiClientClass`, the leftover fields) from the compat entry and the root,
 * in which an option the API has dropped is still a compile-time error.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT, run } from "./_programs.ts";

const JS_PROGRAM = `// @ts-check
import platformClient from "@cxkit/genesys-cloud/compat";

const client = platformClient.ApiClient.instance;
client.setEnvironment(platformClient.PureCloudRegionHosts.eu_west_1);
/** @type {platformClient.Models.Queue} */
const queue = { name: "Support" };
const routingApi = new platformClient.RoutingApi();
routingApi.getRoutingQueues({ pageSize: 1 }).then((data) => {
  console.log(data.entities?.length, queue.name);
});
`;

const TS_PROGRAM = `import platformClient from "@cxkit/genesys-cloud/compat";
import * as named from "@cxkit/genesys-cloud/compat";
import root from "@cxkit/genesys-cloud";

const client: platformClient.ApiClientClass = platformClient.ApiClient.instance;
const queue: platformClient.Models.Queue = { name: "Support" };
const same: named.Models.Queue = queue;
const fromRoot: root.Models.Queue = same;
client.config.refresh_access_token = false;
client.config.refresh_token_wait_max = 10;
client.config.logger.log_level = client.config.logger.logLevelEnum.level.LDebug;
client.setReturnExtendedResponses(false);
client.authentications["PureCloud OAuth"].accessToken = "token";
const users = new platformClient.UsersApi();
const me: Promise<platformClient.Models.UserMe> = users.getUsersMe();
// @ts-expect-error An option key the operation does not take is flagged at compile time.
users.getUsers({ pagesize: 2 });
console.log(fromRoot, me);
`;

Deno.test("checkJs finds nothing in the package; official type names check in TypeScript", async () => {
  const dir = await Deno.makeTempDir({ prefix: "migration-types-" });
  try {
    const url = (path: string) => new URL(path, `file://${ROOT}`).href;
    await Deno.writeTextFile(
      join(dir, "deno.json"),
      JSON.stringify({
        compilerOptions: { checkJs: true, strict: true },
        imports: {
          "jose": "npm:jose@6.2.17",
          "@cxkit/genesys-cloud": url("mod.ts"),
          "@cxkit/genesys-cloud/compat": url("src/compat/mod.ts"),
        },
      }),
    );
    await Deno.writeTextFile(join(dir, "program.js"), JS_PROGRAM);
    await Deno.writeTextFile(join(dir, "program.ts"), TS_PROGRAM);
    const checked = await run(Deno.execPath(), ["check", "program.js", "program.ts"], {
      cwd: dir,
      env: { NO_COLOR: "1", PATH: Deno.env.get("PATH") ?? "" },
      timeoutMs: 120_000,
    });
    // Every problem the checker reports, one per line (`TS7006 [ERROR]: ...`).
    const problems = checked.stderr.split("\n").filter((line) => /^TS\d+/.test(line));
    assert.deepEqual(problems, []);
    assert.equal(checked.code, 0, checked.stderr);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
