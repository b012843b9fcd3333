import assert from "node:assert/strict";
import { moduleExports, rootExportNames } from "../../tools/codegen/root_exports.ts";
import { DEFAULT_MOD } from "../../tools/codegen/main.ts";

Deno.test("moduleExports reads declarations, lists and stars, not comments", () => {
  const found = moduleExports(`/**
 * export const InDoc = 1;
 */
// export class Commented {}
export const a = 1, b = 2;
export async function run() {}
export function* gen() {}
export declare abstract class Base {}
export interface Shape { x: number }
export type Alias = string;
export enum Color { Red }
export { c, d as e, type F, default as G, default } from "./x.ts";
export type { H as I } from "./y.ts";
const j = 1;
export { j };
export * from "./star.ts";
export type * from "./types.ts";
export * as ns from "./ns.ts";
`);
  assert.deepEqual(found.names, [
    "a",
    "run",
    "gen",
    "Base",
    "Shape",
    "Alias",
    "Color",
    "c",
    "e",
    "F",
    "G",
    "I",
    "j",
    "ns",
  ]);
  assert.deepEqual(found.stars, ["./star.ts", "./types.ts"]);
});

Deno.test("rootExportNames follows export * outside src/generated, on both sides of the marker", async () => {
  const files: Record<string, string> = {
    "/r/mod.ts": [
      'export { PlatformClient } from "./src/client/platform_client.ts";',
      "// ROOT-ONLY EXPORTS.",
      'export * from "./src/features/a.ts";',
      'export { WebDeploymentJwt } from "./src/client/web_deployment.ts";',
      'export * from "./src/generated/apis/mod.ts";',
      'export type * from "./src/generated/models/mod.ts";',
      'export type { Endpoint as EndpointModel } from "./src/generated/models/mod.ts";',
    ].join("\n"),
    "/r/src/features/a.ts": 'export const feature = 1;\nexport * from "../b/b.ts";\n',
    "/r/src/b/b.ts": 'export class BError {}\nexport * from "../features/a.ts";\n',
  };
  const read = (path: string) => {
    const text = files[path];
    return text === undefined ? Promise.reject(new Error(`no ${path}`)) : Promise.resolve(text);
  };
  const names = await rootExportNames("/r/mod.ts", read);
  assert.deepEqual([...names].sort(), ["BError", "PlatformClient", "WebDeploymentJwt", "feature"]);

  files["/r/mod.ts"] += '\nexport * from "jose";\n';
  await assert.rejects(
    rootExportNames("/r/mod.ts", read),
    /cannot list the names of "jose" \(export \* in \/r\/mod\.ts\): re-export them by name/,
  );
});

Deno.test("the root mod.ts: its feature modules' names are found, generated models are not", async () => {
  const names = await rootExportNames(DEFAULT_MOD);
  for (
    const name of ["PlatformClient", "Settings", "Endpoint", "ConfigFileError", "WebDeploymentJwt"]
  ) {
    assert.ok(names.has(name), name);
  }
  for (const name of ["User", "UsersApi", "EndpointModel", "API_DEFINITION"]) {
    assert.ok(!names.has(name), name);
  }
});
