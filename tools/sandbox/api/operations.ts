/**
 * The operation index: finds the operation of a method and path among all the definition's
 * operations (literal segments win over parameters, with backtracking), and groups operations
 * into resource families (`GET|POST /x`, `GET|PUT|PATCH|DELETE /x/{id}`) and singletons
 * (`GET|PUT|PATCH /x/settings`) that keep state.
 *
 * @module
 */

import { type ApiModel, type OperationModel, refName, type Schema } from "./model.ts";

/** What an operation does to its family's state. */
export type FamilyRole = "list" | "create" | "read" | "update" | "delete";

/**
 * A resource family: a collection path and its item path, whose operations share one store of
 * entities of the definition `entity`.
 */
export interface Family {
  /** The collection path template (`/api/v2/routing/skills`). */
  readonly collection: string;
  /** The definition name of an entity (the item `GET`'s response). */
  readonly entity: string;
  /** Whether `entity` has an integer `version` (checked on updates). */
  readonly versioned: boolean;
  /**
   * The list operation's answer: a paged listing (`entities`, ...), a SCIM list response
   * (`Resources`, `totalResults`, ...) or a bare array.
   */
  readonly listShape?: "listing" | "scim" | "array";
  /** The definition of the listed items (a summary of `entity`, or `entity` itself). */
  readonly listItem?: string;
  /** Roles of the family's operations. */
  readonly roles: Map<OperationModel, FamilyRole>;
}

/** A resource without an id in its path whose `PUT`/`PATCH` changes what `GET` answers. */
export interface Singleton {
  /** The path template. */
  readonly path: string;
  /** The definition name of the resource. */
  readonly entity: string;
}

/** How an operation takes part in state, if it does. */
export type StateRole =
  | { kind: "family"; family: Family; role: FamilyRole }
  | { kind: "singleton"; singleton: Singleton; role: "read" | "update" };

/** A lookup result. */
export type OperationMatch =
  | { op: OperationModel; params: Record<string, string> }
  | { error: "unknown-path" }
  | { error: "unknown-method"; methods: string[] }
  | { error: "bad-path" };

interface Node {
  literal: Map<string, Node>;
  param?: Node;
  ops: Map<string, OperationModel>;
}

const newNode = (): Node => ({ literal: new Map(), ops: new Map() });

/** The segments of a path template or path, without the leading `/` and a trailing `/`. */
function segmentsOf(path: string): string[] {
  const parts = path.split("/").slice(1);
  if (parts.length > 1 && parts[parts.length - 1] === "") parts.pop();
  return parts;
}

const isParam = (segment: string) => segment.startsWith("{") && segment.endsWith("}");

/** The definition name a schema refers to (directly). */
function refOf(schema: Schema | undefined): string | undefined {
  return schema?.$ref ? refName(schema.$ref) : undefined;
}

/** Index of a model's operations. */
export class OperationIndex {
  /** The model. */
  readonly model: ApiModel;
  readonly #root: Node = newNode();
  readonly #state = new Map<OperationModel, StateRole>();
  /** The families, by collection template. */
  readonly families: Map<string, Family> = new Map();
  /** The singletons, by path template. */
  readonly singletons: Map<string, Singleton> = new Map();
  /**
   * Item path template with a single parameter (`/api/v2/routing/skills/{skillId}`) of entity
   * definitions: the `selfUri` of such an entity anywhere in an answer.
   */
  readonly itemPaths: Map<string, string> = new Map();

  /** Indexes the model's operations. */
  constructor(model: ApiModel) {
    this.model = model;
    for (const op of model.operations) {
      let node = this.#root;
      for (const seg of segmentsOf(op.path)) {
        if (isParam(seg)) node = node.param ??= newNode();
        else {
          let next = node.literal.get(seg);
          if (!next) node.literal.set(seg, next = newNode());
          node = next;
        }
      }
      if (!node.ops.has(op.method)) node.ops.set(op.method, op);
    }
    const templates = this.#byTemplate();
    this.#findFamilies(templates);
    this.#findSingletons(templates);
  }

  /** The state role of an operation, if it has one. */
  stateRole(op: OperationModel): StateRole | undefined {
    return this.#state.get(op);
  }

