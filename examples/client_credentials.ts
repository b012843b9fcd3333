/**
 * Client credentials grant (server side): log in with a client id and secret,
 * call the API, and let the client renew the token by itself, both before it
 * expires (halfway through a short lifetime here) and after the server rejects
 * it (401). The secret and the tokens are never printed.
 *
 * Run:
 *   deno run -A examples/client_credentials.ts
 *   bun examples/client_credentials.ts
 *
 * @module
 */

import { PlatformClient } from "../mod.ts";
import { startSandbox } from "../tools/sandbox/mod.ts";
import { TokensApi } from "../src/generated/apis/tokens.js";

// Tokens live 2 seconds here, so renewal can be seen without waiting long.
const sandbox = await startSandbox({ tokenLifetimeSeconds: 2 });
try {
  const client = new PlatformClient(sandbox.clientOptions);
  const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
  const auth = await client.loginClientCredentialsGrant(clientId, clientSecret);
  console.log(`logged in: expiresIn=${auth.expiresIn}s, expires ${auth.tokenExpiryTimeString}`);

  const tokens = new TokensApi(client);
  const info = await tokens.getTokensMe();
  console.log(
    `token: client "${info.OAuthClient?.name}", grant ${info.OAuthClient?.authorizedGrantType}, org "${info.organization?.name}"`,
  );
  const tokenRequests = () => sandbox.counters.tokenRequests.client_credentials ?? 0;
  console.log(`token requests so far: ${tokenRequests()}`);

  // Past half of the lifetime, the next call first fetches a new token.
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  await tokens.getTokensMe();
  console.log(`after 1.1 s: token requests ${tokenRequests()} (renewed before expiry)`);

  // The server forgets every token: the call gets a 401, logs in again and is retried once.
  sandbox.expireTokens();
  const again = await tokens.getTokensMe().withResponse();
  console.log(
    `after the server revoked it: status ${again.status}, token requests ${tokenRequests()}`,
  );
  const unauthorized = sandbox.requests.filter((r) => r.path === "/api/v2/tokens/me").length;
  console.log(`GET /api/v2/tokens/me sent ${unauthorized} times (one answered 401)`);
} finally {
  await sandbox.stop();
}
