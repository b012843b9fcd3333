/**
 * The error raised when a configured proxy refuses or fails a request.
 *
 * @module
 */

import { NetworkError } from "../base/errors.ts";

/**
 * The proxy refused the request (wrong or missing credentials: HTTP 407, or a
 * refused `CONNECT` tunnel) or could not be reached. `proxy` is the proxy URL
 * without credentials; the password never appears in the error.
 *
 * @example
 * ```ts
 * import { ProxyError } from "./errors.ts";
 * const e = new ProxyError("proxy http://10.0.0.5:3128 requires authentication", {
 *   proxy: "http://10.0.0.5:3128",
 *   status: 407,
 * });
 * console.log(e instanceof ProxyError, e.status); // true 407
 * ```
 */
export class ProxyError extends NetworkError {
  /** Always `"ProxyError"`, also in minified bundles (where class names are renamed). */
  override name = "ProxyError";
  /** The proxy URL, without credentials. */
  readonly proxy: string;
  /** The proxy's HTTP status (407, or the status that refused a tunnel), when known. */
  readonly status: number | undefined;

  /** Creates the error. */
  constructor(
    message: string,
    init: { proxy: string; status?: number; cause?: unknown },
  ) {
    super(message, { cause: init.cause });
    this.proxy = init.proxy;
    this.status = init.status;
  }
}
