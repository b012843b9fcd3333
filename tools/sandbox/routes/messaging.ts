/**
 * Guest chat (`/api/v2/webchat/guest/conversations...`, authenticated by the conversation's JWT)
 * and web deployment tokens (`/api/v2/webdeployments/token/oauthcodegrantjwtexchange`,
 * `/refresh`, `/revoke`). The `eventStreamUri` of a guest chat is not served.
 *
 * @module
 */

import { genesysError, json } from "../responses.ts";
import { jsonBody, type Route, type RouteContext } from "../context.ts";
import { randomToken } from "../ids.ts";
import { pageOf } from "../paging.ts";
import type { SandboxGuestChat } from "../types.ts";

/** The token of an `Authorization` header (`Bearer <jwt>`, or the bare JWT for guest chat). */
export function bearerToken(req: Request, allowBare = false): string | undefined {
  const header = req.headers.get("authorization");
  if (!header) return undefined;
  const m = /^bearer\s+(\S+)\s*$/i.exec(header);
  if (m) return m[1];
  if (allowBare && /^[\w-]+\.[\w-]+\.[\w-]+$/.test(header.trim())) return header.trim();
  return undefined;
}

function badRequest(ctx: RouteContext, message: string): Response {
  return genesysError(400, "bad.request", ctx.correlationId, message);
}

async function createChat(ctx: RouteContext): Promise<Response> {
  const parsed = jsonBody(ctx);
  if ("error" in parsed) return parsed.error;
  const body = parsed.value as Record<string, unknown>;
  const { webChat } = ctx.core.credentials;
  if (body.organizationId !== webChat.organizationId) {
    return badRequest(ctx, "The organizationId is not valid.");
  }
  if (body.deploymentId !== webChat.deploymentId) {
    return badRequest(ctx, "The deploymentId is not valid.");
  }
  const target = body.routingTarget as Record<string, unknown> | undefined;
  if (!target || target.targetType !== "QUEUE" || typeof target.targetAddress !== "string") {
    return badRequest(ctx, "routingTarget with targetType QUEUE and a targetAddress is required.");
  }
  const queueExists = [...ctx.core.state.queues.values()].some((q) =>
    q.name === target.targetAddress
  );
  if (!queueExists) {
    return genesysError(
      400,
      "chat.error.invalid.queue",
      ctx.correlationId,
      "The specified queue is not valid.",
    );
  }
  const info = body.memberInfo as Record<string, unknown> | undefined;
  if (!info || typeof info.displayName !== "string" || info.displayName === "") {
    return badRequest(ctx, "memberInfo.displayName is required.");
  }
  const now = new Date().toISOString();
  const conversationId = crypto.randomUUID();
  const guestId = crypto.randomUUID();
  const guest: Record<string, unknown> = {
    id: guestId,
    displayName: info.displayName,
    role: "CUSTOMER",
    joinDate: now,
    authenticatedGuest: typeof body.memberAuthToken === "string",
    state: "CONNECTED",
  };
  for (
    const k of ["firstName", "lastName", "email", "phoneNumber", "avatarImageUrl", "customFields"]
  ) {
    if (info[k] !== undefined) guest[k] = info[k];
  }
  const acd = { id: crypto.randomUUID(), role: "ACD", joinDate: now, state: "CONNECTED" };
  const chat: SandboxGuestChat = { id: conversationId, members: [guest, acd], messages: [] };
  ctx.core.state.guestChats.set(conversationId, chat);
  const jwt = await ctx.core.tokens.sign(
    "webchat-guest",
    guestId,
    ctx.core.settings.guestJwtLifetimeSeconds,
    { conversation_id: conversationId, org_id: ctx.core.state.organization.id },
  );
  const wsOrigin = ctx.url.origin.replace(/^http/, "ws");
  return json({
    id: conversationId,
    jwt,
    eventStreamUri: `${wsOrigin}/v2/webchat/streaming/${conversationId}`,
    member: guest,
  });
}

function chatOf(ctx: RouteContext): SandboxGuestChat | Response {
  if (ctx.claims?.conversation_id !== ctx.params.conversationId) {
    return genesysError(403, "not.authorized", ctx.correlationId);
  }
  const chat = ctx.core.state.guestChats.get(ctx.params.conversationId);
  if (!chat) return genesysError(404, "not.found", ctx.correlationId);
  return chat;
}

