/**
 * Paging math for Genesys listings: page-number listings (`pageNumber`, `pageSize`,
 * `pageCount`, `total`, `firstUri`, `nextUri`, ...) and opaque cursors.
 *
 * @module
 */

/** Parse failure of a paging query parameter. */
export interface PagingError {
  error: string;
}

/** A parsed integer query parameter in `[min, max]`, the default when absent. */
export function intParam(
  url: URL,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number | PagingError {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === "") return fallback;
  if (!/^-?\d+$/.test(raw)) {
    return { error: `Value [${raw}] is not valid for parameter [${name}]` };
  }
  const n = Number(raw);
  if (n < min || n > max) {
    return { error: `Value [${raw}] is not valid for parameter [${name}]: must be ${min}-${max}` };
  }
  return n;
}

/** A page-number listing body (e.g. `UserEntityListing`, `QueueEntityListing`). */
export interface PageListing<T> {
  entities: T[];
  pageSize: number;
  pageNumber: number;
  total: number;
  pageCount: number;
  firstUri: string;
  lastUri: string;
  selfUri: string;
  nextUri?: string;
  previousUri?: string;
}

function pageUri(url: URL, pageSize: number, pageNumber: number): string {
  const q = new URLSearchParams();
  q.set("pageSize", String(pageSize));
  q.set("pageNumber", String(pageNumber));
  for (const [k, v] of url.searchParams) {
    if (k !== "pageSize" && k !== "pageNumber") q.append(k, v);
  }
  return `${url.pathname}?${q}`;
}

/**
 * Cuts `items` into the requested page. `pageSize` defaults to 25 (1-500), `pageNumber` to 1.
 * URIs are relative (`/api/v2/...?pageSize=25&pageNumber=2&...`), as Genesys sends them.
 */
export function pageOf<T>(
  items: readonly T[],
  url: URL,
  defaultPageSize = 25,
  maxPageSize = 500,
): PageListing<T> | PagingError {
  const pageSize = intParam(url, "pageSize", defaultPageSize, 1, maxPageSize);
  if (typeof pageSize !== "number") return pageSize;
  const pageNumber = intParam(url, "pageNumber", 1, 1, 1_000_000);
  if (typeof pageNumber !== "number") return pageNumber;
  const total = items.length;
  const pageCount = Math.ceil(total / pageSize);
  const start = (pageNumber - 1) * pageSize;
  const listing: PageListing<T> = {
    entities: items.slice(start, start + pageSize),
    pageSize,
    pageNumber,
    total,
    pageCount,
    firstUri: pageUri(url, pageSize, 1),
    lastUri: pageUri(url, pageSize, Math.max(pageCount, 1)),
    selfUri: pageUri(url, pageSize, pageNumber),
  };
  if (pageNumber < pageCount) listing.nextUri = pageUri(url, pageSize, pageNumber + 1);
  if (pageNumber > 1) listing.previousUri = pageUri(url, pageSize, pageNumber - 1);
  return listing;
}

/** Encodes an offset into an opaque cursor for `kind`. */
export function encodeCursor(kind: string, offset: number): string {
  return btoa(`${kind}:${offset}`).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Decodes a cursor made by {@linkcode encodeCursor}; undefined when it is not one. */
export function decodeCursor(kind: string, cursor: string): number | undefined {
  let text: string;
  try {
    text = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    return undefined;
  }
  const prefix = `${kind}:`;
  if (!text.startsWith(prefix)) return undefined;
  const rest = text.slice(prefix.length);
  if (!/^\d+$/.test(rest)) return undefined;
  return Number(rest);
}
