/**
 * `deno run -A bench/probes/lean_size.ts`: bundles the bench fixture's program (client + Users
 * API + client credentials login + one call) on the probe client of `lean_client.ts`, the way
 * `bench/size.ts` bundles the fixtures (`deno bundle --minify --platform browser`, one file), and
 * prints its bytes, gzip bytes and the ratios to the official SDK's figures of the latest bench
 * run. The Users operation table is taken from the generated `src/generated/apis/users.js`.
 *
 * @module
 */

import { gzipSync } from "node:zlib";
import { operationEntries } from "../../src/core/operations.ts";

const root = new URL("../../", import.meta.url);
const users = await Deno.readTextFile(new URL("src/generated/apis/users.js", root));
const open = "\nconst OPERATIONS = `";
const start = users.indexOf(open);
if (start < 0) throw new Error("users.js has no OPERATIONS table");
const table = users.slice(start + open.length, users.indexOf("`;\n", start));
if (operationEntries(table).length === 0) throw new Error("the Users table is empty");

const dir = await Deno.makeTempDir({ prefix: "lean-probe-" });
try {
  await Deno.writeTextFile(
    `${dir}/users_operations.js`,
    `export default ${JSON.stringify(table)};\n`,
  );
  const client = new URL("bench/probes/lean_client.ts", root).href;
  await Deno.writeTextFile(
    `${dir}/program.ts`,
    `import { LeanClient, leanApi } from ${JSON.stringify(client)};
import table from "./users_operations.js";
const UsersApi = leanApi(table);
const client = new LeanClient({ environment: "mypurecloud.ie" });
await client.loginClientCredentialsGrant("client-id", "client-secret");
const users = new UsersApi(client) as unknown as {
  getUsersMe(opts: object): Promise<{ name: string }>;
};
const me = await users.getUsersMe({ expand: ["presence"] });
console.log(me.name);
`,
  );
  const out = `${dir}/out.js`;
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["bundle", "--minify", "--platform", "browser", "-o", out, `${dir}/program.ts`],
    stdout: "null",
    stderr: "piped",
  }).output();
  if (code !== 0) throw new Error(new TextDecoder().decode(stderr));
  const bytes = await Deno.readFile(out);
  const gzip = gzipSync(bytes, { level: 9 }).length;
  let ratios = "";
  try {
    const latest = JSON.parse(
      await Deno.readTextFile(new URL("bench/results/latest.json", root)),
    );
    const official = latest.sections.size.official.node;
    ratios = ` (${(official.bytes / bytes.length).toFixed(1)}x and ${
      (official.gzipBytes / gzip).toFixed(1)
    }x smaller than the official SDK's ${official.bytes} B / ${official.gzipBytes} B)`;
  } catch {
    // no bench results yet: sizes only
  }
  console.log(
    `lean probe client + Users API + login + one call: ${bytes.length} B, gzip ${gzip} B${ratios}`,
  );
} finally {
  await Deno.remove(dir, { recursive: true });
}
