/**
 * The kinds of change the definition diff reports, each breaking or
 * additive, and the record of one change.
 *
 * Breaking: code that compiled and worked against the old package may stop
 * compiling or send something else. Types are compared as the generator
 * writes them, without checking assignability, so a widened type is reported
 * as a breaking type change too.
 *
 * @module
 */

/** What changed. */
export type ChangeKind =
  | "class-removed"
  | "class-added"
  | "method-removed"
  | "method-added"
  | "method-renamed"
  | "param-added"
  | "param-removed"
  | "params-reordered"
  | "param-renamed"
  | "param-now-optional"
  | "option-now-required"
  | "option-removed"
  | "option-added"
  | "param-type"
  | "return-type"
  | "return-added"
  | "enum-removed"
  | "enum-added"
  | "enum-unlisted"
  | "deprecated"
  | "model-removed"
  | "model-added"
  | "model-type"
  | "property-removed"
  | "property-added"
  | "required-property-added"
  | "property-type";

/** How a kind is classified and titled. */
export interface KindInfo {
  /** Breaking (true) or additive (false). */
  readonly breaking: boolean;
  /** Title in reports. */
  readonly title: string;
}

/** Every kind, in report order, with its classification. */
export const KINDS: { readonly [K in ChangeKind]: KindInfo } = {
  "class-removed": { breaking: true, title: "API class removed" },
  "method-removed": { breaking: true, title: "method removed" },
  "method-renamed": { breaking: true, title: "method renamed (same HTTP method and path)" },
  "param-added": { breaking: true, title: "positional parameter added" },
  "param-removed": { breaking: true, title: "positional parameter removed" },
  "params-reordered": { breaking: true, title: "positional parameters reordered" },
  "param-now-optional": { breaking: true, title: "positional parameter moved to opts" },
  "option-now-required": { breaking: true, title: "optional parameter turned required" },
  "option-removed": { breaking: true, title: "optional parameter removed" },
  "param-type": { breaking: true, title: "parameter type changed" },
  "return-type": { breaking: true, title: "response type changed" },
  "enum-removed": { breaking: true, title: "enum values removed" },
  "model-removed": { breaking: true, title: "model removed" },
  "model-type": { breaking: true, title: "model type changed" },
  "property-removed": { breaking: true, title: "model property removed" },
  "required-property-added": { breaking: true, title: "required model property added" },
  "property-type": { breaking: true, title: "model property retyped" },
  "class-added": { breaking: false, title: "API class added" },
  "method-added": { breaking: false, title: "method added" },
  "param-renamed": { breaking: false, title: "positional parameter renamed (same place, type)" },
  "option-added": { breaking: false, title: "optional parameter added" },
  "return-added": { breaking: false, title: "response body added (was void)" },
  "enum-added": { breaking: false, title: "enum values added" },
  "enum-unlisted": { breaking: false, title: "enum values no longer listed (any value)" },
  "deprecated": { breaking: false, title: "newly deprecated" },
  "model-added": { breaking: false, title: "model added" },
  "property-added": { breaking: false, title: "optional model property added" },
};

/** One change, in the generated package's names. */
export interface Change {
  /** What changed. */
  readonly kind: ChangeKind;
  /** Whether code written against the old package may break ({@linkcode KINDS}). */
  readonly breaking: boolean;
  /** The API class, for class and method changes. */
  readonly class?: string;
  /** The method (its new name when renamed). */
  readonly method?: string;
  /** The model, for model changes. */
  readonly model?: string;
  /** The parameter (`opts.<name>` when optional) or property. */
  readonly member?: string;
  /** The old type, name or order. */
  readonly before?: string;
  /** The new type, name or order. */
  readonly after?: string;
  /** Enum values added or removed (as JSON). */
  readonly values?: readonly string[];
  /** For model changes: the API classes whose entry points export the model (old or new). */
  readonly classes?: readonly string[];
  /** The change as a sentence, with names in backticks. */
  readonly message: string;
}

/**
 * A change of `kind`, classified by {@linkcode KINDS}.
 *
 * @example
 * ```ts
 * import { change } from "./changes.ts";
 * const c = change("option-added", { class: "UsersApi", method: "getUser", message: "..." });
 * console.log(c.breaking); // false
 * ```
 */
export function change(kind: ChangeKind, fields: Omit<Change, "kind" | "breaking">): Change {
  return { kind, breaking: KINDS[kind].breaking, ...fields };
}
