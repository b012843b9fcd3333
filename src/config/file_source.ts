/**
 * Feeds a config file into a {@linkcode Configuration}'s file layer and keeps
 * it current.
 *
 * - Which file: `configFilePath` when set, else `$HOME/.genesyscloudts/config`
 *   (`%USERPROFILE%` on Windows). A missing default file is fine (nothing is
 *   loaded); a missing explicit path is an error.
 * - Nothing is read until the client is first used (or `ready` is awaited):
 *   a client that is made and never used does no I/O at all.
 * - Only a regular file is read. A FIFO, socket, device or directory at the
 *   path is a {@linkcode ConfigFileError} naming what it is (reading a FIFO
 *   waits for a writer, a device may never end). Every `stat` and read has a
 *   time limit (5 s): a read that overruns it is cancelled (Deno) or
 *   abandoned (Bun), and no other `stat` or read starts while an overrun one
 *   has not returned. `close()` never waits for one. (A `stat` stuck in the
 *   kernel, as on a dead network mount, cannot be cancelled: Deno waits for
 *   it before the process exits.)
 * - Live reload (`liveReloadConfig`, default on): a cheap `stat` every
 *   100 ms (Deno `Deno.stat`, Bun `Bun.file().stat()`) from an unref'd
 *   interval, so a change, a replacement (editors that save by renaming) or a
 *   file created after start-up is in force about 0.1 to 0.2 s after it is
 *   saved, and the timer never keeps the process alive. The interval runs
 *   only while a file is in play: an explicit `configFilePath` (checked even
 *   before it exists), or the default file when it existed at first use. A
 *   client with no config file therefore has no timer, so it never trips
 *   Deno's test sanitizers; a client with a file stops its timer on
 *   `close()`. A default file created after start-up is found by a check
 *   before each request (at most once per interval), after which the timer
 *   takes over. `Deno.watchFs` is not used: in Deno 2.9 its watcher thread
 *   opens the path of every event to compare it with the watched one, so a
 *   FIFO appearing in the watched directory blocks that thread for good, and
 *   with it the process's exit and any later `Deno.watchFs` call.
 * - A changed file is applied only once it has not changed for 100 ms (the
 *   settle time) and did not change while it was read, so a save that
 *   truncates and then writes is not read half-way.
 * - On reload, an empty (blank) file is never applied: the last good
 *   configuration stays, with a warning. A reload that changes the API or
 *   login host (scheme, host or port) is applied and reported as an error
 *   naming the old and new host, since tokens now go there.
 * - A file that cannot be used (bad syntax, unknown key, invalid value) is
 *   rejected whole with one reported error; the last good configuration stays
 *   in force. A file that disappears leaves the last configuration in force.
 *
 * @module
 */

import type { ConfigurationError } from "../base/errors.ts";
import type { BaseUrls } from "../base/regions.ts";
import type { Configuration } from "./configuration.ts";
import type { ConfigReportLevel } from "./plugin.ts";
import { ConfigFileError, parseConfigFile } from "./config_file.ts";
import {
  defaultConfigPath,
  type FileAccess,
  fileAccess,
  type FileInfo,
  type FileStamp,
} from "../base/file_system.ts";

/** Options of {@linkcode ConfigFileSource}. */
export interface ConfigFileSourceOptions {
  /**
   * Receives one message per rejected or empty file version, per failed
   * check and per host change, with its level. Default: `console.warn` or
   * `console.error`.
   */
  report?: (message: string, level: ConfigReportLevel) => void;
  /** File access to use; default the runtime's ({@linkcode fileAccess}). */
  files?: FileAccess;
  /** How often to check the file, ms. Default 100. */
  pollIntervalMs?: number;
  /** How long a changed file must stay unchanged before it is read, ms. Default 100. */
  settleMs?: number;
  /** Time limit of each `stat` and read, ms. Default 5000. */
  ioTimeoutMs?: number;
}

/** A version of the file read whole, or the reason it cannot be used. */
type Version = { info: FileInfo; text: string; error?: undefined } | {
  info: FileInfo;
  error: ConfigFileError;
};

