/**
 * Runs Stoplight Prism (installed by `.ci/tools.sh` into `.tools/`) as a mock
 * server of a definition, on 127.0.0.1 and a free port.
 *
 * @module
 */

import { join } from "node:path";

/** A running Prism. */
export interface Prism {
  /** Base URL, `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Stops the process and waits for it (and its output streams) to finish. */
  stop(): Promise<void>;
}

/** Keeps the last `limit` characters of a stream, reading it to the end. */
async function drain(stream: ReadableStream<Uint8Array>, keep: { text: string }, limit = 20_000) {
  const decoder = new TextDecoder();
  for await (const chunk of stream) {
    keep.text = (keep.text + decoder.decode(chunk, { stream: true })).slice(-limit);
  }
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/**
 * Starts `prism mock` on `definition` and polls until it answers HTTP, for at
 * most `readyWithinMs`. Throws, with Prism's last output, if it exits or does
 * not become ready in time.
 */
export async function startPrism(
  repoRoot: string,
  definition: string,
  readyWithinMs = 240_000,
): Promise<Prism> {
  const port = freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = new Deno.Command(join(repoRoot, ".tools/node_modules/.bin/prism"), {
    args: [
      "mock",
      "--host",
      "127.0.0.1",
      "--port",
      String(port),
      "--verboseLevel",
      "error",
      definition,
    ],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", FORCE_COLOR: "0" },
  }).spawn();
  const output = { text: "" };
  const drained = Promise.all([drain(child.stdout, output), drain(child.stderr, output)]);
  let exited = false;
  const status = child.status.then((s) => {
    exited = true;
    return s;
  });
  const stop = async () => {
    if (!exited) child.kill("SIGTERM");
    await status;
    await drained;
  };

  const deadline = Date.now() + readyWithinMs;
  while (Date.now() < deadline && !exited) {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), 5_000);
    try {
      const res = await fetch(`${url}/__prism_ready_probe__`, { signal: abort.signal });
      await res.body?.cancel();
      return { url, stop };
    } catch {
      // Not listening yet.
    } finally {
      clearTimeout(timer);
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  await stop();
  throw new Error(
    exited
      ? `prism exited before it was ready:\n${output.text}`
      : `prism was not ready within ${readyWithinMs} ms:\n${output.text}`,
  );
}
