/**
 * Mutual TLS through a gateway: requests (login included) go to an HTTPS
 * gateway that requires a client certificate (`client.setGateway`), and the
 * client presents one read from PEM files (`client.setMTLSCertificates`),
 * trusting the gateway's CA. Needs Deno or Bun. Key material is never printed.
 *
 * Settings (flag or environment variable):
 *   --gateway  GENESYS_GATEWAY_URL   https://gateway.example:8443
 *   --login-path GENESYS_GATEWAY_LOGIN_PATH  path before /oauth/* (default "login")
 *   --api-path GENESYS_GATEWAY_API_PATH  path before /api/v2/* (default "api")
 *   --cert     GENESYS_MTLS_CERT     client certificate file (PEM)
 *   --key      GENESYS_MTLS_KEY      its private key file (PEM, unencrypted)
 *   --ca       GENESYS_MTLS_CA       CA certificate file (PEM) of the gateway, optional
 *   GENESYS_CLIENT_ID, GENESYS_CLIENT_SECRET: client credentials behind the gateway
 *
 * Run:
 *   deno run -A examples/mtls.ts --gateway https://localhost:8443 --cert c.crt --key c.key --ca ca.crt
 *   bun examples/mtls.ts --gateway https://localhost:8443 --cert c.crt --key c.key --ca ca.crt
 *
 * @module
 */

import { PlatformClient } from "../mod.ts";
import { UsersApi } from "../src/generated/apis/users.js";

interface RuntimeArgs {
  Deno?: {
    args: string[];
    env: { get(name: string): string | undefined };
    exit(code: number): never;
  };
  Bun?: { argv: string[]; env: Record<string, string | undefined> };
  process?: { exit(code: number): never };
}
const runtime = globalThis as RuntimeArgs;
const exit = (code: number): never => (runtime.Deno ?? runtime.process)!.exit(code);

/** A `--flag value` argument, else the environment variable. */
function setting(flag: string, envName: string): string | undefined {
  const args = runtime.Deno?.args ?? runtime.Bun?.argv.slice(2) ?? [];
  const at = args.indexOf(flag);
  if (at >= 0) return args[at + 1];
  return runtime.Deno?.env.get(envName) ?? runtime.Bun?.env[envName];
}

const gatewayUrl = setting("--gateway", "GENESYS_GATEWAY_URL");
const certPath = setting("--cert", "GENESYS_MTLS_CERT");
const keyPath = setting("--key", "GENESYS_MTLS_KEY");
const caPath = setting("--ca", "GENESYS_MTLS_CA");
const clientId = setting("--client-id", "GENESYS_CLIENT_ID");
const clientSecret = setting("--client-secret", "GENESYS_CLIENT_SECRET");
if (!gatewayUrl || !certPath || !keyPath || !clientId || !clientSecret) {
  console.error(
    "give --gateway, --cert, --key (and --ca) or GENESYS_GATEWAY_URL, GENESYS_MTLS_CERT, " +
      "GENESYS_MTLS_KEY (GENESYS_MTLS_CA), plus GENESYS_CLIENT_ID and GENESYS_CLIENT_SECRET",
  );
  exit(2);
}

const gateway = new URL(gatewayUrl!);
const client = new PlatformClient();
try {
  client.setGateway({
    host: gateway.hostname,
    protocol: gateway.protocol.replace(":", ""),
    port: gateway.port ? Number(gateway.port) : undefined,
    pathParamsLogin: setting("--login-path", "GENESYS_GATEWAY_LOGIN_PATH") ?? "login",
    pathParamsApi: setting("--api-path", "GENESYS_GATEWAY_API_PATH") ?? "api",
  });
  console.log(`gateway: login ${client.config.urls.login}, api ${client.config.urls.api}`);
  client.setMTLSCertificates(certPath!, keyPath!, caPath);
  console.log(`client certificate: ${certPath}${caPath ? `, trusting CA ${caPath}` : ""}`);
  await client.loginClientCredentialsGrant(clientId!, clientSecret!);
  const page = await new UsersApi(client).getUsers({ pageSize: 5 });
  const names = (page.entities ?? []).map((u) => u.name).join(", ");
  console.log(`through the gateway with mTLS: logged in, ${page.total} users; first ${names}`);
} catch (error) {
  const e = error as Error;
  console.log(`failed: ${e.name}: ${e.message}`);
  client.clearMTLS();
  exit(1);
}
client.clearMTLS(); // releases the mTLS HTTP client
