/**
 * `definition.ts`: the record of what the code was generated from, exported
 * from the package root as `API_DEFINITION` (title, version and SHA-256 of the
 * definition, and what it gave: operations, classes, methods, models).
 *
 * @module
 */

import { GENERATED_NOTE } from "./emit_models.ts";

/** File name of the module, relative to the output directory. */
export const DEFINITION_FILE = "definition.ts";

/** The names `definition.ts` exports (the root's other exports must not take them). */
export const DEFINITION_EXPORTS: readonly string[] = ["API_DEFINITION", "ApiDefinition"];

/** What the generated code was generated from; the fields of `API_DEFINITION`. */
export interface DefinitionRecord {
  /** `info.title` of the definition. */
  readonly title: string;
  /** `info.version` of the definition. */
  readonly version: string;
  /** SHA-256 of the definition's bytes, lower-case hex. */
  readonly sha256: string;
  /** Operations (method and path pairs) in the definition. */
  readonly operations: number;
  /** API classes generated (one per tag). */
  readonly classes: number;
  /** Class methods generated (an operation with two tags is a method of both classes). */
  readonly methods: number;
  /** Models generated (the definition's `definitions`). */
  readonly models: number;
}

/**
 * One line describing a record, as the tools' `--version` prints it.
 *
 * @example
 * ```ts
 * import { describeDefinition } from "./emit_definition.ts";
 * console.log(describeDefinition({
 *   title: "PureCloud Platform API", version: "v2", sha256: "ab12",
 *   operations: 2, classes: 1, methods: 2, models: 3,
 * }));
 * ```
 */
export function describeDefinition(record: DefinitionRecord): string {
  return `${record.title} ${record.version}: ${record.operations} operations -> ` +
    `${record.classes} classes, ${record.methods} methods, ${record.models} models; ` +
    `sha256 ${record.sha256}`;
}

/** The source of `definition.ts` for `record`. */
export function emitDefinitionModule(record: DefinitionRecord): string {
  const value = [
    `  title: ${JSON.stringify(record.title)},\n`,
    `  version: ${JSON.stringify(record.version)},\n`,
    `  sha256: ${JSON.stringify(record.sha256)},\n`,
    `  operations: ${record.operations},\n`,
    `  classes: ${record.classes},\n`,
    `  methods: ${record.methods},\n`,
    `  models: ${record.models},\n`,
  ].join("");
  return [
    "/**\n",
    " * Which Platform API definition this code was generated from.\n",
    " *\n",
    " * @example\n",
    " * ```ts\n",
    ' * import { API_DEFINITION } from "./definition.ts";\n',
    " * console.log(`${API_DEFINITION.title} ${API_DEFINITION.version}, sha256 ${API_DEFINITION.sha256}`);\n",
    " * ```\n",
    " *\n",
    " * @module\n",
    " */\n",
    GENERATED_NOTE,
    "\n",
    "/** A Platform API definition, and what the generator made of it. */\n",
    "export interface ApiDefinition {\n",
    "  /** The definition's `info.title`. */\n",
    "  readonly title: string;\n",
    "  /** The definition's `info.version`. */\n",
    "  readonly version: string;\n",
    "  /** SHA-256 of the definition file's bytes, lower-case hex. */\n",
    "  readonly sha256: string;\n",
    "  /** Operations (method and path pairs) in the definition. */\n",
    "  readonly operations: number;\n",
    "  /** API classes generated, one per tag. */\n",
    "  readonly classes: number;\n",
    "  /** Class methods generated (an operation with two tags is a method of both classes). */\n",
    "  readonly methods: number;\n",
    "  /** Models generated, one per definition. */\n",
    "  readonly models: number;\n",
    "}\n",
    "\n",
    "/**\n",
    " * The definition the generated API classes and models come from: compare its\n",
    " * `sha256` with the file's (`sha256sum platform-api-v2.json`) to know which one\n",
    " * a build has.\n",
    " */\n",
    `export const API_DEFINITION: ApiDefinition = Object.freeze({\n${value}});\n`,
  ].join("");
}
