/**
 * Proxy and mutual TLS for `PlatformClient` (`proxy`, `mtls` settings;
 * Deno and Bun): importing this entry point registers {@linkcode netPlugin}
 * for every client made afterwards.
 *
 * @example
 * ```ts
 * import { PlatformClient } from "../../mod.ts";
 * import { netPlugin } from "./net.ts";
 * const client = new PlatformClient({ plugins: [netPlugin] });
 * client.setProxy({ host: "127.0.0.1", port: 3128 });
 * await client.close();
 * ```
 *
 * @module
 */

import type { NetPlugin } from "../net/plugin.ts";
import { validateMtls } from "../net/mtls.ts";
import { validateProxy } from "../net/proxy.ts";
import { readTextFileSync } from "../net/runtime.ts";
import { createNetTransport } from "../net/transport.ts";
import { registerPlugin } from "../client/plugins.ts";

export { createNetTransport } from "../net/transport.ts";
export { proxyUrl, validateProxy } from "../net/proxy.ts";
export { validateMtls } from "../net/mtls.ts";

/**
 * The net plugin.
 *
 * @example
 * ```ts
 * import { netPlugin } from "./net.ts";
 * console.log(netPlugin.name); // net
 * ```
 */
export const netPlugin: NetPlugin = {
  name: "net",
  entryPoint: "@cxkit/genesys-cloud/net",
  validateProxy,
  validateMtls,
  createTransport: (options) => createNetTransport(options),
  readTextFileSync: (path, what) => readTextFileSync(path, what),
};

registerPlugin(netPlugin);
