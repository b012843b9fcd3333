/**
 * Token and rate-limit stores on Cloudflare Durable Objects: the adapter that
 * talks to `GenesysCloudStoreObject` through a namespace binding.
 *
 * @module
 */

import { ConfigurationError, ParameterError } from "../base/errors.ts";
import { type StoredToken, toStoredToken } from "../auth/token_store.ts";
import type { RateLimitGrant, RateLimitSeen, RateLimitStore } from "../http/rate_limit_store.ts";
import { checkCount, checkDuration, checkKey, checkSeen, checkToken } from "./checks.ts";
import { guarded, StoreError } from "./store_error.ts";
import type { StoreRequest } from "./store_object.ts";
import type { LockingTokenStore, SharedStores } from "./types.ts";

/** A Durable Object stub: what `namespace.get(id)` gives. */
export interface DurableObjectStubLike {
  /** Sends a request to the object. */
  fetch(input: string, init?: RequestInit): Promise<Response>;
}

/** The part of a `DurableObjectNamespace` binding the adapter uses. */
export interface DurableObjectNamespaceLike {
  /** The id of the object named `name`. */
  idFromName(name: string): unknown;
  /** The stub of the object with `id`. */
  get(id: unknown): DurableObjectStubLike;
}

/** Options of {@linkcode durableObjectStores}. */
export interface DurableObjectStoresOptions {
  /**
   * Prefix of every object name (`<prefix>token:<key>`, `<prefix>lock:<key>`,
   * `<prefix>rate:<key>`); `"genesys-cloud:"` by default.
   */
  prefix?: string;
}

/**
 * A token store (with `lock`) and a rate-limit store on Durable Objects of
 * the class `GenesysCloudStoreObject`, shared by every Worker bound
 * to the same namespace. Each key has its own object (named
 * `<prefix><kind>:<key>`), so a busy budget does not queue token reads.
 *
 * Throws {@linkcode ConfigurationError} when `namespace` is not a Durable
 * Object namespace; each store operation rejects with {@linkcode StoreError}
 * when the object fails or answers outside the protocol (and with
 * `ParameterError` on bad arguments).
 *
 * @example
 * ```ts
 * import { durableObjectStores, type DurableObjectNamespaceLike } from "./durable_object.ts";
 * export { GenesysCloudStoreObject } from "./store_object.ts";
 * // The Worker: env.GENESYS_STORE is bound to the class GenesysCloudStoreObject.
 * const worker = {
 *   async fetch(_request: Request, env: { GENESYS_STORE: DurableObjectNamespaceLike }) {
 *     const { tokenStore, rateLimitStore } = durableObjectStores(env.GENESYS_STORE);
 *     const release = await tokenStore.lock("login", 10_000);
 *     await release?.();
 *     const { granted } = await rateLimitStore.take("budget", 1, 300, 60_000);
 *     return new Response(granted ? "go" : "wait");
 *   },
 * };
 * export default worker;
 * ```
 */
export function durableObjectStores(
  namespace: DurableObjectNamespaceLike,
  options: DurableObjectStoresOptions = {},
): SharedStores {
  const ns = namespace as unknown as Record<string, unknown> | null | undefined;
  if (
    typeof ns !== "object" || ns === null || typeof ns.idFromName !== "function" ||
    typeof ns.get !== "function"
  ) {
    throw new ConfigurationError(
      "durableObjectStores needs a Durable Object namespace binding (with idFromName and get) " +
        `bound to the class GenesysCloudStoreObject; got ${ns === null ? "null" : typeof ns}`,
    );
  }
  const prefix = options.prefix ?? "genesys-cloud:";
  if (typeof prefix !== "string") {
    throw new ParameterError("durableObjectStores", "prefix", "must be a string");
  }
  const objects = new Objects(namespace, prefix);
  return {
    tokenStore: new ObjectTokenStore(objects),
    rateLimitStore: new ObjectRateLimitStore(objects),
  };
}

