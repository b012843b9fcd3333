/**
 * Request validation against the definition, as Prism does: path, query and header parameters
 * (presence, types, formats, enums, ranges) and the JSON body against its schema (types,
 * required properties, formats, array items, enums, lengths, patterns). Each problem names the
 * field and where it is (`query.pageSize`, `body.memberInfo.displayName`,
 * `body.entities[2].id`).
 *
 * Unknown properties and query parameters are accepted (Genesys ignores most of them); `null`
 * is accepted for optional body properties (it clears a field in a `PATCH`); read-only
 * properties are never required in a request.
 *
 * @module
 */

import { type OperationModel, type ParamModel, refName, type Schema } from "./model.ts";

/** One validation problem. */
export interface Problem {
  /** Where: `path.userId`, `query.pageSize`, `header.If-Match`, `body`, `body.name`, ... */
  field: string;
  /** A short code: `missing.required`, `invalid.type`, `invalid.format`, `invalid.enum`, ... */
  code: string;
  /** A sentence naming the problem. */
  message: string;
}

/** At most this many problems are reported for one request. */
export const MAX_PROBLEMS = 25;

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DATE_TIME =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?$/i;
const LOCAL_DATE_TIME =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?$/;
const LOCAL_TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?$/;
const DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;

function intervalEnd(text: string): boolean {
  return DATE_TIME.test(text) || DATE.test(text) || DURATION.test(text);
}

/** Whether a string has the given Swagger `format` (unknown formats always match). */
export function formatMatches(format: string, value: string): boolean {
  switch (format) {
    case "date":
      return DATE.test(value);
    case "date-time":
      return DATE_TIME.test(value);
    case "local-date-time":
      return LOCAL_DATE_TIME.test(value);
    case "local-time":
      return LOCAL_TIME.test(value);
    case "interval": {
      const parts = value.split("/");
      return parts.length === 2 && intervalEnd(parts[0]) && intervalEnd(parts[1]);
    }
    case "uri":
    case "url":
      return value.length > 0 && !/\s/.test(value);
    default:
      return true;
  }
}

const FORMAT_NAMES: Record<string, string> = {
  "date": "an ISO-8601 date (yyyy-MM-dd)",
  "date-time": "an ISO-8601 date-time (yyyy-MM-ddTHH:mm:ss.SSSZ)",
  "local-date-time": "an ISO-8601 local date-time (yyyy-MM-ddTHH:mm:ss)",
  "local-time": "an ISO-8601 local time (HH:mm:ss)",
  "interval": "an ISO-8601 interval (start/end)",
  "uri": "a URI",
  "url": "a URL",
};

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value === "number" && Number.isInteger(value) ? "integer" : typeof value;
}

