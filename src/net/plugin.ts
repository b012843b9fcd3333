/**
 * The net plugin's interface: proxy and mutual TLS.
 *
 * @module
 */

import type { Plugin } from "../base/plugin.ts";
import type { MtlsConfig } from "./mtls.ts";
import type { NetOptions, NetTransport } from "./options.ts";
import type { ProxyConfig } from "./proxy.ts";

/**
 * Proxy and mutual TLS (`proxy`, `mtls` settings), registered by `@cxkit/genesys-cloud/net`.
 *
 * @example
 * ```ts
 * import type { NetPlugin } from "./plugin.ts";
 * const check = (plugin: NetPlugin) => plugin.validateProxy({ host: "127.0.0.1", port: 3128 });
 * ```
 */
export interface NetPlugin extends Plugin {
  /** Always `"net"`. */
  readonly name: "net";
  /** Checks a proxy setting; throws a `ConfigurationError`. */
  validateProxy(proxy: ProxyConfig): void;
  /** Checks an mTLS setting; throws a `ConfigurationError` that never quotes the material. */
  validateMtls(mtls: MtlsConfig): void;
  /** Makes a transport for the settings; throws `UnsupportedRuntimeError` where the runtime cannot. */
  createTransport(options: NetOptions): NetTransport;
  /** Reads a PEM file synchronously; `what` names it in errors. */
  readTextFileSync(path: string, what: string): string;
}
