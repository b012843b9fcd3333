/**
 * Cold start, this SDK's small client (Deno or Bun): `cold_ours.ts` on `LiteClient` instead of
 * `PlatformClient`. Prints `{ scriptMs, importMs }`.
 *
 * @module
 */
import { caseInput } from "./_input.ts";

const start = performance.now();
const input = caseInput();
const { LiteClient, UsersApi } = await import("../../src/generated/apis/users.js");
const importMs = performance.now() - start;
const client = new LiteClient({ basePath: input.url, loginBasePath: input.url });
await client.loginClientCredentialsGrant(input.clientId, input.clientSecret);
const user = await new UsersApi(client).getUser(input.userId);
if (typeof user.id !== "string") throw new Error("users/{userId} returned no id");
console.log(JSON.stringify({ scriptMs: performance.now() - start, importMs }));
