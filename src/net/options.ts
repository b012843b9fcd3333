/**
 * The settings of a proxy/mTLS transport and the transport's shape, kept apart
 * from the transport itself (`transport.ts`, loaded with the net feature).
 *
 * @module
 */

import type { Transport } from "../http/transport.ts";
import type { MtlsConfig } from "./mtls.ts";
import type { ProxyConfig } from "./proxy.ts";

/**
 * What `createNetTransport` sets up; both optional.
 *
 * @example
 * ```ts
 * import type { NetOptions } from "./options.ts";
 * const opts: NetOptions = { proxy: { host: "127.0.0.1", port: 3128 } };
 * ```
 */
export interface NetOptions {
  /** Send every request through this proxy. */
  proxy?: ProxyConfig;
  /** Present this client certificate and trust this CA. */
  mtls?: MtlsConfig;
}

/**
 * A {@linkcode Transport} that owns runtime resources (a `Deno.HttpClient`):
 * call `close()` when done with it. Calls after `close()` fail.
 *
 * @example
 * ```ts
 * import type { NetTransport } from "./options.ts";
 * const passThrough: NetTransport = Object.assign((req: Request) => fetch(req), { close() {} });
 * passThrough.close();
 * ```
 */
export interface NetTransport extends Transport {
  /** Releases the runtime HTTP client. Idempotent. */
  close(): void;
}
