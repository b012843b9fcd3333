import * as u from "/tmp/bench-try/compact/all.js"; console.log(Object.keys(u).length);
const gc = (globalThis as { gc?: () => void }).gc!; gc(); await new Promise((r) => setTimeout(r, 10)); gc();
console.log((Deno.memoryUsage().rss / 2 ** 20).toFixed(1), (Deno.memoryUsage().heapUsed / 2 ** 20).toFixed(1));
