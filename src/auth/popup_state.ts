/**
 * Popup login settings and status listeners, as the official SDK's
 * `AuthPopupConfiguration` and `addAuthPopupStatusListener`.
 *
 * @module
 */

/** Progress of a popup login. */
export type AuthPopupStatus =
  | "INIT"
  | "ERROR"
  | "TIMEOUT"
  | "AUTHENTICATED"
  | "AUTH_ERROR"
  | "ABORTED"
  | "REDIRECTING";

/**
 * Receives popup login progress: the status, a human message and the popup's
 * identifier (16 random characters, one per popup).
 *
 * @example
 * ```ts
 * import type { AuthPopupStatusListener } from "./popup_state.ts";
 * const log: AuthPopupStatusListener = (status, message) => console.log(status, message);
 * ```
 */
export type AuthPopupStatusListener = (
  status: AuthPopupStatus,
  message: string,
  identifier?: string,
) => void;

/**
 * How `loginImplicitGrant` and `loginPKCEGrant` use a popup window. Field
 * names and defaults are the official SDK's.
 *
 * @example
 * ```ts
 * import type { AuthPopupConfiguration } from "./popup_state.ts";
 * const popup: AuthPopupConfiguration = { usePopup: true, popupTimeout: 60_000 };
 * ```
 */
export interface AuthPopupConfiguration {
  /** Log in in a popup instead of redirecting the page. Default false. */
  usePopup?: boolean;
  /** Milliseconds to wait for the popup's answer. Default 120000. */
  popupTimeout?: number;
  /** Post `{ name: "gc_auth_popup", type: "notify" }` to the popup every second. Default false. */
  notifyPopup?: boolean;
  /** Close the popup when done (success, error, timeout). Default true. */
  autoClosePopup?: boolean;
  /** Delay before closing it, in milliseconds. Default 3000. */
  autoClosePopupDelay?: number;
  /** `window.open` target. Default `_blank`. */
  popupTarget?: string;
  /** `window.open` features. Default `popup=true,width=800,height=700`. */
  popupWindowFeatures?: string;
  /** Open this URL instead of the login page (an intermediate page of yours). */
  overridePopupUrl?: string;
  /** Query parameters for `overridePopupUrl`. */
  overridePopupUrlParameters?: Record<string, string>;
  /** Also pass the login parameters (`client_id`, `redirect_uri`...) to `overridePopupUrl`. */
  overridePopupUrlAuthParameters?: boolean;
  /** On success, reload this page with the popup's query/hash instead of resolving. Default false. */
  useWindowReplace?: boolean;
  /** URL to load instead of the current page when `useWindowReplace` is set. */
  overrideWindowReplaceUri?: string;
  /** Reject a popup answer whose `identifier` differs from the popup's. Default false. */
  usePopupIdentifier?: boolean;
}

/** The official SDK's defaults. */
export const DEFAULT_AUTH_POPUP_CONFIGURATION: Readonly<AuthPopupConfiguration> =
  /* @__PURE__ */ Object.freeze({
    usePopup: false,
    popupTimeout: 120_000,
    notifyPopup: false,
    autoClosePopup: true,
    autoClosePopupDelay: 3_000,
    popupTarget: "_blank",
    popupWindowFeatures: "popup=true,width=800,height=700",
    overridePopupUrlAuthParameters: false,
    useWindowReplace: false,
    usePopupIdentifier: false,
  });

/**
 * A client's popup configuration, status listeners and the popup in progress.
 *
 * @example
 * ```ts
 * import { AuthPopupState } from "./popup_state.ts";
 * const popup = new AuthPopupState();
 * popup.update({ usePopup: true });
 * console.log(popup.merged({ popupTimeout: 5_000 }).popupTimeout); // 5000
 * ```
 */
export class AuthPopupState {
  #config: AuthPopupConfiguration = { ...DEFAULT_AUTH_POPUP_CONFIGURATION };
  #listeners: AuthPopupStatusListener[] = [];
  /** Cancels the popup in progress (set by the popup runner). */
  abortActive: ((reason: string) => void) | undefined;

  /** Replaces the configuration (unset fields take the defaults). */
  set(config: AuthPopupConfiguration): void {
    this.#config = { ...DEFAULT_AUTH_POPUP_CONFIGURATION, ...definedFields(config) };
  }

  /** Changes some fields of the configuration. */
  update(config: AuthPopupConfiguration): void {
    this.#config = { ...this.#config, ...definedFields(config) };
  }

  /** A copy of the configuration. */
  get(): AuthPopupConfiguration {
    return { ...this.#config };
  }

  /** The configuration with a login call's overrides applied. */
  merged(overrides: AuthPopupConfiguration | undefined): AuthPopupConfiguration {
    return { ...this.#config, ...definedFields(overrides ?? {}) };
  }

  /** Adds a status listener. */
  addListener(listener: AuthPopupStatusListener): void {
    if (typeof listener === "function") this.#listeners.push(listener);
  }

  /** Removes a status listener. */
  removeListener(listener: AuthPopupStatusListener): void {
    this.#listeners = this.#listeners.filter((l) => l !== listener);
  }

  /** Removes every status listener. */
  removeAllListeners(): void {
    this.#listeners = [];
  }

  /** Tells every listener; a throwing listener does not stop the others or the login. */
  emit(status: AuthPopupStatus, message: string, identifier?: string): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(status, message, identifier);
      } catch {
        // Listener errors belong to the application.
      }
    }
  }
}

function definedFields(config: AuthPopupConfiguration): AuthPopupConfiguration {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) if (v !== undefined) out[k] = v;
  return out as AuthPopupConfiguration;
}
