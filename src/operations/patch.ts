/**
 * A typed builder for partial updates that must send `null` on purpose, as the
 * Go SDK's `SetField` and Python's `ApiNullValue` do: only the fields you set
 * are sent, and a field set to `null` is sent as `null` (which clears it).
 *
 * @module
 */

import { ParameterError } from "../base/errors.ts";

/** A partial update of `T` where any field may also be `null`. */
export type Patch<T> = { [K in keyof T]?: T[K] | null };

/**
 * Collects the fields of a partial update.
 *
 * @example
 * ```ts
 * import { patch } from "./patch.ts";
 * interface UpdateUser { name?: string; title?: string; version: number }
 * const body = patch<UpdateUser>().set("title", null).set("version", 3).build();
 * console.log(JSON.stringify(body)); // {"title":null,"version":3}
 * ```
 */
export class PatchBuilder<T extends object> {
  readonly #fields = new Map<keyof T, unknown>();

  /** Sets `key` to `value`; `null` is sent as `null`. `undefined` is refused: use `unset`. */
  set<K extends keyof T & string>(key: K, value: T[K] | null): this {
    if (value === undefined) {
      throw new ParameterError(
        "patch",
        key,
        `was set to undefined; use unset("${key}") to leave it out`,
      );
    }
    this.#fields.set(key, value);
    return this;
  }

  /** Removes `key` from the update, so it is not sent at all. */
  unset<K extends keyof T & string>(key: K): this {
    this.#fields.delete(key);
    return this;
  }

  /** Whether `key` will be sent. */
  has<K extends keyof T & string>(key: K): boolean {
    return this.#fields.has(key);
  }

  /**
   * The update as a plain object holding exactly the fields set (`null`
   * included), typed as `T` so it can be passed where the operation expects
   * its body type.
   */
  build(): T {
    return Object.fromEntries(this.#fields) as T;
  }

  /** Serializes as {@linkcode PatchBuilder.build} does, so a builder can be passed as a body too. */
  toJSON(): Patch<T> {
    return this.build() as Patch<T>;
  }
}

/**
 * Starts a {@linkcode PatchBuilder} for the body type `T`.
 *
 * @example
 * ```ts
 * import { patch } from "./patch.ts";
 * const body = patch<{ department?: string; version: number }>()
 *   .set("department", null)
 *   .set("version", 7)
 *   .build();
 * console.log(body); // { department: null, version: 7 }
 * ```
 */
export function patch<T extends object>(): PatchBuilder<T> {
  return new PatchBuilder<T>();
}