function shown(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Validates values against schemas of one model's definitions. */
export class SchemaValidator {
  readonly #definitions: Record<string, Schema>;
  readonly #patterns = new Map<string, RegExp | null>();

  /** Uses `definitions` to resolve `$ref`s. */
  constructor(definitions: Record<string, Schema>) {
    this.#definitions = definitions;
  }

  /** The schema a `$ref` names (an empty schema when it names nothing). */
  resolve(schema: Schema): { schema: Schema; name?: string } {
    let s = schema;
    let name: string | undefined;
    for (let hops = 0; s.$ref && hops < 16; hops++) {
      name = refName(s.$ref);
      s = this.#definitions[name] ?? {};
    }
    return { schema: s, name };
  }

  #pattern(source: string): RegExp | null {
    let re = this.#patterns.get(source);
    if (re === undefined) {
      try {
        re = new RegExp(source);
      } catch {
        re = null;
      }
      this.#patterns.set(source, re);
    }
    return re;
  }

  /**
   * Checks `value` against `schema`, adding problems under `field`. `request`: read-only
   * properties are not required and optional properties may be `null`.
   */
  check(
    schema: Schema,
    value: unknown,
    field: string,
    problems: Problem[],
    request: boolean,
  ): void {
    if (problems.length >= MAX_PROBLEMS) return;
    const { schema: s, name } = this.resolve(schema);
    const add = (code: string, message: string) => {
      if (problems.length < MAX_PROBLEMS) {
        problems.push({ field, code, message: `${field}: ${message}` });
      }
    };
    const type = s.type ?? (s.properties || s.additionalProperties ? "object" : undefined);
    if (value === null) {
      if (!request) add("invalid.type", `expected ${type ?? "a value"}, got null`);
      return;
    }
    switch (type) {
      case "object": {
        if (typeof value !== "object" || Array.isArray(value)) {
          add(
            "invalid.type",
            `expected an object${name ? ` (${name})` : ""}, got ${describe(value)}`,
          );
          return;
        }
        const obj = value as Record<string, unknown>;
        for (const key of s.required ?? []) {
          const prop = s.properties?.[key];
          if (request && prop && (prop.readOnly || this.resolve(prop).schema.readOnly)) continue;
          if (obj[key] === undefined || obj[key] === null) {
            if (problems.length < MAX_PROBLEMS) {
              problems.push({
                field: `${field}.${key}`,
                code: "missing.required",
                message: `${field}.${key}: the property "${key}"${
                  name ? ` of ${name}` : ""
                } is required`,
              });
            }
          }
        }
        for (const key in obj) {
          const v = obj[key];
          if (v === undefined) continue;
          const prop = s.properties?.[key];
          if (prop) this.check(prop, v, `${field}.${key}`, problems, request);
          else if (typeof s.additionalProperties === "object") {
            this.check(s.additionalProperties, v, `${field}.${key}`, problems, request);
          }
        }
        return;
      }
      case "array": {
        if (!Array.isArray(value)) {
          add("invalid.type", `expected an array, got ${describe(value)}`);
          return;
        }
        if (s.minItems !== undefined && value.length < s.minItems) {
          add("invalid.size", `expected at least ${s.minItems} items, got ${value.length}`);
        }
        if (s.maxItems !== undefined && value.length > s.maxItems) {
          add("invalid.size", `expected at most ${s.maxItems} items, got ${value.length}`);
        }
        if (s.items) {
          for (let i = 0; i < value.length && problems.length < MAX_PROBLEMS; i++) {
            if (value[i] === null && request) {
              problems.push({
                field: `${field}[${i}]`,
                code: "invalid.type",
                message: `${field}[${i}]: null is not a valid item`,
              });
              continue;
            }
            this.check(s.items, value[i], `${field}[${i}]`, problems, request);
          }
        }
        return;
      }
      case "string": {
        if (typeof value !== "string") {
          add("invalid.type", `expected a string, got ${describe(value)}`);
          return;
        }
        this.#checkString(s, value, add);
        return;
      }
      case "integer":
      case "number": {
        if (typeof value !== "number" || !Number.isFinite(value)) {
          add(
            "invalid.type",
            `expected ${type === "integer" ? "an integer" : "a number"}, got ${describe(value)}`,
          );
          return;
        }
        if (type === "integer" && !Number.isInteger(value)) {
          add("invalid.type", `expected an integer, got ${value}`);
          return;
        }
        this.#checkNumber(s, value, add);
        return;
      }
      case "boolean":
        if (typeof value !== "boolean") {
          add("invalid.type", `expected a boolean, got ${describe(value)}`);
        }
        return;
      default:
        return;
    }
  }

  #checkString(s: Schema, value: string, add: (code: string, message: string) => void): void {
    if (s.enum && !s.enum.includes(value)) {
      add("invalid.enum", `[${shown(value)}] is not one of ${s.enum.join(", ")}`);
      return;
    }
    if (s.format && !formatMatches(s.format, value)) {
      add("invalid.format", `[${shown(value)}] is not ${FORMAT_NAMES[s.format] ?? s.format}`);
    }
    if (s.minLength !== undefined && value.length < s.minLength) {
      add("invalid.length", `expected at least ${s.minLength} characters, got ${value.length}`);
    }
    if (s.maxLength !== undefined && value.length > s.maxLength) {
      add("invalid.length", `expected at most ${s.maxLength} characters, got ${value.length}`);
    }
    if (s.pattern) {
      const re = this.#pattern(s.pattern);
      if (re && !re.test(value)) {
        add("invalid.pattern", `[${shown(value)}] does not match ${s.pattern}`);
      }
    }
  }

  #checkNumber(s: Schema, value: number, add: (code: string, message: string) => void): void {
    if (s.enum && !s.enum.includes(value)) {
      add("invalid.enum", `[${value}] is not one of ${s.enum.join(", ")}`);
      return;
    }
    if (s.format === "int32" && (value < INT32_MIN || value > INT32_MAX)) {
      add("invalid.range", `[${value}] is not a 32-bit integer`);
    } else if (s.format === "int64" && !Number.isSafeInteger(value)) {
      add("invalid.range", `[${value}] is not a 64-bit integer JavaScript can hold`);
    }
    if (s.minimum !== undefined && value < s.minimum) {
      add("invalid.range", `[${value}] is less than the minimum ${s.minimum}`);
    }
    if (s.maximum !== undefined && value > s.maximum) {
      add("invalid.range", `[${value}] is more than the maximum ${s.maximum}`);
    }
  }

  /** Whether `value` is valid against `schema` as a response value (no `null`s). */
  isValid(schema: Schema, value: unknown): boolean {
    const problems: Problem[] = [];
    this.check(schema, value, "value", problems, false);
    return problems.length === 0;
  }
}

