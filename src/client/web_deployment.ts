/**
 * Web deployment (web messaging) JWTs: obtained by exchanging an OAuth code
 * (`postWebdeploymentsTokenOauthcodegrantjwtexchange`), refreshed before they
 * expire (`postWebdeploymentsTokenRefresh`, lazily, when a call needs the
 * JWT), and sent with every `Webmessaging JWT` operation of the client.
 *
 * @module
 */

import { clientSession, type PlatformClient } from "./platform_client.ts";
import type { Endpoint } from "../base/endpoint.ts";
import { ApiError, AuthError } from "../base/errors.ts";
import { requireText } from "../auth/basic.ts";
import { TokenRefreshTimeoutError } from "../auth/errors.ts";
import { jwtTimes } from "../auth/jwt.ts";
import type { WebMessagingCredential } from "../auth/session.ts";
import { SingleFlight, waitBounded } from "../auth/single_flight.ts";
import { redactSecrets } from "../base/redact.ts";
import type { WebDeploymentCodeExchange } from "../auth/web_deployment_exchange.ts";

const EXCHANGE: Endpoint = {
  name: "postWebdeploymentsTokenOauthcodegrantjwtexchange",
  method: "POST",
  path: "/api/v2/webdeployments/token/oauthcodegrantjwtexchange",
  params: [{ name: "body", in: "body", required: true }],
  auth: "none",
};

const REFRESH: Endpoint = {
  name: "postWebdeploymentsTokenRefresh",
  method: "POST",
  path: "/api/v2/webdeployments/token/refresh",
  params: [{ name: "body", in: "body" }],
  auth: "none",
};

const REVOKE: Endpoint = {
  name: "deleteWebdeploymentsTokenRevoke",
  method: "DELETE",
  path: "/api/v2/webdeployments/token/revoke",
  params: [
    { name: "xJourneySessionId", in: "header", wire: "X-Journey-Session-Id" },
    { name: "xJourneySessionType", in: "header", wire: "X-Journey-Session-Type" },
  ],
  response: "none",
  // Sent with the JWT of the `WebDeploymentJwt` revoked, not the client's current one.
  auth: "none",
};

/** After a failed refresh of a still valid JWT, the next attempt waits this long. */
const RETRY_MS = 30_000;

/**
 * A web deployment JWT bound to a client: the client sends it with every
 * `Webmessaging JWT` operation and refreshes it (once, however many calls
 * ask) when it is within `tokenRenewalMargin` (at most half its lifetime) of
 * expiring, or after a 401.
 *
 * @example
 * ```ts
 * import { PlatformClient } from "./platform_client.ts";
 * import { WebDeploymentJwt } from "./web_deployment.ts";
 * // A client whose server answers the exchange (a stand-in for Genesys Cloud).
 * const jwt = `e30.${btoa(JSON.stringify({ exp: 4102444800 }))}.sig`;
 * const client = new PlatformClient({
 *   environment: "mypurecloud.ie",
 *   transport: () => Promise.resolve(Response.json({ jwt, refreshToken: "r" })),
 * });
 * const session = await WebDeploymentJwt.exchangeCode(client, {
 *   deploymentId: "deployment-id",
 *   oauth: { code: "code-from-your-idp", redirectUri: "https://shop.example.com/cb" },
 * });
 * console.log(session.expiresAt); // 4102444800000: epoch ms from the JWT's exp
 * // Later page loads: WebDeploymentJwt.fromRefreshToken(client, "deployment-id", session.refreshToken)
 * ```
 */
export class WebDeploymentJwt implements WebMessagingCredential {
  /** The web deployment id. */
  readonly deploymentId: string;
  readonly #client: PlatformClient;
  #jwt: string | undefined;
  #refreshToken: string;
  #expiresAt: number | undefined;
  #obtainedAt = 0;
  #retryAt = 0;
  /** The refresh the server refused for good: every later refresh fails with it. */
  #refused: AuthError | undefined;
  readonly #flight = new SingleFlight();

  private constructor(client: PlatformClient, deploymentId: string, refreshToken: string) {
    this.#client = client;
    this.deploymentId = deploymentId;
    this.#refreshToken = refreshToken;
  }

  /**
   * Exchanges an OAuth code for a web deployment JWT and makes the client use
   * it for web messaging operations. Failures are `AuthError`s without the
   * code or verifier.
   */
  static async exchangeCode(
    client: PlatformClient,
    request: WebDeploymentCodeExchange,
  ): Promise<WebDeploymentJwt> {
    requireText("exchangeCode", "deploymentId", request?.deploymentId);
    const secrets = [request.oauth?.code ?? "", request.oauth?.codeVerifier ?? ""];
    const answer = await callForJwt(client, EXCHANGE, [request], {}, secrets);
    if (typeof answer.refreshToken !== "string" || answer.refreshToken === "") {
      throw new AuthError({
        error: "invalid_response",
        description: `${EXCHANGE.name} answered without a refreshToken`,
      });
    }
    const session = new WebDeploymentJwt(client, request.deploymentId, answer.refreshToken);
    session.#adopt(answer);
    clientSession(client).useWebMessagingCredential(session);
    return session;
  }

  /**
   * Resumes a session from a refresh token kept earlier (say, across page
   * loads): gets a JWT now and makes the client use it.
   */
  static async fromRefreshToken(
    client: PlatformClient,
    deploymentId: string,
    refreshToken: string,
  ): Promise<WebDeploymentJwt> {
    requireText("fromRefreshToken", "deploymentId", deploymentId);
    requireText("fromRefreshToken", "refreshToken", refreshToken);
    const session = new WebDeploymentJwt(client, deploymentId, refreshToken);
    await session.refresh();
    clientSession(client).useWebMessagingCredential(session);
    return session;
  }

