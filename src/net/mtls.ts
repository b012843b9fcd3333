/**
 * Mutual-TLS material (client certificate, private key, extra trusted CAs) as
 * PEM text, and the shape checks run before a runtime sees it. Errors never
 * quote the material.
 *
 * @module
 */

import { ConfigurationError } from "../base/errors.ts";

/**
 * A client certificate and key presented to servers that ask for one (a
 * gateway with mutual TLS), plus CA certificates trusted in addition to the
 * runtime's defaults. All PEM text.
 *
 * @example
 * ```ts
 * import type { MtlsConfig } from "./mtls.ts";
 * const mtls: MtlsConfig = {
 *   cert: "-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----\n",
 *   key: "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n",
 * };
 * ```
 */
export interface MtlsConfig {
  /** Client certificate chain, PEM (`-----BEGIN CERTIFICATE-----`). */
  cert: string;
  /** Unencrypted private key of the certificate, PEM (PKCS#8, PKCS#1 RSA or SEC1 EC). */
  key: string;
  /** CA certificates (PEM, one or more) that verify the server. */
  ca?: string;
}

const CERT_BLOCK =
  /-----BEGIN CERTIFICATE-----\r?\n([A-Za-z0-9+/=\r\n]+)-----END CERTIFICATE-----/g;
const KEY_BLOCK =
  /-----BEGIN (RSA |EC )?PRIVATE KEY-----\r?\n([A-Za-z0-9+/=\r\n]+)-----END \1?PRIVATE KEY-----/;

/**
 * Checks that `cert`, `key` and `ca` look like what they should be and throws
 * a {@linkcode ConfigurationError} naming the field otherwise. It checks the
 * PEM shape only; the runtime parses the contents.
 *
 * @example
 * ```ts
 * import { validateMtls } from "./mtls.ts";
 * try {
 *   validateMtls({ cert: "not a certificate", key: "" });
 * } catch (e) {
 *   console.log((e as Error).message); // mtls.cert is not a PEM certificate ...
 * }
 * ```
 */
export function validateMtls(mtls: MtlsConfig): void {
  if (typeof mtls !== "object" || mtls === null) {
    throw new ConfigurationError("mtls must be an object { cert, key, ca? } of PEM strings");
  }
  checkCertificates(mtls.cert, "mtls.cert");
  checkKey(mtls.key);
  if (mtls.ca !== undefined) checkCertificates(mtls.ca, "mtls.ca");
}

/**
 * Every PEM certificate block in `pem`, in order (used to hand runtimes a CA list).
 *
 * @example
 * ```ts
 * import { certificateBlocks } from "./mtls.ts";
 * console.log(certificateBlocks("no certificates here")); // []
 * ```
 */
export function certificateBlocks(pem: string): string[] {
  return [...pem.matchAll(CERT_BLOCK)].map((m) => m[0].replace(/\r\n/g, "\n") + "\n");
}

function checkCertificates(pem: unknown, field: string): void {
  if (typeof pem !== "string" || pem.trim() === "") {
    throw new ConfigurationError(`${field} is required (PEM text)`);
  }
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    throw new ConfigurationError(
      `${field} contains a private key; certificates go in ${field}, the key in mtls.key`,
    );
  }
  const blocks = [...pem.matchAll(CERT_BLOCK)];
  if (blocks.length === 0) {
    throw new ConfigurationError(
      `${field} is not a PEM certificate (expected "-----BEGIN CERTIFICATE-----" ... ` +
        `"-----END CERTIFICATE-----")`,
    );
  }
  const beginCount = pem.match(/-----BEGIN /g)?.length ?? 0;
  if (beginCount !== blocks.length || blocks.some((b) => !isBase64Body(b[1]))) {
    throw new ConfigurationError(`${field} holds a malformed PEM block`);
  }
}

function checkKey(pem: unknown): void {
  if (typeof pem !== "string" || pem.trim() === "") {
    throw new ConfigurationError("mtls.key is required (PEM text)");
  }
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/.test(pem)) {
    throw new ConfigurationError(
      "mtls.key is encrypted; pass the unencrypted key (e.g. `openssl pkey -in key.pem -out plain.pem`)",
    );
  }
  if (/-----BEGIN CERTIFICATE-----/.test(pem)) {
    throw new ConfigurationError(
      "mtls.key contains a certificate; the certificate goes in mtls.cert, the key in mtls.key",
    );
  }
  const m = KEY_BLOCK.exec(pem);
  if (!m) {
    throw new ConfigurationError(
      'mtls.key is not a PEM private key (expected "-----BEGIN PRIVATE KEY-----", ' +
        '"-----BEGIN RSA PRIVATE KEY-----" or "-----BEGIN EC PRIVATE KEY-----")',
    );
  }
  const beginCount = pem.match(/-----BEGIN /g)?.length ?? 0;
  const extra = beginCount - 1 - (/-----BEGIN EC PARAMETERS-----/.test(pem) ? 1 : 0);
  if (extra !== 0) {
    throw new ConfigurationError("mtls.key must hold exactly one private key");
  }
  if (!isBase64Body(m[2])) {
    throw new ConfigurationError("mtls.key holds a malformed PEM block");
  }
}

function isBase64Body(body: string): boolean {
  const compact = body.replace(/\s+/g, "");
  return compact.length >= 16 && compact.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(compact);
}
