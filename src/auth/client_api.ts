/**
 * What `PlatformClient` delegates its login methods to (internal barrel; the
 * public API is exported from the package root).
 *
 * @module
 */

export type { AuthData } from "./auth_data.ts";
export {
  authorizePKCEGrant,
  loginClientCredentialsGrant,
  loginCodeAuthorizationGrant,
  loginSaml2BearerGrant,
  refreshCodeAuthorizationGrant,
} from "./grants.ts";
export type { LoginImplicitGrantOptions, LoginPKCEGrantOptions } from "./login_options.ts";
export { computePKCECodeChallenge, generatePKCECodeVerifier } from "./pkce.ts";
export type { AuthPopupConfiguration, AuthPopupStatusListener } from "./popup_state.ts";
export type { TokenStore } from "./token_store.ts";
