/**
 * Feeds a config file into a {@linkcode Configuration}'s file layer and keeps
 * it current.
 *
 * - Which file: `configFilePath` when set, else `$HOME/.genesyscloudts/config`
 *   (`%USERPROFILE%` on Windows). A missing default file is fine (nothing is
 *   loaded); a missing explicit path is an error.
 * - Nothing is read until the client is first used (or `ready` is awaited):
 *   a client that is made and never used does no I/O at all.
 * - Live reload (`liveReloadConfig`, default on): the file is checked once a
 *   second with a cheap `stat` (Deno `Deno.stat`, Bun `Bun.file().stat()`)
 *   from an unref'd interval, so a change, a replacement (editors that save by
 *   renaming) or a file created after start-up is in force within about a
 *   second and the timer never keeps the process alive. The interval runs only
 *   while a file is in play: an explicit `configFilePath` (watched even before
 *   it exists), or the default file when it existed at first use. A client
 *   with no config file therefore has no timer, so it never trips Deno's test
 *   sanitizers; a client with a file stops its timer on `close()`. A default
 *   file created after start-up is found by a check before each request (at
 *   most once per interval), after which the timer takes over.
 *   `Deno.watchFs` is not used: its pending read holds Deno's event loop open,
 *   its public type has no `unref`, and it needs the directory to exist.
 * - A file that cannot be used (bad syntax, unknown key, invalid value) is
 *   rejected whole with one reported error; the last good configuration stays
 *   in force. A file that disappears leaves the last configuration in force.
 *
 * @module
 */

import type { ConfigurationError } from "../base/errors.ts";
import type { Configuration } from "./configuration.ts";
import { ConfigFileError, parseConfigFile } from "./config_file.ts";
import {
  defaultConfigPath,
  type FileAccess,
  fileAccess,
  type FileStamp,
} from "../base/file_system.ts";

/** Options of {@linkcode ConfigFileSource}. */
export interface ConfigFileSourceOptions {
  /** Receives one message per rejected file version. */
  report?: (message: string) => void;
  /** File access to use; default the runtime's ({@linkcode fileAccess}). */
  files?: FileAccess;
  /** How often to check the file, ms. Default 1000. */
  pollIntervalMs?: number;
}

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
  readonly #report: (message: string) => void;
  readonly #intervalMs: number;
  readonly #unsubscribe: () => void;
  #path: string | undefined;
  #explicit = false;
  #stamp: FileStamp | undefined | null = null;
  #applied: string | undefined;
  #error: ConfigurationError | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #busy: Promise<void> | undefined;
  #closed = false;
  #lastCheck = 0;
  #loaded = false;

  /** Starts loading `config`'s file (see the module notes for which file). */
  constructor(config: Configuration, options: ConfigFileSourceOptions = {}) {
    this.#config = config;
    this.#files = options.files ?? fileAccess();
    this.#report = options.report ?? ((message) => console.error(message));
    this.#intervalMs = options.pollIntervalMs ?? 1_000;
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

  /** Stops watching and waits for any read in flight. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#unsubscribe();
    this.#stopTimer();
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
    let stamp: FileStamp | undefined;
    try {
      stamp = await files.stamp(path);
    } catch (cause) {
      this.#fail(
        new ConfigFileError({ file: path }, `cannot be read: ${message(cause)}`, { cause }),
      );
      throw this.#error;
    }
    this.#stamp = stamp;
    if (stamp === undefined) {
      if (this.#explicit) {
        this.#fail(new ConfigFileError({ file: path }, "config file not found"));
        throw this.#error;
      }
      return;
    }
    const error = await this.#apply(path, files);
    if (error) {
      this.#fail(error);
      throw error;
    }
  }

  /** One live-reload check: re-reads the file when its stamp changed. */
  async #poll(): Promise<void> {
    const path = this.#path;
    const files = this.#files;
    if (!path || !files || this.#closed) return;
    let stamp: FileStamp | undefined;
    try {
      stamp = await files.stamp(path);
    } catch {
      return;
    }
    if (stamp === this.#stamp) return;
    this.#stamp = stamp;
    if (stamp === undefined || this.#closed) return;
    const error = await this.#apply(path, files);
    if (error) {
      if (this.#error) this.#error = error;
      this.#report(
        `genesys-cloud: config file rejected, keeping the last good configuration: ${error.message}`,
      );
    }
  }

  /** Reads, parses and applies the file; returns the error instead of throwing. */
  async #apply(path: string, files: FileAccess): Promise<ConfigurationError | undefined> {
    let text: string;
    try {
      text = await files.readText(path);
    } catch (cause) {
      return new ConfigFileError({ file: path }, `cannot be read: ${message(cause)}`, { cause });
    }
    if (this.#closed || path !== this.#path) return undefined;
    if (text === this.#applied && this.#error === undefined) return undefined;
    try {
      const settings = parseConfigFile(text, path);
      this.#config.replaceFileLayer(settings);
    } catch (error) {
      if (error instanceof ConfigFileError) return error;
      return new ConfigFileError({ file: path }, message(error), { cause: error });
    }
    this.#applied = text;
    this.#error = undefined;
    return undefined;
  }

  #fail(error: ConfigurationError): void {
    this.#error = error;
    this.#report(`genesys-cloud: config file rejected: ${error.message}`);
  }

  #onConfigChange(): void {
    if (this.#closed) return;
    const before = this.#path;
    this.#resolveTarget();
    if (this.#path !== before) {
      this.#stopTimer();
      this.#stamp = null;
      this.#applied = undefined;
      this.#error = undefined;
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
    this.#timer = setInterval(() => {
      if (this.#busy) return;
      this.#run(() => this.#poll()).catch(() => {});
    }, this.#intervalMs);
    unrefTimer(this.#timer);
  }

  #stopTimer(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }
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

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