/** How long `close()` (or a path change) lets a `stat` or read in flight finish, ms. */
const STOP_GRACE_MS = 100;

/** Thrown into work in flight when `close()` or a path change stops it. */
class Stopped extends Error {}

/**
 * Loads the config file into `config` and, with live reload on, keeps it
 * current until {@linkcode ConfigFileSource.close}.
 *
 * @example
 * ```ts
 * import { Configuration } from "./configuration.ts";
 * import { ConfigFileSource } from "./file_source.ts";
 * const config = new Configuration({ liveReloadConfig: false });
 * const source = new ConfigFileSource(config);
 * await source.ready.catch((e) => console.log(e.message));
 * await source.close();
 * ```
 */
export class ConfigFileSource {
  #ready: Promise<void> | undefined;
  readonly #config: Configuration;
  readonly #files: FileAccess | undefined;
  readonly #report: (message: string, level: ConfigReportLevel) => void;
  readonly #intervalMs: number;
  readonly #settleMs: number;
  readonly #ioTimeoutMs: number;
  readonly #unsubscribe: () => void;
  #path: string | undefined;
  #explicit = false;
  /** The version last dealt with: `null` before the first look, `undefined` when missing. */
  #stamp: FileStamp | undefined | null = null;
  #applied: string | undefined;
  #error: ConfigurationError | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #busy: Promise<void> | undefined;
  #checking = false;
  #again = false;
  /** Aborted by `close()` and by a path change: stops waits and reads in flight. */
  #stop = new AbortController();
  /** A `stat` or read that overran its time limit and has not returned yet. */
  #stuck: Promise<void> | undefined;
  /** The last failed check reported, so that it is reported once. */
  #checkProblem: string | undefined;
  #closed = false;
  #lastCheck = 0;
  #loaded = false;

  /** Starts loading `config`'s file (see the module notes for which file). */
  constructor(config: Configuration, options: ConfigFileSourceOptions = {}) {
    this.#config = config;
    this.#files = options.files ?? fileAccess();
    this.#report = options.report ??
      ((message, level) => level === "warn" ? console.warn(message) : console.error(message));
    this.#intervalMs = options.pollIntervalMs ?? 100;
    this.#settleMs = options.settleMs ?? 100;
    this.#ioTimeoutMs = options.ioTimeoutMs ?? 5_000;
    this.#resolveTarget();
    this.#unsubscribe = config.onChange(() => this.#onConfigChange());
  }

