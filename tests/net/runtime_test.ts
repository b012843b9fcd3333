/**
 * Runtime detection and the per-runtime option shapes, with the runtime's
 * globals simulated (injected), so the Bun, Workers, browser and Node branches
 * run here under Deno. The real runtimes are exercised in the server tests.
 */
import assert from "node:assert/strict";
import {
  ConfigurationError,
  createNetTransport,
  GenesysCloudError,
  NetworkError,
  ProxyError,
  type RuntimeGlobals,
  UnsupportedRuntimeError,
} from "../../mod.ts";
import { detectRuntime, readTextFileSync } from "../../src/net/runtime.ts";

const PASSWORD = "runtime-pw-never-shown";
const BODY = "MIIBszCCAVmgAwIBAgIUYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXo=";
const CERT = `-----BEGIN CERTIFICATE-----\n${BODY}\n-----END CERTIFICATE-----\n`;
const KEY = `-----BEGIN PRIVATE KEY-----\n${BODY}\n-----END PRIVATE KEY-----\n`;
const proxy = { host: "127.0.0.1", port: 3128, auth: { username: "user", password: PASSWORD } };

interface FetchCall {
  url: string;
  init: Record<string, unknown> | undefined;
}

function recordingFetch(calls: FetchCall[], answer: () => Promise<Response>) {
  return (input: Request, init?: Record<string, unknown>) => {
    calls.push({ url: input.url, init });
    return answer();
  };
}

Deno.test("detectRuntime: Deno, Bun, Workers, browser, Node, unknown", () => {
  assert.equal(detectRuntime().kind, "deno");
  assert.equal(detectRuntime({ Deno: { createHttpClient: () => ({ close() {} }) } }).kind, "deno");
  assert.deepEqual(detectRuntime({ Bun: { version: "1.4.5" } }), { kind: "bun", name: "Bun" });
  assert.deepEqual(detectRuntime({ navigator: { userAgent: "Cloudflare-Workers" } }), {
    kind: "other",
    name: "Cloudflare Workers",
  });
  assert.equal(
    detectRuntime({ document: {}, navigator: { userAgent: "Mozilla/5.0" } }).name,
    "a browser",
  );
  assert.equal(detectRuntime({ process: { versions: { node: "20.0.0" } } }).name, "Node.js");
  assert.equal(detectRuntime({}).name, "this runtime");
});

Deno.test("proxy or mTLS where the runtime cannot: UnsupportedRuntimeError naming it", () => {
  const fetch = () => Promise.resolve(new Response("ok"));
  const runtimes: [RuntimeGlobals, string][] = [
    [{ fetch, navigator: { userAgent: "Cloudflare-Workers" } }, "Cloudflare Workers"],
    [{ fetch, document: {}, navigator: { userAgent: "Mozilla/5.0" } }, "a browser"],
    [{ fetch, process: { versions: { node: "20.11.0" } } }, "Node.js"],
  ];
  for (const [globals, name] of runtimes) {
    for (const options of [{ proxy }, { mtls: { cert: CERT, key: KEY } }]) {
      assert.throws(
        () => createNetTransport(options, globals),
        (e: unknown) =>
          e instanceof UnsupportedRuntimeError && e.message.includes(name) &&
          e.message.includes("Deno or Bun") && !e.message.includes(PASSWORD) &&
          !e.message.includes(BODY),
      );
    }
  }
  // Bad settings are reported as such before the runtime question.
  assert.throws(
    () => createNetTransport({ proxy: { host: "" } }, runtimes[0][0]),
    ConfigurationError,
  );
});

Deno.test("without proxy or mTLS the transport is plain fetch on any runtime", async () => {
  const calls: FetchCall[] = [];
  const transport = createNetTransport({}, {
    navigator: { userAgent: "Cloudflare-Workers" },
    fetch: recordingFetch(calls, () => Promise.resolve(new Response("plain"))),
  });
  const res = await transport(new Request("https://api.example/x"));
  assert.equal(await res.text(), "plain");
  assert.deepEqual(calls, [{ url: "https://api.example/x", init: undefined }]);
  transport.close();
});

Deno.test("Bun branch: fetch gets proxy {url, Proxy-Authorization} and tls {cert,key,ca}", async () => {
  const calls: FetchCall[] = [];
  const transport = createNetTransport({ proxy, mtls: { cert: CERT, key: KEY, ca: CERT } }, {
    Bun: { version: "1.4.5" },
    fetch: recordingFetch(calls, () => Promise.resolve(new Response("via bun"))),
  });
  const res = await transport(new Request("https://gw.example/api/v2/users/me"));
  assert.equal(await res.text(), "via bun");
  assert.deepEqual(calls[0].init, {
    proxy: {
      url: "http://127.0.0.1:3128",
      headers: { "Proxy-Authorization": `Basic ${btoa(`user:${PASSWORD}`)}` },
    },
    // Bun trusts only `tls.ca` when given: the runtime's roots come first (none in this stub).
    tls: { cert: CERT, key: KEY, ca: [CERT] },
  });
  transport.close();

  const roots = createNetTransport({ mtls: { cert: CERT, key: KEY, ca: CERT } }, {
    Bun: { version: "1.4.5" },
    process: {
      getBuiltinModule: (name) =>
        name === "tls" ? { getCACertificates: (type: string) => [`ROOT-${type}`] } : undefined,
    },
    fetch: recordingFetch(calls, () => Promise.resolve(new Response("via bun"))),
  });
  await roots(new Request("https://gw.example/api/v2/users/me"));
  assert.deepEqual(calls[1].init, { tls: { cert: CERT, key: KEY, ca: ["ROOT-default", CERT] } });
  roots.close();
});

