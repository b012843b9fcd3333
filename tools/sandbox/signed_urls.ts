/**
 * Signed URLs for downloads and recording media: an HMAC-SHA256 signature over the path and the
 * query (including `Expires`), checked by `GET /signed/...`.
 *
 * @module
 */

import { base64url } from "./ids.ts";

/** Outcome of checking a signed URL. */
export type SignatureCheck = "valid" | "expired" | "invalid";

/** Signs and checks URLs served under `/signed/`. */
export class UrlSigner {
  readonly #key: Promise<CryptoKey>;

  /** Creates a signer with a fresh random key. */
  constructor() {
    this.#key = crypto.subtle.importKey(
      "raw",
      crypto.getRandomValues(new Uint8Array(32)),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
  }

  async #mac(text: string): Promise<string> {
    const sig = await crypto.subtle.sign("HMAC", await this.#key, new TextEncoder().encode(text));
    return base64url(new Uint8Array(sig));
  }

  /** An absolute signed URL for `path` with `params`, valid for `lifetimeSeconds`. */
  async sign(
    origin: string,
    path: string,
    params: Record<string, string>,
    lifetimeSeconds: number,
  ): Promise<string> {
    const q = new URLSearchParams(params);
    q.set("Expires", String(Math.floor(Date.now() / 1000) + lifetimeSeconds));
    const signature = await this.#mac(`${path}?${q}`);
    q.set("Signature", signature);
    return `${origin}${path}?${q}`;
  }

  /** Checks the signature and expiry of a URL made by {@linkcode UrlSigner.sign}. */
  async check(url: URL): Promise<SignatureCheck> {
    const q = new URLSearchParams(url.search);
    const signature = q.get("Signature");
    const expires = q.get("Expires");
    if (!signature || !expires || !/^\d+$/.test(expires)) return "invalid";
    q.delete("Signature");
    const expected = await this.#mac(`${url.pathname}?${q}`);
    if (expected !== signature) return "invalid";
    if (Number(expires) <= Math.floor(Date.now() / 1000)) return "expired";
    return "valid";
  }
}
