import assert from "node:assert/strict";
import {
  ConfigurationError,
  type MtlsConfig,
  PlatformClient,
  type ProxyConfig,
  proxyUrl,
  validateMtls,
  validateProxy,
} from "../../mod.ts";
import { proxyAuthorization } from "../../src/net/proxy.ts";
import { certificateBlocks } from "../../src/net/mtls.ts";

const PASSWORD = "pA55-w0rd-do-not-leak";
// Shaped like PEM (valid base64 bodies) but not real DER: enough for the shape checks.
const BODY = "MIIBszCCAVmgAwIBAgIUYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXo=";
const CERT = `-----BEGIN CERTIFICATE-----\n${BODY}\n-----END CERTIFICATE-----\n`;
const KEY_BODY = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgc2VjcmV0a2V5bWF0ZXJpYWw=";
const KEY = `-----BEGIN PRIVATE KEY-----\n${KEY_BODY}\n-----END PRIVATE KEY-----\n`;

function configError(fn: () => unknown, includes: string): ConfigurationError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof ConfigurationError, `expected ConfigurationError, got ${caught}`);
  assert.ok(
    caught.message.includes(includes),
    `message ${JSON.stringify(caught.message)} lacks ${JSON.stringify(includes)}`,
  );
  return caught;
}

Deno.test("proxy: host required, bare host only, port 1-65535, protocol http/https", () => {
  configError(() => validateProxy({} as ProxyConfig), "proxy.host is required");
  configError(() => validateProxy({ host: "  " }), "proxy.host is required");
  configError(() => validateProxy({ host: "http://p.example" }), "bare host name");
  configError(() => validateProxy({ host: "p.example:3128" }), "bare host name");
  configError(() => validateProxy({ host: "p.example/x" }), "bare host name");
  for (const port of [0, 65536, 1.5, -1, Number.NaN]) {
    configError(() => validateProxy({ host: "p.example", port }), "proxy.port must be an integer");
  }
  configError(
    () => validateProxy({ host: "p.example", protocol: "socks5" as "http" }),
    'proxy.protocol must be "http" or "https", got "socks5"',
  );
  configError(
    () => validateProxy({ host: "p", auth: { username: "", password: "x" } }),
    "proxy.auth.username is required",
  );
  configError(
    () => validateProxy({ host: "p", auth: { username: "a:b", password: "x" } }),
    "must not contain ':'",
  );
  configError(
    () =>
      validateProxy({
        host: "p",
        auth: { username: "u" } as unknown as { username: string; password: string },
      }),
    "proxy.auth.password must be a string",
  );
  validateProxy({ host: "p.example", port: 1 });
  validateProxy({ host: "p.example", port: 65535, protocol: "https" });
});

Deno.test("proxy: the password never appears in validation errors", () => {
  const bad: ProxyConfig[] = [
    { host: `http://user:${PASSWORD}@p.example`, auth: { username: "u", password: PASSWORD } },
    { host: `user:${PASSWORD}@p.example`, auth: { username: "u", password: PASSWORD } },
    { host: "p.example", port: 0, auth: { username: "u", password: PASSWORD } },
    { host: "p.example", auth: { username: "u", password: `${PASSWORD}\r\nX-Injected: 1` } },
  ];
  for (const proxy of bad) {
    let caught: unknown;
    try {
      validateProxy(proxy);
    } catch (e) {
      caught = e;
    }
    assert.ok(caught instanceof ConfigurationError, String(caught));
    assert.ok(!caught.message.includes(PASSWORD), caught.message);
    assert.ok(!String(caught.stack).includes(PASSWORD));
  }
});

Deno.test("proxy: URL without credentials, default ports, IPv6 brackets; Basic header is UTF-8", () => {
  const auth = { username: "user", password: PASSWORD };
  assert.equal(proxyUrl({ host: "10.0.0.5", port: 8080, auth }), "http://10.0.0.5:8080");
  assert.equal(proxyUrl({ host: "proxy.example" }), "http://proxy.example:80");
  assert.equal(proxyUrl({ host: "proxy.example", protocol: "https" }), "https://proxy.example:443");
  assert.equal(proxyUrl({ host: "::1", port: 3128 }), "http://[::1]:3128");
  assert.equal(proxyAuthorization({ username: "user", password: "pass" }), "Basic dXNlcjpwYXNz");
  // "é" is two bytes in UTF-8: base64 of 75 3a c3 a9
  assert.equal(proxyAuthorization({ username: "u", password: "é" }), "Basic dTrDqQ==");
});

