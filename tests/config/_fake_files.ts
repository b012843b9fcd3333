/** An in-memory FileAccess for ConfigFileSource tests. */
import type { FileAccess } from "../../src/base/file_system.ts";

export interface FakeFiles extends FileAccess {
  write(path: string, text: string): void;
  remove(path: string): void;
  reads: number;
}

export function fakeFiles(home = "/home/me"): FakeFiles {
  const files = new Map<string, { text: string; version: number }>();
  let version = 0;
  const fake: FakeFiles = {
    runtime: "deno",
    separator: "/",
    reads: 0,
    readText(path) {
      fake.reads++;
      const file = files.get(path);
      if (!file) {
        return Promise.reject(Object.assign(new Error(`no such file ${path}`), { code: "ENOENT" }));
      }
      return Promise.resolve(file.text);
    },
    stat(path) {
      const file = files.get(path);
      return Promise.resolve(file ? { stamp: `v${file.version}`, kind: "file" } : undefined);
    },
    append: undefined,
    watch: undefined,
    homeDir: () => home,
    mayRead: () => true,
    write(path, text) {
      files.set(path, { text, version: ++version });
    },
    remove(path) {
      files.delete(path);
    },
  };
  return fake;
}

/** Polls `check` every 10 ms until it returns true; fails after `limitMs`. */
export async function waitFor(check: () => boolean, what: string, limitMs = 5_000): Promise<void> {
  for (let waited = 0; !check(); waited += 10) {
    if (waited >= limitMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
