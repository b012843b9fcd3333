/**
 * Why live reload polls instead of using `Deno.watchFs` (run by hand:
 * `deno run -A tests/config/watchfs_fifo_probe.ts`). A child Deno watches a
 * directory (unref'd, as live reload would), a FIFO is made in it, and the
 * child closes its watcher and ends. In Deno 2.9 the watcher thread opens the
 * path of every event (`same_file::is_same_file` in runtime/ops/fs_events.rs),
 * which blocks on a FIFO until a writer comes: the child never finishes.
 * Prints what happened; exits 1 while the defect is there, 0 once it is gone.
 */
const dir = await Deno.makeTempDir({ prefix: "gc-watchfs-probe-" });
const child = `
const watcher = Deno.watchFs(Deno.args[0], { recursive: false });
const next = watcher.next();
watcher.unref();
await new Deno.Command("mkfifo", { args: [Deno.args[0] + "/config"] }).output();
await new Promise((resolve) => setTimeout(resolve, 300));
console.log("child: FIFO made, closing the watcher");
watcher.close();
await next;
console.log("child: watcher closed, script done");
`;
const stop = new AbortController();
const timer = setTimeout(() => stop.abort(), 5_000);
try {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", child, dir],
    stdout: "piped",
    stderr: "piped",
    signal: stop.signal,
  }).output();
  console.log(new TextDecoder().decode(out.stdout).trim());
  if (stop.signal.aborted) {
    console.log(`Deno ${Deno.version.deno}: the child did not exit within 5 s (watchFs wedged)`);
    Deno.exitCode = 1;
  } else {
    console.log(`Deno ${Deno.version.deno}: the child exited (code ${out.code})`);
  }
} finally {
  clearTimeout(timer);
  await Deno.remove(dir, { recursive: true });
}
