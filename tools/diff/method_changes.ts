/**
 * Method changes: how one method's signature differs between two
 * definitions (positional parameters, `opts` members, the resolved type,
 * deprecation), in the generated package's names.
 *
 * @module
 */

import { type Change, change } from "./changes.ts";
import type { MethodView, ParamView, TypeView } from "./snapshot.ts";
import { code, typeChanges } from "./type_changes.ts";

/** Where a method's changes are reported, and the label its messages start with. */
interface Where {
  readonly class: string;
  readonly method: string;
  readonly label: string;
}

const signature = (p: ParamView) => `${p.name}: ${p.type.text}`;

function at(w: Where, member?: string): Pick<Change, "class" | "method" | "member"> {
  return { class: w.class, method: w.method, ...(member !== undefined ? { member } : {}) };
}

function paramType(w: Where, member: string, before: TypeView, after: TypeView): Change[] {
  return typeChanges(
    at(w, member),
    `${w.label} parameter ${code(member)}`,
    before,
    after,
    "param-type",
  );
}

/**
 * Positional parameters renamed: at the same position, the same type, and
 * each name known on its side only (a path parameter `{userId}` -> `{id}`).
 * Callers passing them by position are unaffected.
 */
function renames(before: MethodView, after: MethodView): Map<string, string> {
  const oldNames = new Set([...before.positional.map((p) => p.name), ...before.options.keys()]);
  const newNames = new Set([...after.positional.map((p) => p.name), ...after.options.keys()]);
  const out = new Map<string, string>();
  before.positional.forEach((p, i) => {
    const q = after.positional[i];
    if (
      q !== undefined && p.name !== q.name && !newNames.has(p.name) && !oldNames.has(q.name) &&
      p.type.text === q.type.text
    ) {
      out.set(p.name, q.name);
    }
  });
  return out;
}

/** Positional parameters renamed, retyped, removed, moved to `opts`, added, taken from `opts`. */
function positionalChanges(
  w: Where,
  before: MethodView,
  after: MethodView,
  renamed: ReadonlyMap<string, string>,
): Change[] {
  const out: Change[] = [];
  const newIndex = new Map(after.positional.map((p, i) => [p.name, i]));
  const oldIndex = new Map(before.positional.map((p, i) => [p.name, i]));
  for (const [from, to] of renamed) {
    out.push(change("param-renamed", {
      ...at(w, to),
      before: from,
      after: to,
      message: `${w.label}: positional parameter ${code(from)} renamed ${code(to)} (position ${
        oldIndex.get(from)! + 1
      }, same type)`,
    }));
  }
  for (const [i, p] of before.positional.entries()) {
    if (renamed.has(p.name)) continue;
    const kept = newIndex.get(p.name);
    const option = after.options.get(p.name);
    if (kept !== undefined) {
      out.push(...paramType(w, p.name, p.type, after.positional[kept].type));
    } else if (option !== undefined) {
      out.push(change("param-now-optional", {
        ...at(w, p.name),
        message: `${w.label}: positional parameter ${code(p.name)} (position ${
          i + 1
        }) is now optional, ${code(`opts.${p.name}`)}`,
      }));
      out.push(...paramType(w, p.name, p.type, option.type));
    } else {
      out.push(change("param-removed", {
        ...at(w, p.name),
        before: signature(p),
        message: `${w.label}: positional parameter ${code(signature(p))} (position ${
          i + 1
        }) removed`,
      }));
    }
  }
  const renamedTo = new Set(renamed.values());
  for (const [i, q] of after.positional.entries()) {
    if (renamedTo.has(q.name) || oldIndex.has(q.name)) continue;
    const option = before.options.get(q.name);
    if (option !== undefined) {
      out.push(change("option-now-required", {
        ...at(w, q.name),
        message: `${w.label}: optional parameter ${
          code(`opts.${q.name}`)
        } is now required, positional parameter ${i + 1}`,
      }));
      out.push(...paramType(w, q.name, option.type, q.type));
    } else {
      out.push(change("param-added", {
        ...at(w, q.name),
        after: signature(q),
        message: `${w.label}: positional parameter ${code(signature(q))} added (position ${i + 1})`,
      }));
    }
  }
  return out;
}

