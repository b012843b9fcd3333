/**
 * The Durable Object that keeps tokens, login locks and request budgets for
 * `durableObjectStores()`: export it from your Worker and bind a
 * namespace to it. It answers a small JSON protocol ({@linkcode StoreRequest})
 * and keeps everything in `state.storage`, so nothing is lost when the object
 * is evicted.
 *
 * @module
 */

import { GenesysCloudError } from "../base/errors.ts";
import { type StoredToken, toStoredToken } from "../auth/token_store.ts";
import type { RateLimitGrant, RateLimitSeen } from "../http/rate_limit_store.ts";
import { blockOn, keepUntil, takeFrom, toRateState } from "../http/rate_window.ts";
import { checkCount, checkDuration, checkKey, checkSeen, checkToken } from "./checks.ts";

/** One request to the object: the store operation and its arguments. */
export type StoreRequest =
  | { op: "get"; key: string }
  | { op: "set"; key: string; token: StoredToken }
  | { op: "delete"; key: string }
  | { op: "lock"; key: string; owner: string; ttlMs: number }
  | { op: "release"; key: string; owner: string }
  | { op: "take"; key: string; want: number; limit: number; windowMs: number; seen?: RateLimitSeen }
  | { op: "block"; key: string; ms: number };

/**
 * The answer to each {@linkcode StoreRequest} (status 200): `{ token }` (get),
 * `{ taken }` (lock), a {@linkcode RateLimitGrant} (take), `{}` (the others).
 * A request the object cannot read is answered 400 with `{ error }`.
 */
export type StoreAnswer =
  | { token: StoredToken | null }
  | { taken: boolean }
  | RateLimitGrant
  | Record<string, never>;

/** The part of `DurableObjectStorage` the object uses. */
export interface DurableObjectStorageLike {
  /** Reads a value; `undefined` when absent. */
  get(key: string): Promise<unknown>;
  /** Writes a value. */
  put(key: string, value: unknown): Promise<void>;
  /** Deletes a value. */
  delete(key: string): Promise<boolean>;
  /** Every key and value. */
  list(): Promise<Map<string, unknown>>;
  /** When the alarm is set for, or `null`. */
  getAlarm(): Promise<number | null>;
  /** Sets the alarm (milliseconds since the epoch). */
  setAlarm(time: number): Promise<void>;
}

/** The part of `DurableObjectState` the object uses. */
export interface DurableObjectStateLike {
  /** The object's storage. */
  storage: DurableObjectStorageLike;
}

/** What is stored under `<kind>:<key>`: the data, and when it stops counting. */
interface Entry {
  data: unknown;
  /** Milliseconds since the epoch; `null`: never. */
  expiresAt: number | null;
}

/**
 * The Durable Object class of the stores. Each request runs alone (requests
 * are queued one after the other inside the object), so every operation is
 * atomic; entries past their expiry read as absent and an alarm deletes them.
 *
 * @example
 * ```ts
 * // worker.ts; wrangler.toml binds it:
 * //   [[durable_objects.bindings]]
 * //   name = "GENESYS_STORE"
 * //   class_name = "GenesysCloudStoreObject"
 * //   [[migrations]]
 * //   tag = "v1"
 * //   new_sqlite_classes = ["GenesysCloudStoreObject"]
 * import { GenesysCloudStoreObject } from "./store_object.ts";
 * import { durableObjectStores, type DurableObjectNamespaceLike } from "./durable_object.ts";
 * export { GenesysCloudStoreObject };
 * const worker = {
 *   async fetch(_request: Request, env: { GENESYS_STORE: DurableObjectNamespaceLike }) {
 *     const { rateLimitStore } = durableObjectStores(env.GENESYS_STORE);
 *     const { granted } = await rateLimitStore.take("budget", 1, 300, 60_000);
 *     return new Response(granted ? "go" : "wait");
 *   },
 * };
 * export default worker;
 * ```
 */
export class GenesysCloudStoreObject {
  readonly #storage: DurableObjectStorageLike;
  #queue: Promise<unknown> = Promise.resolve();

  /** Called by the runtime with the object's state (and the Worker's env, unused). */
  constructor(state: DurableObjectStateLike, _env?: unknown) {
    this.#storage = state.storage;
  }

