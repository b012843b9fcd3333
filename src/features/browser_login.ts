/**
 * Installs the browser login flows (`loginImplicitGrant`, `loginPKCEGrant`,
 * redirect or popup, `logout`, and the popup settings and status listeners
 * of `set/update/getAuthPopupConfiguration` and `add/remove...AuthPopupStatusListener`)
 * in every `PlatformClient` of the program,
 * and exports `completeAuthPopup` for the popup's redirect page. The package
 * root installs it; import this module when the client comes from a per-API
 * entry point. The flows' own code loads at the first login.
 *
 * @example
 * ```ts ignore
 * import "@cxkit/genesys-cloud/browser-login";
 * import { PlatformClient, UsersApi } from "@cxkit/genesys-cloud/users";
 * const client = new PlatformClient({ environment: "mypurecloud.ie" });
 * await client.loginPKCEGrant("my-client-id", location.origin + "/app/");
 * console.log((await new UsersApi(client).getUsersMe()).name);
 * ```
 *
 * @module
 */

import { AuthPopupState } from "../auth/popup_state.ts";
import { PersistedTokenStore } from "../auth/persisted_store.ts";
import { type BrowserLoginFeature, installFeature } from "../client/plugins.ts";

export { completeAuthPopup } from "../auth/popup.ts";

/**
 * The browser login feature as installed; exported for programs that want to
 * name what they install.
 *
 * @example
 * ```ts
 * import { browserLoginFeature } from "@cxkit/genesys-cloud/browser-login";
 * console.log(typeof browserLoginFeature.loginPKCEGrant); // function
 * ```
 */
export const browserLoginFeature: BrowserLoginFeature = {
  async loginImplicitGrant(client, clientId, redirectUri, opts) {
    const browser = await import("../auth/browser.ts");
    return await browser.loginImplicitGrant(client, clientId, redirectUri, opts);
  },
  async loginPKCEGrant(client, clientId, redirectUri, opts, codeVerifier) {
    const browser = await import("../auth/browser.ts");
    return await browser.loginPKCEGrant(client, clientId, redirectUri, opts, codeVerifier);
  },
  async logout(client, logoutRedirectUri) {
    const browser = await import("../auth/browser.ts");
    return await browser.logout(client, logoutRedirectUri);
  },
  createPopupState() {
    return new AuthPopupState();
  },
  createPersistedStore(storage, owner) {
    return new PersistedTokenStore(storage, owner);
  },
};

installFeature("browserLogin", browserLoginFeature);
