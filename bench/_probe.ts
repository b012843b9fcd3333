import { startSandbox } from "../tools/sandbox/mod.ts";
await using sandbox = await startSandbox({ enforceRateLimit: true, rateLimitAllowed: 40, rateLimitWindowSeconds: 2 });
const kvPath = await Deno.makeTempFile({ suffix: ".kv" });
const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
const input = JSON.stringify({ url: sandbox.url, kvPath, clientId, clientSecret, userId: [...sandbox.state.users.keys()][0] });
await Promise.all([0,1,2].map(async () => {
  const out = await new Deno.Command(Deno.execPath(), { args: ["run", "-A", "--unstable-kv", "examples/fleet_deno_kv.ts", "--worker", input], stderr: "inherit" }).output();
  return new TextDecoder().decode(out.stdout);
}));
const reqs = sandbox.requests.filter((r) => r.path.startsWith("/api/v2/users/"));
const t0 = reqs[0].time;
let start = t0; let n = 0; const windows: string[] = [];
for (const r of reqs) { if (r.time - start >= 2000) { windows.push(`${start - t0}:${n}`); start = r.time; n = 0; } n++; }
windows.push(`${start - t0}:${n}`);
console.log(windows.join("  "), "limited", sandbox.counters.rateLimited);
