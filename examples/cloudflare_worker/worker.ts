/**
 * A Cloudflare Worker that calls the Genesys Cloud Platform API with this SDK
 * over the Worker's own `fetch`.
 *
 * Settings come from the Worker's env bindings (wrangler.toml `[vars]` and
 * secrets):
 * - `GENESYS_BASE_URL` (API base URL, e.g. a sandbox) or `GENESYS_ENVIRONMENT`
 *   (`mypurecloud.ie`); `GENESYS_LOGIN_URL` when the login host differs.
 * - `GENESYS_ACCESS_TOKEN` (a token obtained elsewhere), or
 *   `GENESYS_CLIENT_ID` + `GENESYS_CLIENT_SECRET` (client credentials grant,
 *   fine in a Worker: the secret stays on the server).
 *
 * Routes:
 * - `GET /me`: `UsersApi.getUsersMe` (needs a user token).
 * - `GET /users?pageSize=N`: `UsersApi.getUsers`, first page.
 * - `GET /lite/users?pageSize=N`: the same on `LiteClient`, the small client
 *   (its own login: one client per isolate, like the other).
 * - `GET /limits`: what a Worker cannot do (proxy, mTLS, files), each answered
 *   by an `UnsupportedRuntimeError` that says so.
 *
 * Run it locally against the sandbox (bundles this file and serves it in
 * workerd through miniflare):
 *   deno run --allow-all examples/cloudflare_worker/main.ts
 * Deploy it: `npx wrangler deploy` in this folder (see wrangler.toml).
 *
 * @module
 */

import { LiteClient, PlatformClient, UnsupportedRuntimeError } from "../../mod.ts";
import { UsersApi } from "../../src/generated/apis/users.js";

/** The env bindings this Worker reads. */
export interface Env {
  /** API base URL (wins over `GENESYS_ENVIRONMENT`). */
  GENESYS_BASE_URL?: string;
  /** Login base URL; defaults to `GENESYS_BASE_URL`. */
  GENESYS_LOGIN_URL?: string;
  /** Environment or region, e.g. `mypurecloud.ie` or `eu_west_1`. */
  GENESYS_ENVIRONMENT?: string;
  /** A bearer token obtained elsewhere. */
  GENESYS_ACCESS_TOKEN?: string;
  /** Client credentials grant client id. */
  GENESYS_CLIENT_ID?: string;
  /** Client credentials grant secret (a Worker secret). */
  GENESYS_CLIENT_SECRET?: string;
  /** A client certificate (PEM), to show that `setMTLSContents` is refused here. */
  GENESYS_MTLS_CERT?: string;
  /** Its private key (PEM, a Worker secret). */
  GENESYS_MTLS_KEY?: string;
}

/** One thing tried in `/limits`, and how it failed. */
export interface LimitOutcome {
  /** What was tried. */
  attempt: string;
  /** The error's class name (`UnsupportedRuntimeError`), or `none` when it worked. */
  error: string;
  /** Whether it is an `UnsupportedRuntimeError`. */
  unsupported: boolean;
  /** The error message. */
  message: string;
}

// One client per isolate: a client credentials token is reused across requests.
let shared: { env: Env; client: PlatformClient; login?: Promise<unknown> } | undefined;

async function clientFor(env: Env): Promise<PlatformClient> {
  if (!shared || shared.env !== env) {
    const base = env.GENESYS_BASE_URL;
    const client = new PlatformClient(
      base
        ? { basePath: base, loginBasePath: env.GENESYS_LOGIN_URL ?? base }
        : { environment: env.GENESYS_ENVIRONMENT ?? "mypurecloud.com" },
    );
    shared = { env, client };
    if (env.GENESYS_ACCESS_TOKEN) {
      client.setAccessToken(env.GENESYS_ACCESS_TOKEN);
    } else if (env.GENESYS_CLIENT_ID && env.GENESYS_CLIENT_SECRET) {
      shared.login = client.loginClientCredentialsGrant(
        env.GENESYS_CLIENT_ID,
        env.GENESYS_CLIENT_SECRET,
      );
    } else {
      throw new Error(
        "set GENESYS_ACCESS_TOKEN, or GENESYS_CLIENT_ID and GENESYS_CLIENT_SECRET",
      );
    }
  }
  await shared.login;
  return shared.client;
}

