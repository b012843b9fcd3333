/**
 * What every optional part of a client (a plugin) is, and the error a client
 * raises when a setting or method needs a plugin it does not have. Each plugin
 * declares its own interface beside the code it drives (`logging/plugin.ts`,
 * `net/plugin.ts`, `config/plugin.ts`, `auth/browser_plugin.ts`); the client
 * floor only collects them.
 *
 * @module
 */

import { ConfigurationError } from "./errors.ts";

/** The plugins this package ships, by name, with the entry point that registers each. */
export const FEATURE_ENTRY_POINTS: Readonly<Record<PluginName, string>> = {
  logging: "@cxkit/genesys-cloud/logging",
  configFile: "@cxkit/genesys-cloud/config-file",
  net: "@cxkit/genesys-cloud/net",
  browserLogin: "@cxkit/genesys-cloud/browser-login",
  rateLimit: "@cxkit/genesys-cloud/ratelimit",
};

/** Names of the plugins this package ships. */
export type PluginName = "logging" | "configFile" | "net" | "browserLogin" | "rateLimit";

/**
 * The one shape of a plugin: a name, the entry point that registers it, and
 * the members its own interface adds.
 *
 * @example
 * ```ts
 * import type { Plugin } from "./plugin.ts";
 * const plugin: Plugin = { name: "net", entryPoint: "@cxkit/genesys-cloud/net" };
 * ```
 */
export interface Plugin {
  /** The plugin's name; a client holds one plugin per name. */
  readonly name: PluginName;
  /** The import that registers it for every client made afterwards. */
  readonly entryPoint: string;
}

/**
 * The plugins one client was made with.
 *
 * @example
 * ```ts
 * import type { PluginSource } from "./plugin.ts";
 * const none: PluginSource = { plugin: () => undefined };
 * console.log(none.plugin("logging")); // undefined
 * ```
 */
export interface PluginSource {
  /** The plugin `name`, or `undefined` when the client has none. */
  plugin(name: PluginName): Plugin | undefined;
}

/**
 * A client without plugins: only what needs none works.
 *
 * @example
 * ```ts
 * import { NO_PLUGINS } from "./plugin.ts";
 * console.log(NO_PLUGINS.plugin("net")); // undefined
 * ```
 */
export const NO_PLUGINS: PluginSource = { plugin: () => undefined };

/**
 * A setting or method was used whose plugin the client does not have: the
 * program imports the client from a per-API entry point and not the
 * feature's entry point. `feature` names the plugin, `entryPoint` the import
 * that registers it.
 *
 * @example
 * ```ts
 * import { MissingFeatureError } from "./plugin.ts";
 * const e = new MissingFeatureError("logging", 'logging.logLevel "debug"');
 * console.log(e.entryPoint); // @cxkit/genesys-cloud/logging
 * ```
 */
export class MissingFeatureError extends ConfigurationError {
  /** Always `"MissingFeatureError"`, also in minified bundles. */
  override name = "MissingFeatureError";
  /** The missing plugin. */
  declare readonly feature: PluginName;
  /** The import that registers it. */
  declare readonly entryPoint: string;

  /** Creates the error; `use` says what needed the plugin (`logging.logLevel "debug"`). */
  constructor(feature: PluginName, use: string) {
    const entryPoint = FEATURE_ENTRY_POINTS[feature];
    super(
      `${use} needs the ${feature} feature, which this program has not loaded: add ` +
        `\`import "${entryPoint}";\` (importing from "@cxkit/genesys-cloud" loads every feature)`,
    );
    this.feature = feature;
    this.entryPoint = entryPoint;
  }
}

/**
 * The plugin `name` of `source`, typed as `P`; a {@linkcode MissingFeatureError}
 * saying that `use` needs it when the client has none.
 *
 * @example
 * ```ts
 * import { requirePlugin } from "./plugin.ts";
 * try {
 *   requirePlugin({ plugin: () => undefined }, "net", "setProxy");
 * } catch (e) {
 *   console.log((e as Error).name); // MissingFeatureError
 * }
 * ```
 */
export function requirePlugin<P extends Plugin>(
  source: PluginSource,
  name: P["name"],
  use: string,
): P {
  const plugin = source.plugin(name);
  if (plugin === undefined) throw new MissingFeatureError(name, use);
  return plugin as P;
}
