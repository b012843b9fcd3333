/**
 * Response synthesis: a value valid against a schema, the same for the same seed, with
 * realistic strings by format and property name (`id` a UUID, `selfUri` the resource's path,
 * emails, phone numbers, ISO-8601 dates, enum values), arrays of a few items, and depth limits
 * for the definition's recursive and very large types (optional properties thin out with depth;
 * required ones are always there).
 *
 * @module
 */

import { seededUuid } from "../ids.ts";
import type { OperationIndex } from "./operations.ts";
import { refName, type Schema } from "./model.ts";
import type { SchemaValidator } from "./validate.ts";

/** A small deterministic PRNG (mulberry32) seeded from a string. */
export class Rng {
  #state: number;

  /** Seeds from `seed`. */
  constructor(seed: string) {
    let h = 0x811c9dc5;
    for (let i = 0; i < seed.length; i++) {
      h ^= seed.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    this.#state = h || 1;
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** One element of `list`. */
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)];
  }

  /** A UUID derived from the stream. */
  uuid(): string {
    return seededUuid(String(this.next()));
  }
}

/** First names of synthesized people. */
export const FIRST_NAMES: readonly string[] = [
  "Ada",
  "Brian",
  "Chloe",
  "Dmitri",
  "Elena",
  "Farid",
  "Grace",
  "Hiro",
  "Ines",
  "Jonas",
  "Kemi",
  "Liam",
  "Maya",
  "Nils",
  "Olga",
  "Pavel",
  "Quinn",
  "Rosa",
  "Sven",
  "Tara",
];

/** Last names of synthesized people. */
export const LAST_NAMES: readonly string[] = [
  "Lovelace",
  "Kernighan",
  "Nakamura",
  "Okafor",
  "Petrova",
  "Schmidt",
  "Hopper",
  "Tanaka",
  "Moreau",
  "Silva",
  "Adeyemi",
  "Walsh",
  "Berg",
];

/** Fixed instant synthesized dates are built from (2025-01-06T09:00:00Z). */
const EPOCH = Date.UTC(2025, 0, 6, 9, 0, 0);
const DAY = 86_400_000;

/** The last word of a definition name that says it is a person. */
const PERSON =
  /^(user|person|agent|contact|member|trustee|participant|customer|guest|owner|manager|supervisor|coach|author)$/i;
const LISTING_URIS = new Set(["firstUri", "lastUri", "nextUri", "previousUri"]);

/** Options of one synthesis. */
export interface SynthOptions {
  /** The `id` of the top-level object. */
  id?: string;
  /** The `selfUri` of the top-level object. */
  selfUri?: string;
  /** The `name` of the top-level object. */
  name?: string;
}

interface Frame {
  rng: Rng;
  stack: string[];
  options: SynthOptions;
}

const GENERIC_REF = /Ref$|Reference$|^DomainEntity$|^Entity$/;

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function humanize(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2");
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString();
}

/** Makes values from schemas. */
export class Synthesizer {
  readonly #index: OperationIndex;
  readonly #validator: SchemaValidator;

  /** Uses the index for `selfUri` templates and the validator to resolve `$ref`s and patterns. */
  constructor(index: OperationIndex, validator: SchemaValidator) {
    this.#index = index;
    this.#validator = validator;
  }

  /**
   * A value valid against `schema`, determined by `seed` (and `options`).
   */
  value(schema: Schema, seed: string, options: SynthOptions = {}): unknown {
    return this.#gen(schema, "", 0, { rng: new Rng(seed), stack: [], options }, "", true);
  }

