/**
 * Events driven by the sandbox's state: after a successful API call that changes what a topic
 * reports, the matching event is published (before the answer leaves):
 *
 * | call                                                          | topic                                              |
 * | ------------------------------------------------------------- | -------------------------------------------------- |
 * | `PATCH /api/v2/users/{userId}/presences/{sourceId}`           | `v2.users.{userId}.presence`                       |
 * | `PUT /api/v2/users/presences/bulk`                            | `v2.users.{id}.presence` for each                  |
 * | `PUT /api/v2/users/{userId}/routingstatus`                    | `v2.users.{userId}.routingStatus`                  |
 * | `POST /api/v2/routing/queues/{queueId}/members` (`delete`)    | `v2.routing.queues.{queueId}.users` for each       |
 * | `PATCH`/`DELETE /api/v2/routing/queues/{queueId}/members/{id}` | `v2.routing.queues.{queueId}.users`               |
 * | `PATCH /api/v2/users/{userId}/queues[/{queueId}]`             | `v2.routing.queues.{queueId}.users`                |
 * | `POST /api/v2/conversations/calls`                            | `v2.users.{userId}.conversations[.calls]`, and the queue's with `callFromQueueId` |
 * | `POST /api/v2/conversations/{conversationId}/disconnect`      | the same topics, the call disconnected             |
 * | `DELETE /api/v2/tokens/me`                                    | `v2.system.token_revoked.{channelId}` on its channels |
 *
 * @module
 */

import type { NotificationHub } from "./hub.ts";
import type { TokenAuthority, TokenClaims } from "../tokens.ts";

/** A conversation the sandbox knows the participants of. */
interface KnownConversation {
  readonly id: string;
  readonly userId: string;
  readonly queueId?: string;
  readonly address?: string;
  readonly agentParticipantId: string;
  readonly customerParticipantId: string;
}

/** What the observer needs of the sandbox. */
export interface StateEventSources {
  readonly notifications: NotificationHub;
  readonly tokens: TokenAuthority;
  /** The user of the seeded conversations. */
  readonly defaultUserId: string;
  /** Ids of the seeded conversations. */
  readonly seededConversations: () => Iterable<string>;
}

/** Methods that can change state. */
const MUTATIONS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const ROUTES: [string, RegExp][] = [
  ["presence", /^\/api\/v2\/users\/([^/]+)\/presences\/([^/]+)$/],
  ["presenceBulk", /^\/api\/v2\/users\/presences\/bulk$/],
  ["routingStatus", /^\/api\/v2\/users\/([^/]+)\/routingstatus$/],
  ["queueMembers", /^\/api\/v2\/routing\/queues\/([^/]+)\/members$/],
  ["queueMember", /^\/api\/v2\/routing\/queues\/([^/]+)\/members\/([^/]+)$/],
  ["userQueues", /^\/api\/v2\/users\/([^/]+)\/queues(?:\/([^/]+))?$/],
  ["calls", /^\/api\/v2\/conversations\/calls$/],
  ["disconnect", /^\/api\/v2\/conversations\/([^/]+)\/disconnect$/],
  ["tokensMe", /^\/api\/v2\/tokens\/me$/],
];

/** Publishes the events a successful call causes. */
export class StateEvents {
  readonly #sources: StateEventSources;
  readonly #conversations = new Map<string, KnownConversation>();

  /** An observer publishing through `sources.notifications`. */
  constructor(sources: StateEventSources) {
    this.#sources = sources;
  }

  /** Looks at one answered call; publishes what it changed. */
  async observe(
    request: Request,
    url: URL,
    method: string,
    body: string,
    response: Response,
  ): Promise<void> {
    if (!MUTATIONS.has(method) || !response.ok) return;
    const path = url.pathname;
    for (const [name, re] of ROUTES) {
      const m = re.exec(path);
      if (!m) continue;
      const ids = m.slice(1).map((p) => p && decodeURIComponent(p));
      await this.#publish(name, ids, method, request, url, parse(body), response);
      return;
    }
  }

