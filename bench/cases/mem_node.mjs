// deno-lint-ignore-file no-process-global
/**
 * Memory, official SDK on Node: loads `purecloud-platform-client-v2` (or nothing, for bare
 * Node), runs a full GC and prints `{ rss, heapUsed }` in bytes. Run with `--expose-gc`.
 *
 * @module
 */
import { caseInput, loadOfficial, report } from "./_input.mjs";

const input = caseInput();
const loaded = input.official ? await loadOfficial(input) : undefined;
if (!globalThis.gc) throw new Error("run with --expose-gc");
globalThis.gc();
await new Promise((resolve) => setTimeout(resolve, 10));
globalThis.gc();
const { rss, heapUsed } = process.memoryUsage();
report({ rss, heapUsed, modules: loaded ? 1 : 0 });
