/**
 * Cold start, official SDK on Node: load `purecloud-platform-client-v2`, log in with client
 * credentials through the gateway setting, call `UsersApi.getUser(userId)` once.
 * Prints `{ scriptMs, importMs }`.
 *
 * @module
 */
import { caseInput, loadOfficial, officialClient, report } from "./_input.mjs";

const start = performance.now();
const input = caseInput();
const platformClient = await loadOfficial(input);
const importMs = performance.now() - start;
const client = officialClient(platformClient, input);
await client.loginClientCredentialsGrant(input.clientId, input.clientSecret);
const user = await new platformClient.UsersApi().getUser(input.userId);
if (typeof user.id !== "string") throw new Error("users/{userId} returned no id");
report({ scriptMs: performance.now() - start, importMs });
