/**
 * The Worker of the Durable Object fleet benchmark (bundled by bench/cases/fleet_do_host.ts and
 * run in workerd through miniflare): it exports the package's `GenesysCloudStoreObject` and
 * passes each request `POST /<object name>` to that object through the `STORE` namespace
 * binding, so processes outside workerd run the real `durableObjectStores` adapter against the
 * real object.
 */

import { GenesysCloudStoreObject } from "../../src/stores/store_object.ts";
import type { DurableObjectNamespaceLike } from "../../src/stores/durable_object.ts";

export { GenesysCloudStoreObject };

export default {
  async fetch(request: Request, env: { STORE: DurableObjectNamespaceLike }): Promise<Response> {
    const name = decodeURIComponent(new URL(request.url).pathname.slice(1));
    if (request.method !== "POST" || name === "") {
      return new Response("POST /<object name>", { status: 404 });
    }
    const stub = env.STORE.get(env.STORE.idFromName(name));
    return await stub.fetch("https://genesys-cloud-store/", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: await request.text(),
    });
  },
};
