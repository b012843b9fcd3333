/**
 * Comparing two {@linkcode Snapshot}s: the list of {@linkcode Change}s a user
 * of the generated package meets when it moves from the old definition to the
 * new one. Methods are matched by class and name, then (for renames) by HTTP
 * method and path; parameters by their JavaScript name (`method_changes.ts`);
 * models and properties by name.
 *
 * @module
 */

import { type Change, change } from "./changes.ts";
import { compareMethods } from "./method_changes.ts";
import type { ClassView, ModelView, Snapshot, TypeView } from "./snapshot.ts";
import { code, typeChanges } from "./type_changes.ts";

/** Changes between two versions of one API class. */
function compareClass(before: ClassView, after: ClassView, next: Snapshot): Change[] {
  const out: Change[] = [];
  const name = after.name;
  const removed = [...before.methods.values()].filter((m) => !after.methods.has(m.name));
  const added = [...after.methods.values()].filter((m) => !before.methods.has(m.name));
  for (const old of removed) {
    const renamedTo = added.find((m) => m.operation === old.operation);
    if (renamedTo !== undefined) {
      added.splice(added.indexOf(renamedTo), 1);
      out.push(change("method-renamed", {
        class: name,
        method: renamedTo.name,
        before: old.name,
        after: renamedTo.name,
        message: `${code(`${name}.${old.name}`)} renamed ${
          code(renamedTo.name)
        } (${old.operation})`,
      }));
      out.push(...compareMethods(name, old, renamedTo));
      continue;
    }
    const elsewhere = next.locations.get(old.operation) ?? [];
    out.push(change("method-removed", {
      class: name,
      method: old.name,
      message: `${code(`${name}.${old.name}`)} removed (${old.operation}${
        elsewhere.length > 0 ? `; now ${elsewhere.map(code).join(", ")}` : ""
      })`,
    }));
  }
  for (const m of added) {
    out.push(change("method-added", {
      class: name,
      method: m.name,
      message: `${code(`${name}.${m.name}`)} added (${m.operation})`,
    }));
  }
  for (const [method, old] of before.methods) {
    const now = after.methods.get(method);
    if (now !== undefined) out.push(...compareMethods(name, old, now));
  }
  return out;
}

/** The API classes whose entry points export `model` in either snapshot. */
function classesReaching(model: string, before: Snapshot, after: Snapshot): string[] {
  const names = new Set<string>();
  for (const snap of [before, after]) {
    for (const c of snap.classes.values()) if (c.models.has(model)) names.add(c.name);
  }
  return [...names].sort();
}

/** Changes between two versions of one model. */
function compareModel(before: ModelView, after: ModelView, classes: string[]): Change[] {
  const name = after.name;
  const where = { model: name, classes };
  if (before.properties === undefined || after.properties === undefined) {
    return typeChanges(where, code(name), before.type, after.type, "model-type");
  }
  const out: Change[] = [];
  for (const [prop, old] of before.properties) {
    const member = { ...where, member: prop };
    const label = code(`${name}.${prop}`);
    const now = after.properties.get(prop);
    if (now === undefined) {
      out.push(change("property-removed", { ...member, message: `${label} removed` }));
      continue;
    }
    if (old.required !== now.required) {
      const show = (p: typeof old) => `${p.name}${p.required ? "" : "?"}: ${p.type.text}`;
      out.push(change("property-type", {
        ...member,
        before: show(old),
        after: show(now),
        message: `${label}: now ${now.required ? "required" : "optional"} (${code(show(old))} -> ${
          code(show(now))
        })`,
      }));
    }
    out.push(...typeChanges(member, label, old.type, now.type, "property-type"));
  }
  for (const [prop, now] of after.properties) {
    if (before.properties.has(prop)) continue;
    out.push(change(now.required ? "required-property-added" : "property-added", {
      ...where,
      member: prop,
      after: now.type.text,
      message: `${code(`${name}.${prop}`)} added${now.required ? " (required)" : ""}: ${
        code(now.type.text)
      }`,
    }));
  }
  const none: TypeView = { text: "(no map)", base: "(no map)" };
  out.push(
    ...typeChanges(
      where,
      `${code(name)} map values`,
      before.map ?? none,
      after.map ?? none,
      "model-type",
    ),
  );
  return out;
}

/**
 * Every change from `before` to `after`: API classes, then models, each in
 * name order. A removed or added class is one change (its methods are not
 * listed one by one).
 *
 * @example
 * ```ts
 * import { compareSnapshots } from "./compare.ts";
 * import { snapshot } from "./snapshot.ts";
 * const v1 = { swagger: "2.0", paths: {}, definitions: { User: { type: "object", properties: { name: { type: "string" } } } } };
 * const v2 = { swagger: "2.0", paths: {}, definitions: { User: { type: "object", properties: { name: { type: "integer" } } } } };
 * for (const c of compareSnapshots(snapshot(v1), snapshot(v2))) console.log(c.breaking, c.message);
 * // true "`User.name`: type `string` -> `number`"
 * ```
 */
export function compareSnapshots(before: Snapshot, after: Snapshot): Change[] {
  const out: Change[] = [];
  const classNames = [...new Set([...before.classes.keys(), ...after.classes.keys()])].sort();
  for (const name of classNames) {
    const old = before.classes.get(name);
    const now = after.classes.get(name);
    if (old !== undefined && now !== undefined) {
      out.push(...compareClass(old, now, after));
    } else if (old !== undefined) {
      out.push(change("class-removed", {
        class: name,
        message: `${code(name)} removed (${old.methods.size} methods)`,
      }));
    } else if (now !== undefined) {
      out.push(change("class-added", {
        class: name,
        message: `${code(name)} added (${now.methods.size} methods)`,
      }));
    }
  }
  const modelNames = [...new Set([...before.models.keys(), ...after.models.keys()])].sort();
  for (const name of modelNames) {
    const old = before.models.get(name);
    const now = after.models.get(name);
    const classes = classesReaching(name, before, after);
    if (old !== undefined && now !== undefined) {
      out.push(...compareModel(old, now, classes));
    } else if (old !== undefined) {
      out.push(change("model-removed", { model: name, classes, message: `${code(name)} removed` }));
    } else {
      out.push(change("model-added", { model: name, classes, message: `${code(name)} added` }));
    }
  }
  return out;
}
