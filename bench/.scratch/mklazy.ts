// Builds a synthetic "compact" form of every generated API (one string per operation, methods
// installed from the table) to estimate memory/size of such a generator output.
const dir = "/work/main/src/generated/apis";
const out: string[] = [];
let total = 0;
for (const e of Deno.readDirSync(dir)) {
  if (!e.name.endsWith(".ts") || e.name === "mod.ts") continue;
  const text = Deno.readTextFileSync(`${dir}/${e.name}`);
  const m = text.match(/^const ENDPOINTS[^=]*= (\{[\s\S]*?\n\});/m);
  const cls = text.match(/^export class (\w+) extends/m)![1];
  const table = new Function(`return ${m![1]}`)() as Record<string, { method: string; path: string; params: { name: string; in: string; wire?: string; format?: string; required?: boolean }[]; response?: string; auth?: string; contentType?: string; accept?: string }>;
  const lines = Object.entries(table).map(([k, ep]) => {
    const ps = ep.params.map((p) => `${p.required ? "!" : ""}${p.name}${p.wire ? "=" + p.wire : ""}:${p.in[0]}${p.format ? ":" + p.format : ""}`).join(",");
    return `${k} ${ep.method} ${ep.path} ${ps}${ep.response ? " r=" + ep.response : ""}${ep.auth ? " a=" + ep.auth : ""}`;
  });
  total += lines.length;
  out.push(`const ${cls}_SPEC = ${JSON.stringify(lines.join("\n"))};\nexport class ${cls} { constructor(c) { this.client = c; if (!${cls}.done) { ${cls}.done = true; install(${cls}, ${cls}_SPEC); } } }`);
}
const head = `function install(C, spec) { for (const line of spec.split("\\n")) { const [name, method, path, ps = ""] = line.split(" "); const required = ps.split(",").filter((p) => p.startsWith("!")).length; let ep; C.prototype[name] = function (...a) { ep ??= { name, method, path, ps }; return [ep, a.slice(0, required), a[required]]; }; } }\n`;
Deno.writeTextFileSync("/tmp/bench-try/compact/lazy.js", head + out.join("\n"));
console.log(total, "operations", (head + out.join("\n")).length, "bytes");
