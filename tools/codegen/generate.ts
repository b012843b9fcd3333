/**
 * The whole generation as one pure step: a definition in, the generated files
 * (path relative to the output directory -> content) and entry points out.
 *
 * @module
 */

import { emitApiFile, emitApisIndex } from "./emit_apis.ts";
import {
  DEFINITION_EXPORTS,
  DEFINITION_FILE,
  type DefinitionRecord,
  emitDefinitionModule,
} from "./emit_definition.ts";
import { emitJobsModule, JOBS_FILE } from "./emit_jobs.ts";
import { findJobs } from "./jobs.ts";
import { emitModelFile, emitModelsIndex, modelClosure, rootModelNames } from "./emit_models.ts";
import { emitClientSurface, SURFACE_FILE, type SurfaceExport, surfaceNames } from "./surface.ts";
import { modelFileStems } from "./names.ts";
import { type ApiGroup, groupByTag, readOperations } from "./operations.ts";
import type { AuthOverrides } from "./security.ts";
import { DefinitionError, type SwaggerDocument } from "./swagger.ts";
import { type RenderedModel, renderModel } from "./types.ts";

/** One per-API entry point. */
export interface ApiEntry {
  /** Export key in `deno.json` (`./users`). */
  readonly key: string;
  /** Module path relative to the output directory (`apis/users.js`). */
  readonly file: string;
}

/** What one generation produces. */
export interface Generated {
  /** File contents (unformatted) by path relative to the output directory. */
  readonly files: Map<string, string>;
  /** Per-API entry points, sorted by key. */
  readonly entries: readonly ApiEntry[];
  /** API groups (classes), sorted by class name. */
  readonly groups: readonly ApiGroup[];
  /** Number of operations in the definition. */
  readonly operationCount: number;
  /** What `definition.ts` records (`API_DEFINITION`). */
  readonly record: DefinitionRecord;
  /** Models the package root exports under a second name (`Settings` -> `SettingsModel`). */
  readonly renamedModels: ReadonlyMap<string, string>;
}

/** What generation needs besides the definition and the client surface. */
export interface GenerateOptions {
  /** SHA-256 of the definition's bytes (lower-case hex), recorded in `definition.ts`. */
  readonly sha256: string;
  /**
   * Every name the package root exports besides the generated code (see
   * `root_exports.ts`); a model taking one is exported from `models/mod.ts`
   * as `<Name>Model`. The names of `surface` when absent.
   */
  readonly rootNames?: ReadonlySet<string>;
  /** Credential kinds of security schemes, by name, over the definition's (see `security.ts`). */
  readonly auth?: AuthOverrides;
}

/**
 * Generates every file from `doc`; `surface` is what each entry point
 * re-exports besides its own API (the root `mod.ts` re-exports, see
 * `surface.ts`). Deterministic: the same inputs give the same output.
 */
export function generate(
  doc: SwaggerDocument,
  surface: readonly SurfaceExport[],
  options: GenerateOptions,
): Generated {
  const definitions = doc.definitions ?? {};
  const stems = modelFileStems(Object.keys(definitions));
  const files = new Map<string, string>();

  const rendered = new Map<string, RenderedModel>();
  for (const [name, stem] of stems) {
    const model = renderModel(name, definitions[name]);
    rendered.set(name, model);
    files.set(`models/${stem}.ts`, emitModelFile(name, model, stems));
  }
  files.set(SURFACE_FILE, emitClientSurface(surface));
  const closureOf = (direct: ReadonlySet<string>) =>
    modelClosure(direct, (name) => rendered.get(name)?.refs ?? []);

  const operations = readOperations(doc, { auth: options.auth });
  const tagDescriptions = Object.fromEntries((doc.tags ?? []).map((t) => [t.name, t.description]));
  const groups = groupByTag(operations, tagDescriptions);
  const entries: ApiEntry[] = [];
  for (const group of groups) {
    const file = `apis/${group.fileStem}.js`;
    const types = `apis/${group.fileStem}.d.ts`;
    if (files.has(file) || group.fileStem === "mod") {
      throw new DefinitionError(`tag "${group.tag}" would overwrite ${file}`);
    }
    const { js, dts } = emitApiFile(group, stems, closureOf, surface);
    files.set(file, js);
    files.set(types, dts);
    entries.push({ key: `./${group.entry}`, file });
  }
  files.set("apis/mod.ts", emitApisIndex(groups));
  files.set(JOBS_FILE, emitJobsModule(findJobs(doc, groups)));
  entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

  // The root re-exports models/mod.ts, apis/mod.ts and definition.ts beside its own exports.
  const taken = new Set([
    ...(options.rootNames ?? surfaceNames(surface)),
    ...groups.map((g) => g.className),
    ...DEFINITION_EXPORTS,
  ]);
  const rootNames = rootModelNames(stems.keys(), taken);
  files.set("models/mod.ts", emitModelsIndex(stems, rootNames));
  const record: DefinitionRecord = {
    title: doc.info?.title ?? "",
    version: doc.info?.version ?? "",
    sha256: options.sha256,
    operations: operations.length,
    classes: groups.length,
    methods: groups.reduce((n, g) => n + g.operations.length, 0),
    models: stems.size,
  };
  files.set(DEFINITION_FILE, emitDefinitionModule(record));
  const renamedModels = new Map([...rootNames].filter(([name, as]) => name !== as));
  return {
    files,
    entries,
    groups,
    operationCount: operations.length,
    record,
    renamedModels,
  };
}