Deno.test("mtls: PEM shape checks name the field and never quote the material", () => {
  const cases: [MtlsConfig, string][] = [
    [{ cert: "", key: KEY }, "mtls.cert is required"],
    [{ cert: "hello", key: KEY }, "mtls.cert is not a PEM certificate"],
    [{ cert: KEY, key: KEY }, "mtls.cert contains a private key"],
    [{ cert: CERT, key: "" }, "mtls.key is required"],
    [{ cert: CERT, key: CERT }, "mtls.key contains a certificate"],
    [{ cert: CERT, key: "just text" }, "mtls.key is not a PEM private key"],
    [{
      cert: CERT,
      key:
        `-----BEGIN ENCRYPTED PRIVATE KEY-----\n${KEY_BODY}\n-----END ENCRYPTED PRIVATE KEY-----`,
    }, "mtls.key is encrypted"],
    [{ cert: CERT, key: KEY + KEY }, "exactly one private key"],
    [{ cert: CERT, key: KEY.replace(KEY_BODY, "!!!notbase64!!!") }, "mtls.key is not a PEM"],
    [{ cert: CERT, key: KEY.replace(KEY_BODY, "QUJD") }, "mtls.key holds a malformed PEM block"],
    [{ cert: CERT, key: KEY, ca: "nope" }, "mtls.ca is not a PEM certificate"],
    [{ cert: CERT + "-----BEGIN CERTIFICATE-----\nQUJD", key: KEY }, "mtls.cert holds a malformed"],
  ];
  for (const [mtls, expected] of cases) {
    const e = configError(() => validateMtls(mtls), expected);
    assert.ok(!e.message.includes(KEY_BODY), e.message);
    assert.ok(!e.message.includes(BODY), e.message);
  }
  validateMtls({ cert: CERT, key: KEY });
  validateMtls({ cert: CERT + CERT, key: KEY.replace(/PRIVATE KEY/g, "EC PRIVATE KEY"), ca: CERT });
  validateMtls({ cert: CERT, key: KEY.replace(/PRIVATE KEY/g, "RSA PRIVATE KEY") });
  assert.deepEqual(certificateBlocks(`junk\n${CERT}\n${CERT.replace(/\n/g, "\r\n")}`), [
    CERT,
    CERT,
  ]);
});

Deno.test("client setters validate before changing anything", () => {
  const client = new PlatformClient({ transport: () => Promise.resolve(new Response("x")) });
  configError(() => client.setProxy({ host: "" }), "proxy.host is required");
  configError(() => client.setMTLSContents("x", KEY), "mtls.cert is not a PEM certificate");
  configError(() => client.setMTLSContents(CERT, "x"), "mtls.key is not a PEM private key");
});

Deno.test("setMTLSCertificates: synchronous, as the official SDK; a missing file is a ConfigurationError naming the path", async () => {
  const client = new PlatformClient({ transport: () => Promise.resolve(new Response("x")) });
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/c.pem`, CERT);
    assert.throws(
      () => client.setMTLSCertificates(`${dir}/c.pem`, `${dir}/missing.key`),
      (e: unknown) =>
        e instanceof ConfigurationError &&
        e.message.includes("mTLS private key") && e.message.includes(`${dir}/missing.key`),
    );
    await Deno.writeTextFile(`${dir}/k.pem`, "not a key");
    assert.throws(
      () => client.setMTLSCertificates(`${dir}/c.pem`, `${dir}/k.pem`),
      (e: unknown) => e instanceof ConfigurationError && e.message.includes("mtls.key is not"),
    );
    assert.equal(client.config.values.mtls, undefined); // nothing applied
    await Deno.writeTextFile(`${dir}/k.pem`, KEY);
    // Applied when the call returns (the official SDK's code does not await it).
    assert.equal(client.setMTLSCertificates(`${dir}/c.pem`, `${dir}/k.pem`), undefined);
    const applied: { mtls?: { cert: string } } = client.config.values;
    assert.equal(applied.mtls?.cert, CERT);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