  /** The current JWT. */
  get jwt(): string | undefined {
    return this.#jwt;
  }

  /** The refresh token (keep it to resume later with `fromRefreshToken`). */
  get refreshToken(): string {
    return this.#refreshToken;
  }

  /** Expiry of the current JWT (its `exp`), in milliseconds since the epoch. */
  get expiresAt(): number | undefined {
    return this.#expiresAt;
  }

  /**
   * Gets a new JWT now (joining a refresh already in flight); resolves to it.
   * Once the server refused a refresh (a 4xx other than 429), rejects with
   * that error without asking again: start over with `exchangeCode`.
   */
  async refresh(): Promise<string> {
    await this.#flight.run(() => this.#refresh(false));
    return this.#jwt as string;
  }

  /**
   * Revokes the tokens of this JWT (`deleteWebdeploymentsTokenRevoke`, sent
   * with this JWT, refreshed first when due) and stops the client from
   * sending it. Once revoked, calling it again does nothing.
   */
  async revoke(): Promise<void> {
    if (this.#jwt !== undefined) {
      const authorization = await this.authorization();
      await this.#client.call(REVOKE, [], { customHeaders: { Authorization: authorization } });
    }
    const session = clientSession(this.#client);
    if (session.usesWebMessagingCredential(this)) session.useWebMessagingCredential(undefined);
    this.#jwt = undefined;
  }

  /** The `Authorization` value, refreshing first when due. */
  async authorization(signal?: AbortSignal): Promise<string | undefined> {
    const pending = this.#flight.current;
    if (pending) await this.#wait(pending, signal);
    const due = this.#due();
    if (due === "expired" || (due === "soon" && Date.now() >= this.#retryAt)) {
      await this.#wait(this.#flight.run(() => this.#refresh(due === "soon")), signal);
    }
    return this.#bearer();
  }

  /** After a 401 with `used`: refreshes unless a newer JWT already exists. */
  async recover(used: string | undefined, signal?: AbortSignal): Promise<boolean> {
    const pending = this.#flight.current;
    if (!pending && this.#bearer() === used) {
      await this.#wait(this.#flight.run(() => this.#refresh(false)), signal);
    } else if (pending) {
      await this.#wait(pending, signal);
    }
    const now = this.#bearer();
    return now !== undefined && now !== used;
  }

  #bearer(): string | undefined {
    return this.#jwt ? `Bearer ${this.#jwt}` : undefined;
  }

  #due(): "no" | "soon" | "expired" {
    if (!this.#jwt) return "expired";
    if (this.#expiresAt === undefined) return "no";
    const now = Date.now();
    if (now >= this.#expiresAt) return "expired";
    const lifetime = this.#expiresAt - this.#obtainedAt;
    const margin = Math.min(this.#client.config.values.tokenRenewalMargin, lifetime / 2);
    return now >= this.#expiresAt - margin ? "soon" : "no";
  }

  #wait(promise: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
    const max = this.#client.config.values.refreshTokenWaitMax;
    return waitBounded(promise, max, signal, () => new TokenRefreshTimeoutError(max));
  }

  async #refresh(stillValid: boolean): Promise<void> {
    try {
      if (this.#refused) throw this.#refused;
      const answer = await callForJwt(
        this.#client,
        REFRESH,
        [],
        { body: { deploymentId: this.deploymentId, refreshToken: this.#refreshToken } },
        [this.#refreshToken],
      );
      if (typeof answer.refreshToken === "string" && answer.refreshToken !== "") {
        this.#refreshToken = answer.refreshToken;
      }
      this.#adopt(answer);
    } catch (error) {
      if (isDefinitiveRefusal(error)) this.#refused = error;
      if (stillValid && this.#expiresAt !== undefined && Date.now() < this.#expiresAt) {
        this.#retryAt = Math.min(Date.now() + RETRY_MS, this.#expiresAt);
        return;
      }
      throw error;
    }
  }

  #adopt(answer: { jwt: string; expiresAt?: number }): void {
    this.#jwt = answer.jwt;
    this.#expiresAt = answer.expiresAt;
    this.#obtainedAt = Date.now();
    this.#retryAt = 0;
    this.#refused = undefined;
  }
}

/** The server said no for good (4xx but 429): the same refresh token cannot work again. */
function isDefinitiveRefusal(error: unknown): error is AuthError {
  return error instanceof AuthError && error.status !== undefined && error.status >= 400 &&
    error.status < 500 && error.status !== 429;
}

async function callForJwt(
  client: PlatformClient,
  endpoint: Endpoint,
  args: unknown[],
  opts: object,
  secrets: string[],
): Promise<{ jwt: string; refreshToken?: string; expiresAt?: number }> {
  let answer: { jwt?: unknown; refreshToken?: unknown } | undefined;
  try {
    answer = await client.call<{ jwt?: unknown; refreshToken?: unknown }>(endpoint, args, opts);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const what = redactSecrets(error.serverMessage ?? "request refused", secrets);
    const correlation = error.correlationId ? ` (correlation id ${error.correlationId})` : "";
    throw new AuthError({
      error: error.code ?? `http_${error.status}`,
      description: `${endpoint.name}: ${what}${correlation}`,
      status: error.status,
    });
  }
  if (typeof answer?.jwt !== "string" || answer.jwt === "") {
    throw new AuthError({
      error: "invalid_response",
      description: `${endpoint.name} answered without a jwt`,
    });
  }
  return {
    jwt: answer.jwt,
    refreshToken: typeof answer.refreshToken === "string" ? answer.refreshToken : undefined,
    expiresAt: jwtTimes(answer.jwt).expiresAt,
  };
}
