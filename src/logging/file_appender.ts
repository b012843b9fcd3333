/**
 * Appends log lines to a file in order, one write at a time, batching lines
 * that arrive while a write is in flight. Never throws into its caller: the
 * first failure is reported once on the console.
 *
 * @module
 */

/** Appends text to a file (see `FileAccess.append`). */
export type AppendFn = (path: string, text: string) => Promise<void>;

/**
 * An ordered, batching appender for one file.
 *
 * @example
 * ```ts
 * import { FileAppender } from "./file_appender.ts";
 * const lines: string[] = [];
 * const appender = new FileAppender("app.log", (_path, text) => {
 *   lines.push(text);
 *   return Promise.resolve();
 * });
 * appender.write("one");
 * appender.write("two");
 * await appender.flush();
 * console.log(lines.join("")); // "one\ntwo\n" (in one or two writes)
 * ```
 */
export class FileAppender {
  /** The file written to. */
  readonly path: string;
  readonly #append: AppendFn;
  #pending: string[] = [];
  #writing: Promise<void> | undefined;
  #failed = false;

  /** Creates an appender for `path` using `append`. */
  constructor(path: string, append: AppendFn) {
    this.path = path;
    this.#append = append;
  }

  /** Queues `line` (a newline is added). */
  write(line: string): void {
    this.#pending.push(line + "\n");
    this.#writing ??= this.#drain();
  }

  /** Resolves once every queued line has been written (or failed). */
  async flush(): Promise<void> {
    while (this.#writing) await this.#writing;
  }

  async #drain(): Promise<void> {
    try {
      while (this.#pending.length > 0) {
        const chunk = this.#pending.join("");
        this.#pending = [];
        try {
          await this.#append(this.path, chunk);
        } catch (error) {
          if (!this.#failed) {
            this.#failed = true;
            console.error(
              `genesys-cloud: cannot write log file ${this.path}: ${(error as Error)?.message}`,
            );
          }
        }
      }
    } finally {
      this.#writing = undefined;
    }
  }
}
