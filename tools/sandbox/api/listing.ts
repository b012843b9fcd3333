/**
 * Entity listings: the page of `items` a request asks for, in the listing definition's shape,
 * with consistent `pageSize`, `pageNumber`, `total`, `pageCount`, `firstUri`, `lastUri`,
 * `selfUri`, `nextUri` and `previousUri` (page-number listings), or `cursors.after` / `nextUri`
 * (cursor listings: operations with a `cursor` or `after` query parameter).
 *
 * @module
 */

import { decodeCursor, encodeCursor } from "../paging.ts";
import type { OperationModel, Schema } from "./model.ts";

/** A listing definition: an object with an `entities` array. */
export function isListingSchema(def: Schema | undefined): boolean {
  const entities = def?.properties?.entities;
  return entities?.type === "array" && def?.properties?.pageSize !== undefined ||
    entities?.type === "array" && def?.properties?.nextUri !== undefined ||
    entities?.type === "array" && def?.properties?.cursors !== undefined;
}

/** The problem with a paging parameter, or undefined. */
export interface ListingError {
  error: string;
}

function intQuery(url: URL, name: string, fallback: number, min: number): number | ListingError {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) {
    return {
      error: `Value [${raw}] is not valid for parameter [${name}]: must be at least ${min}`,
    };
  }
  return n;
}

function uri(url: URL, set: Record<string, string>, drop: string[] = []): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(set)) q.set(k, v);
  for (const [k, v] of url.searchParams) {
    if (!(k in set) && !drop.includes(k)) q.append(k, v);
  }
  const text = q.toString();
  return text ? `${url.pathname}?${text}` : url.pathname;
}

/**
 * A listing of `total` items of which `itemAt(i)` gives the i-th, for the request `url`:
 * only the fields `def` has are set.
 */
export function buildListing(
  def: Schema,
  op: OperationModel,
  url: URL,
  total: number,
  itemAt: (index: number) => unknown,
): Record<string, unknown> | ListingError {
  const props = def.properties ?? {};
  const has = (name: string) => props[name] !== undefined;
  const names = new Set(op.params.filter((p) => p.in === "query").map((p) => p.name));
  const cursorParam = names.has("cursor") ? "cursor" : names.has("after") ? "after" : undefined;
  const sizeParam = names.has("pageSize") ? "pageSize" : names.has("limit") ? "limit" : "pageSize";
  const pageSize = intQuery(url, sizeParam, 25, 1);
  if (typeof pageSize !== "number") return pageSize;
  const out: Record<string, unknown> = {};

  if (cursorParam && !names.has("pageNumber")) {
    const cursor = url.searchParams.get(cursorParam);
    let offset = 0;
    if (cursor) {
      const decoded = decodeCursor(`${op.method} ${op.path}`, cursor);
      if (decoded === undefined) {
        return { error: `The ${cursorParam} value [${cursor}] is not valid` };
      }
      offset = decoded;
    }
    const end = Math.min(total, offset + pageSize);
    const entities: unknown[] = [];
    for (let i = offset; i < end; i++) entities.push(itemAt(i));
    out.entities = entities;
    if (has("pageSize")) out.pageSize = pageSize;
    if (has("total")) out.total = total;
    if (has("selfUri")) out.selfUri = uri(url, {});
    if (end < total) {
      const after = encodeCursor(`${op.method} ${op.path}`, end);
      if (has("cursors")) out.cursors = { after };
      if (has("nextUri")) out.nextUri = uri(url, { [cursorParam]: after });
    } else if (has("cursors")) out.cursors = {};
    return out;
  }

  const pageNumber = intQuery(url, "pageNumber", 1, 1);
  if (typeof pageNumber !== "number") return pageNumber;
  const pageCount = Math.ceil(total / pageSize);
  const start = (pageNumber - 1) * pageSize;
  const end = Math.min(total, start + pageSize);
  const entities: unknown[] = [];
  for (let i = start; i < end; i++) entities.push(itemAt(i));
  out.entities = entities;
  const page = (n: number) => uri(url, { pageSize: String(pageSize), pageNumber: String(n) });
  if (has("pageSize")) out.pageSize = pageSize;
  if (has("pageNumber")) out.pageNumber = pageNumber;
  if (has("total")) out.total = total;
  if (has("pageCount")) out.pageCount = pageCount;
  if (has("firstUri")) out.firstUri = page(1);
  if (has("lastUri")) out.lastUri = page(Math.max(pageCount, 1));
  if (has("selfUri")) out.selfUri = page(pageNumber);
  if (has("nextUri") && pageNumber < pageCount) out.nextUri = page(pageNumber + 1);
  if (has("previousUri") && pageNumber > 1) out.previousUri = page(pageNumber - 1);
  return out;
}

/**
 * A SCIM list response (`ListResponse`): `startIndex` (1-based) and `count` from the query,
 * `totalResults`, `itemsPerPage` and `Resources`.
 */
export function buildScimListing(
  url: URL,
  total: number,
  itemAt: (index: number) => unknown,
): Record<string, unknown> | ListingError {
  const startIndex = intQuery(url, "startIndex", 1, 1);
  if (typeof startIndex !== "number") return startIndex;
  const count = intQuery(url, "count", 25, 0);
  if (typeof count !== "number") return count;
  const resources: unknown[] = [];
  for (let i = startIndex - 1; i < Math.min(total, startIndex - 1 + count); i++) {
    resources.push(itemAt(i));
  }
  return {
    schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
    totalResults: total,
    startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}