/** Sends protocol requests to the object of each key. */
class Objects {
  constructor(readonly namespace: DurableObjectNamespaceLike, readonly prefix: string) {}

  /** Sends `request` to the object of `<kind>:<key>` and returns its JSON answer. */
  send(kind: string, request: StoreRequest): Promise<Record<string, unknown>> {
    return guarded("Durable Object", request.op, async () => {
      const ns = this.namespace;
      const stub = ns.get(ns.idFromName(`${this.prefix}${kind}:${request.key}`));
      const response = await stub.fetch("https://genesys-cloud-store/", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(request),
      });
      const text = await response.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      if (typeof body !== "object" || body === null || Array.isArray(body)) {
        throw new StoreError(
          "Durable Object",
          request.op,
          `the object answered ${response.status} without a JSON object: ${text.slice(0, 200)}`,
        );
      }
      const answer = body as Record<string, unknown>;
      if (!response.ok) {
        const why = typeof answer.error === "string" ? answer.error : text.slice(0, 200);
        throw new StoreError(
          "Durable Object",
          request.op,
          `the object answered ${response.status}: ${why}`,
        );
      }
      return answer;
    });
  }
}

class ObjectTokenStore implements LockingTokenStore {
  readonly #objects: Objects;

  constructor(objects: Objects) {
    this.#objects = objects;
  }

  async get(key: string): Promise<StoredToken | undefined> {
    checkKey("TokenStore.get", key);
    const answer = await this.#objects.send("token", { op: "get", key });
    return toStoredToken(answer.token);
  }

  async set(key: string, token: StoredToken): Promise<void> {
    checkKey("TokenStore.set", key);
    const stored = checkToken("TokenStore.set", token);
    await this.#objects.send("token", { op: "set", key, token: stored });
  }

  async delete(key: string): Promise<void> {
    checkKey("TokenStore.delete", key);
    await this.#objects.send("token", { op: "delete", key });
  }

  async lock(key: string, ttlMs: number): Promise<(() => Promise<void>) | undefined> {
    checkKey("TokenStore.lock", key);
    checkDuration("TokenStore.lock", "ttlMs", ttlMs);
    const owner = crypto.randomUUID();
    const answer = await this.#objects.send("lock", { op: "lock", key, owner, ttlMs });
    if (typeof answer.taken !== "boolean") {
      throw new StoreError("Durable Object", "lock", "the object's answer has no taken flag");
    }
    if (!answer.taken) return undefined;
    return async () => {
      await this.#objects.send("lock", { op: "release", key, owner });
    };
  }
}

class ObjectRateLimitStore implements RateLimitStore {
  readonly #objects: Objects;

  constructor(objects: Objects) {
    this.#objects = objects;
  }

  async take(
    key: string,
    want: number,
    limit: number,
    windowMs: number,
    seen?: RateLimitSeen,
  ): Promise<RateLimitGrant> {
    checkKey("RateLimitStore.take", key);
    checkCount("RateLimitStore.take", "want", want);
    checkCount("RateLimitStore.take", "limit", limit);
    checkDuration("RateLimitStore.take", "windowMs", windowMs);
    const report = checkSeen("RateLimitStore.take", seen);
    const answer = await this.#objects.send("rate", {
      op: "take",
      key,
      want,
      limit,
      windowMs,
      ...(report ? { seen: report } : {}),
    });
    const { granted, resetInMs, window, allowed } = answer;
    if (![granted, resetInMs, window, allowed].every((n) => typeof n === "number")) {
      throw new StoreError("Durable Object", "take", "the object's answer is not a grant");
    }
    return { granted, resetInMs, window, allowed } as RateLimitGrant;
  }

  async block(key: string, ms: number): Promise<void> {
    checkKey("RateLimitStore.block", key);
    checkDuration("RateLimitStore.block", "ms", ms, true);
    await this.#objects.send("rate", { op: "block", key, ms });
  }
}
