/**
 * What a generated API class needs of its client, and the shared client API
 * classes fall back to when constructed without one.
 *
 * @module
 */

import type { ApiPromise } from "../http/api_promise.ts";
import type { Endpoint } from "../base/endpoint.ts";
import { ConfigurationError } from "../base/errors.ts";

/**
 * A client API classes can send their calls through: `PlatformClient`,
 * `LiteClient`, or one of your own (a test double, say).
 *
 * @example
 * ```ts
 * import type { OperationClient } from "./operation_client.ts";
 * import { LiteClient } from "../client/lite_client.ts";
 * const client: OperationClient = new LiteClient({ accessToken: "token" });
 * ```
 */
export interface OperationClient {
  /**
   * Sends one operation: `args` are its required parameters in order, `opts`
   * its optional ones and the per-call options.
   */
  call<T>(endpoint: Endpoint, args: readonly unknown[], opts?: object): ApiPromise<T>;
}

let shared: OperationClient | undefined;

/**
 * Makes `client` the one API classes use when constructed without a client
 * (`PlatformClient.instance` calls this when it is first made).
 *
 * @example
 * ```ts
 * import { setSharedClient } from "./operation_client.ts";
 * import { LiteClient } from "../client/lite_client.ts";
 * setSharedClient(new LiteClient({ accessToken: "token" }));
 * ```
 */
export function setSharedClient(client: OperationClient): void {
  shared = client;
}

/**
 * The shared client; throws a {@linkcode ConfigurationError} when there is
 * none yet.
 *
 * @example
 * ```ts
 * import { setSharedClient, sharedClient } from "./operation_client.ts";
 * import { LiteClient } from "../client/lite_client.ts";
 * const client = new LiteClient({ accessToken: "token" });
 * setSharedClient(client);
 * console.log(sharedClient() === client); // true
 * ```
 */
export function sharedClient(): OperationClient {
  if (shared) return shared;
  throw new ConfigurationError(
    "no client: give one to the API class (new UsersApi(client)), or make " +
      "PlatformClient.instance first",
  );
}
