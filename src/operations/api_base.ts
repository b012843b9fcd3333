/**
 * The base of every generated API class.
 *
 * @module
 */

import { installOperations, type OperationTable } from "./operations.ts";
import { type OperationClient, sharedClient } from "./operation_client.ts";

const installed = new WeakSet<object>();

/**
 * Holds the client an API class sends its calls through, and turns the
 * class's operation table into methods on first construction. `C` is the
 * client's type (the generated classes default it to `PlatformClient`); any
 * {@linkcode OperationClient} (such as `LiteClient`) is passed.
 *
 * @typeParam C The client's type.
 *
 * @example
 * ```ts
 * import { ApiBase } from "./api_base.ts";
 * import type { OperationClient } from "./operation_client.ts";
 * import { ApiPromise } from "../http/api_promise.ts";
 * const client: OperationClient = { call: () => new ApiPromise(Promise.resolve({ data: "pong" } as never)) };
 * class PingApi extends ApiBase {
 *   constructor(client?: OperationClient) {
 *     super(client, "getPing GET /api/v2/ping");
 *   }
 * }
 * const api = new PingApi(client);
 * console.log(typeof (api as unknown as Record<string, unknown>).getPing); // function
 * ```
 */
export class ApiBase<C extends OperationClient = OperationClient> {
  readonly #client: C | undefined;

  /**
   * Uses `client`, or the shared `PlatformClient.instance` when
   * omitted (looked up when a call is made). `operations` is the generated
   * class's table; its methods are defined once, on the generated class's
   * prototype (a subclass of it can still override any of them).
   */
  constructor(client?: C, operations?: OperationTable) {
    this.#client = client;
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

  /**
   * The client calls go through. Without one given to the constructor, the
   * shared `PlatformClient.instance`; a `ConfigurationError` when
   * there is none yet.
   */
  get client(): C {
    return this.#client ?? sharedClient() as C;
  }
}
