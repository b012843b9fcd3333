import assert from "node:assert/strict";
import { EXAMPLES } from "./_expectations.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

for (const example of EXAMPLES.filter((e) => e.runtimes.includes("deno"))) {
  Deno.test(
    `example (deno): ${example.file} ${(example.args ?? []).join(" ")}`.trim(),
    async () => {
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", ...(example.denoFlags ?? []), example.file, ...(example.args ?? [])],
        cwd: ROOT,
        stdout: "piped",
        stderr: "piped",
      }).output();
      const stdout = new TextDecoder().decode(out.stdout);
      const stderr = new TextDecoder().decode(out.stderr);
      assert.equal(out.code, 0, `${example.file} exited ${out.code}\n${stdout}\n${stderr}`);
      example.check(stdout, stderr);
    },
  );
}
