/**
 * The backend and the login + API call the network tests run through proxies
 * and gateways: the Genesys Cloud sandbox (tools/sandbox), a client-credentials
 * login (`client.loginClientCredentialsGrant`, which sends through
 * `client.send`, so through the proxy/mTLS transport) and `getUser`.
 */
import type { Endpoint, PlatformClient } from "../../mod.ts";
import { startSandbox } from "../../tools/sandbox/mod.ts";

/** `GET /api/v2/users/{userId}`, as the generated `UsersApi.getUser` describes it. */
export const getUser: Endpoint = {
  name: "getUser",
  method: "GET",
  path: "/api/v2/users/{userId}",
  params: [{ name: "userId", in: "path", required: true }],
};

/** One request the backend received. */
export interface SeenRequest {
  /** HTTP method. */
  method: string;
  /** Path as received (after a gateway rewrote it). */
  path: string;
  /** Request headers. */
  headers: Headers;
}

/** The sandbox, reduced to what these tests use. */
export interface Backend extends AsyncDisposable {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Confidential client id. */
  clientId: string;
  /** Confidential client secret. */
  clientSecret: string;
  /** A seeded user id. */
  userId: string;
  /** Requests received so far. */
  seen(): SeenRequest[];
}

/** Starts the sandbox on 127.0.0.1 (free port). */
export async function startBackend(): Promise<Backend> {
  const sandbox = await startSandbox();
  const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
  return {
    url: sandbox.url,
    clientId,
    clientSecret,
    userId: sandbox.credentials.user.id,
    seen: () => sandbox.requests.map(({ method, path, headers }) => ({ method, path, headers })),
    [Symbol.asyncDispose]: () => sandbox.stop(),
  };
}

/** `user` as the tests expect it back. */
export interface User {
  /** User id. */
  id: string;
  /** Display name. */
  name: string;
}

/** Logs in with client credentials, then calls `getUser` for the seeded user. */
export async function loginAndGetUser(client: PlatformClient, backend: Backend): Promise<User> {
  await client.loginClientCredentialsGrant(backend.clientId, backend.clientSecret);
  return await client.call<User>(getUser, [backend.userId]);
}
