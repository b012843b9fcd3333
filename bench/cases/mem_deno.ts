/**
 * Memory, this SDK on Deno: imports the modules listed in `BENCH_CASE.modules` (none for the
 * bare runtime), runs a full GC and prints `{ rss, heapUsed }` in bytes.
 * Run with `--v8-flags=--expose-gc`.
 *
 * @module
 */
import { caseInput } from "./_input.ts";

const input = caseInput();
const modules = input.modules as string[];
const loaded = [];
for (const specifier of modules) loaded.push(await import(specifier));
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --v8-flags=--expose-gc");
gc();
await new Promise((resolve) => setTimeout(resolve, 10));
gc();
const { rss, heapUsed } = Deno.memoryUsage();
console.log(JSON.stringify({ rss, heapUsed, modules: loaded.length }));
