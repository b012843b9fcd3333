/**
 * SAML2 bearer grant (server side): exchange a base64 SAML assertion from
 * your identity provider for an access token (`loginSaml2BearerGrant`), then
 * call the API as the user the assertion names. A wrong organization name is
 * refused with an `AuthError`. The assertion and tokens are never printed.
 *
 * Run:
 *   deno run -A examples/saml2_bearer.ts
 *   bun examples/saml2_bearer.ts
 *
 * @module
 */

import { AuthError, PlatformClient } from "../mod.ts";
import { UsersApi } from "../src/generated/apis/users.js";
import { startSandbox } from "../tools/sandbox/mod.ts";

const sandbox = await startSandbox();
try {
  const { clientId, clientSecret } = sandbox.credentials.confidentialClient;
  const { orgName, assertion } = sandbox.credentials.saml; // from your identity provider
  const client = new PlatformClient(sandbox.clientOptions);

  const auth = await client.loginSaml2BearerGrant(clientId, clientSecret, orgName, assertion);
  console.log(`logged in with SAML2 bearer: token valid for ${auth.expiresIn}s`);
  const me = await new UsersApi(client).getUsersMe();
  console.log(`signed in as ${me.name} <${me.email}>`);

  // The assertion is base64 with "+" and "/": they must travel form-encoded.
  const sent = sandbox.requests.find((r) => r.path === "/oauth/token")!;
  const form = new URLSearchParams(sent.body);
  console.log(
    `token request: grant_type=${form.get("grant_type")}, orgName=${form.get("orgName")}, ` +
      `assertion intact: ${form.get("assertion") === assertion}, ` +
      `"+" sent as %2B: ${assertion.includes("+") && sent.body.includes("%2B")}`,
  );

  try {
    await new PlatformClient(sandbox.clientOptions)
      .loginSaml2BearerGrant(clientId, clientSecret, "some-other-org", assertion);
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    console.log(`wrong organization: ${error.name} ${error.error} (HTTP ${error.status})`);
  }
} finally {
  await sandbox.stop();
}
