/**
 * The plugin registry: the optional parts of `PlatformClient` (request
 * logging, config files, proxy and mTLS, browser logins). Each entry point
 * registers its plugin when imported, for every client made afterwards:
 *
 * | plugin | entry point |
 * | --- | --- |
 * | `logging` | `@cxkit/genesys-cloud/logging` |
 * | `configFile` | `@cxkit/genesys-cloud/config-file` |
 * | `net` (proxy, mTLS) | `@cxkit/genesys-cloud/net` |
 * | `browserLogin` | `@cxkit/genesys-cloud/browser-login` |
 *
 * The package root (`@cxkit/genesys-cloud`) registers all four; a per-API
 * entry point (`@cxkit/genesys-cloud/users`) none. The explicit form is
 * `new PlatformClient({ plugins: [loggingPlugin] })`. A client looks its
 * plugins up once, when it is made. Using a setting or method whose plugin is
 * missing throws a `MissingFeatureError` naming the import to add, before
 * anything is changed or sent.
 *
 * @module
 */

import {
  FEATURE_ENTRY_POINTS,
  type Plugin,
  type PluginName,
  type PluginSource,
} from "../base/plugin.ts";
import { ConfigurationError } from "../base/errors.ts";
import type { BrowserLoginPlugin } from "../auth/browser_plugin.ts";
import type { ConfigFilePlugin } from "../config/plugin.ts";
import type { LoggingPlugin } from "../logging/plugin.ts";
import type { NetPlugin } from "../net/plugin.ts";

/**
 * Any plugin a client takes.
 *
 * @example
 * ```ts
 * import type { ClientPlugin } from "./plugins.ts";
 * const names = (plugins: ClientPlugin[]) => plugins.map((p) => p.name);
 * ```
 */
export type ClientPlugin = LoggingPlugin | ConfigFilePlugin | NetPlugin | BrowserLoginPlugin;

const registered = new Map<PluginName, Plugin>();

/**
 * Registers `plugin` for every client made afterwards; registering one of the
 * same name again replaces it. The entry points call it when imported.
 *
 * @example
 * ```ts
 * import { registerPlugin, registeredPlugin } from "./plugins.ts";
 * registerPlugin({
 *   name: "configFile",
 *   entryPoint: "@cxkit/genesys-cloud/config-file",
 *   available: false,
 *   open: () => Promise.reject(new Error("no files here")),
 * });
 * console.log(registeredPlugin("configFile")?.name); // configFile
 * ```
 */
export function registerPlugin(plugin: ClientPlugin): void {
  registered.set(checkedPlugin(plugin), plugin);
}

/**
 * The plugin registered under `name`, or `undefined`.
 *
 * @example
 * ```ts
 * import { registeredPlugin } from "./plugins.ts";
 * console.log(typeof registeredPlugin("net")); // "undefined" until net is imported
 * ```
 */
export function registeredPlugin(name: PluginName): Plugin | undefined {
  return registered.get(name);
}

/**
 * The plugins of one client: those registered when it is made, then those
 * it is given (which win).
 *
 * @example
 * ```ts
 * import { clientPlugins } from "./plugins.ts";
 * console.log(clientPlugins(undefined).plugin("browserLogin")); // undefined unless registered
 * ```
 */
export function clientPlugins(given: readonly ClientPlugin[] | undefined): PluginSource {
  if (given !== undefined && !Array.isArray(given)) {
    throw new ConfigurationError("plugins must be an array of plugins");
  }
  const own = new Map(registered);
  for (const plugin of given ?? []) own.set(checkedPlugin(plugin), plugin);
  return { plugin: (name) => own.get(name) };
}

/** The name of `plugin`; a `ConfigurationError` when it is not one of the package's plugins. */
function checkedPlugin(plugin: Plugin): PluginName {
  const name = (plugin as Partial<Plugin> | null)?.name;
  if (!name || !(name in FEATURE_ENTRY_POINTS)) {
    throw new ConfigurationError("plugins: not a plugin of this package");
  }
  return name;
}
