/**
 * The notifications REST routes (they win over the generic layer): channels
 * (`POST`/`GET /api/v2/notifications/channels`, `HEAD .../{channelId}`) and their subscriptions
 * (`GET`/`PUT`/`POST`/`DELETE .../{channelId}/subscriptions`).
 *
 * @module
 */

import { jsonBody, type Route, type RouteContext } from "../context.ts";
import { genesysError, json } from "../responses.ts";
import type { TokenClaims } from "../tokens.ts";
import { type Channel, topicProblem } from "./hub.ts";

const CHANNELS = "/api/v2/notifications/channels";

function channelView(c: Channel): Record<string, unknown> {
  return { id: c.id, connectUri: c.connectUri, expires: c.expires };
}

/** `ws://` (or `wss://`) and the host the request came to. */
function socketBase(url: URL): string {
  return `${url.protocol === "https:" ? "wss" : "ws"}://${url.host}`;
}

function owned(ctx: RouteContext): Channel | Response {
  const channel = ctx.core.notifications.find(ctx.params.channelId, ctx.claims as TokenClaims);
  if (!channel) {
    return genesysError(404, "not.found", ctx.correlationId, "The channel does not exist.");
  }
  return channel;
}

function createChannel(ctx: RouteContext): Response {
  const channel = ctx.core.notifications.create(ctx.claims as TokenClaims, socketBase(ctx.url));
  return json(channelView(channel));
}

function listChannels(ctx: RouteContext): Response {
  const include = (ctx.url.searchParams.get("includechannels") ?? "token").toLowerCase();
  if (include !== "token" && include !== "oauthclient") {
    return genesysError(
      400,
      "bad.request",
      ctx.correlationId,
      "includechannels must be token or oauthclient",
    );
  }
  const channels = ctx.core.notifications.list(ctx.claims as TokenClaims, include);
  return json({ entities: channels.map(channelView) });
}

function headChannel(ctx: RouteContext): Response {
  const channel = owned(ctx);
  if (channel instanceof Response) return new Response(null, { status: channel.status });
  return new Response(null, { status: 200 });
}

function listSubscriptions(ctx: RouteContext): Response {
  const channel = owned(ctx);
  if (channel instanceof Response) return channel;
  return json({
    entities: [...channel.topics].map((id) => ({ id, state: "Permitted" })),
  });
}

/** `PUT` (replace) or `POST` (add) of `[{ id }]`. */
function subscribe(add: boolean) {
  return (ctx: RouteContext): Response => {
    const channel = owned(ctx);
    if (channel instanceof Response) return channel;
    const parsed = jsonBody(ctx, false);
    if ("error" in parsed) return parsed.error;
    const body = parsed.value;
    if (!Array.isArray(body) || body.some((t) => typeof t !== "object" || t === null)) {
      return genesysError(
        400,
        "bad.request",
        ctx.correlationId,
        "The body must be an array of topics ({ id }).",
      );
    }
    const ignoreErrors = ctx.url.searchParams.get("ignoreErrors") === "true";
    const accepted: string[] = [];
    const rejected: { id: string; state: "Rejected"; rejectionReason: string }[] = [];
    for (const { id } of body as { id?: unknown }[]) {
      const problem = topicProblem(id);
      if (problem) rejected.push({ id: String(id), state: "Rejected", rejectionReason: problem });
      else if (!accepted.includes(id as string)) accepted.push(id as string);
    }
    if (rejected.length > 0 && !ignoreErrors) {
      return genesysError(
        400,
        "bad.request",
        ctx.correlationId,
        `Topics refused: ${rejected.map((r) => `${r.id} (${r.rejectionReason})`).join(", ")}`,
      );
    }
    const hub = ctx.core.notifications;
    const total = new Set([...(add ? channel.topics : []), ...accepted]).size;
    if (total > hub.maxTopics) {
      return genesysError(
        400,
        "bad.request",
        ctx.correlationId,
        `A channel may subscribe at most ${hub.maxTopics} topics; this request makes ${total}.`,
      );
    }
    hub.setTopics(channel, accepted, add);
    return json({
      entities: [
        ...accepted.map((id) => ({ id, state: "Permitted" })),
        ...rejected,
      ],
    });
  };
}

function clearSubscriptions(ctx: RouteContext): Response {
  const channel = owned(ctx);
  if (channel instanceof Response) return channel;
  ctx.core.notifications.setTopics(channel, [], false);
  return new Response(null, { status: 204 });
}

/** The routes, for the sandbox's router. */
export const notificationRoutes: Route[] = [
  { method: "POST", pattern: CHANNELS, auth: "api", handle: createChannel },
  { method: "GET", pattern: CHANNELS, auth: "api", handle: listChannels },
  { method: "HEAD", pattern: `${CHANNELS}/{channelId}`, auth: "api", handle: headChannel },
  {
    method: "GET",
    pattern: `${CHANNELS}/{channelId}/subscriptions`,
    auth: "api",
    handle: listSubscriptions,
  },
  {
    method: "PUT",
    pattern: `${CHANNELS}/{channelId}/subscriptions`,
    auth: "api",
    handle: subscribe(false),
  },
  {
    method: "POST",
    pattern: `${CHANNELS}/{channelId}/subscriptions`,
    auth: "api",
    handle: subscribe(true),
  },
  {
    method: "DELETE",
    pattern: `${CHANNELS}/{channelId}/subscriptions`,
    auth: "api",
    handle: clearSubscriptions,
  },
];