  async #publish(
    name: string,
    ids: string[],
    method: string,
    request: Request,
    url: URL,
    body: unknown,
    response: Response,
  ): Promise<void> {
    const hub = this.#sources.notifications;
    const now = new Date().toISOString();
    switch (name) {
      case "presence": {
        if (method !== "PATCH") return;
        hub.publish(`v2.users.${ids[0]}.presence`, presenceBody(body, ids[1], now));
        return;
      }
      case "presenceBulk": {
        if (method !== "PUT" || !Array.isArray(body)) return;
        for (const item of body as Record<string, unknown>[]) {
          if (typeof item?.id !== "string") continue;
          const source = typeof item.source === "string" ? item.source : "PURECLOUD";
          hub.publish(`v2.users.${item.id}.presence`, presenceBody(item, source, now));
        }
        return;
      }
      case "routingStatus": {
        if (method !== "PUT") return;
        const status = (body as { status?: unknown })?.status;
        hub.publish(`v2.users.${ids[0]}.routingStatus`, {
          id: ids[0],
          routingStatus: {
            status: typeof status === "string" ? status : "OFF_QUEUE",
            startTime: now,
          },
        });
        return;
      }
      case "queueMembers": {
        if (method !== "POST" || !Array.isArray(body)) return;
        const joined = url.searchParams.get("delete") !== "true";
        for (const member of body as { id?: unknown }[]) {
          if (typeof member?.id === "string") publishMember(hub, ids[0], member.id, joined);
        }
        return;
      }
      case "queueMember": {
        if (method === "DELETE") publishMember(hub, ids[0], ids[1], false);
        else if (method === "PATCH") {
          publishMember(hub, ids[0], ids[1], (body as { joined?: unknown })?.joined !== false);
        }
        return;
      }
      case "userQueues": {
        if (method !== "PATCH") return;
        const items = ids[1] ? [{ ...(body as object), id: ids[1] }] : body;
        if (!Array.isArray(items)) return;
        for (const item of items as { id?: unknown; joined?: unknown }[]) {
          if (typeof item?.id === "string") {
            publishMember(hub, item.id, ids[0], item.joined !== false);
          }
        }
        return;
      }
      case "calls": {
        if (method !== "POST") return;
        const claims = await this.#claims(request);
        const answer = await response.clone().json().catch(() => undefined) as
          | { id?: unknown }
          | undefined;
        const userId = claims?.user_id ?? this.#sources.defaultUserId;
        if (typeof answer?.id !== "string") return;
        const request_ = body as { callFromQueueId?: unknown; phoneNumber?: unknown };
        const conversation: KnownConversation = {
          id: answer.id,
          userId,
          ...(typeof request_?.callFromQueueId === "string"
            ? { queueId: request_.callFromQueueId }
            : {}),
          ...(typeof request_?.phoneNumber === "string" ? { address: request_.phoneNumber } : {}),
          agentParticipantId: crypto.randomUUID(),
          customerParticipantId: crypto.randomUUID(),
        };
        if (this.#conversations.size >= 10_000) this.#conversations.clear();
        this.#conversations.set(conversation.id, conversation);
        publishConversation(hub, conversation, "connected", now);
        return;
      }
      case "disconnect": {
        if (method !== "POST") return;
        const conversation = this.#conversations.get(ids[0]) ?? this.#seeded(ids[0]);
        if (conversation) publishConversation(hub, conversation, "disconnected", now);
        return;
      }
      case "tokensMe": {
        if (method !== "DELETE") return;
        const jti = tokenId(request);
        if (jti) hub.revokeTokenIds(new Set([jti]));
        return;
      }
    }
  }

  #seeded(id: string): KnownConversation | undefined {
    for (const seeded of this.#sources.seededConversations()) {
      if (seeded !== id) continue;
      const conversation: KnownConversation = {
        id,
        userId: this.#sources.defaultUserId,
        agentParticipantId: crypto.randomUUID(),
        customerParticipantId: crypto.randomUUID(),
      };
      this.#conversations.set(id, conversation);
      return conversation;
    }
    return undefined;
  }

  async #claims(request: Request): Promise<TokenClaims | undefined> {
    const token = request.headers.get("authorization")?.replace(/^bearer\s+/i, "");
    if (!token) return undefined;
    const result = await this.#sources.tokens.verify(token, "api");
    return result.ok ? result.claims : undefined;
  }
}

function parse(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** The `jti` of the request's bearer token (read, not verified: the call succeeded with it). */
function tokenId(request: Request): string | undefined {
  const token = request.headers.get("authorization")?.replace(/^bearer\s+/i, "");
  const payload = token?.split(".")[1];
  if (!payload) return undefined;
  try {
    const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
    const jti = (JSON.parse(json) as { jti?: unknown }).jti;
    return typeof jti === "string" ? jti : undefined;
  } catch {
    return undefined;
  }
}

function presenceBody(body: unknown, source: string, now: string): Record<string, unknown> {
  const b = (body ?? {}) as { presenceDefinition?: Record<string, unknown>; message?: unknown };
  const definition = b.presenceDefinition ?? {};
  return {
    source: source.toLowerCase() === "purecloud" ? "PURECLOUD" : source,
    presenceDefinition: {
      ...(typeof definition.id === "string" ? { id: definition.id } : {}),
      systemPresence: typeof definition.systemPresence === "string"
        ? definition.systemPresence
        : "Available",
    },
    ...(typeof b.message === "string" ? { message: b.message } : {}),
    modifiedDate: now,
    primary: true,
  };
}

function publishMember(hub: NotificationHub, queueId: string, userId: string, joined: boolean) {
  hub.publish(`v2.routing.queues.${queueId}.users`, {
    id: userId,
    queueId,
    user: { id: userId },
    joined,
  });
}

function publishConversation(
  hub: NotificationHub,
  c: KnownConversation,
  state: "connected" | "disconnected",
  now: string,
): void {
  const call = (id: string) => ({
    id,
    state,
    ...(state === "connected" ? { connectedTime: now } : { disconnectedTime: now }),
  });
  const body = {
    id: c.id,
    participants: [
      {
        id: c.agentParticipantId,
        purpose: "agent",
        userId: c.userId,
        ...(c.queueId ? { queueId: c.queueId } : {}),
        calls: [call(crypto.randomUUID())],
      },
      {
        id: c.customerParticipantId,
        purpose: "customer",
        ...(c.address ? { address: c.address } : {}),
        calls: [call(crypto.randomUUID())],
      },
    ],
  };
  hub.publish(`v2.users.${c.userId}.conversations`, body);
  hub.publish(`v2.users.${c.userId}.conversations.calls`, body);
  if (c.queueId) {
    hub.publish(`v2.routing.queues.${c.queueId}.conversations`, body);
    hub.publish(`v2.routing.queues.${c.queueId}.conversations.calls`, body);
  }
}
