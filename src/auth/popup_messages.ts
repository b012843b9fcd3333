/**
 * What the login popup and the page that opened it say to each other, and
 * the options of `completeAuthPopup` (the popup side), kept apart from the
 * popup code (`popup.ts`, loaded with the browser-login feature).
 *
 * @module
 */

/** The message a popup redirect page posts to its opener. */
export interface AuthPopupMessage {
  /** Always `gc_auth_popup`. */
  name: "gc_auth_popup";
  /** `message` (popup to opener) or `notify` (opener to popup). */
  type: "message" | "notify";
  /** The popup's `location.hash`. */
  hash?: string;
  /** The popup's `location.search`. */
  search?: string;
  /** The identifier the opener sent in its notify message. */
  identifier?: string;
  /** Parameters already extracted, instead of `hash`/`search`. */
  auth?: Record<string, string>;
}

/** Options of `completeAuthPopup`. */
export interface CompleteAuthPopupOptions {
  /**
   * Origin of the page that opened the popup. Default: this page's origin.
   * `"*"` posts to any origin (only when the answer carries nothing secret to you).
   */
  targetOrigin?: string;
  /** Wait for the opener's notify message first (`notifyPopup: true`), and echo its identifier. */
  waitForNotify?: boolean;
}
