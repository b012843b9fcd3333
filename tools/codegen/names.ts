/**
 * Naming: how tags, parameters, properties and definitions become TypeScript
 * names, entry points and file names. Pure functions, no I/O.
 *
 * @module
 */

/** Splits on every run of characters that are not ASCII letters or digits. */
export function words(text: string): string[] {
  return text.split(/[^A-Za-z0-9]+/).filter((w) => w !== "");
}

function upperFirst(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function lowerFirst(word: string): string {
  return word.charAt(0).toLowerCase() + word.slice(1);
}

/**
 * The class of a tag, as the official SDKs name it: each word with its first
 * letter upper-cased, joined, plus `Api`
 * (`Telephony Providers Edge` -> `TelephonyProvidersEdgeApi`,
 * `Speech & Text Analytics` -> `SpeechTextAnalyticsApi`, `OAuth` -> `OAuthApi`).
 */
export function className(tag: string): string {
  const parts = words(tag);
  if (parts.length === 0) throw new Error(`tag ${JSON.stringify(tag)} has no letters or digits`);
  return parts.map(upperFirst).join("") + "Api";
}

/** The export path of a tag's entry point: lower-case words joined by `-` (`telephony-providers-edge`). */
export function entryName(tag: string): string {
  return words(tag).map((w) => w.toLowerCase()).join("-");
}

/** The file stem of a tag's API module: lower-case words joined by `_` (`telephony_providers_edge`). */
export function apiFileStem(tag: string): string {
  return words(tag).map((w) => w.toLowerCase()).join("_");
}

/**
 * Parameter names the official SDK prefixes with `_`: JavaScript reserved words,
 * plus `date` and `number` (which it prefixes too: `_date`, `_number`).
 */
export const RESERVED_PARAMETER_NAMES: ReadonlySet<string> = new Set([
  "await",
  "break",
  "case",
  "catch",
  "class",
  "const",
  "continue",
  "date",
  "debugger",
  "default",
  "delete",
  "do",
  "else",
  "enum",
  "export",
  "extends",
  "false",
  "finally",
  "for",
  "function",
  "if",
  "implements",
  "import",
  "in",
  "instanceof",
  "interface",
  "let",
  "new",
  "null",
  "number",
  "package",
  "private",
  "protected",
  "public",
  "return",
  "static",
  "super",
  "switch",
  "this",
  "throw",
  "true",
  "try",
  "typeof",
  "var",
  "void",
  "while",
  "with",
  "yield",
]);

/**
 * The JavaScript name of a parameter: camelCase of its wire name's words,
 * reserved words prefixed with `_`
 * (`edgeGroup.id` -> `edgeGroupId`, `If-Match` -> `ifMatch`,
 * `SIPSearchPublicRequest` -> `sIPSearchPublicRequest`, `date` -> `_date`).
 */
export function parameterName(wire: string): string {
  const parts = words(wire);
  if (parts.length === 0) {
    throw new Error(`parameter ${JSON.stringify(wire)} has no letters or digits`);
  }
  const name = lowerFirst(parts[0]) + parts.slice(1).map(upperFirst).join("");
  const safe = /^[0-9]/.test(name) ? `_${name}` : name;
  return RESERVED_PARAMETER_NAMES.has(safe) ? `_${safe}` : safe;
}

/** True when `name` can be written unquoted as a property key or identifier. */
export function isIdentifier(name: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name);
}

/** A property key as written in a type literal: bare when it is an identifier, quoted otherwise. */
export function propertyKey(name: string): string {
  return isIdentifier(name) ? name : JSON.stringify(name);
}

/**
 * snake_case of a PascalCase/camelCase identifier
 * (`UserEntityListing` -> `user_entity_listing`, `ScimV2User` -> `scim_v2_user`,
 * `SIPSearchPublicRequest` -> `sip_search_public_request`).
 */
export function snakeCase(name: string): string {
  return words(name)
    .map((w) =>
      w
        .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
        .replace(/([A-Z])([A-Z][a-z])/g, "$1_$2")
        .toLowerCase()
    )
    .join("_");
}

/** Stems a model file must not have: the index module and Windows device names. */
const RESERVED_STEMS: ReadonlySet<string> = new Set([
  "mod",
  "con",
  "prn",
  "aux",
  "nul",
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((n) => [`com${n}`, `lpt${n}`]),
]);

/** Longest model file stem; JSR rejects file names of 95 characters or more. */
export const MAX_FILE_STEM = 80;

/** 32-bit FNV-1a of a string, as 8 hex digits: a short, stable fingerprint. */
export function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

/**
 * File stems for model names: snake_case, shortened with a fingerprint when
 * longer than {@linkcode MAX_FILE_STEM}, and made unique ignoring case (a name
 * whose stem is taken gets `_2`, `_3`, ... in sorted name order), so the
 * result is the same on case-insensitive file systems and across runs.
 */
export function modelFileStems(names: Iterable<string>): Map<string, string> {
  const stems = new Map<string, string>();
  const taken = new Set<string>();
  for (const name of [...names].sort()) {
    let stem = snakeCase(name);
    if (stem.length > MAX_FILE_STEM) {
      stem = `${stem.slice(0, MAX_FILE_STEM - 9).replace(/_+$/, "")}_${fingerprint(name)}`;
    }
    let unique = stem;
    for (let n = 2; taken.has(unique) || RESERVED_STEMS.has(unique); n++) unique = `${stem}_${n}`;
    taken.add(unique);
    stems.set(name, unique);
  }
  return stems;
}
