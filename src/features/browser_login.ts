/**
 * Browser logins for `PlatformClient`: the implicit and PKCE grants by
 * redirect or popup, `logout`, popup settings and `setPersistSettings`.
 * Importing this entry point registers {@linkcode browserLoginPlugin} for
 * every client made afterwards; the flows' code loads when a login starts.
 *
 * @example
 * ```ts
 * import { PlatformClient } from "../../mod.ts";
 * import { browserLoginPlugin } from "./browser_login.ts";
 * const client = new PlatformClient({ plugins: [browserLoginPlugin] });
 * console.log(client.getAuthPopupConfiguration().usePopup); // false
 * ```
 *
 * @module
 */

import type { BrowserLoginPlugin } from "../auth/browser_plugin.ts";
import { AuthPopupState } from "../auth/popup_state.ts";
import { PersistedTokenStore } from "../auth/persisted_store.ts";
import { registerPlugin } from "../client/plugins.ts";

export { completeAuthPopup } from "../auth/popup.ts";

/**
 * The browser-login plugin.
 *
 * @example
 * ```ts
 * import { browserLoginPlugin } from "./browser_login.ts";
 * console.log(browserLoginPlugin.name); // browserLogin
 * ```
 */
export const browserLoginPlugin: BrowserLoginPlugin = {
  name: "browserLogin",
  entryPoint: "@cxkit/genesys-cloud/browser-login",
  async loginImplicitGrant(host, clientId, redirectUri, opts) {
    const browser = await import("../auth/browser.ts");
    return await browser.loginImplicitGrant(host, clientId, redirectUri, opts);
  },
  async loginPKCEGrant(host, clientId, redirectUri, opts, codeVerifier) {
    const browser = await import("../auth/browser.ts");
    return await browser.loginPKCEGrant(host, clientId, redirectUri, opts, codeVerifier);
  },
  async logout(host, logoutRedirectUri) {
    const browser = await import("../auth/browser.ts");
    return await browser.logout(host, logoutRedirectUri);
  },
  createPopupState() {
    return new AuthPopupState();
  },
  createPersistedStore(storage, owner) {
    return new PersistedTokenStore(storage, owner);
  },
};

registerPlugin(browserLoginPlugin);
