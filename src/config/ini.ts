/**
 * A small, strict INI parser for the config file.
 *
 * Grammar, one construct per line:
 * - `[section]`: starts a section; names are case-insensitive.
 * - `key = value` or `key: value`: a key in the current section; names are
 *   case-insensitive, surrounding whitespace is dropped.
 * - Values may be quoted: `"..."` (with `\"` and `\\` escapes) or `'...'`
 *   (literal). An unquoted value ends at ` ;` or ` #` (a comment after
 *   whitespace); `#` or `;` inside a value is kept.
 * - Lines starting with `;` or `#` are comments; blank lines are ignored.
 *
 * Rejected, with the line number: keys before any section, lines that are
 * neither, empty key names, unterminated quotes, text after a closing quote,
 * a section or key given twice.
 *
 * @module
 */

import { ConfigurationError } from "../base/errors.ts";

/** One key's value and the line it came from. */
export interface IniValue {
  /** The value, quotes removed. */
  value: string;
  /** 1-based line number. */
  line: number;
}

/** One section: where it starts and its keys (lower-case names). */
export interface IniSection {
  /** 1-based line of the `[section]` header. */
  line: number;
  /** Key name to value. */
  keys: Map<string, IniValue>;
}

/** Parsed INI: section name (lower-case) to section. */
export type IniDocument = Map<string, IniSection>;

/**
 * A line of an INI file that could not be parsed.
 *
 * @example
 * ```ts
 * import { IniSyntaxError, parseIni } from "./ini.ts";
 * try {
 *   parseIni("log_level = trace");
 * } catch (e) {
 *   if (e instanceof IniSyntaxError) console.log(e.line); // 1
 * }
 * ```
 */
export class IniSyntaxError extends ConfigurationError {
  /** Always `"IniSyntaxError"`, also in minified bundles (where class names are renamed). */
  override name = "IniSyntaxError";
  /** 1-based line number. */
  readonly line: number;
  /** What is wrong, without the location. */
  readonly problem: string;
  /** Builds `line <n>: <problem>`. */
  constructor(line: number, problem: string) {
    super(`line ${line}: ${problem}`);
    this.line = line;
    this.problem = problem;
  }
}

/**
 * Parses INI text. Throws {@linkcode IniSyntaxError} for the first malformed line.
 *
 * @example
 * ```ts
 * import { parseIni } from "./ini.ts";
 * const doc = parseIni("[logging]\nlog_level = trace ; verbose\nlog_file_path: '/tmp/a #1.log'\n");
 * console.log(doc.get("logging")?.keys.get("log_level")?.value); // trace
 * console.log(doc.get("logging")?.keys.get("log_file_path")?.value); // /tmp/a #1.log
 * ```
 */
export function parseIni(text: string): IniDocument {
  const doc: IniDocument = new Map();
  let section: Map<string, IniValue> | undefined;
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = lines[i].trim();
    if (line === "" || line.startsWith(";") || line.startsWith("#")) continue;
    if (line.startsWith("[")) {
      const match = /^\[\s*([^\][]*?)\s*\]\s*(?:[;#].*)?$/.exec(line);
      if (!match) throw new IniSyntaxError(lineNo, `malformed section header "${line}"`);
      const name = match[1].toLowerCase();
      if (name === "") throw new IniSyntaxError(lineNo, "empty section name");
      if (doc.has(name)) throw new IniSyntaxError(lineNo, `section [${name}] appears twice`);
      section = new Map();
      doc.set(name, { line: lineNo, keys: section });
      continue;
    }
    const separator = line.search(/[=:]/);
    if (separator < 0) {
      throw new IniSyntaxError(lineNo, "expected [section], key = value or a comment");
    }
    const key = line.slice(0, separator).trim().toLowerCase();
    if (key === "") throw new IniSyntaxError(lineNo, "missing key name before the separator");
    if (/\s/.test(key)) throw new IniSyntaxError(lineNo, `key name "${key}" contains whitespace`);
    if (!section) throw new IniSyntaxError(lineNo, `key "${key}" appears before any [section]`);
    if (section.has(key)) throw new IniSyntaxError(lineNo, `key "${key}" appears twice`);
    section.set(key, { value: parseValue(line.slice(separator + 1), lineNo), line: lineNo });
  }
  return doc;
}

function parseValue(raw: string, lineNo: number): string {
  const text = raw.trim();
  const quote = text[0];
  if (quote === '"' || quote === "'") {
    let out = "";
    let i = 1;
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === quote) break;
      if (quote === '"' && c === "\\" && i + 1 < text.length) {
        const next = text[i + 1];
        if (next === '"' || next === "\\") {
          out += next;
          i++;
          continue;
        }
      }
      out += c;
    }
    if (i >= text.length) throw new IniSyntaxError(lineNo, "unterminated quoted value");
    const rest = text.slice(i + 1).trim();
    if (rest !== "" && !rest.startsWith(";") && !rest.startsWith("#")) {
      throw new IniSyntaxError(lineNo, "unexpected text after the closing quote");
    }
    return out;
  }
  const comment = raw.search(/\s[;#]/);
  return (comment >= 0 ? raw.slice(0, comment) : raw).trim();
}
