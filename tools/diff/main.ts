/**
 * `deno task diff <old> <new> [--json] [--breaking] [--auth <scheme>=<kind>]...`:
 * what moving the generated package from one Platform API definition to
 * another changes for code that uses it, each change breaking or additive,
 * counted per API class. `<old>` and `<new>` are file paths or http(s) URLs.
 * `deno task diff --version` prints what `src/generated` was generated from.
 *
 * @module
 */

import type { AuthKind } from "../../src/base/endpoint.ts";
import { describeDefinition } from "../codegen/emit_definition.ts";
import { loadDefinitionFile } from "../codegen/load.ts";
import { generatedDefinition } from "../codegen/main.ts";
import { AUTH_KINDS, type AuthOverrides } from "../codegen/security.ts";
import { compareSnapshots } from "./compare.ts";
import {
  buildReport,
  type DefinitionInfo,
  renderJson,
  renderMarkdown,
  type Report,
} from "./report.ts";
import { type Snapshot, snapshot } from "./snapshot.ts";

/** The command line's synopsis. */
export const USAGE = "usage: deno task diff <old definition> <new definition> [--json] " +
  "[--breaking] [--auth <scheme>=<oauth|guest|webmessaging|none>]... | --version";

/** Wrong command-line usage. */
export class UsageError extends Error {
  /** Creates the error with a message naming the problem and the synopsis. */
  constructor(message: string) {
    super(`${message}\n${USAGE}`);
    this.name = "UsageError";
  }
}

/** Parsed command line. */
export interface DiffOptions {
  /** The old definition (path or URL). */
  readonly old: string;
  /** The new definition (path or URL). */
  readonly new: string;
  /** JSON instead of Markdown. */
  readonly json: boolean;
  /** List breaking changes only (Markdown). */
  readonly breaking: boolean;
  /** Credential kinds of security schemes, as `deno task generate --auth`. */
  readonly auth: AuthOverrides;
  /** Print what `src/generated` was generated from instead. */
  readonly version: boolean;
}

/** Parses the command line. */
export function parseDiffArgs(args: readonly string[]): DiffOptions {
  const sources: string[] = [];
  const auth: Record<string, AuthKind> = {};
  let json = false, breaking = false, version = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--json") json = true;
    else if (arg === "--breaking") breaking = true;
    else if (arg === "--version") version = true;
    else if (arg === "--auth" || arg.startsWith("--auth=")) {
      const value = arg === "--auth" ? args[++i] : arg.slice("--auth=".length);
      const cut = value?.lastIndexOf("=") ?? -1;
      const kind = value?.slice(cut + 1) as AuthKind;
      if (value === undefined || cut <= 0 || !AUTH_KINDS.includes(kind)) {
        throw new UsageError(`--auth takes "<scheme>=<${AUTH_KINDS.join("|")}>"`);
      }
      auth[value.slice(0, cut)] = kind;
    } else if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}`);
    else sources.push(arg);
  }
  if (!version && sources.length !== 2) {
    throw new UsageError(`expected two definitions, got ${sources.length}`);
  }
  return { old: sources[0] ?? "", new: sources[1] ?? "", json, breaking, auth, version };
}

function info(
  source: string,
  sha256: string,
  doc: { info?: { title?: string; version?: string } },
  snap: Snapshot,
): DefinitionInfo {
  return {
    source,
    title: doc.info?.title ?? "",
    version: doc.info?.version ?? "",
    sha256,
    operations: snap.operations,
    classes: snap.classes.size,
    methods: snap.methods,
    models: snap.models.size,
  };
}

/**
 * Loads both definitions (paths or URLs) and compares what the generator
 * makes of them.
 *
 * @example
 * ```ts ignore
 * import { diffDefinitions } from "./main.ts";
 * import { renderMarkdown } from "./report.ts";
 * const report = await diffDefinitions("old.json", "https://api.mypurecloud.com/api/v2/docs/swagger");
 * console.log(report.totals, renderMarkdown(report, { breakingOnly: true }));
 * ```
 */
export async function diffDefinitions(
  oldSource: string,
  newSource: string,
  auth: AuthOverrides = {},
): Promise<Report> {
  const [before, after] = await Promise.all([
    loadDefinitionFile(oldSource),
    loadDefinitionFile(newSource),
  ]);
  const a = snapshot(before.doc, auth);
  const b = snapshot(after.doc, auth);
  return buildReport(
    info(oldSource, before.sha256, before.doc, a),
    info(newSource, after.sha256, after.doc, b),
    compareSnapshots(a, b),
  );
}

if (import.meta.main) {
  try {
    const options = parseDiffArgs(Deno.args);
    if (options.version) {
      console.log(`src/generated: ${describeDefinition(await generatedDefinition())}`);
    } else {
      const report = await diffDefinitions(options.old, options.new, options.auth);
      const text = options.json
        ? renderJson(report)
        : renderMarkdown(report, { breakingOnly: options.breaking });
      await Deno.stdout.write(new TextEncoder().encode(text));
    }
  } catch (error) {
    console.error(`diff: ${error instanceof Error ? error.message : String(error)}`);
    Deno.exit(1);
  }
}
