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

/** A definition as loaded: the document and the fingerprint of its bytes. */
export interface LoadedDefinition {
  /** The parsed, checked document. */
  readonly doc: SwaggerDocument;
  /** SHA-256 of the bytes read, lower-case hex. */
  readonly sha256: string;
}

/**
 * Reads and parses the definition at `source` (a path, or an http(s) URL that
 * is fetched), and checks that it is a Swagger 2.0 document.
 */
export async function loadDefinition(source: string): Promise<SwaggerDocument> {
  return (await loadDefinitionFile(source)).doc;
}

/**
 * {@linkcode loadDefinition}, also giving the SHA-256 of the bytes read (what
 * the generated `API_DEFINITION` records).
 */
export async function loadDefinitionFile(source: string): Promise<LoadedDefinition> {
  const bytes = isUrl(source) ? await fetchBytes(source) : await readBytes(source);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch (cause) {
    throw new DefinitionError(`${source} is not valid JSON: ${(cause as Error).message}`);
  }
  return { doc: checkDocument(parsed, source), sha256: await sha256Hex(bytes) };
}

/** SHA-256 of `bytes`, lower-case hex. */
export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function fetchBytes(url: string): Promise<Uint8Array<ArrayBuffer>> {
  const res = await fetch(url, { headers: { accept: "application/json" } });
  if (!res.ok) {
    await res.body?.cancel();
    throw new DefinitionError(`GET ${url} answered ${res.status} ${res.statusText}`);
  }
  return new Uint8Array(await res.arrayBuffer());
}

async function readBytes(path: string): Promise<Uint8Array<ArrayBuffer>> {
  try {
    return await Deno.readFile(path);
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
