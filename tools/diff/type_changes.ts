/**
 * Type changes: whether two generated types differ, in enum values only or
 * otherwise, and the {@linkcode Change}s that says. Shared by parameters,
 * properties and models.
 *
 * @module
 */

import { type Change, change } from "./changes.ts";
import type { TypeView } from "./snapshot.ts";

/** How two types differ: nothing, enum values only, or otherwise. */
export type TypeDifference =
  | { readonly kind: "same" }
  | { readonly kind: "enum"; readonly removed: string[]; readonly added: string[] }
  | { readonly kind: "unlisted"; readonly values: readonly string[] }
  | { readonly kind: "type" };

/**
 * Compares two types. Over the same base type, enum values removed and added
 * (a type that lists none takes any value: listing values adds them all, and
 * dropping the list is `unlisted`); any other difference is a type change.
 *
 * @example
 * ```ts
 * import { compareTypes } from "./type_changes.ts";
 * import { typeView } from "./snapshot.ts";
 * const diff = compareTypes(
 *   typeView({ type: "string", enum: ["on", "off"] }),
 *   typeView({ type: "string", enum: ["on", "idle"] }),
 * );
 * console.log(diff); // { kind: "enum", removed: ['"off"'], added: ['"idle"'] }
 * ```
 */
export function compareTypes(before: TypeView, after: TypeView): TypeDifference {
  if (before.text === after.text) return { kind: "same" };
  if (before.base !== after.base || (before.enums ?? after.enums) === undefined) {
    return { kind: "type" };
  }
  if (after.enums === undefined) return { kind: "unlisted", values: before.enums ?? [] };
  const old = before.enums ?? [];
  const removed = old.filter((v) => !after.enums!.includes(v));
  const added = after.enums.filter((v) => !old.includes(v));
  return { kind: "enum", removed, added };
}

/** Longest type shown in a message; longer ones are cut (`before` and `after` keep them whole). */
export const MAX_SHOWN = 120;

/** `text` in backticks, cut to {@linkcode MAX_SHOWN} characters. */
export function code(text: string): string {
  return `\`${text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 3)}...` : text}\``;
}

/**
 * The changes of one typed member (parameter, property or model): none, a
 * type change of kind `typeKind`, or enum values removed, added or unlisted.
 * `where` locates it; `label` starts each message.
 */
export function typeChanges(
  where: Omit<Change, "kind" | "breaking" | "message">,
  label: string,
  before: TypeView,
  after: TypeView,
  typeKind: "param-type" | "property-type" | "model-type",
): Change[] {
  const diff = compareTypes(before, after);
  if (diff.kind === "same") return [];
  if (diff.kind === "type") {
    return [change(typeKind, {
      ...where,
      before: before.text,
      after: after.text,
      message: `${label}: type ${code(before.text)} -> ${code(after.text)}`,
    })];
  }
  if (diff.kind === "unlisted") {
    return [change("enum-unlisted", {
      ...where,
      values: diff.values,
      before: before.text,
      after: after.text,
      message: `${label}: any ${code(after.text)} now, was ${code(before.text)}`,
    })];
  }
  const out: Change[] = [];
  if (diff.removed.length > 0) {
    out.push(change("enum-removed", {
      ...where,
      values: diff.removed,
      message: `${label}: enum values removed: ${diff.removed.join(", ")}`,
    }));
  }
  if (diff.added.length > 0) {
    out.push(change("enum-added", {
      ...where,
      values: diff.added,
      message: `${label}: enum values added: ${diff.added.join(", ")}`,
    }));
  }
  return out;
}
