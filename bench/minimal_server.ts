/**
 * A minimal Genesys Cloud stand-in for benchmarks: `POST /oauth/token` (client credentials) and
 * `GET /api/v2/users/{userId}`, with realistic bodies and headers. Used when the sandbox is not
 * available or when `--server=minimal` is asked for; it does as little work per request as
 * possible so that client-side costs dominate the figures.
 *
 * @module
 */

/** What the benchmark needs from a loopback server, whichever one runs. */
export interface BenchBackend {
  /** Base URL (`http://127.0.0.1:PORT`), used for both login and API requests. */
  readonly url: string;
  /** The id of a user that `GET /api/v2/users/{userId}` finds. */
  readonly userId: string;
  /** A confidential client allowed to use the client credentials grant. */
  readonly clientId: string;
  /** Its secret. */
  readonly clientSecret: string;
  /** `POST /oauth/token` requests received since the last reset. */
  tokenRequests(): number;
  /** Makes every access token issued so far invalid (the next API call answers 401). */
  expireTokens(): void;
  /** Zeroes the counters. */
  resetCounters(): void;
  /** Stops the server. */
  stop(): Promise<void>;
}

/** Options of {@linkcode startMinimalServer}. */
export interface MinimalServerOptions {
  /** `expires_in` of issued tokens, in seconds. Default 86400. */
  tokenLifetimeSeconds?: number;
}

const USER_ID = "4c2a1f7e-9a43-4d7b-8a55-2f1c0e6b9d31";
const DIVISION_ID = "0a3f2b61-6c1e-4f0e-9d0c-5b7a8e2d4c19";

/** A `User` body shaped like the one Genesys Cloud returns for `/api/v2/users/{userId}`. */
const USER_BODY = JSON.stringify({
  id: USER_ID,
  name: "Ada Lovelace",
  division: {
    id: DIVISION_ID,
    name: "Home",
    selfUri: `/api/v2/authorization/divisions/${DIVISION_ID}`,
  },
  chat: { jabberId: "5f9e0c1a2b3d4e5f6a7b8c9d@bench.orgspan.com" },
  department: "Engineering",
  email: "ada.lovelace@example.com",
  primaryContactInfo: [
    { address: "ada.lovelace@example.com", mediaType: "EMAIL", type: "PRIMARY" },
  ],
  addresses: [
    { address: "+35315551234", display: "+353 1 555 1234", mediaType: "PHONE", type: "WORK" },
  ],
  state: "active",
  title: "Principal Engineer",
  username: "ada.lovelace@example.com",
  manager: {
    id: "8b1d3e5f-7a9c-4b2d-8e6f-1a3c5e7b9d2f",
    selfUri: "/api/v2/users/8b1d3e5f-7a9c-4b2d-8e6f-1a3c5e7b9d2f",
  },
  images: [
    {
      resolution: "x96",
      imageUri:
        "https://prod-euw1-inin-directory-service-profile.s3.amazonaws.com/7f3c/4c2a1f7e/x96.jpg",
    },
  ],
  version: 42,
  acdAutoAnswer: false,
  dateLastLogin: "2025-07-14T08:31:07.000Z",
  selfUri: `/api/v2/users/${USER_ID}`,
});

function randomToken(bytes: number): string {
  const raw = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...raw)).replace(/\+/g, "-").replace(/\//g, "_").replace(
    /=+$/,
    "",
  );
}

function errorBody(status: number, code: string, message: string): Response {
  return new Response(
    JSON.stringify({ message, code, status, messageParams: {}, contextId: crypto.randomUUID() }),
    { status, headers: { "content-type": "application/json" } },
  );
}

/**
 * Starts the minimal server on `127.0.0.1` and a free port.
 *
 * @example
 * ```ts
 * import { startMinimalServer } from "./minimal_server.ts";
 * const server = startMinimalServer();
 * console.log(server.url);
 * await server.stop();
 * ```
 */
export function startMinimalServer(options: MinimalServerOptions = {}): BenchBackend {
  const lifetime = options.tokenLifetimeSeconds ?? 86_400;
  const clientId = "bench-client";
  const clientSecret = randomToken(24);
  const expectedBasic = `Basic ${btoa(`${clientId}:${clientSecret}`)}`;
  const tokens = new Map<string, number>();
  let tokenRequests = 0;
  let rateCount = 0;

  async function handle(req: Request): Promise<Response> {
    const { pathname } = new URL(req.url);
    if (req.method === "POST" && pathname === "/oauth/token") {
      tokenRequests++;
      const form = new URLSearchParams(await req.text());
      if (req.headers.get("authorization") !== expectedBasic) {
        return Response.json({ error: "invalid_client", description: "bad client" }, {
          status: 401,
        });
      }
      if (form.get("grant_type") !== "client_credentials") {
        return Response.json({ error: "unsupported_grant_type" }, { status: 400 });
      }
      const token = randomToken(64);
      tokens.set(token, Date.now() + lifetime * 1000);
      return Response.json({ access_token: token, token_type: "bearer", expires_in: lifetime });
    }
    if (pathname === `/api/v2/users/${USER_ID}` && req.method === "GET") {
      const auth = req.headers.get("authorization") ?? "";
      const token = auth.startsWith("Bearer ") ? auth.slice(7) : "";
      const expiry = tokens.get(token);
      if (expiry === undefined) {
        return errorBody(401, "bad.credentials", "Invalid login credentials.");
      }
      if (expiry <= Date.now()) {
        return errorBody(
          401,
          "credentials.expired",
          "The supplied credentials are expired and cannot be used.",
        );
      }
      rateCount = (rateCount + 1) % 300;
      return new Response(USER_BODY, {
        headers: {
          "content-type": "application/json",
          "inin-correlation-id": crypto.randomUUID(),
          "inin-ratelimit-allowed": "300",
          "inin-ratelimit-count": String(rateCount),
          "inin-ratelimit-reset": "60",
        },
      });
    }
    await req.body?.cancel();
    return errorBody(404, "not.found", "The requested resource was not found.");
  }

  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, handle);
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    userId: USER_ID,
    clientId,
    clientSecret,
    tokenRequests: () => tokenRequests,
    expireTokens: () => tokens.clear(),
    resetCounters: () => {
      tokenRequests = 0;
    },
    stop: () => server.shutdown(),
  };
}
