/**
 * Genesys Cloud regions and how an environment, a gateway or explicit base
 * paths turn into the API and login base URLs.
 *
 * @module
 */

import { ConfigurationError } from "./errors.ts";
import { shown } from "./shown.ts";
import { baseUrlProblem, environmentHost, hostProblem } from "./url.ts";

/**
 * The official regions and their environment domains.
 *
 * @example
 * ```ts
 * import { REGIONS } from "./regions.ts";
 * console.log(REGIONS.eu_west_1); // mypurecloud.ie
 * ```
 */
export const REGIONS = {
  us_east_1: "mypurecloud.com",
  eu_west_1: "mypurecloud.ie",
  ap_southeast_2: "mypurecloud.com.au",
  ap_northeast_1: "mypurecloud.jp",
  eu_central_1: "mypurecloud.de",
  us_west_2: "usw2.pure.cloud",
  ca_central_1: "cac1.pure.cloud",
  ap_northeast_2: "apne2.pure.cloud",
  eu_west_2: "euw2.pure.cloud",
  ap_south_1: "aps1.pure.cloud",
  us_east_2: "use2.us-gov-pure.cloud",
  sa_east_1: "sae1.pure.cloud",
  me_central_1: "mec1.pure.cloud",
  ap_northeast_3: "apne3.pure.cloud",
  eu_central_2: "euc2.pure.cloud",
  mx_central_1: "mxc1.pure.cloud",
  ap_southeast_1: "apse1.pure.cloud",
  eusc_de_east_1: "edee1.eusc-pure.cloud",
} as const;

/** Name of an official region, e.g. `"eu_west_1"`. */
export type Region = keyof typeof REGIONS;

/**
 * A gateway in front of Genesys Cloud. API and login requests go to
 * `protocol://host[:port]/<pathParams...>/<original path>`.
 *
 * @example
 * ```ts
 * import type { GatewayConfig } from "./regions.ts";
 * const gw: GatewayConfig = { host: "gw.example.com", pathParamsLogin: "login", pathParamsApi: "api" };
 * ```
 */
export interface GatewayConfig {
  /** Gateway host name (no scheme, no path). */
  host: string;
  /** `https` (default) or `http`. */
  protocol?: string;
  /** Port, when not the protocol's default; 1-65535. */
  port?: number;
  /** Path segments inserted before login paths (`/oauth/token`). */
  pathParamsLogin?: string;
  /** Path segments inserted before API paths (`/api/v2/...`). */
  pathParamsApi?: string;
  /** Reserved for gateway authentication; never logged. */
  username?: string;
  /** Reserved for gateway authentication; never logged. */
  password?: string;
}

/** The two base URLs every request starts from (no trailing slash). */
export interface BaseUrls {
  /** Base for `/api/v2/...`, e.g. `https://api.mypurecloud.com`. */
  api: string;
  /** Base for `/oauth/...`, e.g. `https://login.mypurecloud.com`. */
  login: string;
}

/** Inputs to {@linkcode resolveBaseUrls}; the first that is set wins: gateway, base paths, environment. */
export interface UrlSettings {
  /** Environment domain (`mypurecloud.ie`) or region name (`eu_west_1`). */
  environment: string;
  /** Gateway; when set it applies to API and login requests. */
  gateway?: GatewayConfig;
  /** Explicit API base URL, e.g. a sandbox at `http://127.0.0.1:8080`. */
  basePath?: string;
  /** Explicit login base URL. */
  loginBasePath?: string;
}

/**
 * Turns a region name or environment domain into the environment domain,
 * accepting `eu_west_1`, `mypurecloud.ie`, `api.mypurecloud.ie` or
 * `https://api.mypurecloud.ie`.
 *
 * @example
 * ```ts
 * import { normalizeEnvironment } from "./regions.ts";
 * console.log(normalizeEnvironment("eu_west_1")); // mypurecloud.ie
 * console.log(normalizeEnvironment("https://api.usw2.pure.cloud/")); // usw2.pure.cloud
 * ```
 */
