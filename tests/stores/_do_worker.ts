/**
 * The Worker the Durable Object test runs in workerd: it exports the
 * package's GenesysCloudStoreObject (and BrokenObject, an object that answers
 * outside the protocol) and runs the real `durableObjectStores` adapter for
 * each call the test sends (POST JSON, answered `{ ok, value }` or
 * `{ ok: false, error: { name, message } }`). A lock's release function stays
 * here under a handle the test sends back to release it.
 */

import {
  type DurableObjectNamespaceLike,
  durableObjectStores,
  GenesysCloudStoreObject,
} from "../../src/stores/mod.ts";

export { GenesysCloudStoreObject };

/** An object that is not a store: answers 503 in plain text. */
export class BrokenObject {
  fetch(): Response {
    return new Response("overloaded", { status: 503 });
  }
}

/** What the test sends. */
export interface WorkerCall {
  /** The binding to build the stores on. */
  binding: "STORE" | "BROKEN";
  /** Which store, and which of its methods. */
  store: "tokenStore" | "rateLimitStore";
  method: string;
  args: unknown[];
  /** For `release`: the handle `lock` answered. `raw` sends `args[1]` to the object named `args[0]`. */
  handle?: string;
}

type Env = Record<WorkerCall["binding"], DurableObjectNamespaceLike>;

const releases = new Map<string, () => Promise<void>>();

async function call(message: WorkerCall, env: Env): Promise<unknown> {
  if (message.method === "raw") {
    // args: object name, request body: straight to the object, past the adapter's checks.
    const ns = env[message.binding];
    const stub = ns.get(ns.idFromName(message.args[0] as string));
    const answer = await stub.fetch("https://genesys-cloud-store/", {
      method: "POST",
      body: message.args[1] as string,
    });
    return { status: answer.status, text: await answer.text() };
  }
  if (message.method === "release") {
    const release = releases.get(message.handle ?? "");
    if (!release) throw new Error(`no lock handle ${message.handle}`);
    return await release();
  }
  const stores = durableObjectStores(env[message.binding]);
  const store = stores[message.store] as unknown as Record<string, (...a: unknown[]) => unknown>;
  const value = await store[message.method](...message.args);
  if (message.method !== "lock") return value;
  if (value === undefined) return null;
  const handle = crypto.randomUUID();
  releases.set(handle, value as () => Promise<void>);
  return handle;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const message = await request.json() as WorkerCall;
    try {
      return Response.json({ ok: true, value: (await call(message, env)) ?? null });
    } catch (error) {
      const e = error as Error;
      return Response.json({ ok: false, error: { name: e.name, message: e.message } });
    }
  },
};
