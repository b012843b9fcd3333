import { startServerProcess } from "../lib/server_process.ts";
const s = await startServerProcess({ kind: Deno.args[0] ?? "minimal" });
for (const inflight of [1, 64]) {
  const env = { BENCH_CASE: JSON.stringify({ url: s.url, userId: s.userId, clientId: s.clientId, clientSecret: s.clientSecret, inflight }) };
  for (const [cmd, args] of [["deno", ["run", "-A", "bench/.scratch/inproc2.ts"]], ["bun", ["bench/.scratch/inproc2.ts"]]] as const) {
    const out = await new Deno.Command(cmd, { args: [...args], env, cwd: "/work/main" }).output();
    console.log(new TextDecoder().decode(out.stdout).trim(), new TextDecoder().decode(out.stderr).slice(0, 400));
  }
}
await s.stop();
