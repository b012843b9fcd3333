/**
 * The shared checks against `MemoryRateLimitStore`, the reference the adapters
 * follow: the checks describe its semantics, not something else.
 */

import { MemoryRateLimitStore } from "../../src/http/rate_limit_store.ts";
import { rateLimitChecks } from "./_conformance.ts";

Deno.test("memory rate-limit store (reference): the shared budget checks", async (t) => {
  const store = new MemoryRateLimitStore();
  await rateLimitChecks(t, [store, store, store, store]);
});