Deno.test("Bun branch: refused tunnel -> ProxyError with status, naming the proxy only", async () => {
  const tunnelError = Object.assign(
    new Error("Proxy refused to open a tunnel: 407 Proxy Authentication Required"),
    { code: "ERR_PROXY_TUNNEL" },
  );
  const transport = createNetTransport({ proxy }, {
    Bun: { version: "1.4.5" },
    fetch: () => Promise.reject(tunnelError),
  });
  const err = await transport(new Request("https://gw.example:8443/login/oauth/token")).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(err instanceof ProxyError, String(err));
  assert.ok(err instanceof NetworkError);
  assert.equal(err.status, 407);
  assert.equal(err.proxy, "http://127.0.0.1:3128");
  assert.match(
    err.message,
    /^proxy http:\/\/127\.0\.0\.1:3128 refused to open a tunnel to gw\.example:8443 \(HTTP 407\): wrong proxy credentials/,
  );
  assert.ok(!err.message.includes(PASSWORD));
  assert.equal(err.cause, tunnelError);
});

Deno.test("Deno branch: one HttpClient with proxy/basicAuth/cert/key/caCerts, closed once", async () => {
  const created: Record<string, unknown>[] = [];
  let closes = 0;
  const httpClient = { close: () => void closes++ };
  const calls: FetchCall[] = [];
  const transport = createNetTransport({ proxy, mtls: { cert: CERT, key: KEY, ca: CERT + CERT } }, {
    Deno: {
      createHttpClient: (options) => {
        created.push(options);
        return httpClient;
      },
    },
    fetch: recordingFetch(calls, () => Promise.resolve(new Response("via deno"))),
  });
  assert.deepEqual(created, [{
    proxy: { url: "http://127.0.0.1:3128", basicAuth: { username: "user", password: PASSWORD } },
    cert: CERT,
    key: KEY,
    caCerts: [CERT, CERT],
  }]);
  assert.equal(await (await transport(new Request("https://x.example/"))).text(), "via deno");
  assert.equal(calls[0].init?.client, httpClient);
  transport.close();
  transport.close();
  assert.equal(closes, 1);
  await assert.rejects(
    transport(new Request("https://x.example/")),
    (e: unknown) => e instanceof GenesysCloudError && /HTTP client was closed/.test(e.message),
  );
  assert.equal(calls.length, 1);
});

Deno.test("aborted requests reject with the runtime's abort error unchanged", async () => {
  const controller = new AbortController();
  const reason = new DOMException("stop", "AbortError");
  const transport = createNetTransport({ proxy }, {
    Bun: { version: "1.4.5" },
    fetch: () => {
      controller.abort(reason);
      return Promise.reject(reason);
    },
  });
  await assert.rejects(
    transport(new Request("https://x.example/", { signal: controller.signal })),
    (e: unknown) => e === reason,
  );
});

Deno.test("readTextFileSync: fs.readFileSync in Bun, Deno's own in Deno, UnsupportedRuntimeError elsewhere", () => {
  const read: string[] = [];
  const bunLike = {
    Bun: { version: "1.4.5" },
    process: {
      getBuiltinModule: (name: string) =>
        name === "fs"
          ? {
            readFileSync: (path: string, encoding: string) => {
              read.push(`${path} ${encoding}`);
              if (path.endsWith(".missing")) {
                throw Object.assign(new Error(`ENOENT: ${path}`), { code: "ENOENT" });
              }
              return "PEM";
            },
          }
          : undefined,
    },
  };
  assert.equal(readTextFileSync("/etc/cert.pem", "mTLS certificate", bunLike), "PEM");
  assert.deepEqual(read, ["/etc/cert.pem utf8"]);
  assert.throws(
    () => readTextFileSync("/etc/key.missing", "mTLS private key", bunLike),
    (e: unknown) =>
      e instanceof ConfigurationError &&
      e.message === 'cannot read the mTLS private key file "/etc/key.missing" (ENOENT)',
  );
  assert.equal(
    readTextFileSync("/etc/c.pem", "mTLS certificate", {
      Deno: { readTextFileSync: (path: string) => `deno ${path}` },
    }),
    "deno /etc/c.pem",
  );
  assert.throws(
    () =>
      readTextFileSync("/etc/cert.pem", "mTLS certificate", {
        navigator: { userAgent: "Cloudflare-Workers" },
      }),
    (e: unknown) =>
      e instanceof UnsupportedRuntimeError && e.message.includes("Cloudflare Workers") &&
      e.message.includes("needs Deno or Bun"),
  );
  assert.throws(
    () => readTextFileSync("", "mTLS certificate", bunLike),
    /mTLS certificate path is required/,
  );
});
