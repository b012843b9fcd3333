/**
 * The base of every generated API class.
 *
 * @module
 */

import { PlatformClient } from "./client.ts";

/**
 * Holds the {@linkcode PlatformClient} an API class sends its calls through.
 *
 * @example
 * ```ts
 * import { ApiBase } from "./api_base.ts";
 * import { PlatformClient } from "./client.ts";
 * class PingApi extends ApiBase {}
 * const api = new PingApi(new PlatformClient());
 * console.log(api.client instanceof PlatformClient); // true
 * ```
 */
export class ApiBase {
  /** The client calls go through. */
  readonly client: PlatformClient;

  /** Uses `client`, or the shared {@linkcode PlatformClient.instance} when omitted. */
  constructor(client?: PlatformClient) {
    this.client = client ?? PlatformClient.instance;
  }
}
