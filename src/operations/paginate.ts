/**
 * Async iteration over every paged listing of the Platform API. The paging
 * style is read from each response, so one helper serves them all:
 * `pageNumber`/`pageCount`, `nextUri` (with `pageNumber`, `cursor` or `after`
 * in it), and a `cursor`/`after` field in the body.
 *
 * @module
 */

import type { ApiPromise } from "../http/api_promise.ts";
import { GenesysCloudError, ParameterError } from "../base/errors.ts";

/** The fields a page may carry; which ones depends on the operation. */
export interface PageLike {
  /** Items of most listings. */
  entities?: unknown[];
  /** Items of search-style listings. */
  results?: unknown[];
  /** Current page number (1-based). */
  pageNumber?: number;
  /** Number of pages. */
  pageCount?: number;
  /** URI of the next page, absent on the last one. */
  nextUri?: string;
  /** Cursor of the next page, absent on the last one. */
  cursor?: string;
  /** Cursor of the next page (some listings). */
  after?: string;
  /** Cursors of the neighbouring pages (usage and other listings); `after` is the next page's. */
  cursors?: { after?: string; before?: string };
}

/** Options of {@linkcode paginate} itself (not sent). */
export interface PaginateOptions {
  /** The array field holding items when it is neither `entities` nor `results`. */
  itemsKey?: string;
  /** Stops after this many pages. Default 100000. */
  maxPages?: number;
}

/**
 * The item type of a page type: the element of `entities`, else of `results`.
 *
 * @example
 * ```ts
 * import type { PageItem } from "./paginate.ts";
 * type U = PageItem<{ entities?: { id: string }[] }>; // { id: string }
 * ```
 */
export type PageItem<P> = P extends { entities?: (infer I)[] } ? I
  : P extends { results?: (infer I)[] } ? I
  : unknown;

/**
 * Yields every item of every page. `list` is called with `opts` plus the
 * paging parameters of each next page; it must return the page.
 *
 * Stops on the last page: when `pageNumber >= pageCount`, when there is no
 * `nextUri`/`cursor`/`after`, when a page is empty, or when the next page
 * would repeat one already requested (a safety stop against server loops).
 *
 * @example
 * ```ts ignore
 * import { paginate } from "./paginate.ts";
 * for await (const user of paginate((o) => users.getUsers(o), { pageSize: 100 })) {
 *   console.log(user.name);
 * }
 * ```
 */
export async function* paginate<O extends object, P extends object>(
  list: (opts: O) => ApiPromise<P> | Promise<P>,
  opts?: O,
  options: PaginateOptions = {},
): AsyncGenerator<PageItem<P>, void, undefined> {
  if (typeof list !== "function") {
    throw new ParameterError("paginate", "list", "must be a function returning a page");
  }
  const maxPages = options.maxPages ?? 100_000;
  let params: Record<string, unknown> = { ...(opts ?? {}) };
  const seen = new Set<string>();
  for (let page = 0; page < maxPages; page++) {
    const key = JSON.stringify(pagingState(params));
    if (seen.has(key)) return;
    seen.add(key);
    const body = (await list(params as O)) as PageLike & Record<string, unknown>;
    if (body === undefined || body === null || typeof body !== "object") {
      throw new GenesysCloudError("paginate: the listing returned no page object");
    }
    const items = pageItems(body, options.itemsKey);
    for (const item of items) yield item as PageItem<P>;
    if (items.length === 0) return;
    const next = nextParams(body, params);
    if (!next) return;
    params = next;
  }
}

function pageItems(body: Record<string, unknown>, itemsKey: string | undefined): unknown[] {
  const value = itemsKey ? body[itemsKey] : body.entities ?? body.results;
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw new GenesysCloudError(
      `paginate: "${itemsKey ?? "entities"}" of the page is not an array`,
    );
  }
  return value;
}

function pagingState(params: Record<string, unknown>): unknown[] {
  return [params.pageNumber, params.cursor, params.after];
}

function nextParams(
  body: PageLike,
  params: Record<string, unknown>,
): Record<string, unknown> | undefined {
  if (typeof body.pageCount === "number" && typeof body.pageNumber === "number") {
    if (body.pageNumber >= body.pageCount) return undefined;
    return { ...params, pageNumber: body.pageNumber + 1 };
  }
  const { cursor: _cursor, after: _after, ...rest } = params;
  if (typeof body.cursor === "string" && body.cursor !== "") {
    return { ...rest, cursor: body.cursor };
  }
  if (typeof body.after === "string" && body.after !== "") {
    return { ...rest, after: body.after };
  }
  if (typeof body.nextUri === "string" && body.nextUri !== "") {
    const query = new URL(body.nextUri, "http://next.invalid").searchParams;
    for (const name of ["cursor", "after"]) {
      const value = query.get(name);
      if (value) return { ...rest, [name]: value };
    }
    const pageNumber = Number(query.get("pageNumber"));
    if (Number.isInteger(pageNumber) && pageNumber > 0) return { ...params, pageNumber };
  }
  // Listings with `cursors` and no `nextUri` (usage results): `after` is the next page's.
  const after = body.cursors?.after;
  if (typeof after === "string" && after !== "") return { ...rest, after };
  return undefined;
}
