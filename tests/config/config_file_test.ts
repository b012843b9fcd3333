import assert from "node:assert/strict";
import { ConfigFileError, ConfigurationError, parseConfigFile } from "../../mod.ts";
import type { FileSettings } from "../../mod.ts";

const INI_ALL_KEYS = `
[logging]
log_level = trace
log_format = json
log_to_console = false
log_file_path = /var/log/genesys.log
log_response_body = yes
log_request_body = on

[retry]
retry_wait_min = 0.5
retry_wait_max = 10
retry_max = 4

[reauthentication]
refresh_access_token = false
refresh_token_wait_max = 7

[general]
live_reload_config = false
host = https://api.mypurecloud.ie

[proxy]
host = proxy.corp.example
port = 3128
protocol = https
auth-username = svc
auth-password = "p@ss;word"

[gateway]
host = gw.example.com
protocol = http
port = 8443
path_params_login = login/path
path_params_api = api/path
username = gwuser
password = gwpass
`;

const JSON_ALL_KEYS = JSON.stringify(
  {
    logging: {
      log_level: "trace",
      log_format: "json",
      log_to_console: false,
      log_file_path: "/var/log/genesys.log",
      log_response_body: true,
      log_request_body: true,
    },
    retry: { retry_wait_min: 0.5, retry_wait_max: 10, retry_max: 4 },
    reauthentication: { refresh_access_token: false, refresh_token_wait_max: 7 },
    general: { live_reload_config: false, host: "https://api.mypurecloud.ie" },
    proxy: {
      host: "proxy.corp.example",
      port: 3128,
      protocol: "https",
      auth: { username: "svc", password: "p@ss;word" },
    },
    gateway: {
      host: "gw.example.com",
      protocol: "http",
      port: 8443,
      path_params_login: "login/path",
      path_params_api: "api/path",
      username: "gwuser",
      password: "gwpass",
    },
  },
  null,
  2,
);

const EXPECTED: FileSettings = {
  logging: {
    logLevel: "trace",
    logFormat: "json",
    logToConsole: false,
    logFilePath: "/var/log/genesys.log",
    logRequestBody: true,
    logResponseBody: true,
  },
  retry: { retryWaitMin: 500, retryWaitMax: 10_000, retryMax: 4 },
  refreshAccessToken: false,
  refreshTokenWaitMax: 7_000,
  liveReloadConfig: false,
  environment: "https://api.mypurecloud.ie",
  proxy: {
    host: "proxy.corp.example",
    port: 3128,
    protocol: "https",
    auth: { username: "svc", password: "p@ss;word" },
  },
  gateway: {
    host: "gw.example.com",
    protocol: "http",
    port: 8443,
    pathParamsLogin: "login/path",
    pathParamsApi: "api/path",
    username: "gwuser",
    password: "gwpass",
  },
};

Deno.test("config file: INI with every key, durations in seconds become ms", () => {
  assert.deepEqual(parseConfigFile(INI_ALL_KEYS, "config"), EXPECTED);
});

Deno.test("config file: JSON with every key (auth.username/auth.password) gives the same", () => {
  assert.deepEqual(parseConfigFile(JSON_ALL_KEYS, "config.json"), EXPECTED);
});

Deno.test("config file: format is told by content, not by name", () => {
  assert.deepEqual(parseConfigFile('  {"retry": {"retry_max": 2}}', "config.ini"), {
    retry: { retryMax: 2 },
  });
  assert.deepEqual(parseConfigFile("[retry]\nretry_max = 2", "config.json"), {
    retry: { retryMax: 2 },
  });
});

Deno.test("config file: empty INI values and JSON nulls leave keys unset; empty file is empty", () => {
  assert.deepEqual(parseConfigFile("[logging]\nlog_level =\nlog_format = text\n", "f"), {
    logging: { logFormat: "text" },
  });
  assert.deepEqual(parseConfigFile('{"logging": {"log_level": null}, "proxy": null}', "f"), {});
  assert.deepEqual(parseConfigFile("", "f"), {});
  assert.deepEqual(parseConfigFile("; only a comment\n", "f"), {});
});

Deno.test("config file: booleans accept true/false, yes/no, on/off, 1/0 in any case", () => {
  for (
    const [raw, value] of [["TRUE", true], ["No", false], ["off", false], ["1", true]] as const
  ) {
    assert.deepEqual(parseConfigFile(`[general]\nlive_reload_config = ${raw}`, "f"), {
      liveReloadConfig: value,
    });
  }
});

interface Bad {
  text: string;
  section?: string;
  key?: string;
  line?: number;
  problem: RegExp;
}

