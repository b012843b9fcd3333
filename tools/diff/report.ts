/**
 * The diff report: changes counted by kind and by API class, written as
 * Markdown (for people) or JSON (for programs).
 *
 * @module
 */

import type { DefinitionRecord } from "../codegen/emit_definition.ts";
import { type Change, type ChangeKind, KINDS } from "./changes.ts";

/** One side of the comparison. */
export interface DefinitionInfo extends DefinitionRecord {
  /** The path or URL it was read from. */
  readonly source: string;
}

/** Counts of one kind. */
export interface KindCount {
  /** The kind. */
  readonly kind: ChangeKind;
  /** Its title. */
  readonly title: string;
  /** Breaking or additive. */
  readonly breaking: boolean;
  /** Changes of this kind. */
  readonly count: number;
}

/** Counts of one API class: its own (class and method) changes and those of the models it exports. */
export interface ClassCount {
  /** Class name. */
  readonly class: string;
  /** Breaking changes of the class and its methods. */
  readonly breaking: number;
  /** Additive changes of the class and its methods. */
  readonly additive: number;
  /** Breaking changes of models its entry point exports. */
  readonly modelsBreaking: number;
  /** Additive changes of models its entry point exports. */
  readonly modelsAdditive: number;
}

/** The whole report. */
export interface Report {
  /** The old definition. */
  readonly old: DefinitionInfo;
  /** The new definition. */
  readonly new: DefinitionInfo;
  /** Changes by classification. */
  readonly totals: { readonly breaking: number; readonly additive: number };
  /** Kinds that occur, in {@linkcode KINDS} order. */
  readonly byKind: readonly KindCount[];
  /** Classes with changes, by name. */
  readonly byClass: readonly ClassCount[];
  /** Every change. */
  readonly changes: readonly Change[];
}

/**
 * Counts `changes` and assembles the report.
 *
 * @example
 * ```ts
 * import { buildReport, renderMarkdown } from "./report.ts";
 * import { change } from "./changes.ts";
 * const side = { source: "a.json", title: "API", version: "v2", sha256: "00", operations: 1, classes: 1, methods: 1, models: 0 };
 * const report = buildReport(side, { ...side, source: "b.json" }, [
 *   change("method-removed", { class: "UsersApi", method: "getUser", message: "`UsersApi.getUser` removed" }),
 * ]);
 * console.log(report.totals); // { breaking: 1, additive: 0 }
 * console.log(renderMarkdown(report));
 * ```
 */
export function buildReport(
  before: DefinitionInfo,
  after: DefinitionInfo,
  changes: readonly Change[],
): Report {
  const kinds = new Map<ChangeKind, number>();
  const classes = new Map<string, { b: number; a: number; mb: number; ma: number }>();
  const entry = (name: string) => {
    let e = classes.get(name);
    if (e === undefined) classes.set(name, e = { b: 0, a: 0, mb: 0, ma: 0 });
    return e;
  };
  for (const c of changes) {
    kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
    if (c.class !== undefined) {
      if (c.breaking) entry(c.class).b++;
      else entry(c.class).a++;
    }
    for (const name of c.classes ?? []) {
      if (c.breaking) entry(name).mb++;
      else entry(name).ma++;
    }
  }
  const byKind = (Object.keys(KINDS) as ChangeKind[])
    .filter((k) => kinds.has(k))
    .map((k) => ({ kind: k, ...KINDS[k], count: kinds.get(k)! }));
  const byClass = [...classes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map((
    [name, e],
  ) => ({
    class: name,
    breaking: e.b,
    additive: e.a,
    modelsBreaking: e.mb,
    modelsAdditive: e.ma,
  }));
  const breaking = changes.filter((c) => c.breaking).length;
  return {
    old: before,
    new: after,
    totals: { breaking, additive: changes.length - breaking },
    byKind,
    byClass,
    changes,
  };
}

/** The report as JSON (2-space indent, one trailing newline). */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** Options of the Markdown report. */
export interface MarkdownOptions {
  /** List breaking changes only (the counts still cover every change). */
  readonly breakingOnly?: boolean;
}

function definitionRow(label: string, d: DefinitionInfo): string {
  return `| ${label} | ${d.source} | ${d.title} ${d.version} | ${d.operations} | ${d.classes} | ${d.methods} | ${d.models} | \`${
    d.sha256.slice(0, 12)
  }\` |`;
}

/** "`A`, `B` and 3 more". */
function someClasses(names: readonly string[], shown = 3): string {
  const list = names.slice(0, shown).map((n) => `\`${n}\``);
  const rest = names.length - shown;
  return rest > 0 ? `${list.join(", ")} and ${rest} more` : list.join(", ");
}

/** The list of one classification: class changes grouped by class, then model changes. */
function changeList(changes: readonly Change[]): string[] {
  const lines: string[] = [];
  const byClass = new Map<string, Change[]>();
  const models: Change[] = [];
  for (const c of changes) {
    if (c.class !== undefined) {
      const list = byClass.get(c.class) ?? [];
      list.push(c);
      byClass.set(c.class, list);
    } else {
      models.push(c);
    }
  }
  for (const [name, list] of byClass) {
    lines.push("", `#### ${name} (${list.length})`, "");
    for (const c of list) lines.push(`- ${c.message}`);
  }
  if (models.length > 0) {
    lines.push("", `#### Models (${models.length})`, "");
    for (const c of models) {
      const reach = c.classes && c.classes.length > 0 ? `; in ${someClasses(c.classes)}` : "";
      lines.push(`- ${c.message}${reach}`);
    }
  }
  return lines;
}

/** The report as Markdown. */
export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const { totals } = report;
  const lines = [
    "# Platform API definition diff",
    "",
    "|     | source | definition | operations | classes | methods | models | sha256 |",
    "| --- | ------ | ---------- | ---------: | ------: | ------: | -----: | ------ |",
    definitionRow("old", report.old),
    definitionRow("new", report.new),
    "",
    `**${totals.breaking} breaking, ${totals.additive} additive** changes for code using the generated package.`,
    "",
    "## By kind",
    "",
    "| change | breaking | count |",
    "| ------ | -------- | ----: |",
    ...report.byKind.map((k) => `| ${k.title} | ${k.breaking ? "yes" : "no"} | ${k.count} |`),
    "",
    "## By API class",
    "",
    "Changes of the class and its methods, and changes of the models its entry point exports.",
    "",
    "| class | breaking | additive | models: breaking | models: additive |",
    "| ----- | -------: | -------: | ---------------: | ---------------: |",
    ...report.byClass.map((c) =>
      `| ${c.class} | ${c.breaking} | ${c.additive} | ${c.modelsBreaking} | ${c.modelsAdditive} |`
    ),
    "",
    `## Breaking changes (${totals.breaking})`,
    ...changeList(report.changes.filter((c) => c.breaking)),
  ];
  if (!options.breakingOnly) {
    lines.push(
      "",
      `## Additive changes (${totals.additive})`,
      ...changeList(report.changes.filter((c) => !c.breaking)),
    );
  }
  return `${lines.join("\n")}\n`;
}
