/** An in-memory FileAccess for ConfigFileSource tests. */
import type { FileAccess, FileInfo } from "../../src/base/file_system.ts";

export interface FakeFiles extends FileAccess {
  write(path: string, text: string): void;
  remove(path: string): void;
  reads: number;
  /** While set, each `stat` / read waits (a read until cancelled) until {@linkcode release}. */
  hang: { stat: boolean; read: boolean };
  /** Reads cancelled through their signal. */
  cancelled: number;
  /** Lets every waiting `stat` and read go on (a read then fails, as after a timeout). */
  release(): void;
  /** Called with what each `stat` returns, before the caller sees it. */
  onStat?: (path: string, info: FileInfo | undefined) => void;
}

export function fakeFiles(home = "/home/me"): FakeFiles {
  const files = new Map<string, { text: string; version: number }>();
  const waiting = new Set<() => void>();
  let version = 0;
  const info = (path: string): FileInfo | undefined => {
    const file = files.get(path);
    return file ? { stamp: `v${file.version}`, kind: "file" } : undefined;
  };
  const held = (go: () => void) => waiting.add(go);
  const fake: FakeFiles = {
    runtime: "deno",
    separator: "/",
    reads: 0,
    cancelled: 0,
    hang: { stat: false, read: false },
    readText(path, signal) {
      fake.reads++;
      if (fake.hang.read) {
        return new Promise((_, reject) => {
          const fail = () => reject(new Error(`read of ${path} was cut off`));
          signal?.addEventListener("abort", () => {
            fake.cancelled++;
            waiting.delete(fail);
            fail();
          }, { once: true });
          held(fail);
        });
      }
      const file = files.get(path);
      if (!file) {
        return Promise.reject(Object.assign(new Error(`no such file ${path}`), { code: "ENOENT" }));
      }
      return Promise.resolve(file.text);
    },
    stat(path) {
      const answer = () => {
        const found = info(path);
        fake.onStat?.(path, found);
        return found;
      };
      if (fake.hang.stat) return new Promise((resolve) => held(() => resolve(answer())));
      return Promise.resolve(answer());
    },
    append: undefined,
    homeDir: () => home,
    mayRead: () => true,
    write(path, text) {
      files.set(path, { text, version: ++version });
    },
    remove(path) {
      files.delete(path);
    },
    release() {
      fake.hang = { stat: false, read: false };
      for (const go of waiting) go();
      waiting.clear();
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

/**
 * `promise`'s outcome, or a failure naming `what` when it has not settled
 * after `limitMs` (`onLate` runs first, to free what it waits for).
 */
export async function within<T>(
  promise: Promise<T>,
  limitMs: number,
  what: string,
  onLate?: () => unknown,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<"late">((resolve) => timer = setTimeout(() => resolve("late"), limitMs));
  try {
    const first = await Promise.race([promise.then((value) => ({ value })), late]);
    if (first !== "late") return first.value;
  } finally {
    clearTimeout(timer);
  }
  await onLate?.();
  await promise.catch(() => {});
  throw new Error(`${what} did not settle within ${limitMs} ms`);
}
