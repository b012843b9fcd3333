/**
 * Loads a Swagger 2.0 definition from a file path or an http(s) URL.
 *
 * @module
 */

import { DefinitionError, type SwaggerDocument } from "./swagger.ts";

/** True when `source` is an http(s) URL rather than a file path. */
export function isUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

/**
 * Reads and parses the definition at `source` (a path, or an http(s) URL that
 * is fetched), and checks that it is a Swagger 2.0 document.
 */
export async function loadDefinition(source: string): Promise<SwaggerDocument> {
  const text = isUrl(source) ? await fetchText(source) : await readText(source);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new DefinitionError(`${source} is not valid JSON: ${(cause as Error).message}`);
  }
  return checkDocument(parsed, source);
}

async function fetchText(url: string): Promise<string> {
  const res = await fetch(url, { headers: { accept: "application/json" } });
  if (!res.ok) {
    await res.body?.cancel();
    throw new DefinitionError(`GET ${url} answered ${res.status} ${res.statusText}`);
  }
  return await res.text();
}

async function readText(path: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (cause) {
    if (cause instanceof Deno.errors.NotFound) {
      throw new DefinitionError(`definition file not found: ${path}`);
    }
    throw cause;
  }
}

/** Checks the top-level shape the generator relies on. */
export function checkDocument(value: unknown, source: string): SwaggerDocument {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new DefinitionError(`${source}: the definition must be a JSON object`);
  }
  const doc = value as Partial<SwaggerDocument>;
  if (doc.swagger !== "2.0") {
    throw new DefinitionError(
      `${source}: expected a Swagger 2.0 document ("swagger": "2.0"), found ${
        JSON.stringify(doc.swagger)
      }`,
    );
  }
  if (typeof doc.paths !== "object" || doc.paths === null) {
    throw new DefinitionError(`${source}: the definition has no "paths" object`);
  }
  if (doc.definitions !== undefined && typeof doc.definitions !== "object") {
    throw new DefinitionError(`${source}: "definitions" must be an object`);
  }
  return doc as SwaggerDocument;
}
