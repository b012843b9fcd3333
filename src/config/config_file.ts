/**
 * Reads the config file format shared with the official SDKs, INI or JSON
 * (told apart by content: JSON starts with `{`), into settings for the file
 * layer. Every value is validated; the first problem throws a
 * {@linkcode ConfigFileError} naming the file, section and key (and the line,
 * for INI). Unknown sections and keys are rejected, so a misspelt key never
 * goes unnoticed.
 *
 * | section | key | value |
 * | --- | --- | --- |
 * | `logging` | `log_level` | `trace`, `debug`, `error`, `none` |
 * | | `log_format` | `text`, `json` |
 * | | `log_to_console`, `log_request_body`, `log_response_body` | boolean |
 * | | `log_file_path` | path |
 * | `retry` | `retry_wait_min`, `retry_wait_max` | seconds (decimals allowed) |
 * | | `retry_max` | integer >= 0 |
 * | `reauthentication` | `refresh_access_token` | boolean |
 * | | `refresh_token_wait_max` | seconds |
 * | `general` | `live_reload_config` | boolean |
 * | | `host` | environment, region or `https://api.<domain>` |
 * | `proxy` | `host`, `protocol` (`http`/`https`), `port` (1-65535) | |
 * | | `auth-username`, `auth-password` (JSON: `auth.username`, `auth.password`) | |
 * | `gateway` | `host`, `protocol`, `port`, `path_params_login`, `path_params_api`, `username`, `password` | |
 *
 * Booleans are `true`/`false` (also `yes`/`no`, `on`/`off`, `1`/`0`); an
 * empty INI value or a JSON `null` leaves the key unset.
 *
 * @module
 */

import { ConfigurationError } from "../base/errors.ts";
import { normalizeEnvironment, validateGateway } from "../base/regions.ts";
import type { GatewayConfig } from "../base/regions.ts";
import { LOG_FORMATS, LOG_LEVELS } from "../logging/types.ts";
import type { LogFormat, LoggingSettings, LogLevel } from "../logging/types.ts";
import type { RetryConfiguration } from "../http/retry_policy.ts";
import { validateProxy } from "../net/proxy.ts";
import type { ProxyConfig } from "../net/proxy.ts";
import type { ConfigFileLocation, FileSettings } from "./file_settings.ts";
import { IniSyntaxError, parseIni } from "./ini.ts";
import { isRecord } from "../base/json.ts";

/**
 * A config file that cannot be used: unreadable, malformed, an unknown
 * section or key, or an invalid value. The message names the file, the
 * section and key and (INI) the line; it never contains a password.
 *
 * @example
 * ```ts
 * import { ConfigFileError } from "./config_file.ts";
 * const e = new ConfigFileError({ file: "/etc/gc.ini", section: "retry", key: "retry_max", line: 3 },
 *   "must be an integer >= 0, got -1");
 * console.log(e.message); // /etc/gc.ini:3: [retry] retry_max: must be an integer >= 0, got -1
 * ```
 */
export class ConfigFileError extends ConfigurationError {
  /** Always `"ConfigFileError"`, also in minified bundles (where class names are renamed). */
  override name = "ConfigFileError";
  /** The file. */
  readonly file: string;
  /** Section at fault, if any. */
  readonly section: string | undefined;
  /** Key at fault, if any. */
  readonly key: string | undefined;
  /** Line at fault (INI), if known. */
  readonly line: number | undefined;
  /** What is wrong, without the location. */
  readonly problem: string;

  /** Builds the message from the location and the problem. */
  constructor(location: ConfigFileLocation, problem: string, options?: ErrorOptions) {
    const where = `${location.file}${location.line ? `:${location.line}` : ""}`;
    const what = location.section
      ? `[${location.section}]${location.key ? ` ${location.key}` : ""}: `
      : "";
    super(`${where}: ${what}${problem}`, options);
    this.file = location.file;
    this.section = location.section;
    this.key = location.key;
    this.line = location.line;
    this.problem = problem;
  }
}

type Raw = string | number | boolean;

interface Field {
  read(raw: Raw, fail: (problem: string) => never): unknown;
  secret?: boolean;
}