  /**
   * Settles when the first load is done (starting it on first access);
   * rejects with its error when the file is unusable.
   */
  get ready(): Promise<void> {
    if (this.#ready === undefined) {
      this.#ready = this.#run(() => this.#load());
      this.#ready.catch(() => {}).finally(() => {
        this.#loaded = true;
        this.#lastCheck = Date.now();
        this.#schedule();
      }).catch(() => {});
    }
    return this.#ready;
  }

  /**
   * Whether a request can go ahead without awaiting anything here: the first
   * load is done, no check on use is due, and the file is not in error.
   */
  get current(): boolean {
    return this.#loaded && this.#error === undefined &&
      (this.#timer !== undefined || this.#closed || !this.#config.values.liveReloadConfig ||
        !this.#path || Date.now() - this.#lastCheck < this.#intervalMs);
  }

  /**
   * Called before each request. While no timer watches (the default file did
   * not exist at first use), checks the file at most once per interval, so a
   * file created later is in force for the next call, with no timer running.
   */
  async checkOnUse(): Promise<void> {
    if (this.#timer !== undefined || this.#closed || this.#ready === undefined) return;
    if (!this.#config.values.liveReloadConfig || !this.#path || !this.#files) return;
    const now = Date.now();
    if (now - this.#lastCheck < this.#intervalMs) return;
    this.#lastCheck = now;
    await this.#run(() => this.#poll()).catch(() => {});
    this.#schedule();
  }

  /** The file being read, if any. */
  get path(): string | undefined {
    return this.#path;
  }

  /**
   * Set while the file could not be used and no good version has been loaded
   * since start-up (or since the path changed): calls should fail with it.
   */
  get error(): ConfigurationError | undefined {
    return this.#error;
  }

  /** Whether the file is being watched for changes. */
  get watching(): boolean {
    return this.#timer !== undefined;
  }

  /**
   * Stops watching and waits for the work in flight, which stops at once (a
   * read is cancelled; a `stat` or read that has not returned within 0.1 s
   * is left behind, not waited for). Idempotent.
   */
  async close(): Promise<void> {
    this.#closed = true;
    this.#unsubscribe();
    this.#stopTimer();
    this.#stop.abort();
    while (this.#busy) await this.#busy;
  }

  #resolveTarget(): void {
    const explicit = this.#config.values.configFilePath;
    this.#explicit = explicit !== undefined;
    if (explicit !== undefined) this.#path = explicit;
    else if (this.#files) {
      const path = defaultConfigPath(this.#files);
      this.#path = path && this.#files.mayRead(path) ? path : undefined;
    } else this.#path = undefined;
  }

  /** Runs `task` as the single operation in flight. */
  #run(task: () => Promise<void>): Promise<void> {
    const previous = this.#busy ?? Promise.resolve();
    const next = previous.catch(() => {}).then(task);
    const tracked: Promise<void> = next.catch(() => {}).finally(() => {
      if (this.#busy === tracked) this.#busy = undefined;
    });
    this.#busy = tracked;
    return next;
  }

  /** First load (or load after a path change): failures become {@linkcode error}. */
  async #load(): Promise<void> {
    const path = this.#path;
    const files = this.#files;
    if (!path || !files || this.#closed) return;
    const signal = this.#stop.signal;
    let version: Version | undefined;
    try {
      const info = await this.#stat(path, files, signal);
      version = info && await this.#readStable(path, files, info, signal, false);
    } catch (cause) {
      if (signal.aborted) return;
      this.#fail(unreadable(path, cause));
      throw this.#error;
    }
    this.#stamp = version?.info.stamp;
    if (version === undefined) {
      if (this.#explicit) {
        this.#fail(new ConfigFileError({ file: path }, "config file not found"));
        throw this.#error;
      }
      return;
    }
    const error = version.error ?? this.#use(path, version.text, false);
    if (error) {
      this.#fail(error);
      throw error;
    }
  }

  /** One live-reload check: when the file's stamp changed, reads it once it is stable. */
  async #poll(): Promise<void> {
    const path = this.#path;
    const files = this.#files;
    if (!path || !files || this.#closed || this.#stuck) return;
    const signal = this.#stop.signal;
    let version: Version | undefined;
    try {
      const info = await this.#stat(path, files, signal);
      if (info?.stamp === this.#stamp) {
        this.#checkProblem = undefined;
        return;
      }
      version = info && await this.#readStable(path, files, info, signal, true);
    } catch (cause) {
      if (signal.aborted || path !== this.#path) return;
      const error = unreadable(path, cause);
      if (error.message === this.#checkProblem) return;
      this.#checkProblem = error.message;
      if (this.#error) this.#error = error;
      this.#report(
        `genesys-cloud: config file check failed, keeping the last good configuration: ` +
          error.message,
        "error",
      );
      return;
    }
    if (this.#closed || path !== this.#path) return;
    this.#checkProblem = undefined;
    this.#stamp = version?.info.stamp;
    if (version === undefined) return;
    if (version.error) return this.#rejected(version.error);
    if (version.text.replace(/^\uFEFF/, "").trim() === "") return this.#empty(path, version.text);
    const error = this.#use(path, version.text, true);
    if (error) this.#rejected(error);
  }

  /**
   * Reads the file `info` describes once it is stable: unchanged over the
   * read and (when `settle`, and always after a change seen) for the settle
   * time before it. `undefined` when the file went away.
   */
  async #readStable(
    path: string,
    files: FileAccess,
    info: FileInfo,
    signal: AbortSignal,
    settle: boolean,
  ): Promise<Version | undefined> {
    let seen = info;
    for (;;) {
      if (settle) {
        await sleep(this.#settleMs, signal);
        const now = await this.#stat(path, files, signal);
        if (now === undefined) return undefined;
        if (now.stamp !== seen.stamp) {
          seen = now; // still changing
          continue;
        }
      }
      settle = true;
      if (seen.kind !== "file") {
        const what = seen.kind === "other"
          ? "is not a regular file"
          : `is ${/^[aeiou]/i.test(seen.kind) ? "an" : "a"} ${seen.kind}, not a regular file`;
        return { info: seen, error: new ConfigFileError({ file: path }, what) };
      }
      let text: string;
      try {
        text = await this.#limited(path, "read", (cut) => files.readText(path, cut), signal);
      } catch (cause) {
        if (cause instanceof Stopped || cause instanceof ConfigFileError) throw cause;
        return { info: seen, error: unreadable(path, cause) };
      }
      const after = await this.#stat(path, files, signal);
      if (after === undefined) return undefined;
      if (after.stamp === seen.stamp) return { info: seen, text };
      seen = after; // changed while it was read
    }
  }

  #stat(path: string, files: FileAccess, signal: AbortSignal): Promise<FileInfo | undefined> {
    return this.#limited(path, "stat", () => files.stat(path), signal);
  }

  /**
   * Runs one `stat` or read under the time limit. An overrun is a
   * {@linkcode ConfigFileError}; the operation is cancelled where it can be
   * and, until it returns, no other starts. `signal` (close, path change)
   * stops the wait with {@linkcode Stopped}.
   */
  #limited<T>(
    path: string,
    what: string,
    start: (cut: AbortSignal) => Promise<T>,
    signal: AbortSignal,
  ): Promise<T> {
    if (signal.aborted) return Promise.reject(new Stopped());
    if (this.#stuck) {
      return Promise.reject(
        new ConfigFileError({ file: path }, "an earlier stat or read has not returned yet"),
      );
    }
    const cut = new AbortController();
    let work: Promise<T>;
    try {
      work = start(cut.signal);
    } catch (error) {
      return Promise.reject(error);
    }
    const returned = work.then(() => true, () => true);
    return new Promise<T>((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", stop);
      };
      const stop = () => {
        settle();
        cut.abort();
        // A stat or read in flight normally ends within microseconds (a cut read at once):
        // waiting for it leaves nothing running after close(). One that hangs is left behind.
        let grace: ReturnType<typeof setTimeout> | undefined;
        const late = new Promise<false>((go) => grace = setTimeout(() => go(false), STOP_GRACE_MS));
        Promise.race([returned, late]).then((back) => {
          clearTimeout(grace);
          if (!back) this.#hold(returned);
          reject(new Stopped());
        });
      };
      const timer = setTimeout(() => {
        settle();
        cut.abort();
        this.#hold(returned);
        reject(
          new ConfigFileError(
            { file: path },
            `${what} did not finish within ${this.#ioTimeoutMs} ms`,
          ),
        );
      }, this.#ioTimeoutMs);
      signal.addEventListener("abort", stop, { once: true });
      work.then((value) => {
        settle();
        resolve(value);
      }, (error) => {
        settle();
        reject(error);
      });
    });
  }

  /** Starts no other `stat` or read until `returned` settles. */
  #hold(returned: Promise<unknown>): void {
    const stuck: Promise<void> = returned.then(() => {
      if (this.#stuck === stuck) this.#stuck = undefined;
    });
    this.#stuck = stuck;
  }

  /** Parses and applies `text`; returns the error instead of throwing. */
  #use(path: string, text: string, reload: boolean): ConfigurationError | undefined {
    if (text === this.#applied && this.#error === undefined) return undefined;
    const before = this.#config.urls;
    try {
      const settings = parseConfigFile(text, path);
      this.#config.replaceFileLayer(settings);
    } catch (error) {
      if (error instanceof ConfigFileError) return error;
      return new ConfigFileError({ file: path }, message(error), { cause: error });
    }
    this.#applied = text;
    this.#error = undefined;
    if (reload) this.#reportHostChange(path, before, this.#config.urls);
    return undefined;
  }

  /** A blank version on reload: kept out, with a warning. */
  #empty(path: string, text: string): void {
    if (text === this.#applied && this.#error === undefined) return;
    if (this.#error) this.#error = new ConfigFileError({ file: path }, "is empty");
    this.#report(
      `genesys-cloud: config file ${path} is empty, keeping the last good configuration`,
      "warn",
    );
  }

  #reportHostChange(path: string, before: BaseUrls, after: BaseUrls): void {
    const changes: string[] = [];
    for (const [name, key] of [["API", "api"], ["login", "login"]] as const) {
      const from = origin(before[key]);
      const to = origin(after[key]);
      if (from !== to) changes.push(`the ${name} host from ${from} to ${to}`);
    }
    if (changes.length === 0) return;
    this.#report(
      `genesys-cloud: config file ${path} changed ${changes.join(" and ")}; ` +
        `requests and tokens now go there`,
      "error",
    );
  }

  #rejected(error: ConfigurationError): void {
    if (this.#error) this.#error = error;
    this.#report(
      `genesys-cloud: config file rejected, keeping the last good configuration: ${error.message}`,
      "error",
    );
  }

  #fail(error: ConfigurationError): void {
    this.#error = error;
    this.#report(`genesys-cloud: config file rejected: ${error.message}`, "error");
  }

  #onConfigChange(): void {
    if (this.#closed) return;
    const before = this.#path;
    this.#resolveTarget();
    if (this.#path !== before) {
      this.#stopTimer();
      this.#stop.abort();
      this.#stop = new AbortController();
      this.#stamp = null;
      this.#applied = undefined;
      this.#error = undefined;
      this.#checkProblem = undefined;
      // The old file's settings go with it, whether or not the new path holds a file.
      this.#config.replaceFileLayer({});
      if (this.#path === undefined) return;
      if (this.#ready === undefined) return; // not used yet: the first use loads it
      this.#run(() => this.#load()).catch(() => {}).finally(() => this.#schedule());
      return;
    }
    this.#schedule();
  }

  /** Starts or stops the interval to match `liveReloadConfig`. */
  #schedule(): void {
    const inPlay = this.#explicit || (this.#stamp !== null && this.#stamp !== undefined);
    const wanted = !this.#closed && this.#ready !== undefined && this.#path !== undefined &&
      this.#files !== undefined && inPlay && this.#config.values.liveReloadConfig;
    if (!wanted) {
      this.#stopTimer();
      return;
    }
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => this.#check(), this.#intervalMs);
    unrefTimer(this.#timer);
  }

  /**
   * Runs a check now, or once more after the one in flight (which may be
   * waiting for the file to settle): checks never pile up.
   */
  #check(): void {
    if (this.#closed) return;
    if (this.#checking) {
      this.#again = true;
      return;
    }
    this.#checking = true;
    this.#run(async () => {
      try {
        do {
          this.#again = false;
          await this.#poll();
        } while (this.#again && !this.#closed);
      } finally {
        this.#checking = false;
      }
    }).catch(() => {});
  }

  #stopTimer(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}

/** Waits `ms`; `signal` ends the wait early with {@linkcode Stopped}. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Stopped());
    const stop = () => {
      clearTimeout(timer);
      reject(new Stopped());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", stop);
      resolve();
    }, ms);
    signal.addEventListener("abort", stop, { once: true });
  });
}

/** Lets the process exit while `timer` is pending (Deno, Bun, Node); no-op elsewhere. */
function unrefTimer(timer: ReturnType<typeof setInterval>): void {
  const deno = (globalThis as { Deno?: { unrefTimer?(id: number): void } }).Deno;
  if (typeof timer === "number" && typeof deno?.unrefTimer === "function") {
    deno.unrefTimer(timer);
  } else if (typeof (timer as { unref?: unknown })?.unref === "function") {
    (timer as unknown as { unref(): void }).unref();
  }
}

/** `cause` as a {@linkcode ConfigFileError} about `path`. */
function unreadable(path: string, cause: unknown): ConfigFileError {
  if (cause instanceof ConfigFileError) return cause;
  return new ConfigFileError({ file: path }, `cannot be read: ${message(cause)}`, { cause });
}

/** The scheme, host and port of `url`, where requests go. */
function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