const BAD: Bad[] = [
  {
    text: "[logging]\nlog_level = verbose",
    section: "logging",
    key: "log_level",
    line: 2,
    problem: /unknown log level "verbose" \(expected trace, debug, error, none\)/,
  },
  {
    text: "[logging]\nlog_format = xml",
    section: "logging",
    key: "log_format",
    line: 2,
    problem: /unknown log format/,
  },
  {
    text: "[retry]\nretry_max = -1",
    section: "retry",
    key: "retry_max",
    line: 2,
    problem: /integer >= 0, got "-1"/,
  },
  {
    text: "[retry]\n\nretry_wait_min = -3",
    section: "retry",
    key: "retry_wait_min",
    line: 3,
    problem: /seconds >= 0/,
  },
  {
    text: "[retry]\nretry_wait_min = 5\nretry_wait_max = 2",
    section: "retry",
    key: "retry_wait_min",
    line: 2,
    problem: /must not exceed retry_wait_max/,
  },
  {
    text: "[reauthentication]\nrefresh_token_wait_max = soon",
    section: "reauthentication",
    key: "refresh_token_wait_max",
    line: 2,
    problem: /seconds >= 0/,
  },
  {
    text: "[gateway]\nhost = gw\nport = 70000",
    section: "gateway",
    key: "port",
    line: 3,
    problem: /port from 1 to 65535, got "70000"/,
  },
  {
    text: "[proxy]\nhost = p\nport = 0",
    section: "proxy",
    key: "port",
    line: 3,
    problem: /port from 1 to 65535/,
  },
  {
    text: "[proxy]\nhost = p\nprotocol = socks",
    section: "proxy",
    key: "protocol",
    line: 3,
    problem: /"http" or "https"/,
  },
  {
    text: "[proxy]\nport = 3128",
    section: "proxy",
    key: "host",
    problem: /is required/,
  },
  {
    text: "[proxy]\nhost = p\nauth-username = u",
    section: "proxy",
    key: "auth-password",
    problem: /required with the other auth key/,
  },
  {
    text: "[gateway]\nprotocol = https",
    section: "gateway",
    key: "host",
    problem: /is required/,
  },
  {
    text: "[general]\nlive_reload_config = maybe",
    section: "general",
    key: "live_reload_config",
    line: 2,
    problem: /true or false/,
  },
  {
    text: "[general]\nhost = not a host",
    section: "general",
    key: "host",
    problem: /not a domain or region name/,
  },
  {
    text: "[logging]\nlog_levl = trace",
    section: "logging",
    key: "log_levl",
    line: 2,
    problem: /unknown key \(expected log_level, /,
  },
  { text: "[loging]\nlog_level = trace", line: 1, problem: /unknown section \[loging\]/ },
  { text: "[logging]\nlog_level trace", line: 2, problem: /expected \[section\]/ },
  { text: '{"logging": {"log_level": "trace",}}', problem: /not valid JSON/ },
  { text: "[1, 2]", line: 1, problem: /malformed section header|expected/ },
  { text: '{"logging": "trace"}', section: "logging", problem: /must be an object of keys/ },
  {
    text: '{"logging": {"log_level": "loud"}}',
    section: "logging",
    key: "log_level",
    problem: /unknown log level "loud"/,
  },
  {
    text: '{"retry": {"retry_max": -2}}',
    section: "retry",
    key: "retry_max",
    problem: /integer >= 0, got -2/,
  },
  {
    text: '{"proxy": {"host": "p", "auth-username": "u"}}',
    section: "proxy",
    key: "auth-username",
    problem: /JSON uses auth.username/,
  },
  {
    text: '{"proxy": {"host": "p", "auth": {"user": "u"}}}',
    section: "proxy",
    key: "auth.user",
    problem: /unknown key/,
  },
];

Deno.test("config file: every invalid value is a ConfigFileError naming file, section, key, line", () => {
  for (const bad of BAD) {
    assert.throws(() => parseConfigFile(bad.text, "/etc/gc/config"), (e: unknown) => {
      assert.ok(e instanceof ConfigFileError, bad.text);
      assert.ok(e instanceof ConfigurationError);
      assert.equal(e.file, "/etc/gc/config", bad.text);
      assert.equal(e.section, bad.section, bad.text);
      assert.equal(e.key, bad.key, bad.text);
      if (bad.line !== undefined) assert.equal(e.line, bad.line, bad.text);
      assert.match(e.problem, bad.problem, bad.text);
      assert.ok(e.message.startsWith("/etc/gc/config"), e.message);
      if (bad.section) assert.ok(e.message.includes(`[${bad.section}]`), e.message);
      return true;
    });
  }
});

Deno.test("config file: errors never contain a password value", () => {
  const cases = [
    '{"proxy": {"host": "p", "auth": {"username": "u", "password": 918273645}}}',
    '{"gateway": {"host": "gw", "password": 918273645}}',
    "[gateway]\nhost = gw/path\npassword = 918273645",
    "[proxy]\nhost = p\nauth-username = a:b\nauth-password = 918273645",
  ];
  for (const text of cases) {
    assert.throws(() => parseConfigFile(text, "f"), (e: unknown) => {
      assert.ok(e instanceof ConfigFileError, text);
      assert.ok(!e.message.includes("918273645"), e.message);
      return true;
    });
  }
});