const text: Field = {
  read: (raw, fail) => typeof raw === "string" ? raw : fail("must be a string"),
};
const secretText: Field = { ...text, secret: true };
const boolean: Field = {
  read(raw, fail) {
    if (typeof raw === "boolean") return raw;
    const v = String(raw).trim().toLowerCase();
    if (["true", "yes", "on", "1"].includes(v)) return true;
    if (["false", "no", "off", "0"].includes(v)) return false;
    return fail(`must be true or false, got ${JSON.stringify(raw)}`);
  },
};
const seconds: Field = {
  read(raw, fail) {
    const n = typeof raw === "number"
      ? raw
      : /^\s*\d+(\.\d+)?\s*$/.test(String(raw))
      ? Number(raw)
      : NaN;
    if (!Number.isFinite(n) || n < 0) {
      return fail(`must be a number of seconds >= 0, got ${JSON.stringify(raw)}`);
    }
    return Math.round(n * 1000);
  },
};
const count: Field = {
  read(raw, fail) {
    const n = typeof raw === "number" ? raw : /^\s*-?\d+\s*$/.test(String(raw)) ? Number(raw) : NaN;
    if (!Number.isInteger(n) || n < 0) {
      return fail(`must be an integer >= 0, got ${JSON.stringify(raw)}`);
    }
    return n;
  },
};
const port: Field = {
  read(raw, fail) {
    const n = typeof raw === "number" ? raw : /^\s*-?\d+\s*$/.test(String(raw)) ? Number(raw) : NaN;
    if (!Number.isInteger(n) || n < 1 || n > 65535) {
      return fail(`must be a port from 1 to 65535, got ${JSON.stringify(raw)}`);
    }
    return n;
  },
};
const protocol: Field = {
  read(raw, fail) {
    const v = String(raw).trim().toLowerCase().replace(/:$/, "");
    if (v === "http" || v === "https") return v;
    return fail(`must be "http" or "https", got ${JSON.stringify(raw)}`);
  },
};
function oneOf<T extends string>(allowed: readonly T[], what: string): Field {
  return {
    read(raw, fail) {
      const v = String(raw).trim().toLowerCase();
      if ((allowed as readonly string[]).includes(v)) return v as T;
      return fail(`unknown ${what} ${JSON.stringify(raw)} (expected ${allowed.join(", ")})`);
    },
  };
}

/** Every section and key the file may contain, and how to read each. */
const SCHEMA: Record<string, Record<string, Field>> = {
  logging: {
    log_level: oneOf<LogLevel>(LOG_LEVELS, "log level"),
    log_format: oneOf<LogFormat>(LOG_FORMATS, "log format"),
    log_to_console: boolean,
    log_file_path: text,
    log_response_body: boolean,
    log_request_body: boolean,
  },
  retry: { retry_wait_min: seconds, retry_wait_max: seconds, retry_max: count },
  reauthentication: { refresh_access_token: boolean, refresh_token_wait_max: seconds },
  general: { live_reload_config: boolean, host: text },
  proxy: {
    host: text,
    port,
    protocol,
    "auth-username": text,
    "auth-password": secretText,
  },
  gateway: {
    host: text,
    protocol,
    port,
    path_params_login: text,
    path_params_api: text,
    username: text,
    password: secretText,
  },
};

/** Section name to key name to value (already type-checked) and the INI line. */
type Values = Map<string, Map<string, { value: unknown; line?: number }>>;

/**
 * Parses config file text (INI or JSON) into file-layer settings. `file` is
 * used in error messages only.
 *
 * @example
 * ```ts
 * import { parseConfigFile } from "./config_file.ts";
 * const s = parseConfigFile("[logging]\nlog_level = debug\n[retry]\nretry_max = 3\nretry_wait_min = 0.5\n", "config");
 * console.log(s.logging?.logLevel, s.retry?.retryMax, s.retry?.retryWaitMin); // debug 3 500
 * ```
 */
export function parseConfigFile(content: string, file: string): FileSettings {
  const body = content.replace(/^\uFEFF/, "");
  const values = body.trimStart().startsWith("{") ? readJson(body, file) : readIni(body, file);
  return toSettings(values, file);
}

function readIni(content: string, file: string): Values {
  let doc;
  try {
    doc = parseIni(content);
  } catch (error) {
    if (error instanceof IniSyntaxError) {
      throw new ConfigFileError({ file, line: error.line }, error.problem);
    }
    throw error;
  }
  const out: Values = new Map();
  for (const [section, { line: sectionLine, keys }] of doc) {
    const schema = sectionSchema(section, file, sectionLine);
    const target = new Map<string, { value: unknown; line?: number }>();
    out.set(section, target);
    for (const [key, { value, line }] of keys) {
      const field = keyField(schema, section, key, file, line);
      if (value === "") continue;
      target.set(key, { value: readField(field, value, { file, section, key, line }), line });
    }
  }
  return out;
}

