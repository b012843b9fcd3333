/**
 * Users (`/api/v2/users`, `/api/v2/users/{userId}`, `/api/v2/users/me`, PATCH with version
 * check) and the token endpoints (`GET`/`DELETE /api/v2/tokens/me`).
 *
 * @module
 */

import { genesysError, json } from "../responses.ts";
import { jsonBody, type Route, type RouteContext } from "../context.ts";
import { pageOf } from "../paging.ts";
import type { SandboxUser } from "../types.ts";

/** `UpdateUser` fields a PATCH may set (read-only ones are ignored, others are refused). */
const UPDATABLE = new Set([
  "name",
  "chat",
  "department",
  "email",
  "addresses",
  "title",
  "username",
  "preferredName",
  "manager",
  "images",
  "profileSkills",
  "locations",
  "groups",
  "state",
  "acdAutoAnswer",
  "certifications",
  "biography",
  "employerInfo",
]);
const IGNORED = new Set(["id", "selfUri", "primaryContactInfo", "version"]);

function expandUser(ctx: RouteContext, user: SandboxUser): Record<string, unknown> {
  const expand = ctx.url.searchParams.getAll("expand").flatMap((e) => e.split(","));
  if (expand.length === 0) return user;
  const out: Record<string, unknown> = { ...user };
  for (const e of expand) {
    switch (e) {
      case "presence":
        out.presence = {
          source: "PURECLOUD",
          presenceDefinition: {
            id: "6a3af858-942f-489d-9700-5f9bcdcdae9b",
            systemPresence: "Available",
          },
          modifiedDate: "2025-01-06T09:00:00.000Z",
        };
        break;
      case "routingStatus":
        out.routingStatus = {
          userId: user.id,
          status: "OFF_QUEUE",
          startTime: "2025-01-06T09:00:00.000Z",
        };
        break;
      case "dateLastLogin":
        out.dateLastLogin = "2025-01-06T08:55:00.000Z";
        break;
      case "organization":
        out.organization = { ...ctx.core.state.organization };
        break;
    }
  }
  return out;
}

function sortOrder(ctx: RouteContext): 1 | -1 {
  const s = (ctx.url.searchParams.get("sortOrder") ?? "asc").toLowerCase();
  return s === "desc" || s === "descending" ? -1 : 1;
}

function listUsers(ctx: RouteContext): Response {
  const ids = new Set(ctx.url.searchParams.getAll("id").flatMap((v) => v.split(",")));
  const state = ctx.url.searchParams.get("state") ?? "active";
  const dir = sortOrder(ctx);
  const users = [...ctx.core.state.users.values()]
    .filter((u) => (ids.size === 0 || ids.has(u.id)) && (state === "any" || u.state === state))
    .sort((a, b) => dir * (a.name.localeCompare(b.name) || a.id.localeCompare(b.id)));
  const page = pageOf(users, ctx.url);
  if ("error" in page) {
    return genesysError(400, "invalid.query.param.value", ctx.correlationId, page.error);
  }
  return json({ ...page, entities: page.entities.map((u) => expandUser(ctx, u)) });
}

function findUser(ctx: RouteContext): SandboxUser | Response {
  const user = ctx.core.state.users.get(ctx.params.userId);
  if (!user) return genesysError(404, "not.found", ctx.correlationId);
  return user;
}

function getUser(ctx: RouteContext): Response {
  const user = findUser(ctx);
  if (user instanceof Response) return user;
  return json(expandUser(ctx, user));
}

function getMe(ctx: RouteContext): Response {
  const userId = ctx.claims?.user_id;
  if (!userId) {
    return genesysError(
      400,
      "not.a.user",
      ctx.correlationId,
      "This request requires a user context. Client credentials cannot be used for requests to this resource.",
    );
  }
  const user = ctx.core.state.users.get(userId);
  if (!user) return genesysError(404, "not.found", ctx.correlationId);
  return json(expandUser(ctx, user));
}

function patchUser(ctx: RouteContext): Response {
  const user = findUser(ctx);
  if (user instanceof Response) return user;
  const parsed = jsonBody(ctx);
  if ("error" in parsed) return parsed.error;
  const patch = parsed.value as Record<string, unknown>;
  if (typeof patch.version !== "number" || !Number.isInteger(patch.version)) {
    return genesysError(400, "bad.request", ctx.correlationId, "version is required");
  }
  for (const key of Object.keys(patch)) {
    if (!UPDATABLE.has(key) && !IGNORED.has(key)) {
      return genesysError(
        400,
        "invalid.property",
        ctx.correlationId,
        `Value [${key}] is not a valid property for object [UpdateUser]`,
      );
    }
  }
  if (
    patch.state !== undefined && patch.state !== null &&
    !["active", "inactive", "deleted"].includes(String(patch.state))
  ) {
    return genesysError(
      400,
      "invalid.value",
      ctx.correlationId,
      `Value [${patch.state}] is not valid for field type [state]. Allowable values are: active, inactive, deleted`,
    );
  }
  if (patch.version !== user.version) {
    return genesysError(
      409,
      "general.conflict",
      ctx.correlationId,
      `The version supplied (${patch.version}) does not match the current version of the user (${user.version}).`,
    );
  }
  for (const [key, value] of Object.entries(patch)) {
    if (IGNORED.has(key)) continue;
    if (value === null) {
      delete user[key];
    } else if (key === "manager") {
      user.manager = { id: String(value), selfUri: `/api/v2/users/${value}` };
    } else {
      user[key] = structuredClone(value);
    }
  }
  if (typeof patch.email === "string") {
    user.primaryContactInfo = [{ address: patch.email, mediaType: "EMAIL", type: "PRIMARY" }];
  }
  user.version++;
  return json(user);
}

const GRANT_TYPES: Record<string, string> = {
  client_credentials: "CLIENT-CREDENTIALS",
  authorization_code: "CODE",
  refresh_token: "CODE",
  implicit: "TOKEN",
  "urn:ietf:params:oauth:grant-type:saml2-bearer": "SAML2-BEARER",
};

function getTokenInfo(ctx: RouteContext): Response {
  const claims = ctx.claims!;
  const org = { ...ctx.core.state.organization };
  return json({
    organization: org,
    homeOrganization: { ...org },
    authorizedScope: ["all"],
    OAuthClient: {
      id: claims.client_id,
      name: `Sandbox client ${claims.client_id}`,
      authorizedGrantType: GRANT_TYPES[claims.grant ?? ""] ?? "CLIENT-CREDENTIALS",
      organization: { ...org },
    },
  });
}

function deleteToken(ctx: RouteContext): Response {
  ctx.core.tokens.revoke(ctx.claims!.jti);
  return new Response(null, { status: 200 });
}

/** User and token routes. */
export const userRoutes: Route[] = [
  { method: "GET", pattern: "/api/v2/tokens/me", auth: "api", handle: getTokenInfo },
  { method: "DELETE", pattern: "/api/v2/tokens/me", auth: "api", handle: deleteToken },
  { method: "GET", pattern: "/api/v2/users", auth: "api", handle: listUsers },
  { method: "GET", pattern: "/api/v2/users/me", auth: "api", handle: getMe },
  { method: "GET", pattern: "/api/v2/users/{userId}", auth: "api", handle: getUser },
  { method: "PATCH", pattern: "/api/v2/users/{userId}", auth: "api", handle: patchUser },
];