/** The positional parameters both versions have, when their order differs. */
function reorder(w: Where, before: MethodView, after: MethodView): Change[] {
  const both = (list: readonly ParamView[], other: readonly ParamView[]) =>
    list.map((p) => p.name).filter((n) => other.some((o) => o.name === n));
  const oldOrder = both(before.positional, after.positional);
  const newOrder = both(after.positional, before.positional);
  if (oldOrder.join(",") === newOrder.join(",")) return [];
  return [change("params-reordered", {
    ...at(w),
    before: oldOrder.join(", "),
    after: newOrder.join(", "),
    message: `${w.label}: positional parameters reordered: (${oldOrder.join(", ")}) -> (${
      newOrder.join(", ")
    })`,
  })];
}

/** `opts` members retyped, removed and added (moves to and from the positional list excepted). */
function optionChanges(w: Where, before: MethodView, after: MethodView): Change[] {
  const out: Change[] = [];
  const positional = (m: MethodView, name: string) => m.positional.some((p) => p.name === name);
  for (const [name, o] of before.options) {
    const member = `opts.${name}`;
    const now = after.options.get(name);
    if (now !== undefined) {
      out.push(...paramType(w, member, o.type, now.type));
    } else if (!positional(after, name)) {
      out.push(change("option-removed", {
        ...at(w, member),
        before: o.type.text,
        message: `${w.label}: optional parameter ${code(member)} removed`,
      }));
    }
  }
  for (const [name, o] of after.options) {
    if (before.options.has(name) || positional(before, name)) continue;
    out.push(change("option-added", {
      ...at(w, `opts.${name}`),
      after: o.type.text,
      message: `${w.label}: optional parameter ${code(`opts.${name}: ${o.type.text}`)} added`,
    }));
  }
  return out;
}

/** The resolved type changed, or a body where there was none; newly deprecated. */
function resultChanges(w: Where, before: MethodView, after: MethodView): Change[] {
  const out: Change[] = [];
  if (before.returns !== after.returns) {
    out.push(change(before.returns === "void" ? "return-added" : "return-type", {
      ...at(w),
      before: before.returns,
      after: after.returns,
      message: `${w.label}: resolves to ${code(after.returns)}, was ${code(before.returns)}`,
    }));
  }
  if (after.deprecated && !before.deprecated) {
    out.push(change("deprecated", { ...at(w), message: `${w.label} is deprecated` }));
  }
  return out;
}

/**
 * Changes between two versions of one method of `className` (`after` may
 * carry a new name: changes are reported under it).
 *
 * @example
 * ```ts
 * import { compareMethods } from "./method_changes.ts";
 * import type { MethodView } from "./snapshot.ts";
 * const string = { text: "string", base: "string" };
 * const v1: MethodView = {
 *   name: "getUser", operation: "GET /api/v2/users/{userId}", returns: "User", deprecated: false,
 *   positional: [{ name: "userId", in: "path", type: string }], options: new Map(),
 * };
 * const v2: MethodView = { ...v1, options: new Map([["expand", { name: "expand", in: "query", type: string }]]) };
 * console.log(compareMethods("UsersApi", v1, v2).map((c) => c.kind)); // ["option-added"]
 * ```
 */
export function compareMethods(className: string, before: MethodView, after: MethodView): Change[] {
  const w: Where = {
    class: className,
    method: after.name,
    label: code(`${className}.${after.name}`),
  };
  return [
    ...positionalChanges(w, before, after, renames(before, after)),
    ...reorder(w, before, after),
    ...optionChanges(w, before, after),
    ...resultChanges(w, before, after),
  ];
}