/** ` (line L, column C)` of a `JSON.parse` error that gives a position (V8 does), else "". */
function jsonFaultAt(content: string, error: unknown): string {
  const at = /position (\d+)/.exec(String((error as Error)?.message))?.[1];
  if (at === undefined) return "";
  const before = content.slice(0, Number(at)).split("\n");
  return ` (line ${before.length}, column ${before[before.length - 1].length + 1})`;
}

function readJson(content: string, file: string): Values {
  let doc: unknown;
  try {
    doc = JSON.parse(content);
  } catch (error) {
    // The parser's message quotes the text around the fault, which may be a password: only
    // where the fault is goes into ours.
    throw new ConfigFileError({ file }, `not valid JSON${jsonFaultAt(content, error)}`);
  }
  if (!isRecord(doc)) throw new ConfigFileError({ file }, "JSON config must be an object");
  const out: Values = new Map();
  for (const [rawSection, keys] of Object.entries(doc)) {
    const section = rawSection.toLowerCase();
    const schema = sectionSchema(section, file);
    // As in INI files: one section of each name, whatever its case.
    if (out.has(section)) {
      throw new ConfigFileError({ file, section }, "appears twice (names are case-insensitive)");
    }
    if (keys === null) continue;
    if (!isRecord(keys)) {
      throw new ConfigFileError({ file, section }, "must be an object of keys");
    }
    const target = new Map<string, { value: unknown; line?: number }>();
    out.set(section, target);
    for (const [rawKey, raw] of flattenJsonSection(section, keys, file)) {
      const key = rawKey.toLowerCase();
      const field = keyField(schema, section, key, file);
      if (raw === null || raw === "") continue;
      if (typeof raw === "object") {
        throw new ConfigFileError({ file, section, key }, "must be a string, number or boolean");
      }
      target.set(key, { value: readField(field, raw as Raw, { file, section, key }) });
    }
  }
  return out;
}

/** JSON writes the proxy credentials as `auth: { username, password }`. */
function flattenJsonSection(
  section: string,
  keys: Record<string, unknown>,
  file: string,
): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [key, value] of Object.entries(keys)) {
    if (section === "proxy" && key.toLowerCase() === "auth") {
      if (value === null) continue;
      if (!isRecord(value)) {
        throw new ConfigFileError({ file, section, key: "auth" }, "must be { username, password }");
      }
      for (const [k, v] of Object.entries(value)) {
        const name = k.toLowerCase();
        if (name !== "username" && name !== "password") {
          throw new ConfigFileError(
            { file, section, key: `auth.${k}` },
            "unknown key (expected auth.username, auth.password)",
          );
        }
        out.push([`auth-${name}`, v]);
      }
      continue;
    }
    if (section === "proxy" && /^auth-/i.test(key)) {
      throw new ConfigFileError(
        { file, section, key },
        "unknown key (JSON uses auth.username and auth.password)",
      );
    }
    out.push([key, value]);
  }
  return out;
}

function sectionSchema(section: string, file: string, line?: number): Record<string, Field> {
  const schema = Object.hasOwn(SCHEMA, section) ? SCHEMA[section] : undefined;
  if (!schema) {
    throw new ConfigFileError(
      { file, line },
      `unknown section [${section}] (expected ${Object.keys(SCHEMA).join(", ")})`,
    );
  }
  return schema;
}

function keyField(
  schema: Record<string, Field>,
  section: string,
  key: string,
  file: string,
  line?: number,
): Field {
  const field = Object.hasOwn(schema, key) ? schema[key] : undefined;
  if (!field) {
    throw new ConfigFileError(
      { file, section, key, line },
      `unknown key (expected ${Object.keys(schema).join(", ")})`,
    );
  }
  return field;
}

function readField(field: Field, raw: Raw, location: ConfigFileLocation): unknown {
  return field.read(raw, (problem) => {
    throw new ConfigFileError(location, field.secret ? "invalid value" : problem);
  });
}

