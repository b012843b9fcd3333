/**
 * Runs every example under Deno and checks what it prints, and that it exits within 2 s of its
 * last output: a client must never keep the process alive after its work settles (a timer or
 * an abort listener left behind kept Deno alive for the call's whole time limit, 16 s).
 */
import assert from "node:assert/strict";
import { EXAMPLES } from "./_expectations.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

/** How long a process may live after its last output line. */
const EXIT_AFTER_LAST_OUTPUT_MS = 2_000;

/** Reads `stream` to its end, calling `onChunk` at each chunk; resolves with the text. */
async function drain(stream: ReadableStream<Uint8Array>, onChunk: () => void): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of stream) {
    onChunk();
    text += decoder.decode(chunk, { stream: true });
  }
  return text + decoder.decode();
}

for (const example of EXAMPLES.filter((e) => e.runtimes.includes("deno"))) {
  Deno.test(
    `example (deno): ${example.file} ${(example.args ?? []).join(" ")}`.trim(),
    async () => {
      const child = new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", ...(example.denoFlags ?? []), example.file, ...(example.args ?? [])],
        cwd: ROOT,
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      let lastOutput = performance.now();
      const seen = () => void (lastOutput = performance.now());
      const [stdout, stderr, status] = await Promise.all([
        drain(child.stdout, seen),
        drain(child.stderr, seen),
        child.status,
      ]);
      const lingered = performance.now() - lastOutput;
      assert.equal(status.code, 0, `${example.file} exited ${status.code}\n${stdout}\n${stderr}`);
      example.check(stdout, stderr);
      assert.ok(
        lingered < EXIT_AFTER_LAST_OUTPUT_MS,
        `${example.file} exited ${Math.round(lingered)} ms after its last output`,
      );
    },
  );
}
