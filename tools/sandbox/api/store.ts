/**
 * The state of resource families and singletons: entities by concrete collection path
 * (`/api/v2/users/<id>/routingskills`), seeded on first use, capped per family (the oldest go
 * first), and singleton resources by concrete path.
 *
 * @module
 */

import { seededUuid } from "../ids.ts";
import type { Family } from "./operations.ts";

/** A stored entity. */
export type Entity = Record<string, unknown>;

/** Makes the seeded entities of a collection. */
export type Seeder = (family: Family, collection: string, index: number) => Entity;

interface FamilyState {
  collections: Map<string, Map<string, Entity>>;
  count: number;
}

/** Limits of the store. */
export interface StoreLimits {
  /** Entities seeded in each collection on first use. */
  seedCount: number;
  /** Entities kept per family (all its collections together). */
  maxPerFamily: number;
  /** Singleton resources kept. */
  maxSingletons: number;
}

/** Entities of every family, and singleton resources. */
export class EntityStore {
  readonly #families = new Map<Family, FamilyState>();
  readonly #backed: Map<string, Map<string, Entity>>;
  readonly #singletons = new Map<string, Entity>();
  readonly #limits: StoreLimits;
  readonly #seeder: Seeder;

  /**
   * `backed`: collections (by path) whose entities live elsewhere (the hand-written users and
   * queues), used as they are and never seeded here.
   */
  constructor(limits: StoreLimits, seeder: Seeder, backed: Map<string, Map<string, Entity>>) {
    this.#limits = limits;
    this.#seeder = seeder;
    this.#backed = backed;
  }

  #state(family: Family): FamilyState {
    let state = this.#families.get(family);
    if (!state) this.#families.set(family, state = { collections: new Map(), count: 0 });
    return state;
  }

  /** The entities of a concrete collection (seeded when first used). */
  collection(family: Family, path: string): Map<string, Entity> {
    const backed = this.#backed.get(path);
    if (backed) return backed;
    const state = this.#state(family);
    let entities = state.collections.get(path);
    if (entities) return entities;
    entities = new Map();
    state.collections.set(path, entities);
    for (let i = 0; i < this.#limits.seedCount; i++) {
      const entity = this.#seeder(family, path, i);
      this.#add(state, path, entities, entity);
    }
    return entities;
  }

  #add(state: FamilyState, path: string, entities: Map<string, Entity>, entity: Entity): void {
    const id = String(entity.id);
    entities.set(id, entity);
    state.count++;
    const max = this.#limits.maxPerFamily;
    // The oldest entities go first (oldest collection first), never the one just added.
    for (const [p, list] of state.collections) {
      if (state.count <= max) break;
      for (const key of list.keys()) {
        if (state.count <= max || (p === path && key === id)) break;
        list.delete(key);
        state.count--;
      }
      if (list.size === 0 && p !== path) state.collections.delete(p);
    }
    // Empty collections count too, so that many parents cannot grow the map without bound.
    for (const [p, list] of state.collections) {
      if (state.collections.size <= max) break;
      if (p === path) continue;
      state.collections.delete(p);
      state.count -= list.size;
    }
  }

  /** Stores a new entity in a collection. */
  insert(family: Family, path: string, entity: Entity): void {
    const entities = this.collection(family, path);
    if (this.#backed.has(path)) {
      entities.set(String(entity.id), entity);
      while (entities.size > this.#limits.maxPerFamily) {
        entities.delete(entities.keys().next().value!);
      }
      return;
    }
    this.#add(this.#state(family), path, entities, entity);
  }

  /** Removes an entity; true when it was there. */
  remove(family: Family, path: string, id: string): boolean {
    const entities = this.collection(family, path);
    const had = entities.delete(id);
    if (had && !this.#backed.has(path)) this.#state(family).count--;
    return had;
  }

  /** A new id for an entity created in `path`. */
  newId(seed: string, path: string, counter: number): string {
    return seededUuid(`${seed}:${path}:created:${counter}`);
  }

  /** The stored singleton at a concrete path, made by `make` on first use. */
  singleton(path: string, make: () => Entity): Entity {
    let value = this.#singletons.get(path);
    if (!value) {
      value = make();
      this.#singletons.set(path, value);
      if (this.#singletons.size > this.#limits.maxSingletons) {
        this.#singletons.delete(this.#singletons.keys().next().value!);
      }
    }
    return value;
  }
}
