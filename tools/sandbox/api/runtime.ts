/**
 * The generic layer: answers any operation of the definition that no hand-written route serves.
 * It validates the request (400 `bad.request` naming each problem), keeps the state of resource
 * families and singletons, and otherwise answers a synthesized body valid against the
 * operation's schema, with the operation's own status and content type.
 *
 * @module
 */

import { errorBody, genesysError, json } from "../responses.ts";
import { buildListing, buildScimListing, isListingSchema } from "./listing.ts";
import { type ApiModel, type OperationModel, refName, type Schema } from "./model.ts";
import { type Family, OperationIndex, type Singleton } from "./operations.ts";
import { type Entity, EntityStore } from "./store.ts";
import { Synthesizer } from "./synthesize.ts";
import { checkParams, MAX_PROBLEMS, type Problem, SchemaValidator } from "./validate.ts";

/** Settings of the generic layer. */
export interface ApiRuntimeOptions {
  /** Seed of every synthesized value. */
  seed: string;
  /** Entities seeded in each family collection. */
  seedCount: number;
  /** Entities kept per family. */
  maxPerFamily: number;
  /** Collections whose entities the hand-written routes keep (users, queues). */
  backed: Map<string, Map<string, Entity>>;
}

/** One request for the generic layer (authenticated already). */
export interface GenericRequest {
  readonly req: Request;
  readonly url: URL;
  readonly op: OperationModel;
  /** Decoded path parameters by template name. */
  readonly params: Record<string, string>;
  readonly body: string;
  readonly correlationId: string;
}

/** Indexes by model: sandboxes of the same definition share one (it holds no state). */
const INDEXES = new WeakMap<ApiModel, OperationIndex>();

const JSON_TYPE = /^application\/(?:[\w.+-]*\+)?json\b/i;
/** Synthesized answers are cached up to this many characters in all (the oldest go first). */
const CACHE_CHARS = 4_000_000;

function ics(seed: string): string {
  return [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Genesys Cloud sandbox//Workforce Management//EN",
    "CALSCALE:GREGORIAN",
    "BEGIN:VEVENT",
    `UID:${seed}@sandbox.example.com`,
    "DTSTAMP:20250106T090000Z",
    "DTSTART:20250106T090000Z",
    "DTEND:20250106T170000Z",
    "SUMMARY:Scheduled shift",
    "END:VEVENT",
    "END:VCALENDAR",
    "",
  ].join("\r\n");
}

/** A body's text, serialized already. */
class Serialized {
  constructor(readonly text: string) {}
}

/** The generic layer of one sandbox. */
export class ApiRuntime {
  /** The operations. */
  readonly index: OperationIndex;
  readonly #validator: SchemaValidator;
  readonly #synth: Synthesizer;
  readonly #store: EntityStore;
  readonly #seed: string;
  readonly #cache = new Map<string, string>();
  #cacheChars = 0;
  #created = 0;

