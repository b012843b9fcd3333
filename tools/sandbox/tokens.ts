/**
 * The sandbox's token authority: signs and verifies JWTs (access tokens, guest chat JWTs, web
 * deployment JWTs) with `jose` and an HS256 key generated at start, and keeps refresh tokens and
 * authorization codes.
 *
 * @module
 */

import { jwtVerify, SignJWT } from "jose";
import { randomToken } from "./ids.ts";

/** Audience of each kind of JWT the sandbox issues. */
export type TokenAudience = "api" | "webchat-guest" | "webdeployments";

/** Claims of a sandbox JWT. */
export interface TokenClaims {
  /** Audience (kind of token). */
  aud: TokenAudience;
  /** Subject: user id, client id, guest member id or web deployment subject. */
  sub: string;
  /** Token id. */
  jti: string;
  /** Issued at (epoch seconds). */
  iat: number;
  /** Expiry (epoch seconds). */
  exp: number;
  /** Token generation: `expireAll()` invalidates every earlier generation. */
  gen: number;
  /** OAuth client id (access tokens). */
  client_id?: string;
  /** User id (access tokens of interactive grants). */
  user_id?: string;
  /** The grant that issued it (access tokens). */
  grant?: string;
  /** Organization id. */
  org_id?: string;
  /** Conversation id (guest chat JWTs). */
  conversation_id?: string;
  /** Web deployment id (web deployment JWTs). */
  deployment_id?: string;
}

/** Result of verifying a JWT. */
export type VerifyResult =
  | { ok: true; claims: TokenClaims }
  | { ok: false; reason: "invalid" | "expired" };

/** A refresh token record. */
export interface RefreshRecord {
  clientId: string;
  userId?: string;
  generation: number;
}

/** An authorization code record. */
export interface CodeRecord {
  clientId: string;
  redirectUri: string;
  userId: string;
  expiresAt: number;
  codeChallenge?: string;
  codeChallengeMethod?: string;
}

const ISSUER = "sandbox.genesys-cloud.local";
const CACHE_LIMIT = 10_000;

/** Signs and verifies the sandbox's tokens. */
export class TokenAuthority {
  readonly #key: Uint8Array = crypto.getRandomValues(new Uint8Array(32));
  #generation = 0;
  #refreshGeneration = 0;
  readonly #revoked = new Set<string>();
  readonly #verified = new Map<string, TokenClaims>();
  /** Refresh tokens by value. */
  readonly refreshTokens: Map<string, RefreshRecord> = new Map();
  /** Authorization codes by value (single use). */
  readonly codes: Map<string, CodeRecord> = new Map();

  /** Signs a JWT for `aud` with the given claims and lifetime. */
  async sign(
    aud: TokenAudience,
    sub: string,
    lifetimeSeconds: number,
    extra: Omit<Partial<TokenClaims>, "aud" | "sub" | "iat" | "exp" | "jti" | "gen"> = {},
  ): Promise<string> {
    const iat = Math.floor(Date.now() / 1000);
    return await new SignJWT({ ...extra, gen: this.#generation })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setIssuer(ISSUER)
      .setAudience(aud)
      .setSubject(sub)
      .setJti(crypto.randomUUID())
      .setIssuedAt(iat)
      .setExpirationTime(iat + Math.max(0, Math.floor(lifetimeSeconds)))
      .sign(this.#key);
  }

  /** Verifies signature, audience, expiry, generation and revocation. */
  async verify(token: string, aud: TokenAudience): Promise<VerifyResult> {
    let claims = this.#verified.get(token);
    if (!claims) {
      try {
        const { payload } = await jwtVerify(token, this.#key, {
          algorithms: ["HS256"],
          issuer: ISSUER,
          // Expiry is checked below so that an expired token is told apart from a bad one.
          currentDate: new Date(0),
        });
        claims = {
          ...payload,
          aud: payload.aud as TokenAudience,
        } as TokenClaims;
      } catch {
        return { ok: false, reason: "invalid" };
      }
      if (this.#verified.size >= CACHE_LIMIT) this.#verified.clear();
      this.#verified.set(token, claims);
    }
    if (claims.aud !== aud) return { ok: false, reason: "invalid" };
    if (this.#revoked.has(claims.jti)) return { ok: false, reason: "invalid" };
    if (claims.gen < this.#generation) return { ok: false, reason: "expired" };
    if (claims.exp <= Math.floor(Date.now() / 1000)) return { ok: false, reason: "expired" };
    return { ok: true, claims };
  }

  /** Revokes one token by its `jti`. */
  revoke(jti: string): void {
    this.#revoked.add(jti);
  }

  /** Invalidates every JWT issued so far. */
  expireAll(): void {
    this.#generation++;
  }

  /** Creates a refresh token. */
  createRefreshToken(clientId: string, userId?: string): string {
    const value = randomToken(32);
    this.refreshTokens.set(value, { clientId, userId, generation: this.#refreshGeneration });
    return value;
  }

  /** Looks up a live refresh token. */
  findRefreshToken(value: string): RefreshRecord | undefined {
    const rec = this.refreshTokens.get(value);
    if (!rec || rec.generation < this.#refreshGeneration) return undefined;
    return rec;
  }

  /** Invalidates every refresh token issued so far. */
  revokeRefreshTokens(): void {
    this.#refreshGeneration++;
    this.refreshTokens.clear();
  }

  /** Creates a single-use authorization code valid for 5 minutes. */
  createCode(record: Omit<CodeRecord, "expiresAt">): string {
    const value = randomToken(24);
    this.codes.set(value, { ...record, expiresAt: Date.now() + 300_000 });
    return value;
  }

  /** Takes (and removes) an authorization code; undefined when unknown or expired. */
  takeCode(value: string): CodeRecord | undefined {
    const rec = this.codes.get(value);
    if (!rec) return undefined;
    this.codes.delete(value);
    if (rec.expiresAt < Date.now()) return undefined;
    return rec;
  }
}