function listMembers(ctx: RouteContext): Response {
  const chat = chatOf(ctx);
  if (chat instanceof Response) return chat;
  const exclude = ctx.url.searchParams.get("excludeDisconnectedMembers") === "true";
  const members = chat.members.filter((m) => !exclude || m.state !== "DISCONNECTED");
  const page = pageOf(members, ctx.url);
  if ("error" in page) {
    return genesysError(400, "invalid.query.param.value", ctx.correlationId, page.error);
  }
  return json(page);
}

function memberOf(ctx: RouteContext): [SandboxGuestChat, Record<string, unknown>] | Response {
  const chat = chatOf(ctx);
  if (chat instanceof Response) return chat;
  const member = chat.members.find((m) => m.id === ctx.params.memberId);
  if (!member) return genesysError(404, "not.found", ctx.correlationId);
  return [chat, member];
}

function getMember(ctx: RouteContext): Response {
  const found = memberOf(ctx);
  return found instanceof Response ? found : json(found[1]);
}

function leave(ctx: RouteContext): Response {
  const found = memberOf(ctx);
  if (found instanceof Response) return found;
  const member = found[1];
  if (member.id !== ctx.claims?.sub) return genesysError(403, "not.authorized", ctx.correlationId);
  member.state = "DISCONNECTED";
  member.leaveDate = new Date().toISOString();
  return new Response(null, { status: 204 });
}

function sendMessage(ctx: RouteContext): Response {
  const found = memberOf(ctx);
  if (found instanceof Response) return found;
  const [chat, member] = found;
  if (member.id !== ctx.claims?.sub) return genesysError(403, "not.authorized", ctx.correlationId);
  const parsed = jsonBody(ctx);
  if ("error" in parsed) return parsed.error;
  const body = parsed.value as Record<string, unknown>;
  if (typeof body.body !== "string") return badRequest(ctx, "body is required.");
  const id = crypto.randomUUID();
  const message = {
    id,
    conversation: { id: chat.id, selfUri: `/api/v2/webchat/guest/conversations/${chat.id}` },
    sender: { id: member.id, role: member.role },
    body: body.body,
    bodyType: typeof body.bodyType === "string" ? body.bodyType : "standard",
    timestamp: new Date().toISOString(),
    selfUri: `/api/v2/webchat/guest/conversations/${chat.id}/messages/${id}`,
  };
  chat.messages.push(message);
  return json(message);
}

function listMessages(ctx: RouteContext): Response {
  const chat = chatOf(ctx);
  if (chat instanceof Response) return chat;
  const max = Number(ctx.url.searchParams.get("maxResults") ?? "100");
  const entities = chat.messages.slice(-Math.max(1, Math.min(max || 100, 100)));
  return json({
    pageSize: entities.length,
    entities,
    selfUri: `${ctx.url.pathname}${ctx.url.search}`,
  });
}

function getMessage(ctx: RouteContext): Response {
  const chat = chatOf(ctx);
  if (chat instanceof Response) return chat;
  const message = chat.messages.find((m) => m.id === ctx.params.messageId);
  return message ? json(message) : genesysError(404, "not.found", ctx.correlationId);
}

async function exchangeCode(ctx: RouteContext): Promise<Response> {
  const parsed = jsonBody(ctx);
  if ("error" in parsed) return parsed.error;
  const body = parsed.value as Record<string, unknown>;
  if (typeof body.deploymentId !== "string") return badRequest(ctx, "deploymentId is required.");
  if (body.deploymentId !== ctx.core.credentials.webDeployment.deploymentId) {
    return badRequest(ctx, "The deploymentId is not valid.");
  }
  const oauth = body.oauth as Record<string, unknown> | undefined;
  if (!oauth || typeof oauth.code !== "string" || oauth.code === "") {
    return badRequest(ctx, "oauth.code is required.");
  }
  if (typeof oauth.redirectUri !== "string" || oauth.redirectUri === "") {
    return badRequest(ctx, "oauth.redirectUri is required.");
  }
  const subject = crypto.randomUUID();
  const refreshToken = randomToken(32);
  ctx.core.state.webDeploymentRefreshTokens.set(refreshToken, {
    deploymentId: body.deploymentId,
    subject,
  });
  const jwt = await ctx.core.tokens.sign(
    "webdeployments",
    subject,
    ctx.core.settings.webDeploymentJwtLifetimeSeconds,
    { deployment_id: body.deploymentId, org_id: ctx.core.state.organization.id },
  );
  return json({ refreshToken, jwt });
}

