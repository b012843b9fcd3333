import assert from "node:assert/strict";
import { IniSyntaxError, parseIni } from "../../src/config/ini.ts";

function flat(text: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const [section, { keys }] of parseIni(text)) {
    out[section] = {};
    for (const [key, { value }] of keys) out[section][key] = value;
  }
  return out;
}

Deno.test("ini: sections, both separators, comments, quotes, whitespace, CRLF and BOM", () => {
  const text = "\uFEFF; leading comment\r\n" +
    "# another\r\n" +
    "[Logging]\r\n" +
    "  LOG_LEVEL   =   trace   ; inline comment\r\n" +
    "log_format: json # hash comment\r\n" +
    "log_file_path = /var/log/a#b;c.log\r\n" +
    'quoted = "  spaced \\"q\\" \\\\ ; not a comment  " ; trailing\r\n' +
    "single = '# literal \\n'\r\n" +
    "empty =\r\n" +
    "\r\n" +
    "[ retry ]\n" +
    "retry_max=3\n";
  assert.deepEqual(flat(text), {
    logging: {
      log_level: "trace",
      log_format: "json",
      log_file_path: "/var/log/a#b;c.log",
      quoted: '  spaced "q" \\ ; not a comment  ',
      single: "# literal \\n",
      empty: "",
    },
    retry: { retry_max: "3" },
  });
});

Deno.test("ini: values keep their line numbers", () => {
  const doc = parseIni("; c\n[a]\n\nx = 1\n; c\ny = 2\n");
  assert.equal(doc.get("a")?.line, 2);
  assert.equal(doc.get("a")?.keys.get("x")?.line, 4);
  assert.equal(doc.get("a")?.keys.get("y")?.line, 6);
});

Deno.test("ini: malformed lines are rejected with their line number", () => {
  const cases: [string, number, RegExp][] = [
    ["log_level = trace", 1, /before any \[section\]/],
    ["[logging]\nlog_level trace", 2, /expected \[section\], key = value or a comment/],
    ["[logging]\n= trace", 2, /missing key name/],
    ["[logging]\nlog level = trace", 2, /contains whitespace/],
    ['[logging]\nlog_level = "trace', 2, /unterminated quoted value/],
    ["[logging]\nlog_level = 'trace' extra", 2, /after the closing quote/],
    ["[logging]\nlog_level = a\nlog_level = b", 3, /appears twice/],
    ["[logging]\n[LOGGING]", 2, /section \[logging\] appears twice/],
    ["[logging\nx = 1", 1, /malformed section header/],
    ["[]\nx = 1", 1, /empty section name/],
  ];
  for (const [text, line, problem] of cases) {
    assert.throws(() => parseIni(text), (e: unknown) => {
      assert.ok(e instanceof IniSyntaxError, text);
      assert.equal(e.line, line, text);
      assert.match(e.problem, problem, text);
      assert.equal(e.message, `line ${line}: ${e.problem}`);
      return true;
    });
  }
});

Deno.test("ini: a quoted password's tail is not echoed in the error", () => {
  assert.throws(
    () => parseIni('[gateway]\npassword = "abc"def-secret-tail'),
    (e: unknown) => e instanceof IniSyntaxError && !e.message.includes("secret-tail"),
  );
});
