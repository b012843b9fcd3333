/**
 * Runtime checks for the login flows: which grants may run where.
 *
 * @module
 */

import { UnsupportedRuntimeError } from "../base/errors.ts";

/** A window another window can talk to (a popup, or the opener). */
export interface WindowRef {
  /** Whether it was closed. */
  readonly closed: boolean;
  /** Closes it. */
  close(): void;
  /** Posts a message to it. */
  postMessage(message: unknown, targetOrigin: string): void;
}

/** The parts of a browser `window` the login flows use. */
export interface PageWindow {
  /** The page's location. */
  readonly location: {
    readonly href: string;
    readonly origin: string;
    readonly pathname: string;
    readonly search: string;
    readonly hash: string;
    replace(url: string): void;
  };
  /** The page's history. */
  readonly history: {
    readonly state: unknown;
    replaceState(data: unknown, unused: string, url?: string): void;
  };
  /** The window that opened this one, if any. */
  readonly opener: WindowRef | null;
  /** Opens a window. */
  open(url: string, target?: string, features?: string): WindowRef | null;
  /** Listens for `message` events. */
  addEventListener(type: "message", listener: (event: MessageEvent) => void): void;
  /** Stops listening for `message` events. */
  removeEventListener(type: "message", listener: (event: MessageEvent) => void): void;
}

/** A browser page. */
export interface BrowserPage {
  /** The page's `window`. */
  window: PageWindow;
}

/**
 * Whether the code runs in a browser page (`window` and `document` exist).
 * Deno, Bun, Node and Cloudflare Workers have neither.
 *
 * @example
 * ```ts
 * import { isBrowserPage } from "./runtime.ts";
 * console.log(isBrowserPage()); // false on a server
 * ```
 */
export function isBrowserPage(): boolean {
  const { window: page, document: doc } = globalThis as { window?: unknown; document?: unknown };
  return typeof page === "object" && page !== null && typeof doc === "object" && doc !== null;
}

/**
 * Throws an {@linkcode UnsupportedRuntimeError} when called in a browser page:
 * grants that need a client secret must never run where the secret would ship
 * to every visitor.
 *
 * @example
 * ```ts
 * import { assertServerRuntime } from "./runtime.ts";
 * assertServerRuntime("loginClientCredentialsGrant"); // no-op on a server
 * ```
 */
export function assertServerRuntime(method: string): void {
  if (isBrowserPage()) {
    throw new UnsupportedRuntimeError(
      `${method} needs a client secret, which must never ship to a browser page: use ` +
        "loginPKCEGrant or loginImplicitGrant there",
    );
  }
}

/**
 * Returns the page, or throws an {@linkcode UnsupportedRuntimeError} naming
 * `method` when there is no browser page (the redirect and popup flows need one).
 *
 * @example
 * ```ts
 * import { isBrowserPage, requireBrowserPage } from "./runtime.ts";
 * if (isBrowserPage()) console.log(requireBrowserPage("loginPKCEGrant").window.location.href);
 * ```
 */
export function requireBrowserPage(method: string): BrowserPage {
  if (!isBrowserPage()) {
    throw new UnsupportedRuntimeError(
      `${method} needs a browser page (window and document): it redirects the user to the ` +
        "Genesys Cloud login page. On a server use loginClientCredentialsGrant, " +
        "loginCodeAuthorizationGrant or authorizePKCEGrant.",
    );
  }
  return { window: (globalThis as unknown as { window: PageWindow }).window };
}
