/**
 * A Worker (bundled and run in real workerd by workerd_test.ts): tries the
 * proxy and mTLS setters and a plain call, and answers with what happened.
 */
import "../../src/features/net.ts";
import { PlatformClient } from "../../src/client/platform_client.ts";
import { UnsupportedRuntimeError } from "../../src/base/errors.ts";
import { createNetTransport } from "../../src/net/transport.ts";
import type { Endpoint } from "../../src/base/endpoint.ts";

const getUsersMe: Endpoint = {
  name: "getUsersMe",
  method: "GET",
  path: "/api/v2/users/me",
  params: [],
};

/** The POST body workerd_test.ts sends. */
export interface WorkerInput {
  backendUrl: string;
  cert: string;
  key: string;
  password: string;
}

/** What one attempt did. */
export interface Outcome {
  ok: boolean;
  name?: string;
  message?: string;
  unsupported?: boolean;
  value?: unknown;
}

async function attempt(fn: () => unknown): Promise<Outcome> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    const err = e as Error;
    return {
      ok: false,
      name: err.name,
      message: err.message,
      unsupported: e instanceof UnsupportedRuntimeError,
    };
  }
}

export default {
  async fetch(request: Request): Promise<Response> {
    const input = await request.json() as WorkerInput;
    const client = new PlatformClient({ basePath: input.backendUrl, accessToken: "t" });
    const proxy = {
      host: "127.0.0.1",
      port: 3128,
      auth: { username: "u", password: input.password },
    };
    const results: Record<string, Outcome> = {
      userAgent: { ok: true, value: globalThis.navigator?.userAgent },
      setProxy: await attempt(() => client.setProxy(proxy)),
      setMTLSContents: await attempt(() => client.setMTLSContents(input.cert, input.key)),
      setMTLSCertificates: await attempt(() => client.setMTLSCertificates("/c.pem", "/k.pem")),
      createNetTransport: await attempt(() => createNetTransport({ proxy })),
      plainCall: await attempt(() => client.call(getUsersMe, [])),
    };
    return Response.json(results);
  },
};