function toSettings(values: Values, file: string): FileSettings {
  const get = (section: string, key: string) => values.get(section)?.get(key)?.value;
  const at = (section: string, key: string): ConfigFileLocation => ({
    file,
    section,
    key,
    line: values.get(section)?.get(key)?.line,
  });
  const out: FileSettings = {};

  const logging = compact<LoggingSettings>({
    logLevel: get("logging", "log_level") as LogLevel | undefined,
    logFormat: get("logging", "log_format") as LogFormat | undefined,
    logToConsole: get("logging", "log_to_console") as boolean | undefined,
    logFilePath: get("logging", "log_file_path") as string | undefined,
    logRequestBody: get("logging", "log_request_body") as boolean | undefined,
    logResponseBody: get("logging", "log_response_body") as boolean | undefined,
  });
  if (logging) out.logging = logging;

  const retry = compact<RetryConfiguration>({
    retryWaitMin: get("retry", "retry_wait_min") as number | undefined,
    retryWaitMax: get("retry", "retry_wait_max") as number | undefined,
    retryMax: get("retry", "retry_max") as number | undefined,
  });
  if (retry) {
    if (
      retry.retryWaitMin !== undefined && retry.retryWaitMax !== undefined &&
      retry.retryWaitMin > retry.retryWaitMax
    ) {
      throw new ConfigFileError(at("retry", "retry_wait_min"), "must not exceed retry_wait_max");
    }
    out.retry = retry;
  }

  const refresh = get("reauthentication", "refresh_access_token");
  if (refresh !== undefined) out.refreshAccessToken = refresh as boolean;
  const waitMax = get("reauthentication", "refresh_token_wait_max");
  if (waitMax !== undefined) out.refreshTokenWaitMax = waitMax as number;

  const live = get("general", "live_reload_config");
  if (live !== undefined) out.liveReloadConfig = live as boolean;
  const host = get("general", "host");
  if (host !== undefined) {
    try {
      normalizeEnvironment(host as string);
    } catch (error) {
      throw new ConfigFileError(at("general", "host"), (error as Error).message);
    }
    out.environment = host as string;
  }

  const proxySection = values.get("proxy");
  if (proxySection && proxySection.size > 0) {
    if (get("proxy", "host") === undefined) {
      throw new ConfigFileError({ file, section: "proxy", key: "host" }, "is required");
    }
    const username = get("proxy", "auth-username") as string | undefined;
    const password = get("proxy", "auth-password") as string | undefined;
    if ((username === undefined) !== (password === undefined)) {
      const missing = username === undefined ? "auth-username" : "auth-password";
      throw new ConfigFileError(
        { file, section: "proxy", key: missing },
        "is required with the other auth key",
      );
    }
    const proxy = compact<ProxyConfig>({
      host: get("proxy", "host") as string,
      port: get("proxy", "port") as number | undefined,
      protocol: get("proxy", "protocol") as "http" | "https" | undefined,
      auth: username !== undefined ? { username, password: password as string } : undefined,
    }) as ProxyConfig;
    try {
      validateProxy(proxy);
    } catch (error) {
      const key = /username/.test((error as Error).message) ? "auth-username" : "host";
      throw new ConfigFileError(at("proxy", key), (error as Error).message);
    }
    out.proxy = proxy;
  }

  const gatewaySection = values.get("gateway");
  if (gatewaySection && gatewaySection.size > 0) {
    if (get("gateway", "host") === undefined) {
      throw new ConfigFileError({ file, section: "gateway", key: "host" }, "is required");
    }
    const gateway = compact<GatewayConfig>({
      host: get("gateway", "host") as string,
      protocol: get("gateway", "protocol") as string | undefined,
      port: get("gateway", "port") as number | undefined,
      pathParamsLogin: get("gateway", "path_params_login") as string | undefined,
      pathParamsApi: get("gateway", "path_params_api") as string | undefined,
      username: get("gateway", "username") as string | undefined,
      password: get("gateway", "password") as string | undefined,
    }) as GatewayConfig;
    try {
      validateGateway(gateway);
    } catch (error) {
      throw new ConfigFileError(at("gateway", "host"), (error as Error).message);
    }
    out.gateway = gateway;
  }
  return out;
}

/** Drops undefined fields; `undefined` when nothing is left. */
function compact<T extends object>(value: T): T | undefined {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = v;
  return Object.keys(out).length > 0 ? out as T : undefined;
}
