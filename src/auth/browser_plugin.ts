/**
 * The browser-login plugin's interface: implicit and PKCE grants by redirect
 * or popup, logout, and the state those keep.
 *
 * @module
 */

import type { AuthData } from "./auth_data.ts";
import type { BrowserLoginHost } from "./browser.ts";
import type { LoginImplicitGrantOptions, LoginPKCEGrantOptions } from "./login_options.ts";
import type { BrowserStatePlugin } from "./session.ts";

/**
 * Browser login flows, registered by `@cxkit/genesys-cloud/browser-login`.
 *
 * @example
 * ```ts
 * import type { BrowserLoginPlugin } from "./browser_plugin.ts";
 * const popups = (plugin: BrowserLoginPlugin) => plugin.createPopupState();
 * ```
 */
export interface BrowserLoginPlugin extends BrowserStatePlugin {
  /** Always `"browserLogin"`. */
  readonly name: "browserLogin";
  /** See `PlatformClient.loginImplicitGrant`. */
  loginImplicitGrant(
    host: BrowserLoginHost,
    clientId: string,
    redirectUri: string,
    opts?: LoginImplicitGrantOptions,
  ): Promise<AuthData>;
  /** See `PlatformClient.loginPKCEGrant`. */
  loginPKCEGrant(
    host: BrowserLoginHost,
    clientId: string,
    redirectUri: string,
    opts?: LoginPKCEGrantOptions,
    codeVerifier?: string,
  ): Promise<AuthData>;
  /** See `PlatformClient.logout`. */
  logout(host: BrowserLoginHost, logoutRedirectUri?: string): Promise<void>;
}
