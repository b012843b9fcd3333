/**
 * Turns log records into lines: `json` (one object per line) or `text`.
 *
 * @module
 */

import type { LogFormat, LogRecord } from "./types.ts";

/**
 * Formats a record. `json` gives one line; `text` gives a heading line with
 * the indented details below it.
 *
 * @example
 * ```ts
 * import { formatRecord } from "./format.ts";
 * const line = formatRecord({
 *   date: "2025-01-01T00:00:00.000Z", level: "debug", method: "GET",
 *   url: "https://api.mypurecloud.com/api/v2/users/me", statusCode: 200,
 *   requestHeaders: { accept: "application/json" },
 * }, "text");
 * console.log(line);
 * // 2025-01-01T00:00:00.000Z DEBUG GET https://api.mypurecloud.com/api/v2/users/me -> 200
 * //   Request headers:
 * //     accept: application/json
 * ```
 */
export function formatRecord(record: LogRecord, format: LogFormat): string {
  if (format === "json") return JSON.stringify(record);
  const head = `${record.date} ${record.level.toUpperCase()}`;
  if ("message" in record) return `${head} ${record.message}`;
  const outcome = record.statusCode !== undefined
    ? `${record.statusCode}`
    : `failed: ${record.error ?? "no response"}`;
  const lines = [
    `${head} ${record.method} ${record.url} -> ${outcome}${
      record.correlationId ? ` (correlation id ${record.correlationId})` : ""
    }`,
  ];
  pushHeaders(lines, "Request headers", record.requestHeaders);
  if (record.responseHeaders) pushHeaders(lines, "Response headers", record.responseHeaders);
  if (record.requestBody !== undefined) {
    lines.push(`  Request body: ${bodyText(record.requestBody)}`);
  }
  if (record.responseBody !== undefined) {
    lines.push(`  Response body: ${bodyText(record.responseBody)}`);
  }
  return lines.join("\n");
}

function pushHeaders(lines: string[], title: string, headers: Record<string, string>): void {
  const entries = Object.entries(headers);
  if (entries.length === 0) return;
  lines.push(`  ${title}:`);
  for (const [name, value] of entries) lines.push(`    ${name}: ${value}`);
}

function bodyText(body: unknown): string {
  return typeof body === "string" ? body : JSON.stringify(body);
}
