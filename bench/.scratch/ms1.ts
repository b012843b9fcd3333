import * as all from "../../src/generated/apis/mod.ts"; import * as root from "../../mod.ts"; console.log(Object.keys(all).length + Object.keys(root).length);
const gc = (globalThis as { gc?: () => void }).gc!; gc(); await new Promise((r) => setTimeout(r, 10)); gc();
console.log((Deno.memoryUsage().rss / 2 ** 20).toFixed(1), (Deno.memoryUsage().heapUsed / 2 ** 20).toFixed(1));
