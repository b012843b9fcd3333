/**
 * `import "@cxkit/genesys-cloud/retry";` gives `LiteClient` its retry rules:
 * with it, the `retry` option retries 429 and 5xx (not 501) answers, waiting
 * as `Retry-After` says, and failed connections for idempotent methods; an
 * HTTP/2 refusal (the server did not process the request) is sent again at
 * once, once per call, whatever the settings.
 * Without it, a `LiteClient` bundle leaves the rules out and the option
 * throws a `ConfigurationError` that names this import. `PlatformClient` and
 * the package root always have them.
 *
 * @example
 * ```ts
 * import "./retry.ts";
 * import { LiteClient } from "../client/lite_client.ts";
 * const client = new LiteClient({ accessToken: "token", retry: { retryMax: 3 } });
 * console.log(client instanceof LiteClient); // true
 * ```
 *
 * @module
 */

import { checkRetry, DEFAULT_RETRY, RETRY_RULES } from "../http/retry_policy.ts";
import { type LiteRetry, registerLiteRetry } from "../client/lite_client.ts";
import { ConfigurationError } from "../base/errors.ts";
import { isRecord } from "../base/json.ts";

export type { LiteRetry } from "../client/lite_client.ts";

/**
 * The retry feature: the rules both clients retry by, and the check of
 * `LiteClient`'s `retry` option (the same as `PlatformClient`'s).
 *
 * @example
 * ```ts
 * import { retryPlugin } from "./retry.ts";
 * console.log(retryPlugin.resolve({ retryMax: 2 }).retryWaitMax); // 30000
 * ```
 */
export const retryPlugin: LiteRetry = {
  ...RETRY_RULES,
  resolve(options) {
    if (!isRecord(options)) throw new ConfigurationError("retry must be an object");
    const settings = { ...DEFAULT_RETRY, ...options };
    checkRetry(settings);
    return settings;
  },
};

registerLiteRetry(retryPlugin);
