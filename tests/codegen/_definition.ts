/**
 * A small synthetic Swagger 2.0 definition exercising what the generator must
 * handle: name mangling, parameter order, wire names, collection formats,
 * security kinds, media types, response kinds, recursion, maps, open enums,
 * quoted keys, definitions named like globals, request-core types or
 * root-only exports, and security schemes declared or not.
 *
 * @module
 */

import type { GenerateOptions } from "../../tools/codegen/generate.ts";
import { parseSurface, type SurfaceExport } from "../../tools/codegen/surface.ts";
import type { SwaggerDocument } from "../../tools/codegen/swagger.ts";

/** A small root `mod.ts` whose re-exports form the client surface of synthetic output. */
export const SYNTHETIC_MOD = `/** Root. @module */
export { PlatformClient } from "./src/client/platform_client.ts";
export type { ClientOptions } from "./src/client/platform_client.ts";
export type { CallOptions, Endpoint } from "./src/base/endpoint.ts";
export type { Settings } from "./src/config/configuration.ts";
// ROOT-ONLY EXPORTS. The generated code, and a feature module whose names a model takes.
export * from "./src/features/config_file.ts";
export * from "./src/generated/apis/mod.ts";
export type * from "./src/generated/models/mod.ts";
export * from "./src/generated/definition.ts";
`;

/** The client surface of {@linkcode SYNTHETIC_MOD}. */
export function syntheticSurface(): SurfaceExport[] {
  return parseSurface(SYNTHETIC_MOD);
}

/**
 * Generation options for the synthetic definition: a made-up SHA-256 (what
 * `definition.ts` records; `run` computes the real one from the bytes).
 */
export const SYNTHETIC_OPTIONS: GenerateOptions = { sha256: "ab".repeat(32) };

/** A fresh copy of the synthetic definition. */
export function syntheticDefinition(): SwaggerDocument {
  return structuredClone(DEFINITION);
}

const ERROR = { description: "error", schema: { $ref: "#/definitions/ErrorBody" } };