// The small client: what a Worker that only makes calls needs, in half the bundle.
let lite: { env: Env; client: LiteClient; login?: Promise<unknown> } | undefined;

async function liteClientFor(env: Env): Promise<LiteClient> {
  if (!lite || lite.env !== env) {
    const base = env.GENESYS_BASE_URL;
    const client = new LiteClient(
      base
        ? { basePath: base, loginBasePath: env.GENESYS_LOGIN_URL ?? base }
        : { environment: env.GENESYS_ENVIRONMENT ?? "mypurecloud.com" },
    );
    lite = { env, client };
    if (env.GENESYS_ACCESS_TOKEN) client.setAccessToken(env.GENESYS_ACCESS_TOKEN);
    else if (env.GENESYS_CLIENT_ID && env.GENESYS_CLIENT_SECRET) {
      lite.login = client.loginClientCredentialsGrant(
        env.GENESYS_CLIENT_ID,
        env.GENESYS_CLIENT_SECRET,
      );
    }
  }
  await lite.login;
  return lite.client;
}

async function tryIt(attempt: string, fn: () => unknown): Promise<LimitOutcome> {
  try {
    await fn();
    return { attempt, error: "none", unsupported: false, message: "" };
  } catch (e) {
    const error = e as Error;
    return {
      attempt,
      error: error.name,
      unsupported: e instanceof UnsupportedRuntimeError,
      message: error.message,
    };
  }
}

/** Tries what needs Deno or Bun; each attempt should fail with `UnsupportedRuntimeError`. */
async function limits(env: Env): Promise<LimitOutcome[]> {
  const client = new PlatformClient({ environment: "mypurecloud.ie" });
  const outcomes = [
    await tryIt(
      "configFilePath",
      () => new PlatformClient({ configFilePath: "/etc/genesys/config.ini" }),
    ),
    await tryIt(
      "logging.logFilePath",
      () => new PlatformClient({ logging: { logFilePath: "/var/log/genesys.log" } }),
    ),
    await tryIt("setProxy", () => client.setProxy({ host: "proxy.example", port: 3128 })),
    await tryIt(
      "setMTLSCertificates",
      () => client.setMTLSCertificates("/etc/genesys/client.crt", "/etc/genesys/client.key"),
    ),
  ];
  // On Cloudflare, client certificates are an `mtls_certificates` binding
  // (a Fetcher), not something a library can configure on `fetch`.
  if (env.GENESYS_MTLS_CERT && env.GENESYS_MTLS_KEY) {
    const { GENESYS_MTLS_CERT: cert, GENESYS_MTLS_KEY: key } = env;
    outcomes.push(await tryIt("setMTLSContents", () => client.setMTLSContents(cert, key)));
  }
  return outcomes;
}

export default {
  /** Answers `/me`, `/users` and `/limits`. */
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    try {
      if (url.pathname === "/limits") return Response.json(await limits(env));
      const users = url.pathname.startsWith("/lite/")
        ? new UsersApi(await liteClientFor(env))
        : new UsersApi(await clientFor(env));
      if (url.pathname === "/me") {
        const { data, correlationId } = await users.getUsersMe().withResponse();
        return Response.json({ id: data.id, name: data.name, email: data.email, correlationId });
      }
      if (url.pathname === "/users" || url.pathname === "/lite/users") {
        const pageSize = Number(url.searchParams.get("pageSize") ?? "25");
        const page = await users.getUsers({ pageSize });
        return Response.json({
          total: page.total,
          pageCount: page.pageCount,
          names: (page.entities ?? []).map((u) => u.name),
        });
      }
      return new Response("routes: /me, /users?pageSize=N, /lite/users?pageSize=N, /limits\n", {
        status: 404,
      });
    } catch (e) {
      const error = e as Error;
      return Response.json({ error: error.name, message: error.message }, { status: 502 });
    }
  },
};