/** A parameter's text value turned into its type, or the problem with it. */
function parseScalar(
  schema: Schema,
  text: string,
): { value: unknown } | { problem: string } {
  switch (schema.type) {
    case "integer":
      if (!/^[-+]?\d+$/.test(text)) return { problem: `[${shown(text)}] is not an integer` };
      return { value: Number(text) };
    case "number": {
      const n = Number(text);
      if (text.trim() === "" || !Number.isFinite(n)) {
        return { problem: `[${shown(text)}] is not a number` };
      }
      return { value: n };
    }
    case "boolean": {
      const t = text.toLowerCase();
      if (t !== "true" && t !== "false") {
        return { problem: `[${shown(text)}] is not true or false` };
      }
      return { value: t === "true" };
    }
    default:
      if (schema.enum) {
        // Genesys matches enum values of parameters without regard to case.
        const hit = schema.enum.find((e) => String(e).toLowerCase() === text.toLowerCase());
        if (hit === undefined) {
          return { problem: `[${shown(text)}] is not one of ${schema.enum.join(", ")}` };
        }
        return { value: hit };
      }
      return { value: text };
  }
}

const SEPARATORS: Record<string, string> = { csv: ",", ssv: " ", tsv: "\t", pipes: "|" };

/** The raw text values of a parameter in a request (several for `multi` arrays). */
function rawValues(
  param: ParamModel,
  url: URL,
  headers: Headers,
  pathParams: Record<string, string>,
): string[] {
  switch (param.in) {
    case "path":
      return pathParams[param.name] !== undefined ? [pathParams[param.name]] : [];
    case "header": {
      const v = headers.get(param.name);
      return v === null ? [] : [v];
    }
    default:
      return url.searchParams.getAll(param.name);
  }
}

/**
 * Validates the parameters of a request; returns their typed values by wire name (absent ones
 * left out).
 */
export function checkParams(
  op: OperationModel,
  validator: SchemaValidator,
  url: URL,
  headers: Headers,
  pathParams: Record<string, string>,
  problems: Problem[],
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const param of op.params) {
    const field = `${param.in}.${param.name}`;
    const raw = rawValues(param, url, headers, pathParams).filter((v) => v !== "");
    if (raw.length === 0) {
      if (param.required && problems.length < MAX_PROBLEMS) {
        problems.push({
          field,
          code: "missing.required",
          message: `${field}: the ${param.in} parameter "${param.name}" is required`,
        });
      }
      continue;
    }
    const schema = param.schema;
    if (schema.type === "array") {
      const items = schema.items ?? {};
      const sep = SEPARATORS[param.collectionFormat ?? "csv"];
      const texts = param.collectionFormat === "multi" ? raw : raw.flatMap((r) => r.split(sep));
      const out: unknown[] = [];
      texts.forEach((text, i) => {
        const parsed = parseScalar(items, text);
        if ("problem" in parsed) {
          problems.push({
            field: `${field}[${i}]`,
            code: "invalid.value",
            message: `${field}[${i}]: ${parsed.problem}`,
          });
        } else {
          out.push(parsed.value);
          validator.check(
            { ...items, enum: undefined },
            parsed.value,
            `${field}[${i}]`,
            problems,
            true,
          );
        }
      });
      values[param.name] = out;
      continue;
    }
    const parsed = parseScalar(schema, raw[0]);
    if ("problem" in parsed) {
      const code = schema.enum ? "invalid.enum" : "invalid.type";
      problems.push({ field, code, message: `${field}: ${parsed.problem}` });
      continue;
    }
    validator.check({ ...schema, enum: undefined }, parsed.value, field, problems, true);
    values[param.name] = parsed.value;
  }
  return values;
}
