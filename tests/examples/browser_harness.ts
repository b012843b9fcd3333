/**
 * Headless Chromium for the example tests: playwright-core (from
 * `.tools/node_modules`) drives `/usr/bin/chromium` with a fresh user-data
 * dir, removed afterwards.
 *
 * @module
 */

import { createRequire } from "node:module";

const TOOLS = new URL("../../.tools/node_modules/", import.meta.url).pathname;

/** The parts of a playwright `Page` these tests use. */
export interface BrowserPage {
  goto(url: string): Promise<unknown>;
  reload(): Promise<unknown>;
  url(): string;
  waitForSelector(selector: string, options?: { timeout?: number }): Promise<unknown>;
  textContent(selector: string): Promise<string | null>;
  evaluate<T>(fn: () => T): Promise<T>;
  on(event: "console" | "pageerror", listener: (arg: { toString(): string }) => void): void;
}

interface BrowserContext {
  newPage(): Promise<BrowserPage>;
  close(): Promise<void>;
}

interface Chromium {
  launchPersistentContext(dir: string, options: Record<string, unknown>): Promise<BrowserContext>;
}

/** Chromium flags for a quiet, sandbox-less headless run. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Opens a page in a fresh headless Chromium, runs `fn`, then closes everything. */
export async function withPage<T>(
  fn: (page: BrowserPage, log: string[]) => Promise<T>,
): Promise<T> {
  const { chromium } = createRequire(TOOLS)("playwright-core") as { chromium: Chromium };
  const dir = await Deno.makeTempDir({ prefix: "chromium-profile-" });
  try {
    const context = await chromium.launchPersistentContext(dir, {
      executablePath: Deno.env.get("CHROMIUM") ?? "/usr/bin/chromium",
      headless: true,
      args: CHROMIUM_ARGS,
    });
    try {
      const page = await context.newPage();
      const log: string[] = [];
      page.on("console", (m) => log.push(`console: ${m.toString()}`));
      page.on("pageerror", (e) => log.push(`pageerror: ${e.toString()}`));
      return await fn(page, log);
    } finally {
      await context.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Waits until `body[data-state]` is `done` or `error` (10 s at most) and returns `#result` parsed. */
export async function pageResult<T>(page: BrowserPage, log: string[]): Promise<T> {
  try {
    await page.waitForSelector('body[data-state="done"], body[data-state="error"]', {
      timeout: 10_000,
    });
  } catch (error) {
    throw new Error(`the page did not finish (at ${page.url()}):\n${log.join("\n")}`, {
      cause: error,
    });
  }
  return JSON.parse((await page.textContent("#result")) ?? "null") as T;
}
