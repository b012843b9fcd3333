/// <reference lib="dom" />
/**
 * The page's script (bundled to app.js by serve.ts): PKCE login with the
 * sandbox's public client, a call as the signed-in user, and the token kept
 * in `localStorage` (`setPersistSettings`) so a reload skips the login.
 * Then what a page may not do, each refused with `UnsupportedRuntimeError`.
 *
 * @module
 */

import { PlatformClient, UnsupportedRuntimeError } from "../../mod.ts";
import { UsersApi } from "../../src/generated/apis/users.js";
import { type PageConfig, type PageResult, PREFIX } from "./types.ts";

async function tryIt(attempt: string, fn: () => unknown): Promise<PageResult["limits"][number]> {
  try {
    await fn();
    return { attempt, error: "none", unsupported: false, message: "" };
  } catch (e) {
    const error = e as Error;
    return {
      attempt,
      error: error.name,
      unsupported: e instanceof UnsupportedRuntimeError,
      message: error.message,
    };
  }
}

function element(id: string): HTMLElement {
  return document.getElementById(id)!;
}

async function main(): Promise<void> {
  const config = await (await fetch("./config.json")).json() as PageConfig;
  const client = new PlatformClient({ basePath: config.apiBase, loginBasePath: config.loginBase });
  client.setPersistSettings(true, PREFIX);
  const returning = new URLSearchParams(location.search).has("code");

  // First visit: redirects to the login page (the promise never settles).
  // Back from it with ?code=: exchanges the code. Later visits: the stored token.
  const auth = await client.loginPKCEGrant(config.clientId, config.redirectUri, {
    state: "/inbox",
  });
  const me = await new UsersApi(client).getUsersMe();

  const limits = [
    // A client secret must never ship to a page.
    await tryIt(
      "loginClientCredentialsGrant",
      () =>
        new PlatformClient({ basePath: config.apiBase, loginBasePath: config.loginBase })
          .loginClientCredentialsGrant("client-id", "not-a-real-secret"),
    ),
    // The browser's own proxy settings apply; a page cannot choose one.
    await tryIt(
      "setProxy",
      () => new PlatformClient().setProxy({ host: "proxy.example", port: 3128 }),
    ),
    // No file system in a page: settings come from code.
    await tryIt("configFilePath", () => new PlatformClient({ configFilePath: "config.ini" })),
    await tryIt(
      "setMTLSCertificates",
      () => new PlatformClient().setMTLSCertificates("client.crt", "client.key"),
    ),
  ];
  const result: PageResult = {
    how: returning ? "login" : "restored",
    signedInAs: me.name ?? "",
    userId: me.id ?? "",
    state: auth.state,
    persisted: localStorage.getItem(`${PREFIX}_auth_data`) !== null,
    limits,
  };
  element("status").textContent = `Signed in as ${result.signedInAs} (${result.how})`;
  for (const limit of limits) {
    const item = document.createElement("li");
    item.textContent = `${limit.attempt}: ${limit.error}: ${limit.message}`;
    element("limits").append(item);
  }
  element("result").textContent = JSON.stringify(result, null, 2);
  const logout = element("logout");
  logout.hidden = false;
  logout.addEventListener("click", () => client.logout(config.redirectUri));
  document.body.dataset.state = "done";
}

main().catch((e) => {
  const error = e as Error;
  element("status").textContent = `Failed: ${error.name}: ${error.message}`;
  element("result").textContent = JSON.stringify({ error: error.name, message: error.message });
  document.body.dataset.state = "error";
});
