/**
 * The base of every generated API class.
 *
 * @module
 */

import { PlatformClient } from "./client.ts";
import { installOperations, type OperationTable } from "./operations.ts";

const installed = new WeakSet<object>();

/**
 * Holds the {@linkcode PlatformClient} an API class sends its calls through,
 * and turns the class's operation table into methods on first construction.
 *
 * @example
 * ```ts
 * import { ApiBase } from "./api_base.ts";
 * import { PlatformClient } from "./client.ts";
 * class PingApi extends ApiBase {
 *   constructor(client?: PlatformClient) {
 *     super(client, "getPing GET /api/v2/ping");
 *   }
 * }
 * const api = new PingApi(new PlatformClient());
 * console.log(typeof (api as unknown as Record<string, unknown>).getPing); // function
 * ```
 */
export class ApiBase {
  /** The client calls go through. */
  readonly client: PlatformClient;

  /**
   * Uses `client`, or the shared {@linkcode PlatformClient.instance} when
   * omitted. `operations` is the generated class's table; its methods are
   * defined once, on the generated class's prototype (a subclass of it can
   * still override any of them).
   */
  constructor(client?: PlatformClient, operations?: OperationTable) {
    this.client = client ?? PlatformClient.instance;
    if (operations) {
      // The generated class is the prototype right below ApiBase's.
      let proto: object = new.target.prototype;
      while (Object.getPrototypeOf(proto) !== ApiBase.prototype) {
        proto = Object.getPrototypeOf(proto);
      }
      if (!installed.has(proto)) {
        installOperations(proto, operations);
        installed.add(proto);
      }
    }
  }
}
