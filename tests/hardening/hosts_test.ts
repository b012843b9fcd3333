/**
 * Hosts that no URL can carry are refused where they are given, as a `ConfigurationError`,
 * from code and from a config layer alike; nothing is applied, and no call can then fail with
 * an untyped `TypeError: Invalid URL` or a misleading `NetworkError`.
 */

import assert from "node:assert/strict";
import { ConfigurationError, LiteClient, PlatformClient } from "../../mod.ts";

/** Hosts the URL parser refuses, maps to another name, or reads as an incomplete address. */
const HOSTILE = [
  "gw\u{1F600}.example.com", // emoji
  "gw\u0000.example.com", // NUL
  "gw.\u202Eexample.com", // right-to-left override
  "gw.\uFFFDexample.com", // replacement character
  "\uFF47\uFF57.example.com", // fullwidth "gw": the URL parser maps it to ASCII
  "127.0.", // half-written IPv4
  "10.1", // an IPv4 shorthand
  "300.1.1.1",
  "a..b.example.com",
  "-gw.example.com",
  "b\u00FCcher.example", // an IDN not in punycode
];

const VALID = ["gw.example.com", "127.0.0.1", "[::1]", "xn--bcher-kva.example", "localhost"];

Deno.test("gateway.host: hostile hosts are ConfigurationErrors, nothing applied", () => {
  const client = new PlatformClient({ accessToken: "t", liveReloadConfig: false });
  const before = client.config.urls.api;
  for (const host of HOSTILE) {
    assert.throws(() => client.setGateway({ host }), ConfigurationError, JSON.stringify(host));
    assert.throws(
      () => client.config.replaceFileLayer({ gateway: { host } }),
      ConfigurationError,
      `file layer ${JSON.stringify(host)}`,
    );
    assert.equal(client.config.urls.api, before, "nothing applied");
  }
  for (const host of VALID) {
    client.setGateway({ host, port: 8443 });
    assert.equal(new URL(client.config.urls.api).host, `${host}:8443`);
  }
});

Deno.test("basePath, loginBasePath, environment and LiteClient refuse the same hosts", () => {
  for (const host of HOSTILE) {
    const url = `https://${host}/`;
    assert.throws(() => new PlatformClient({ basePath: url }), ConfigurationError, host);
    assert.throws(() => new PlatformClient({ loginBasePath: url }), ConfigurationError, host);
    assert.throws(() => new LiteClient({ basePath: url }), ConfigurationError, host);
    if (!/^[\d.]+$/.test(host)) {
      assert.throws(() => new PlatformClient({ environment: host }), ConfigurationError, host);
      assert.throws(() => new LiteClient({ environment: host }), ConfigurationError, host);
    }
  }
  for (const host of VALID) {
    assert.equal(
      new URL(new PlatformClient({ basePath: `http://${host}:8080/x` }).config.urls.api).host,
      `${host}:8080`,
    );
    new LiteClient({ basePath: `http://${host}:8080/x` });
  }
});

Deno.test("a call through hooks and logging with a hostile host cannot happen: refused up front", async () => {
  const client = new PlatformClient({ accessToken: "t", liveReloadConfig: false });
  client.setPreHook((request) => request);
  const error = (() => {
    try {
      client.setGateway({ host: "\uFF47\uFF57.example.com" });
    } catch (e) {
      return e;
    }
  })();
  assert.ok(error instanceof ConfigurationError);
  assert.doesNotMatch(String(error), /TypeError/);
  await client.close();
});