const DEFINITION: SwaggerDocument = {
  swagger: "2.0",
  info: { title: "Synthetic", version: "1" },
  tags: [
    { name: "Widgets", description: "Widget things" },
    { name: "Telephony Providers Edge", description: "Edges" },
  ],
  consumes: ["application/json"],
  produces: ["application/json"],
  // As in 2025-07: "Webmessaging JWT" is used below but not declared.
  securityDefinitions: {
    "PureCloud OAuth": { type: "oauth2" },
    "Guest Chat JWT": { type: "apiKey", name: "Authorization", in: "header" },
  },
  paths: {
    "/api/v2/widgets/{widgetId}": {
      get: {
        tags: ["Widgets"],
        summary: "Get a widget.",
        description: "Returns one widget. Closing */ must not end the comment.",
        operationId: "getWidget",
        "x-purecloud-method-name": "getWidget",
        parameters: [
          {
            name: "expand",
            in: "query",
            type: "array",
            items: { type: "string", enum: ["a", "b"] },
            collectionFormat: "multi",
          },
          {
            name: "widgetId",
            in: "path",
            required: true,
            type: "string",
            description: "Widget ID",
          },
          {
            name: "state",
            in: "query",
            type: "string",
            enum: ["active", "deleted"],
            default: "active",
          },
        ],
        responses: {
          "200": { description: "ok", schema: { $ref: "#/definitions/Widget" } },
          "404": ERROR,
        },
        security: [{ "PureCloud OAuth": ["widgets"] }],
        "x-inin-requires-permissions": {
          type: "ANY",
          permissions: ["widgets:widget:view", "widgets:widget:edit"],
        },
      },
      put: {
        tags: ["Widgets"],
        summary: "Update a widget.",
        operationId: "putWidget",
        "x-purecloud-method-name": "putWidget",
        parameters: [
          { name: "body", in: "body", required: true, schema: { $ref: "#/definitions/Widget" } },
          { name: "widgetId", in: "path", required: true, type: "string" },
          { name: "date", in: "query", required: true, type: "string", format: "date" },
          { name: "If-Match", in: "header", type: "string" },
        ],
        responses: {
          "200": { description: "ok" },
          "202": { description: "ok", schema: { $ref: "#/definitions/Widget" } },
        },
        security: [{ "PureCloud OAuth": [] }],
        deprecated: true,
        "x-inin-requires-permissions": { type: "ALL", permissions: ["widgets:widget:edit"] },
      },
      head: {
        tags: ["Widgets"],
        summary: "Does the widget exist?",
        operationId: "headWidget",
        "x-purecloud-method-name": "headWidget",
        parameters: [{ name: "widgetId", in: "path", required: true, type: "string" }],
        responses: { "200": { description: "ok" } },
        security: [{ "PureCloud OAuth": [] }],
      },
    },
    "/api/v2/widgets/{widgetId}/export": {
      get: {
        tags: ["Widgets"],
        summary: "Export a widget as text.",
        operationId: "getWidgetExport",
        "x-purecloud-method-name": "getWidgetExport",
        produces: ["text/plain"],
        parameters: [
          { name: "widgetId", in: "path", required: true, type: "string" },
          {
            name: "ids",
            in: "query",
            type: "array",
            items: { type: "string" },
            collectionFormat: "csv",
          },
          {
            name: "codes",
            in: "query",
            type: "array",
            items: { type: "integer" },
            collectionFormat: "pipes",
          },
        ],
        responses: { "200": { description: "ok", schema: { type: "string" } } },
        security: [{ "PureCloud OAuth": [] }],
      },
    },
    "/api/v2/telephony/providers/edges": {
      get: {
        tags: ["Telephony Providers Edge", "Widgets"],
        summary: "List edges.",
        operationId: "getTelephonyProvidersEdges",
        "x-purecloud-method-name": "getTelephonyProvidersEdges",
        parameters: [
          { name: "edgeGroup.id", in: "query", type: "string" },
          { name: "Accept-Language", in: "header", type: "string" },
          { name: "delete", in: "query", type: "boolean" },
          { name: "pageSize", in: "query", type: "integer", format: "int32" },
        ],
        responses: {
          "200": {
            description: "ok",
            schema: { type: "array", items: { $ref: "#/definitions/Edge" } },
          },
        },
        security: [{ "PureCloud OAuth": [] }],
      },
    },
    "/api/v2/scim/v2/users/{userId}": {
      patch: {
        tags: ["Widgets"],
        summary: "Patch a SCIM user.",
        operationId: "patchScimV2User",
        "x-purecloud-method-name": "patchScimV2User",
        consumes: ["application/scim+json", "application/json"],
        produces: ["application/scim+json", "application/json"],
        parameters: [
          { name: "userId", in: "path", required: true, type: "string" },
          {
            name: "body",
            in: "body",
            required: true,
            schema: { $ref: "#/definitions/ScimV2User" },
          },
        ],
        responses: { "200": { description: "ok", schema: { $ref: "#/definitions/ScimV2User" } } },
        security: [{ "PureCloud OAuth": [] }],
      },
    },
    "/api/v2/webchat/guest/conversations": {
      post: {
        tags: ["Widgets"],
        summary: "Start a guest chat.",
        operationId: "postWebchatGuestConversations",
        "x-purecloud-method-name": "postWebchatGuestConversations",
        parameters: [{ name: "body", in: "body", required: true, schema: { type: "object" } }],
        responses: { "200": { description: "ok", schema: { $ref: "#/definitions/Record" } } },
      },
    },
    "/api/v2/webchat/guest/conversations/{conversationId}/members": {
      get: {
        tags: ["Widgets"],
        summary: "List members.",
        operationId: "getWebchatGuestConversationMembers",
        "x-purecloud-method-name": "getWebchatGuestConversationMembers",
        parameters: [{ name: "conversationId", in: "path", required: true, type: "string" }],
        responses: { "200": { description: "ok", schema: { $ref: "#/definitions/Endpoint" } } },
        security: [{ "Guest Chat JWT": [] }],
      },
    },
    "/api/v2/webmessaging/messages": {
      get: {
        tags: ["Widgets"],
        summary: "List web messages.",
        operationId: "getWebmessagingMessages",
        "x-purecloud-method-name": "getWebmessagingMessages",
        parameters: [{ name: "pageNumber", in: "query", type: "integer", format: "int32" }],
        responses: { "204": { description: "none" } },
        security: [{ "Webmessaging JWT": [] }],
      },
    },
  },
  definitions: {
    Widget: {
      type: "object",
      description: "A widget.",
      required: ["name"],
      properties: {
        id: {
          type: "string",
          readOnly: true,
          description: "The globally unique identifier for the object.",
        },
        name: { type: "string" },
        parent: { $ref: "#/definitions/Widget" },
        children: { type: "array", items: { $ref: "#/definitions/Widget" } },
        status: { type: "string", enum: ["on", "off"] },
        family: { type: "integer", format: "int32", enum: [2, 23] },
        labels: { type: "object", additionalProperties: { type: "string" } },
        "auth-token": { type: "string" },
        record: { $ref: "#/definitions/Record" },
        range: { $ref: "#/definitions/Range" },
        settings: { $ref: "#/definitions/Settings" },
      },
    },
    Edge: {
      type: "object",
      properties: {
        widgets: { type: "object", additionalProperties: { $ref: "#/definitions/Widget" } },
        matrix: { type: "array", items: { type: "array", items: { type: "string" } } },
        anything: { type: "object" },
      },
    },
    ScimV2User: {
      type: "object",
      properties: {
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
          $ref: "#/definitions/Record",
          description: "Enterprise extension.",
        },
      },
    },
    Record: {
      type: "object",
      properties: {
        tags: {
          type: "object",
          additionalProperties: { type: "array", items: { type: "string" } },
        },
      },
    },
    Range: { type: "object", properties: { from: { type: "string", format: "date-time" } } },
    Endpoint: {
      type: "object",
      properties: { name: { type: "string" }, record: { $ref: "#/definitions/Record" } },
    },
    Settings: { type: "object", properties: { array: { $ref: "#/definitions/Array" } } },
    Array: { type: "object", properties: { promise: { $ref: "#/definitions/Promise" } } },
    Promise: { type: "object", properties: { back: { $ref: "#/definitions/Array" } } },
    ErrorBody: { type: "object", properties: { message: { type: "string" } } },
    // Named like an export of the root-only feature module src/features/config_file.ts.
    ConfigFileError: { type: "object", properties: { line: { type: "integer" } } },
    Empty: { type: "object" },
  },
};
