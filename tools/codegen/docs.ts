/**
 * JSDoc text: cleaning definition prose and laying out comment blocks.
 *
 * @module
 */

import type { RequiredPermissions } from "./swagger.ts";

/** Whitespace other than space, tab and newline (no-break spaces, zero-width spaces, ...). */
const IRREGULAR_WHITESPACE =
  /[\v\f\u0085\u00A0\u1680\u180E\u2000-\u200B\u2028\u2029\u202F\u205F\u3000\uFEFF]/g;

/**
 * Definition prose made safe inside a JSDoc block: `*\/` cannot close the
 * comment, a line cannot start a JSDoc tag by accident, irregular whitespace
 * becomes a space, trailing spaces and repeated blank lines go, and the result has no leading or trailing blank lines.
 */
export function cleanProse(text: string | undefined): string[] {
  if (!text) return [];
  const lines = text
    .replace(/\r\n?/g, "\n")
    .replace(IRREGULAR_WHITESPACE, " ")
    .replaceAll("*/", "*\\/")
    .split("\n")
    .map((line) => line.replace(/\s+$/, "").replace(/^(\s*)@/, "$1\\@"));
  const out: string[] = [];
  for (const line of lines) {
    if (line === "" && (out.length === 0 || out[out.length - 1] === "")) continue;
    out.push(line);
  }
  while (out.length > 0 && out[out.length - 1] === "") out.pop();
  return out;
}

/** Prose on one line (for `@param` tags): lines joined with spaces. */
export function oneLine(text: string | undefined): string {
  return cleanProse(text).filter((l) => l !== "").map((l) => l.trim()).join(" ");
}

/**
 * Paragraphs joined by blank lines, each already split into lines; empty
 * paragraphs are dropped.
 */
export function paragraphs(...parts: (readonly string[])[]): string[] {
  const out: string[] = [];
  for (const part of parts) {
    if (part.length === 0) continue;
    if (out.length > 0) out.push("");
    out.push(...part);
  }
  return out;
}

/**
 * A JSDoc block indented by `indent`: one line (`/** text *\/`) when it is a
 * single short line, otherwise one line per entry.
 */
export function jsdoc(lines: readonly string[], indent = ""): string {
  if (lines.length === 0) return "";
  if (lines.length === 1 && indent.length + lines[0].length + 7 <= 100) {
    return `${indent}/** ${lines[0]} */\n`;
  }
  const body = lines.map((l) => (l === "" ? `${indent} *` : `${indent} * ${l}`)).join("\n");
  return `${indent}/**\n${body}\n${indent} */\n`;
}

/**
 * `x-inin-requires-permissions` as a sentence: `Requires the \`a\` permission.`,
 * `Requires any of these permissions: ...` or `Requires all of these permissions: ...`.
 */
export function permissionsSentence(required: RequiredPermissions | undefined): string[] {
  const names = required?.permissions ?? [];
  if (names.length === 0) return [];
  const list = names.map((p) => `\`${p}\``);
  if (list.length === 1) return [`Requires the ${list[0]} permission.`];
  const which = required?.type?.toUpperCase() === "ALL" ? "all" : "any";
  return [`Requires ${which} of these permissions: ${list.join(", ")}.`];
}
