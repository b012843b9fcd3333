/**
 * Routing queues: `GET`/`POST /api/v2/routing/queues`, `GET`/`DELETE
 * /api/v2/routing/queues/{queueId}`.
 *
 * @module
 */

import { genesysError, json } from "../responses.ts";
import { jsonBody, type Route, type RouteContext } from "../context.ts";
import { pageOf } from "../paging.ts";
import { makeQueue } from "../seed.ts";
import type { SandboxQueue } from "../types.ts";

/** Matches a queue name against the `name` filter (case-insensitive, `*` at either end). */
function nameMatches(name: string, filter: string): boolean {
  const n = name.toLowerCase();
  let f = filter.toLowerCase();
  const prefix = f.endsWith("*");
  const suffix = f.startsWith("*");
  f = f.replace(/^\*|\*$/g, "");
  if (prefix && suffix) return n.includes(f);
  if (prefix) return n.startsWith(f);
  if (suffix) return n.endsWith(f);
  return n === f;
}

function listQueues(ctx: RouteContext): Response {
  const q = ctx.url.searchParams;
  const ids = new Set(q.getAll("id").flatMap((v) => v.split(",")));
  const name = q.get("name");
  const dir = (q.get("sortOrder") ?? "asc").toLowerCase() === "desc" ? -1 : 1;
  const queues = [...ctx.core.state.queues.values()]
    .filter((x) => (ids.size === 0 || ids.has(x.id)) && (!name || nameMatches(x.name, name)))
    .sort((a, b) => dir * (a.name.localeCompare(b.name) || a.id.localeCompare(b.id)));
  const page = pageOf(queues, ctx.url);
  if ("error" in page) {
    return genesysError(400, "invalid.query.param.value", ctx.correlationId, page.error);
  }
  return json(page);
}

function findQueue(ctx: RouteContext): SandboxQueue | Response {
  const queue = ctx.core.state.queues.get(ctx.params.queueId);
  if (!queue) return genesysError(404, "not.found", ctx.correlationId);
  return queue;
}

function getQueue(ctx: RouteContext): Response {
  const queue = findQueue(ctx);
  return queue instanceof Response ? queue : json(queue);
}

const READ_ONLY = ["id", "selfUri", "memberCount", "userMemberCount", "joinedMemberCount"];

function createQueue(ctx: RouteContext): Response {
  const parsed = jsonBody(ctx);
  if ("error" in parsed) return parsed.error;
  const body = { ...(parsed.value as Record<string, unknown>) };
  const name = body.name;
  if (typeof name !== "string" || name.trim() === "") {
    return genesysError(400, "invalid.name", ctx.correlationId, "Invalid queue name specified.");
  }
  for (const q of ctx.core.state.queues.values()) {
    if (q.name.toLowerCase() === name.toLowerCase()) {
      return genesysError(
        400,
        "duplicate.name",
        ctx.correlationId,
        "A queue with this name already exists.",
      );
    }
  }
  for (const key of READ_ONLY) delete body[key];
  delete body.sourceQueueId;
  const id = crypto.randomUUID();
  const creator = ctx.claims?.user_id ?? ctx.claims?.client_id ?? "";
  const queue = makeQueue(id, name, new Date().toISOString(), creator, body);
  ctx.core.state.queues.set(id, queue);
  return json(queue);
}

function deleteQueue(ctx: RouteContext): Response {
  const queue = findQueue(ctx);
  if (queue instanceof Response) return queue;
  ctx.core.state.queues.delete(queue.id);
  return new Response(null, { status: 200 });
}

/** Routing queue routes. */
export const queueRoutes: Route[] = [
  { method: "GET", pattern: "/api/v2/routing/queues", auth: "api", handle: listQueues },
  { method: "POST", pattern: "/api/v2/routing/queues", auth: "api", handle: createQueue },
  { method: "GET", pattern: "/api/v2/routing/queues/{queueId}", auth: "api", handle: getQueue },
  {
    method: "DELETE",
    pattern: "/api/v2/routing/queues/{queueId}",
    auth: "api",
    handle: deleteQueue,
  },
];
