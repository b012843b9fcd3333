// In-process interleaved A/B: raw fetch vs ours (main tree) vs ours (patched tree), sequential.
declare const Bun: unknown;
const env = typeof Deno !== "undefined" ? Deno.env.get("BENCH_CASE")! : (globalThis as any).process.env.BENCH_CASE;
const input = JSON.parse(env);
const patched = await import("/tmp/bench-try/patched/src/generated/apis/users.ts");
const mk = async (m: any) => {
  const c = new m.PlatformClient({ basePath: input.url, loginBasePath: input.url });
  await c.loginClientCredentialsGrant(input.clientId, input.clientSecret);
  const u = new m.UsersApi(c);
  return () => u.getUser(input.userId);
};
const r0 = await fetch(`${input.url}/oauth/token`, { method: "POST", headers: { Authorization: `Basic ${btoa(`${input.clientId}:${input.clientSecret}`)}`, "Content-Type": "application/x-www-form-urlencoded" }, body: "grant_type=client_credentials" });
const token = (await r0.json()).access_token;
const url = `${input.url}/api/v2/users/${input.userId}`;
const ours = await mk(patched);
const G = globalThis as any;
const withSkip = (skip: Record<string, boolean>) => () => { G.__skip = skip; return ours(); };
const variants: Record<string, () => Promise<unknown>> = {
  raw: async () => (await fetch(url, { headers: { Authorization: `Bearer ${token}`, Accept: "application/json" } })).json(),
  patched: withSkip({}),
  noConfigured: withSkip({ configured: true }),
  noAuth: withSkip({ auth: true }),
  noApiPromise: withSkip({ apipromise: true }),
  noRead: withSkip({ read: true }),
  noAll: withSkip({ configured: true, auth: true, apipromise: true, read: true }),
};
const inflight = Number(input.inflight ?? 1);
const run = async (f: () => Promise<unknown>, n: number) => {
  if (inflight <= 1) { for (let i = 0; i < n; i++) await f(); return; }
  let next = 0; await Promise.all(Array.from({ length: inflight }, async () => { while (next++ < n) await f(); }));
};
for (const f of Object.values(variants)) await run(f, 300);
const res: Record<string, number[]> = {};
for (let round = 0; round < 12; round++) for (const [k, f] of Object.entries(variants)) {
  const t = performance.now(); await run(f, 500); (res[k] ??= []).push((performance.now() - t) * 1000 / 500);
}
const med = (v: number[]) => { const s = [...v].sort((a, b) => a - b); return (s[5] + s[6]) / 2; };
const rt = typeof Bun !== "undefined" ? "bun" : "deno";
console.log(`${rt} inflight=${inflight}: ` + Object.keys(res).map((k) => `${k} ${med(res[k]).toFixed(0)} (${(med(res[k]) / med(res.raw)).toFixed(2)}x)`).join(', '));