  #gen(
    schema: Schema,
    key: string,
    depth: number,
    frame: Frame,
    owner: string,
    top = false,
  ): unknown {
    const { schema: s, name } = this.#validator.resolve(schema);
    const type = s.type ?? (s.properties || s.additionalProperties ? "object" : undefined);
    if (s.enum && s.enum.length > 0) {
      if (key === "state" || key === "status") {
        // Entities are live unless told otherwise.
        const live = s.enum.find((v) => /^(active|enabled)$/i.test(String(v)));
        if (live !== undefined) return live;
      }
      return frame.rng.pick(s.enum);
    }
    switch (type) {
      case "object":
        return this.#object(s, name ?? owner, depth, frame, top, key);
      case "array":
        return this.#array(s, key, depth, frame, owner);
      case "string":
        return this.#string(s, key, frame, owner);
      case "integer":
        return this.#integer(s, key, frame);
      case "number": {
        const min = s.minimum ?? 0;
        const max = s.maximum ?? Math.max(min + 100, 100);
        return Math.round((min + frame.rng.next() * (max - min)) * 100) / 100;
      }
      case "boolean":
        return frame.rng.next() < 0.5;
      default:
        return {};
    }
  }

  #include(
    key: string,
    prop: Schema,
    required: boolean,
    depth: number,
  ): boolean {
    if (required) return true;
    if (key === "id" || key === "name" || key === "selfUri") return true;
    if (depth <= 1) return true;
    if (depth >= 3) return false;
    const { schema: p } = this.#validator.resolve(prop);
    return p.type !== "object" && p.type !== "array" && !p.properties;
  }

  #object(
    s: Schema,
    defName: string,
    depth: number,
    frame: Frame,
    top: boolean,
    key: string,
  ): unknown {
    const out: Record<string, unknown> = {};
    // A generic reference (`DomainEntityRef`) is named after what it refers to (`queue`).
    const label = key && GENERIC_REF.test(defName) ? capitalized(humanize(key)) : defName;
    const props = s.properties;
    if (!props) {
      if (typeof s.additionalProperties === "object" && depth < 6) {
        const count = depth <= 1 ? 2 : 1;
        for (let i = 1; i <= count; i++) {
          out[`key${i}`] = this.#gen(s.additionalProperties, `key${i}`, depth + 1, frame, defName);
        }
      }
      return out;
    }
    const required = new Set(s.required ?? []);
    const recursive = defName !== "" && frame.stack.includes(defName);
    if (defName) frame.stack.push(defName);
    try {
      for (const [key, prop] of Object.entries(props)) {
        const isRequired = required.has(key);
        if (!this.#include(key, prop, isRequired, recursive ? 3 : depth)) continue;
        if (depth > 10 && !isRequired) continue;
        const ref = prop.$ref
          ? refName(prop.$ref)
          : prop.items?.$ref
          ? refName(prop.items.$ref)
          : "";
        if (!isRequired && ref && frame.stack.includes(ref)) continue;
        if (top) {
          if (key === "id" && frame.options.id !== undefined) {
            out.id = frame.options.id;
            continue;
          }
          if (key === "selfUri" && frame.options.selfUri !== undefined) {
            out.selfUri = frame.options.selfUri;
            continue;
          }
          if (key === "name" && frame.options.name !== undefined) {
            out.name = frame.options.name;
            continue;
          }
        }
        if (key === "selfUri") {
          const uri = this.#selfUri(defName, out.id);
          if (uri !== undefined) out.selfUri = uri;
          else if (isRequired) out.selfUri = frame.options.selfUri ?? "/api/v2";
          continue;
        }
        if (LISTING_URIS.has(key) && !isRequired) continue;
        out[key] = this.#gen(prop, key, depth + 1, frame, label);
      }
    } finally {
      if (defName) frame.stack.pop();
    }
    return out;
  }

  #selfUri(defName: string, id: unknown): string | undefined {
    if (typeof id !== "string") return undefined;
    const template = this.#index.itemPaths.get(defName);
    if (!template) return undefined;
    return template.replace(/\{[^}]*\}/, encodeURIComponent(id));
  }

  #array(s: Schema, key: string, depth: number, frame: Frame, owner: string): unknown[] {
    const items = s.items ?? {};
    const ref = items.$ref ? refName(items.$ref) : "";
    let count = depth === 0 ? 3 : depth <= 1 ? 2 : depth <= 3 ? 1 : 0;
    if (ref && frame.stack.includes(ref)) count = 0;
    if (s.minItems !== undefined) count = Math.max(count, s.minItems);
    if (s.maxItems !== undefined) count = Math.min(count, s.maxItems);
    const { schema: item } = this.#validator.resolve(items);
    if (item.enum && item.enum.length > 0) {
      // Distinct enum values (uniqueItems is common on them).
      const start = frame.rng.int(0, item.enum.length - 1);
      const n = Math.min(count, item.enum.length);
      return Array.from({ length: n }, (_, i) => item.enum![(start + i) % item.enum!.length]);
    }
    // Distinct objects are not guaranteed from a seed: one item where items must be unique.
    if (s.uniqueItems && count > 1) count = Math.max(1, s.minItems ?? 1);
    const out: unknown[] = [];
    const singular = key.endsWith("s") ? key.slice(0, -1) : key;
    for (let i = 0; i < count; i++) out.push(this.#gen(items, singular, depth + 1, frame, owner));
    return out;
  }

  #integer(s: Schema, key: string, frame: Frame): number {
    const k = key.toLowerCase();
    let min = s.minimum ?? 0;
    let max = s.maximum ?? 100;
    if (k === "version") {
      min = Math.max(min, 1);
      max = Math.min(max, min);
    } else if (/count$|total|size$|number$/.test(k)) {
      max = Math.min(max, Math.max(min, 25));
    } else if (/ms$|millis|milliseconds/.test(k)) {
      max = s.maximum ?? 600_000;
      min = Math.min(s.minimum ?? 1000, max);
    } else if (/seconds|sec$/.test(k)) {
      max = s.maximum ?? 3600;
      min = Math.min(s.minimum ?? 5, max);
    }
    if (max < min) max = min;
    return frame.rng.int(min, max);
  }

  #string(s: Schema, key: string, frame: Frame, owner: string): string {
    const r = frame.rng;
    let value = this.#stringByFormat(s.format, r) ?? this.#stringByName(key, owner, r);
    if (s.pattern) value = this.#matching(s.pattern, value, r);
    if (s.minLength !== undefined && value.length < s.minLength) {
      value = value.padEnd(s.minLength, "x");
    }
    if (s.maxLength !== undefined && value.length > s.maxLength) {
      value = value.slice(0, s.maxLength);
    }
    return value;
  }

  #stringByFormat(format: string | undefined, r: Rng): string | undefined {
    if (!format) return undefined;
    const at = EPOCH + r.int(0, 30 * 24) * 3_600_000;
    switch (format) {
      case "date-time":
        return isoDate(at);
      case "date":
        return isoDate(at).slice(0, 10);
      case "local-date-time":
        return isoDate(at).slice(0, 23);
      case "local-time":
        return isoDate(at).slice(11, 23);
      case "interval":
        return `${isoDate(at)}/${isoDate(at + DAY)}`;
      case "uri":
      case "url":
        return `https://sandbox.example.com/files/${r.uuid()}`;
      default:
        return undefined;
    }
  }

  #stringByName(key: string, owner: string, r: Rng): string {
    const k = key.toLowerCase();
    if (k === "id" || k.endsWith("id") && /[a-z]Id$/.test(key) || k === "guid" || k === "uuid") {
      return r.uuid();
    }
    if (k === "name" || k === "displayname" || k === "fullname") {
      const last = humanize(owner).split(" ").pop() ?? "";
      if (PERSON.test(last)) return `${r.pick(FIRST_NAMES)} ${r.pick(LAST_NAMES)}`;
      return `${humanize(owner || "Sandbox item")} ${r.int(1, 99)}`;
    }
    if (k === "firstname" || k === "givenname") return r.pick(FIRST_NAMES);
    if (k === "lastname" || k === "familyname") return r.pick(LAST_NAMES);
    if (k.includes("email") || k === "username") {
      return `${r.pick(FIRST_NAMES).toLowerCase()}.${r.pick(LAST_NAMES).toLowerCase()}@example.com`;
    }
    if (k.includes("phone") || k === "e164" || k === "ani" || k === "dnis" || k === "extension") {
      return `+1317555${String(r.int(0, 9999)).padStart(4, "0")}`;
    }
    if (k.endsWith("uri") || k.endsWith("url")) {
      return `https://sandbox.example.com/${k.replace(/uri$|url$/, "") || "resource"}/${r.uuid()}`;
    }
    if (k === "description" || k.endsWith("description")) {
      return `Sandbox ${humanize(owner || "item").toLowerCase()} for testing`;
    }
    if (k.includes("language") || k === "locale") return "en-US";
    if (k.includes("timezone")) return "America/New_York";
    if (k.includes("country")) return "US";
    if (k.includes("currency")) return "USD";
    if (k.includes("color") || k.includes("colour")) return "#336699";
    if (k === "state" || k === "status") return "active";
    if (k === "version") return "1";
    if (k.includes("date") || k.endsWith("time")) return isoDate(EPOCH + r.int(0, 720) * 3_600_000);
    const hex = r.int(0, 0xffff).toString(16).padStart(4, "0");
    return `${key || "value"}-${hex}`;
  }

  #matching(pattern: string, current: string, r: Rng): string {
    let re: RegExp;
    try {
      re = new RegExp(pattern);
    } catch {
      return current;
    }
    const candidates = [
      current,
      r.uuid(),
      "#336699",
      "sandbox-file.txt",
      "sandbox",
      "Sandbox",
      "1",
      "en-US",
      "a",
    ];
    return candidates.find((c) => re.test(c)) ?? current;
  }
}
