/**
 * Installs proxy and mutual TLS support (the `proxy` and `mtls` settings,
 * `setProxy`, `setMTLSCertificates`, `setMTLSContents`) in every
 * `PlatformClient` of the program, and exports the pieces for direct use. The
 * package root installs it; import this module when the client comes from a
 * per-API entry point. Needs Deno or Bun at run time.
 *
 * @example
 * ```ts
 * import "@cxkit/genesys-cloud/net";
 * import { PlatformClient } from "@cxkit/genesys-cloud/users";
 * const client = new PlatformClient();
 * client.setProxy({ host: "127.0.0.1", port: 3128 });
 * await client.close();
 * ```
 *
 * @module
 */

import { installFeature, type NetFeature } from "../client/plugins.ts";
import { validateMtls } from "../net/mtls.ts";
import { validateProxy } from "../net/proxy.ts";
import { readTextFileSync } from "../net/runtime.ts";
import { createNetTransport } from "../net/transport.ts";

export { createNetTransport } from "../net/transport.ts";
export { proxyUrl, validateProxy } from "../net/proxy.ts";
export { validateMtls } from "../net/mtls.ts";

/**
 * The proxy/mTLS feature as installed; exported for programs that want to
 * name what they install.
 *
 * @example
 * ```ts
 * import { netFeature } from "@cxkit/genesys-cloud/net";
 * netFeature.validateProxy({ host: "proxy.example.com", port: 8080 });
 * ```
 */
export const netFeature: NetFeature = {
  validateProxy,
  validateMtls,
  createTransport: (options) => createNetTransport(options),
  readTextFileSync: (path, what) => readTextFileSync(path, what),
};

installFeature("net", netFeature);