async function refreshJwt(ctx: RouteContext): Promise<Response> {
  const parsed = jsonBody(ctx);
  if ("error" in parsed) return parsed.error;
  const body = parsed.value as Record<string, unknown>;
  if (typeof body.deploymentId !== "string" || typeof body.refreshToken !== "string") {
    return badRequest(ctx, "deploymentId and refreshToken are required.");
  }
  const record = ctx.core.state.webDeploymentRefreshTokens.get(body.refreshToken);
  if (!record || record.deploymentId !== body.deploymentId) {
    return genesysError(401, "bad.credentials", ctx.correlationId);
  }
  const jwt = await ctx.core.tokens.sign(
    "webdeployments",
    record.subject,
    ctx.core.settings.webDeploymentJwtLifetimeSeconds,
    { deployment_id: record.deploymentId, org_id: ctx.core.state.organization.id },
  );
  return json({ jwt });
}

async function revokeJwt(ctx: RouteContext): Promise<Response> {
  const token = bearerToken(ctx.req);
  if (!token) return genesysError(401, "authentication.required", ctx.correlationId);
  const result = await ctx.core.tokens.verify(token, "webdeployments");
  if (!result.ok) {
    return result.reason === "expired"
      ? genesysError(400, "credentials.expired", ctx.correlationId, "The credentials have expired.")
      : genesysError(401, "bad.credentials", ctx.correlationId);
  }
  ctx.core.tokens.revoke(result.claims.jti);
  for (const [value, rec] of ctx.core.state.webDeploymentRefreshTokens) {
    if (rec.subject === result.claims.sub) ctx.core.state.webDeploymentRefreshTokens.delete(value);
  }
  return new Response(null, { status: 204 });
}

/**
 * `GET /api/v2/webmessaging/messages`: the messages of the web messaging
 * session behind the JWT. Only a live web deployment JWT is accepted (an
 * expired, revoked or API token gets a 401). The sandbox carries no web
 * messaging conversation (that happens over a WebSocket), so the page is empty.
 */
async function listWebMessagingMessages(ctx: RouteContext): Promise<Response> {
  const token = bearerToken(ctx.req);
  if (!token) return genesysError(401, "authentication.required", ctx.correlationId);
  const result = await ctx.core.tokens.verify(token, "webdeployments");
  if (!result.ok) {
    return result.reason === "expired"
      ? genesysError(401, "credentials.expired", ctx.correlationId, "The credentials have expired.")
      : genesysError(401, "bad.credentials", ctx.correlationId);
  }
  const page = pageOf([], ctx.url);
  if ("error" in page) {
    return genesysError(400, "invalid.query.param.value", ctx.correlationId, page.error);
  }
  return json(page);
}

const GUEST = "/api/v2/webchat/guest/conversations/{conversationId}";

/** Guest chat and web deployment routes. */
export const messagingRoutes: Route[] = [
  {
    method: "POST",
    pattern: "/api/v2/webchat/guest/conversations",
    auth: "none",
    handle: createChat,
  },
  { method: "GET", pattern: `${GUEST}/members`, auth: "guest", handle: listMembers },
  { method: "GET", pattern: `${GUEST}/members/{memberId}`, auth: "guest", handle: getMember },
  { method: "DELETE", pattern: `${GUEST}/members/{memberId}`, auth: "guest", handle: leave },
  {
    method: "POST",
    pattern: `${GUEST}/members/{memberId}/messages`,
    auth: "guest",
    handle: sendMessage,
  },
  { method: "GET", pattern: `${GUEST}/messages`, auth: "guest", handle: listMessages },
  { method: "GET", pattern: `${GUEST}/messages/{messageId}`, auth: "guest", handle: getMessage },
  {
    method: "POST",
    pattern: "/api/v2/webdeployments/token/oauthcodegrantjwtexchange",
    auth: "none",
    handle: exchangeCode,
  },
  {
    method: "POST",
    pattern: "/api/v2/webdeployments/token/refresh",
    auth: "none",
    handle: refreshJwt,
  },
  {
    method: "DELETE",
    pattern: "/api/v2/webdeployments/token/revoke",
    auth: "none",
    handle: revokeJwt,
  },
  {
    method: "GET",
    pattern: "/api/v2/webmessaging/messages",
    auth: "none",
    handle: listWebMessagingMessages,
  },
];
