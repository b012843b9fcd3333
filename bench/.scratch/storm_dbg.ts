import { startServerProcess } from "../lib/server_process.ts";
import { runCase } from "../lib/proc.ts";
const s = await startServerProcess({ kind: "auto", tokenLifetimeSeconds: 3 });
try {
  const r = await runCase({
    cmd: "deno",
    args: ["run", "-A", "bench/cases/storm_ours.ts"],
    cwd: "/work/main",
    input: {
      url: s.url,
      userId: s.userId,
      control: s.control,
      clientId: s.clientId,
      clientSecret: s.clientSecret,
      calls: 1000,
      rounds: 1,
      lifetimeSeconds: 3,
      warmup: 200,
    },
  });
  console.log(r.result);
} catch (e) {
  console.log(String(e));
}
await s.stop();