export function normalizeEnvironment(value: string): string {
  const v = typeof value === "string" ? value.trim() : "";
  if (Object.hasOwn(REGIONS, v)) return REGIONS[v as Region];
  const host = environmentHost(v);
  if (!host) {
    throw new ConfigurationError(
      `environment ${shown(String(value))} is not a domain or region name`,
    );
  }
  return host;
}

/**
 * Computes the API and login base URLs from settings, as the official SDKs do:
 * a gateway wins over explicit base paths, which win over the environment.
 *
 * @example
 * ```ts
 * import { resolveBaseUrls } from "./regions.ts";
 * const urls = resolveBaseUrls({ environment: "mypurecloud.de" });
 * console.log(urls.api, urls.login); // https://api.mypurecloud.de https://login.mypurecloud.de
 * ```
 */
export function resolveBaseUrls(settings: UrlSettings): BaseUrls {
  const { gateway, basePath, loginBasePath } = settings;
  const env = normalizeEnvironment(settings.environment);
  if (gateway) {
    validateGateway(gateway);
    return {
      api: gatewayBase(gateway, gateway.pathParamsApi),
      login: gatewayBase(gateway, gateway.pathParamsLogin),
    };
  }
  return {
    api: basePath ? checkBase(basePath, "basePath") : `https://api.${env}`,
    login: loginBasePath ? checkBase(loginBasePath, "loginBasePath") : `https://login.${env}`,
  };
}

/** The fields a {@linkcode GatewayConfig} may have. */
const GATEWAY_FIELDS = [
  "host",
  "protocol",
  "port",
  "pathParamsLogin",
  "pathParamsApi",
  "username",
  "password",
];

/**
 * Validates a gateway configuration and throws a {@linkcode ConfigurationError}
 * naming the first bad or unknown field.
 *
 * @example
 * ```ts
 * import { validateGateway } from "./regions.ts";
 * validateGateway({ host: "gw.example.com", port: 8443 });
 * ```
 */
export function validateGateway(gw: GatewayConfig): void {
  const fail = (problem: string) => new ConfigurationError(`gateway.${problem}`);
  if (!gw || typeof gw.host !== "string" || gw.host.trim() === "") throw fail("host is required");
  for (const key in gw) {
    // Catches the official SDK's `path_params_login` / `path_params_api` too.
    if (!GATEWAY_FIELDS.includes(key)) {
      throw fail(`${key} is not a gateway field (${GATEWAY_FIELDS.join(", ")})`);
    }
  }
  // A port, path or credentials in it are refused too: the URL parser reads them apart.
  const problem = hostProblem(gw.host.trim());
  if (problem) throw fail(`host ${shown(gw.host)} ${problem}`);
  const protocol = gatewayProtocol(gw);
  if (protocol !== "https" && protocol !== "http") {
    throw fail(`protocol must be "https" or "http", got "${protocol}"`);
  }
  if (gw.port !== undefined && (!Number.isInteger(gw.port) || gw.port < 1 || gw.port > 65535)) {
    throw fail(`port must be an integer from 1 to 65535, got ${gw.port}`);
  }
}

/** `https` unless the gateway says otherwise (`http` or `http:`). */
function gatewayProtocol(gw: GatewayConfig): string {
  return (gw.protocol ?? "https").replace(/:$/, "");
}

/** The base URL of a valid gateway with `pathParams` (`a/b`) after its host. */
function gatewayBase(gw: GatewayConfig, pathParams: string | undefined): string {
  const port = gw.port ? `:${gw.port}` : "";
  const path = (pathParams ?? "").split("/").filter((s) => s !== "").join("/");
  return `${gatewayProtocol(gw)}://${gw.host.trim()}${port}${path ? "/" + path : ""}`;
}

function checkBase(url: string, field: string): string {
  const problem = baseUrlProblem(url);
  if (problem) throw new ConfigurationError(`${field} ${problem}`);
  return url.replace(/\/+$/, "");
}