  /** Indexes the model. */
  constructor(model: ApiModel, options: ApiRuntimeOptions) {
    let index = INDEXES.get(model);
    if (!index) INDEXES.set(model, index = new OperationIndex(model));
    this.index = index;
    this.#validator = new SchemaValidator(model.definitions);
    this.#synth = new Synthesizer(this.index, this.#validator);
    this.#seed = options.seed;
    this.#store = new EntityStore(
      { seedCount: options.seedCount, maxPerFamily: options.maxPerFamily, maxSingletons: 1000 },
      (family, collection, i) => this.#seeded(family, collection, i),
      options.backed,
    );
  }

  /** Answers one request. */
  handle(r: GenericRequest): Response {
    const { op } = r;
    const problems: Problem[] = [];
    checkParams(op, this.#validator, r.url, r.req.headers, r.params, problems);
    let body: unknown;
    if (op.body) {
      const parsed = this.#body(r, problems);
      if (parsed instanceof Response) return parsed;
      body = parsed;
    }
    if (problems.length > 0) return this.#invalid(r, problems);

    const role = this.index.stateRole(op);
    if (role?.kind === "family") return this.#family(r, role.family, role.role, body);
    if (role?.kind === "singleton") return this.#singleton(r, role.singleton, role.role, body);
    return this.#synthesized(r);
  }

  // ---- request body ----

  #body(r: GenericRequest, problems: Problem[]): unknown | Response {
    const spec = r.op.body!;
    if (r.body.trim() === "") {
      if (spec.required) {
        problems.push({
          field: "body",
          code: "missing.required",
          message: "body: a request body is required",
        });
      }
      return undefined;
    }
    const type = r.req.headers.get("content-type") ?? "";
    if (!JSON_TYPE.test(type)) {
      return genesysError(
        415,
        "unsupported.media.type",
        r.correlationId,
        `The request body must be ${r.op.consumes.join(" or ")}, not ${type || "untyped"}.`,
      );
    }
    let value: unknown;
    try {
      value = JSON.parse(r.body);
    } catch {
      problems.push({
        field: "body",
        code: "invalid.json",
        message: "body: the request body is not valid JSON",
      });
      return undefined;
    }
    if (value === null && spec.required) {
      problems.push({
        field: "body",
        code: "missing.required",
        message: "body: a request body is required",
      });
      return undefined;
    }
    if (value !== null) this.#validator.check(spec.schema, value, "body", problems, true);
    return value;
  }

  #invalid(r: GenericRequest, problems: Problem[]): Response {
    const shownProblems = problems.slice(0, MAX_PROBLEMS);
    const summary = shownProblems.map((p) => p.message).join("; ");
    const body = errorBody(
      400,
      "bad.request",
      r.correlationId,
      `The request is not valid (${shownProblems.length} problem${
        shownProblems.length === 1 ? "" : "s"
      }): ${summary}`,
    );
    body.details = shownProblems.map((p) => ({ errorCode: p.code, fieldName: p.field }));
    body.errors = shownProblems.map((p) => ({
      ...errorBody(400, p.code, r.correlationId, p.message, { field: p.field }),
    }));
    return json(body, 400);
  }

  // ---- answers ----

  #contentType(r: GenericRequest): string {
    const accept = r.req.headers.get("accept") ?? "";
    const produces = r.op.produces;
    if (
      produces === "application/scim+json" && /application\/json/i.test(accept) &&
      !/scim/i.test(accept)
    ) {
      return "application/json";
    }
    return produces;
  }

  #send(
    r: GenericRequest,
    value: unknown,
    status = r.op.status,
    headers?: Record<string, string>,
  ): Response {
    if (status === 204 || r.op.method === "HEAD" || value === undefined) {
      return new Response(null, { status, headers });
    }
    const type = this.#contentType(r);
    const text = value instanceof Serialized
      ? value.text
      : typeof value === "string" && !JSON_TYPE.test(type)
      ? value
      : JSON.stringify(value);
    const response = new Response(text, {
      status,
      headers: { "content-type": type.startsWith("text/") ? `${type}; charset=utf-8` : type },
    });
    if (headers) { for (const [k, v] of Object.entries(headers)) response.headers.set(k, v); }
    return response;
  }

  #notFound(r: GenericRequest, entity: string, id: string): Response {
    const body = errorBody(404, "not.found", r.correlationId, `${entity} ${id} was not found.`);
    body.details = [{ errorCode: "not.found", entityId: id, entityName: entity }];
    return json(body, 404);
  }

  /** The seed of a value: the sandbox's seed, the operation and the concrete path. */
  #seedOf(r: GenericRequest): string {
    return `${this.#seed}:${r.op.method}:${r.url.pathname}`;
  }

  #synthesized(r: GenericRequest): Response {
    const { op } = r;
    const schema = op.response;
    if (!schema || op.method === "HEAD") return this.#send(r, undefined);
    // The same request gets the same answer: its text is kept (within a budget).
    const key = `${op.method} ${r.url.pathname}${r.url.search} ${this.#contentType(r)}`;
    let text = this.#cache.get(key);
    if (text === undefined) {
      const value = this.#value(r, schema);
      if (value instanceof Response) return value;
      text = typeof value === "string" && op.produces.startsWith("text/")
        ? value
        : JSON.stringify(value);
      this.#cache.set(key, text);
      this.#cacheChars += text.length;
      for (const [k, v] of this.#cache) {
        if (this.#cacheChars <= CACHE_CHARS) break;
        this.#cache.delete(k);
        this.#cacheChars -= v.length;
      }
    }
    return this.#send(r, new Serialized(text));
  }

  #value(r: GenericRequest, schema: Schema): unknown {
    const { op } = r;
    const seed = this.#seedOf(r);
    if (op.produces === "text/calendar") return ics(seed.replace(/[^\w]/g, ""));
    const { schema: resolved, name } = this.#validator.resolve(schema);
    if (name && isListingSchema(resolved)) {
      const items = resolved.properties!.entities.items ?? {};
      const total = 3;
      const listing = buildListing(
        resolved,
        op,
        r.url,
        total,
        (i) => this.#synth.value(items, `${seed}#${i}`),
      );
      if ("error" in listing) {
        return genesysError(
          400,
          "invalid.query.param.value",
          r.correlationId,
          String(listing.error),
        );
      }
      return this.#fillRequired(resolved, listing, seed);
    }
    const lastParam = /\/\{[^}]+\}$/.test(op.path)
      ? r.params[op.path.slice(op.path.lastIndexOf("{") + 1, -1)]
      : undefined;
    const options = op.method !== "POST" && lastParam !== undefined
      ? { id: lastParam, selfUri: r.url.pathname }
      : {};
    return this.#synth.value(schema, seed, options);
  }

  /** Adds the required properties a listing built from paging fields lacks. */
  #fillRequired(
    def: Schema,
    listing: Record<string, unknown>,
    seed: string,
  ): Record<string, unknown> {
    for (const key of def.required ?? []) {
      const prop = def.properties?.[key];
      if (listing[key] === undefined && prop) {
        listing[key] = this.#synth.value(prop, `${seed}.${key}`);
      }
    }
    return listing;
  }

  // ---- state ----

  #entitySchema(name: string): Schema {
    return { $ref: `#/definitions/${name}` };
  }

  #seeded(family: Family, collection: string, i: number): Entity {
    const entityId = this.#store.newId(this.#seed, collection, -1 - i);
    const entity = this.#synth.value(
      this.#entitySchema(family.entity),
      `${this.#seed}:${collection}#${i}`,
      {
        id: entityId,
        selfUri: `${collection}/${entityId}`,
      },
    ) as Entity;
    if (family.versioned) entity.version = 1;
    return entity;
  }

  /** Copies the request body's fields the entity's definition has, with valid values. */
  #merge(entity: Entity, entityName: string, body: unknown): void {
    if (typeof body !== "object" || body === null || Array.isArray(body)) return;
    const def = this.#validator.resolve(this.#entitySchema(entityName)).schema;
    const required = new Set(def.required ?? []);
    for (const [key, value] of Object.entries(body)) {
      if (key === "id" || key === "selfUri" || key === "version") continue;
      const prop = def.properties?.[key];
      if (!prop || this.#validator.resolve(prop).schema.readOnly || prop.readOnly) continue;
      if (value === null) {
        if (!required.has(key)) delete entity[key];
      } else if (this.#validator.isValid(prop, value)) {
        entity[key] = structuredClone(value);
      }
    }
  }

  /** A stored entity as an item of a listing whose items are another (summary) definition. */
  #project(entity: Entity, itemDef: string): Entity {
    const schema = this.#entitySchema(itemDef);
    const out = this.#synth.value(schema, `${this.#seed}:${entity.id}:${itemDef}`, {
      id: entity.id as string,
      selfUri: entity.selfUri as string | undefined,
    }) as Entity;
    const props = this.#validator.resolve(schema).schema.properties ?? {};
    for (const [key, prop] of Object.entries(props)) {
      const value = entity[key];
      if (value !== undefined && this.#validator.isValid(prop, value)) out[key] = value;
    }
    return out;
  }

  #family(r: GenericRequest, family: Family, role: string, body: unknown): Response {
    const { op } = r;
    const path = r.url.pathname.replace(/\/+$/, "");
    const isItem = role !== "list" && role !== "create";
    const collection = isItem ? path.slice(0, path.lastIndexOf("/")) : path;
    const id = isItem ? decodeURIComponent(path.slice(path.lastIndexOf("/") + 1)) : "";
    const entities = this.#store.collection(family, collection);
    const returnsEntity = op.response?.$ref !== undefined &&
      refName(op.response.$ref) === family.entity;

    switch (role) {
      case "list": {
        let items = [...entities.values()];
        const name = op.params.some((p) => p.name === "name")
          ? r.url.searchParams.get("name")
          : null;
        if (name) {
          items = items.filter((e) => typeof e.name === "string" && nameMatches(e.name, name));
        }
        const ids = op.params.some((p) => p.name === "id")
          ? new Set(r.url.searchParams.getAll("id").flatMap((v) => v.split(",")).filter(Boolean))
          : new Set<string>();
        if (ids.size > 0) items = items.filter((e) => ids.has(String(e.id)));
        const item = family.listItem;
        const at = item && item !== family.entity
          ? (i: number) => this.#project(items[i], item)
          : (i: number) => items[i];
        if (family.listShape === "array") return this.#send(r, items.map((_, i) => at(i)));
        const def = this.#validator.resolve(op.response!).schema;
        const listing = family.listShape === "scim"
          ? buildScimListing(r.url, items.length, at)
          : buildListing(def, op, r.url, items.length, at);
        if ("error" in listing) {
          return genesysError(
            400,
            "invalid.query.param.value",
            r.correlationId,
            String(listing.error),
          );
        }
        return this.#send(r, this.#fillRequired(def, listing, this.#seedOf(r)));
      }
      case "create": {
        const newId = this.#store.newId(this.#seed, collection, this.#created++);
        const selfUri = `${collection}/${newId}`;
        const entity = this.#synth.value(
          this.#entitySchema(family.entity),
          `${this.#seed}:${selfUri}`,
          {
            id: newId,
            selfUri,
          },
        ) as Entity;
        this.#merge(entity, family.entity, body);
        if (family.versioned) entity.version = 1;
        this.#store.insert(family, collection, entity);
        return this.#send(
          r,
          entity,
          op.status,
          op.status === 201 ? { location: selfUri } : undefined,
        );
      }
      case "read": {
        const entity = entities.get(id);
        return entity ? this.#send(r, entity) : this.#notFound(r, family.entity, id);
      }
      case "update": {
        const entity = entities.get(id);
        if (!entity) return this.#notFound(r, family.entity, id);
        const sent = (body as Record<string, unknown> | undefined)?.version;
        if (family.versioned && typeof sent === "number" && sent !== entity.version) {
          return genesysError(
            409,
            "general.conflict",
            r.correlationId,
            `The version supplied (${sent}) does not match the current version of the ${family.entity} (${entity.version}).`,
          );
        }
        this.#merge(entity, family.entity, body);
        if (family.versioned && typeof entity.version === "number") entity.version++;
        if (typeof entity.dateModified === "string") entity.dateModified = new Date().toISOString();
        return this.#send(
          r,
          returnsEntity
            ? entity
            : op.response
            ? this.#synth.value(op.response, this.#seedOf(r))
            : undefined,
        );
      }
      default: {
        const entity = entities.get(id);
        if (!entity || !this.#store.remove(family, collection, id)) {
          return this.#notFound(r, family.entity, id);
        }
        if (!op.response) return this.#send(r, undefined);
        return this.#send(
          r,
          returnsEntity ? entity : this.#synth.value(op.response, this.#seedOf(r)),
        );
      }
    }
  }

  #singleton(
    r: GenericRequest,
    singleton: Singleton,
    role: "read" | "update",
    body: unknown,
  ): Response {
    const path = r.url.pathname.replace(/\/+$/, "");
    const schema = this.#entitySchema(singleton.entity);
    const entity = this.#store.singleton(
      path,
      () => this.#synth.value(schema, `${this.#seed}:GET:${path}`, { selfUri: path }) as Entity,
    );
    if (role === "update") {
      this.#merge(entity, singleton.entity, body);
      if (typeof entity.version === "number") entity.version++;
      if (!r.op.response) return this.#send(r, undefined);
    }
    return this.#send(r, entity);
  }
}

/** Matches a name against a filter: case-insensitive, `*` as a wildcard anywhere. */
export function nameMatches(name: string, filter: string): boolean {
  const pattern = filter.toLowerCase().split("*").map((part) =>
    part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
  )
    .join(".*");
  return new RegExp(`^${pattern}$`, "s").test(name.toLowerCase());
}
