/**
 * Test PKI made with `openssl` at test time: a CA, a server certificate for
 * `localhost` / `127.0.0.1` (SAN), a client certificate signed by the CA, and a
 * client certificate signed by an unrelated CA (for "wrong certificate" checks).
 *
 * @module
 */

import { run } from "./process.ts";

/** PEM contents and file paths of one certificate and its private key. */
export interface CertPair {
  /** Certificate PEM. */
  cert: string;
  /** Private key PEM (PKCS#8). */
  key: string;
  /** Path of the certificate file. */
  certPath: string;
  /** Path of the key file. */
  keyPath: string;
}

/** Everything {@linkcode makeTestPki} creates, in `dir`. */
export interface TestPki {
  /** The directory holding the files. */
  dir: string;
  /** The CA that signed `server` and `client`. */
  ca: CertPair;
  /** Server certificate with SAN `DNS:localhost, IP:127.0.0.1`. */
  server: CertPair;
  /** Client certificate (clientAuth) signed by `ca`. */
  client: CertPair;
  /** Client certificate signed by a different CA that the gateway does not trust. */
  strangerClient: CertPair;
  /** That different CA. */
  otherCa: CertPair;
}

/** Creates the test PKI in `dir` (P-256 keys, valid for 2 days). */
export async function makeTestPki(dir: string): Promise<TestPki> {
  const ca = await selfSigned(dir, "ca", "genesys-cloud test CA");
  const otherCa = await selfSigned(dir, "other-ca", "unrelated test CA");
  const server = await issued(dir, "server", "localhost", ca, [
    "subjectAltName=DNS:localhost,IP:127.0.0.1",
    "extendedKeyUsage=serverAuth",
  ]);
  const client = await issued(dir, "client", "test-client", ca, ["extendedKeyUsage=clientAuth"]);
  const strangerClient = await issued(dir, "stranger-client", "stranger", otherCa, [
    "extendedKeyUsage=clientAuth",
  ]);
  return { dir, ca, server, client, strangerClient, otherCa };
}

async function selfSigned(dir: string, name: string, cn: string): Promise<CertPair> {
  const keyPath = `${dir}/${name}.key`;
  const certPath = `${dir}/${name}.crt`;
  await run("openssl", [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-nodes",
    "-keyout",
    keyPath,
    "-out",
    certPath,
    "-days",
    "2",
    "-subj",
    `/CN=${cn}`,
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  ]);
  return await load(certPath, keyPath);
}

async function issued(
  dir: string,
  name: string,
  cn: string,
  ca: CertPair,
  extensions: string[],
): Promise<CertPair> {
  const keyPath = `${dir}/${name}.key`;
  const csrPath = `${dir}/${name}.csr`;
  const certPath = `${dir}/${name}.crt`;
  const extPath = `${dir}/${name}.ext`;
  await Deno.writeTextFile(
    extPath,
    ["basicConstraints=critical,CA:FALSE", "keyUsage=critical,digitalSignature", ...extensions]
      .join("\n") + "\n",
  );
  await run("openssl", [
    "req",
    "-new",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-nodes",
    "-keyout",
    keyPath,
    "-out",
    csrPath,
    "-subj",
    `/CN=${cn}`,
  ]);
  const serial = "0x" +
    Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, "0"))
      .join("");
  await run("openssl", [
    "x509",
    "-req",
    "-in",
    csrPath,
    "-CA",
    ca.certPath,
    "-CAkey",
    ca.keyPath,
    "-set_serial",
    serial,
    "-days",
    "2",
    "-extfile",
    extPath,
    "-out",
    certPath,
  ]);
  return await load(certPath, keyPath);
}

async function load(certPath: string, keyPath: string): Promise<CertPair> {
  return {
    cert: await Deno.readTextFile(certPath),
    key: await Deno.readTextFile(keyPath),
    certPath,
    keyPath,
  };
}
