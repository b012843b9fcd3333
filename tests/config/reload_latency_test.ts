/**
 * Issue 22, item 3: in Deno a saved change to the config file is in force
 * within 300 ms (it was up to 1 s). Measured through PlatformClient on real
 * files, for a save in place and a save by rename, with a generous bound for
 * loaded machines; the figure itself is in the README.
 */
import assert from "node:assert/strict";
import { PlatformClient } from "../../mod.ts";
import { waitFor } from "./_fake_files.ts";

const sanitize = { sanitizeOps: true, sanitizeResources: true };
/** Three times the promise, well under the old 1 s interval. */
const BOUND_MS = 750;

Deno.test({
  name: "Deno: a saved change is in force within 750 ms, saved in place or by rename",
  ...sanitize,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "gc-latency-" });
    try {
      const path = `${dir}/config`;
      await Deno.writeTextFile(path, "[retry]\nretry_max = 1\n");
      await using client = new PlatformClient({ configFilePath: path });
      await client.ready;
      const saves: [string, (text: string) => Promise<void>][] = [
        ["in place", (text) => Deno.writeTextFile(path, text)],
        ["by rename", async (text) => {
          await Deno.writeTextFile(`${dir}/config.tmp`, text);
          await Deno.rename(`${dir}/config.tmp`, path);
        }],
      ];
      for (const [n, [how, save]] of saves.entries()) {
        const retryMax = n + 2;
        const started = performance.now();
        await save(`[retry]\nretry_max = ${retryMax}\n`);
        await waitFor(() => client.config.values.retry.retryMax === retryMax, `save ${how}`);
        const took = performance.now() - started;
        assert.ok(took < BOUND_MS, `saved ${how}: in force after ${Math.round(took)} ms`);
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
