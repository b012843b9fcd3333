/**
 * The body of a web deployment code exchange
 * (`postWebdeploymentsTokenOauthcodegrantjwtexchange`), kept apart from the
 * JWT session code (`web_deployment.ts`).
 *
 * @module
 */

/** The `oauth` part of a code exchange (`WebDeploymentsOAuthRequestParameters`). */
export interface WebDeploymentOAuthParameters {
  /** The authorization code from your identity provider. */
  code: string;
  /** The redirect URI of the authentication request. */
  redirectUri: string;
  /** The nonce of the authentication request, if one was sent. */
  nonce?: string;
  /** The `max_age` of the authentication request, if one was sent. */
  maxAge?: number;
  /** The PKCE code verifier, for PKCE logins. */
  codeVerifier?: string;
  /** The `iss` of the authorization response (RFC 9207), when your IdP sends one. */
  iss?: string;
}

/** Body of the code exchange (`WebDeploymentsOAuthExchangeRequest`). */
export interface WebDeploymentCodeExchange {
  /** The web deployment id. */
  deploymentId: string;
  /** The OAuth answer to exchange. */
  oauth?: WebDeploymentOAuthParameters;
  /** Customer journey context (`WebDeploymentsJourneyContext`). */
  journeyContext?: Record<string, unknown>;
}
