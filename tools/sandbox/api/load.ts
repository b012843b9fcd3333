/**
 * Loading the API model: the committed one (gzip in base64, decoded with the web-standard
 * `DecompressionStream`, once per process) or one made from a definition the user passes.
 *
 * @module
 */

import { type ApiModel, compactDefinition, type SwaggerDocument } from "./model.ts";
import { API_MODEL_GZIP_BASE64 } from "./platform_api_data.ts";

/**
 * Decodes a model written by `build_api_data.ts`: base64 (whitespace ignored), gzip, JSON.
 *
 * @example
 * ```ts
 * import { decodeApiModel } from "./load.ts";
 * import { API_MODEL_GZIP_BASE64 } from "./platform_api_data.ts";
 * const model = await decodeApiModel(API_MODEL_GZIP_BASE64);
 * console.log(model.operations.length); // 2657
 * ```
 */
export async function decodeApiModel(base64: string): Promise<ApiModel> {
  const bin = atob(base64.replace(/\s+/g, ""));
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  const model = JSON.parse(await new Response(stream).text()) as ApiModel;
  if (model?.format !== "genesys-sandbox-api/1") {
    throw new TypeError("the sandbox's API data is not a genesys-sandbox-api/1 model");
  }
  return model;
}

let bundled: Promise<ApiModel> | undefined;

/** The model of the definition the package was generated from (decoded once per process). */
export function bundledApiModel(): Promise<ApiModel> {
  bundled ??= decodeApiModel(API_MODEL_GZIP_BASE64);
  return bundled;
}

/**
 * What `SandboxOptions.definition` accepts: a Swagger 2.0 document (parsed JSON), an
 * {@linkcode ApiModel}, or a file path / `file:` or `http(s):` URL of a Swagger 2.0 JSON file.
 */
export type DefinitionSource = SwaggerDocument | ApiModel | string | URL;

async function readText(source: string | URL): Promise<string> {
  const text = String(source);
  if (/^https?:/i.test(text)) {
    const res = await fetch(text);
    if (!res.ok) throw new TypeError(`cannot fetch the definition ${text}: HTTP ${res.status}`);
    return await res.text();
  }
  const g = globalThis as {
    Deno?: { readTextFile(path: string | URL): Promise<string> };
    Bun?: { file(path: string): { text(): Promise<string> } };
  };
  const path = text.startsWith("file:") ? new URL(text) : text;
  if (g.Deno) return await g.Deno.readTextFile(path);
  if (g.Bun) return await g.Bun.file(path instanceof URL ? path.pathname : path).text();
  throw new TypeError(
    "reading a definition file needs Deno or Bun; pass the parsed object instead",
  );
}

/** Resolves `SandboxOptions.definition` (undefined: the bundled model). */
export async function loadApiModel(source?: DefinitionSource): Promise<ApiModel> {
  if (source === undefined) return await bundledApiModel();
  if (typeof source === "string" || source instanceof URL) {
    return compactDefinition(JSON.parse(await readText(source)) as SwaggerDocument);
  }
  if ((source as ApiModel).format === "genesys-sandbox-api/1") return source as ApiModel;
  return compactDefinition(source as SwaggerDocument);
}