  /** Answers one {@linkcode StoreRequest} (a POST with a JSON body). */
  async fetch(request: Request): Promise<Response> {
    let message: unknown;
    try {
      message = await request.json();
    } catch {
      return json(400, { error: "the request body is not JSON" });
    }
    try {
      return json(200, await this.#serial(() => this.#handle(message)));
    } catch (error) {
      if (error instanceof GenesysCloudError) return json(400, { error: error.message });
      throw error;
    }
  }

  /** Deletes what has expired and sets the alarm for the next expiry. */
  async alarm(): Promise<void> {
    await this.#serial(async () => {
      const now = Date.now();
      let next = Infinity;
      for (const [name, value] of await this.#storage.list()) {
        const expiresAt = (value as Partial<Entry> | null)?.expiresAt;
        if (typeof expiresAt !== "number") continue;
        if (expiresAt <= now) await this.#storage.delete(name);
        else next = Math.min(next, expiresAt);
      }
      if (next < Infinity) await this.#storage.setAlarm(next);
    });
  }

  /** Runs `work` after every request queued before it. */
  #serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => {});
    return run;
  }

  async #handle(message: unknown): Promise<StoreAnswer> {
    const m = (typeof message === "object" && message !== null ? message : {}) as Record<
      string,
      unknown
    >;
    checkKey("GenesysCloudStoreObject", m.key);
    const key = m.key;
    const now = Date.now();
    switch (m.op) {
      case "get": {
        const token = toStoredToken(await this.#read(`token:${key}`, now));
        return { token: token ?? null };
      }
      case "set": {
        const token = checkToken("GenesysCloudStoreObject", m.token);
        await this.#write(`token:${key}`, token, token.tokenExpiryTime ?? null);
        return {};
      }
      case "delete":
        await this.#storage.delete(`token:${key}`);
        return {};
      case "lock": {
        checkKey("GenesysCloudStoreObject", m.owner, "owner");
        checkDuration("GenesysCloudStoreObject", "ttlMs", m.ttlMs);
        if (await this.#read(`lock:${key}`, now) !== undefined) return { taken: false };
        await this.#write(`lock:${key}`, m.owner, now + m.ttlMs);
        return { taken: true };
      }
      case "release": {
        checkKey("GenesysCloudStoreObject", m.owner, "owner");
        if (await this.#read(`lock:${key}`, now) === m.owner) {
          await this.#storage.delete(`lock:${key}`);
        }
        return {};
      }
      case "take": {
        checkCount("GenesysCloudStoreObject", "want", m.want);
        checkCount("GenesysCloudStoreObject", "limit", m.limit);
        checkDuration("GenesysCloudStoreObject", "windowMs", m.windowMs);
        const seen = checkSeen("GenesysCloudStoreObject", m.seen);
        const previous = toRateState(await this.#read(`rate:${key}`, now));
        const { state, grant } = takeFrom(previous, now, m.want, m.limit, m.windowMs, seen);
        await this.#write(`rate:${key}`, state, keepUntil(state));
        return grant;
      }
      case "block": {
        checkDuration("GenesysCloudStoreObject", "ms", m.ms, true);
        const state = blockOn(toRateState(await this.#read(`rate:${key}`, now)), now, m.ms);
        await this.#write(`rate:${key}`, state, keepUntil(state));
        return {};
      }
      default:
        throw new GenesysCloudError(`unknown store operation ${JSON.stringify(m.op)}`);
    }
  }

  /** The data under `name`, or `undefined` when absent or expired at `now`. */
  async #read(name: string, now: number): Promise<unknown> {
    const record = await this.#storage.get(name) as Partial<Entry> | undefined;
    if (typeof record !== "object" || record === null) return undefined;
    if (typeof record.expiresAt === "number" && record.expiresAt <= now) return undefined;
    return record.data;
  }

  /** Stores `data` under `name` and makes sure the alarm comes by its expiry. */
  async #write(name: string, data: unknown, expiresAt: number | null): Promise<void> {
    await this.#storage.put(name, { data, expiresAt } satisfies Entry);
    if (expiresAt === null) return;
    const alarm = await this.#storage.getAlarm();
    if (alarm === null || alarm > expiresAt) await this.#storage.setAlarm(expiresAt);
  }
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json" },
  });
}
