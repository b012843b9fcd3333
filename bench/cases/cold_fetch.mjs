/**
 * Cold start, raw `fetch` (Node, Deno, Bun): log in with client credentials and call
 * `GET /api/v2/users/{userId}` once, in a fresh process. Prints `{ scriptMs }`.
 *
 * @module
 */
import { caseInput, fetchLogin, fetchUser, report } from "./_input.mjs";

const start = performance.now();
const input = caseInput();
const token = await fetchLogin(input);
const user = await fetchUser(input.url, token, input.userId);
if (typeof user.id !== "string") throw new Error("users/{userId} returned no id");
report({ scriptMs: performance.now() - start });
