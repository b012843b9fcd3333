/**
 * A cursor-paged listing: `GET /api/v2/externalcontacts/scan/contacts` (`limit` 10-200, default
 * 100; `cursor` from the previous page's `cursors.after`). The last page has neither
 * `cursors.after` nor `nextUri`.
 *
 * @module
 */

import { genesysError, json } from "../responses.ts";
import type { Route, RouteContext } from "../context.ts";
import { decodeCursor, encodeCursor, intParam } from "../paging.ts";

const CURSOR_KIND = "externalcontacts-scan";

function scanContacts(ctx: RouteContext): Response {
  const limit = intParam(ctx.url, "limit", 100, 10, 200);
  if (typeof limit !== "number") {
    return genesysError(400, "invalid.query.param.value", ctx.correlationId, limit.error);
  }
  const cursor = ctx.url.searchParams.get("cursor");
  let offset = 0;
  if (cursor !== null && cursor !== "") {
    const decoded = decodeCursor(CURSOR_KIND, cursor);
    if (decoded === undefined) {
      return genesysError(400, "bad.request", ctx.correlationId, "The cursor is not valid.");
    }
    offset = decoded;
  }
  const all = ctx.core.state.externalContacts;
  const entities = all.slice(offset, offset + limit);
  const path = ctx.url.pathname;
  const self = new URLSearchParams(ctx.url.search);
  const body: Record<string, unknown> = { entities, selfUri: `${path}?${self}` };
  const nextOffset = offset + entities.length;
  if (nextOffset < all.length) {
    const after = encodeCursor(CURSOR_KIND, nextOffset);
    const next = new URLSearchParams();
    next.set("limit", String(limit));
    next.set("cursor", after);
    const division = ctx.url.searchParams.get("divisionId");
    if (division !== null) next.set("divisionId", division);
    body.cursors = { after };
    body.nextUri = `${path}?${next}`;
  }
  return json(body);
}

/** External contacts cursor listing routes. */
export const externalContactRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/api/v2/externalcontacts/scan/contacts",
    auth: "api",
    handle: scanContacts,
  },
];