  /** Finds the operation for a method and a (percent-encoded) path. */
  match(method: string, path: string): OperationMatch {
    const parts = segmentsOf(path);
    let methods: Set<string> | undefined;
    const walk = (node: Node, i: number): OperationModel | undefined => {
      if (i === parts.length) {
        const op = node.ops.get(method);
        if (op) return op;
        if (node.ops.size > 0) {
          methods ??= new Set();
          for (const m of node.ops.keys()) methods.add(m);
        }
        return undefined;
      }
      const seg = parts[i];
      const lit = node.literal.get(seg);
      if (lit) {
        const found = walk(lit, i + 1);
        if (found) return found;
      }
      if (node.param && seg !== "") return walk(node.param, i + 1);
      return undefined;
    };
    const op = walk(this.#root, 0);
    if (!op) {
      return methods ? { error: "unknown-method", methods: [...methods].sort() } : {
        error: "unknown-path",
      };
    }
    const params: Record<string, string> = {};
    const template = segmentsOf(op.path);
    for (let i = 0; i < template.length; i++) {
      if (!isParam(template[i])) continue;
      try {
        params[template[i].slice(1, -1)] = decodeURIComponent(parts[i]);
      } catch {
        return { error: "bad-path" };
      }
    }
    return { op, params };
  }

  /** Every operation on a path template (exact template text). */
  #byTemplate(): Map<string, Map<string, OperationModel>> {
    const map = new Map<string, Map<string, OperationModel>>();
    for (const op of this.model.operations) {
      const key = op.path.replace(/\{[^}]*\}/g, "{}");
      let ops = map.get(key);
      if (!ops) map.set(key, ops = new Map());
      if (!ops.has(op.method)) ops.set(op.method, op);
    }
    return map;
  }

  /** Whether an item operation addresses its entity by id (`{queueId}`, not `{entityVersion}`). */
  #byId(op: OperationModel): boolean {
    const name = op.path.slice(op.path.lastIndexOf("{") + 1, -1);
    const param = op.params.find((p) => p.in === "path" && p.name === name);
    return /id$/i.test(name) && !param?.schema.enum &&
      (param?.schema.type ?? "string") === "string";
  }

  #hasId(entity: string): boolean {
    return this.model.definitions[entity]?.properties?.id !== undefined;
  }

  /** How a collection `GET` lists entities: its shape and the listed items' definition. */
  #listShape(
    op: OperationModel,
  ): { shape: "listing" | "scim" | "array"; item: string } | undefined {
    const schema = op.response;
    if (!schema) return undefined;
    const itemOf = (items: Schema | undefined) => {
      const item = refOf(items);
      return item && this.#hasId(item) ? item : undefined;
    };
    if (schema.type === "array") {
      const item = itemOf(schema.items);
      return item ? { shape: "array", item } : undefined;
    }
    const name = refOf(schema);
    const props = name ? this.model.definitions[name]?.properties : undefined;
    if (props?.entities?.type === "array") {
      const item = itemOf(props.entities.items);
      return item ? { shape: "listing", item } : undefined;
    }
    if (props?.Resources?.type === "array") {
      const item = itemOf(props.Resources.items);
      return item ? { shape: "scim", item } : undefined;
    }
    return undefined;
  }

  #findFamilies(templates: Map<string, Map<string, OperationModel>>): void {
    for (const [key, itemOps] of templates) {
      if (!key.endsWith("/{}")) continue;
      const read = itemOps.get("GET");
      const entity = refOf(read?.response);
      if (!read || !entity || !this.#hasId(entity) || !this.#byId(read)) continue;
      const collectionOps = templates.get(key.slice(0, -3));
      const list = collectionOps?.get("GET");
      const create = collectionOps?.get("POST");
      const listed = list ? this.#listShape(list) : undefined;
      const creates = create && refOf(create.response) === entity;
      if (!listed && !creates) continue;
      const roles = new Map<OperationModel, FamilyRole>();
      roles.set(read, "read");
      if (listed) roles.set(list!, "list");
      if (creates) roles.set(create!, "create");
      for (const m of ["PUT", "PATCH"]) {
        const op = itemOps.get(m);
        if (op) roles.set(op, "update");
      }
      const remove = itemOps.get("DELETE");
      if (remove) roles.set(remove, "delete");
      const collection = read.path.slice(0, read.path.lastIndexOf("/"));
      const def = this.model.definitions[entity];
      const version = def.properties?.version;
      const family: Family = {
        collection,
        entity,
        versioned: version?.type === "integer",
        listShape: listed?.shape,
        listItem: listed?.item,
        roles,
      };
      this.families.set(collection, family);
      for (const [op, role] of roles) this.#state.set(op, { kind: "family", family, role });
      if (!this.itemPaths.has(entity) && (key.match(/\{\}/g) ?? []).length === 1) {
        this.itemPaths.set(entity, read.path);
      }
    }
    // Entities read by id elsewhere (no family) still get their own selfUri template.
    for (const [key, ops] of templates) {
      const read = ops.get("GET");
      const entity = refOf(read?.response);
      if (!read || !entity || !key.endsWith("/{}") || this.itemPaths.has(entity)) continue;
      if ((key.match(/\{\}/g) ?? []).length === 1 && this.#hasId(entity)) {
        this.itemPaths.set(entity, read.path);
      }
    }
  }

  #findSingletons(templates: Map<string, Map<string, OperationModel>>): void {
    for (const ops of templates.values()) {
      const read = ops.get("GET");
      const entity = refOf(read?.response);
      if (!read || !entity || this.#state.has(read)) continue;
      const updates = ["PUT", "PATCH"].map((m) => ops.get(m)).filter((op) =>
        op !== undefined && !this.#state.has(op) &&
        (op.response === undefined || refOf(op.response) === entity)
      ) as OperationModel[];
      if (updates.length === 0) continue;
      const singleton: Singleton = { path: read.path, entity };
      this.singletons.set(read.path, singleton);
      this.#state.set(read, { kind: "singleton", singleton, role: "read" });
      for (const op of updates) {
        this.#state.set(op, { kind: "singleton", singleton, role: "update" });
      }
    }
  }
}
