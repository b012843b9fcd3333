/**
 * Fault injection: rules registered through `sandbox.faults.add(...)` and the per-request
 * `x-sandbox-fault` header.
 *
 * Header grammar (directives separated by `;`, names case-insensitive, spaces around tokens
 * ignored):
 *
 * ```
 * x-sandbox-fault: directive *( ";" directive )
 * directive   = "status=" 400-599
 *             / "retry-after=" ( seconds / HTTP-date / "none" )
 *             / "times=" 1*DIGIT          ; default 1
 *             / "latency-ms=" 1*DIGIT
 *             / "drop"                    ; or "drop=true"
 *             / "id=" token               ; distinguishes otherwise equal headers
 * ```
 *
 * A header fault applies to the first `times` requests that carry the same header value with the
 * same method and path; later ones (for instance the client's retry after the faults) are handled
 * normally. At least one of `status`, `drop` or `latency-ms` is required.
 *
 * @module
 */

import type { FaultControls, FaultRule } from "./types.ts";

/**
 * Name of the per-request fault header.
 *
 * @example
 * ```ts
 * import { FAULT_HEADER } from "./faults.ts";
 * const headers = { [FAULT_HEADER]: "status=503;times=1" };
 * ```
 */
export const FAULT_HEADER = "x-sandbox-fault";

/** What to do with one request that matched a fault. */
export interface ActiveFault {
  status?: number;
  retryAfter: string | null;
  latencyMs: number;
  drop: boolean;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * A malformed `x-sandbox-fault` header or fault rule.
 *
 * @example
 * ```ts
 * import { FaultSpecError, parseFaultHeader } from "./faults.ts";
 * try {
 *   parseFaultHeader("status=200");
 * } catch (e) {
 *   console.log(e instanceof FaultSpecError); // true
 * }
 * ```
 */
export class FaultSpecError extends Error {
  /** Creates the error. */
  constructor(message: string) {
    super(message);
    this.name = "FaultSpecError";
  }
}

/**
 * A parsed `x-sandbox-fault` header.
 *
 * @example
 * ```ts
 * import { parseFaultHeader } from "./faults.ts";
 * const spec = parseFaultHeader("status=429;retry-after=2;times=3");
 * console.log(spec.status, spec.retryAfter, spec.times); // 429 "2" 3
 * ```
 */
export interface ParsedFaultHeader {
  /** Status to answer with. */
  status?: number;
  /** `Retry-After` value; `null` for `retry-after=none`; absent for the default. */
  retryAfter?: string | null;
  /** How many requests with this header (same method and path) get the fault. */
  times: number;
  /** Added delay in milliseconds. */
  latencyMs?: number;
  /** Close the connection without a response. */
  drop: boolean;
  /** Free-form id that makes otherwise equal headers count separately. */
  id?: string;
}

function checkStatus(status: number): void {
  if (!Number.isInteger(status) || status < 400 || status > 599) {
    throw new FaultSpecError(`fault status must be an integer 400-599, got ${status}`);
  }
}

/**
 * Parses an `x-sandbox-fault` header value (grammar in the module documentation).
 *
 * @example
 * ```ts
 * import { parseFaultHeader } from "./faults.ts";
 * parseFaultHeader("drop"); // { times: 1, drop: true }
 * ```
 *
 * @throws {FaultSpecError} on an unknown directive or a bad value.
 */
export function parseFaultHeader(value: string): ParsedFaultHeader {
  const out: ParsedFaultHeader = { times: 1, drop: false };
  for (const raw of value.split(";")) {
    const part = raw.trim();
    if (!part) continue;
    const eq = part.indexOf("=");
    const name = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    const val = eq < 0 ? "" : part.slice(eq + 1).trim();
    const integer = () => {
      if (!/^\d+$/.test(val)) throw new FaultSpecError(`${name} must be a non-negative integer`);
      return Number(val);
    };
    switch (name) {
      case "status":
        out.status = integer();
        checkStatus(out.status);
        break;
      case "retry-after":
        if (!val) throw new FaultSpecError("retry-after needs a value");
        out.retryAfter = val.toLowerCase() === "none" ? null : val;
        break;
      case "times":
        out.times = integer();
        if (out.times < 1) throw new FaultSpecError("times must be at least 1");
        break;
      case "latency-ms":
        out.latencyMs = integer();
        break;
      case "drop":
        if (eq >= 0 && val !== "true" && val !== "1") {
          throw new FaultSpecError("drop takes no value (or true)");
        }
        out.drop = true;
        break;
      case "id":
        out.id = val;
        break;
      default:
        throw new FaultSpecError(`unknown directive '${name}'`);
    }
  }
  if (out.status === undefined && !out.drop && out.latencyMs === undefined) {
    throw new FaultSpecError("a fault needs status, drop or latency-ms");
  }
  return out;
}

function defaultRetryAfter(status: number | undefined, value: unknown): string | null {
  if (value === null) return null;
  if (value !== undefined) return String(value);
  return status === 429 || status === 503 ? "1" : null;
}

interface StoredRule {
  id: number;
  rule: FaultRule;
  remaining: number;
}

/** The fault registry behind `sandbox.faults`. */
export class FaultRegistry implements FaultControls {
  #rules: StoredRule[] = [];
  #nextId = 1;
  readonly #headerUses = new Map<string, number>();

  /** Adds a rule (see {@linkcode FaultRule}). */
  add(rule: FaultRule): number {
    if (rule.status !== undefined) checkStatus(rule.status);
    if (rule.status === undefined && !rule.drop && rule.latencyMs === undefined) {
      throw new FaultSpecError("a fault needs status, drop or latencyMs");
    }
    const times = rule.times ?? 1;
    if (!(times >= 1)) throw new FaultSpecError("times must be at least 1");
    const id = this.#nextId++;
    this.#rules.push({ id, rule: { ...rule }, remaining: times });
    return id;
  }

  /** Removes a rule by id. */
  remove(id: number): boolean {
    const before = this.#rules.length;
    this.#rules = this.#rules.filter((r) => r.id !== id);
    return this.#rules.length !== before;
  }

  /** Removes all rules and header counts. */
  clear(): void {
    this.#rules = [];
    this.#headerUses.clear();
  }

  /** Lists the active rules. */
  list(): { id: number; rule: FaultRule; remaining: number }[] {
    return this.#rules.map((r) => ({ id: r.id, rule: { ...r.rule }, remaining: r.remaining }));
  }

  /** True when no rule is registered (fast path). */
  get empty(): boolean {
    return this.#rules.length === 0;
  }

  /** Finds the first rule matching the request and uses it up once. */
  take(method: string, path: string): ActiveFault | undefined {
    for (const stored of this.#rules) {
      const { rule } = stored;
      if (rule.method) {
        if (rule.method.toUpperCase() !== method) continue;
      } else if (method === "OPTIONS") continue;
      if (rule.path !== undefined) {
        if (typeof rule.path === "string") {
          const p = rule.path;
          if (p.endsWith("*") ? !path.startsWith(p.slice(0, -1)) : p !== path) continue;
        } else {
          rule.path.lastIndex = 0;
          if (!rule.path.test(path)) continue;
        }
      }
      stored.remaining--;
      if (stored.remaining <= 0) this.#rules = this.#rules.filter((r) => r !== stored);
      return {
        status: rule.status,
        retryAfter: defaultRetryAfter(rule.status, rule.retryAfter),
        latencyMs: rule.latencyMs ?? 0,
        drop: rule.drop === true,
        body: rule.body,
        headers: rule.headers,
      };
    }
    return undefined;
  }

  /** Applies an `x-sandbox-fault` header; undefined once its `times` are used up. */
  takeHeader(value: string, method: string, path: string): ActiveFault | undefined {
    const spec = parseFaultHeader(value);
    const key = `${method} ${path} ${value}`;
    const used = this.#headerUses.get(key) ?? 0;
    if (used >= spec.times) return undefined;
    this.#headerUses.set(key, used + 1);
    return {
      status: spec.status,
      retryAfter: defaultRetryAfter(spec.status, spec.retryAfter),
      latencyMs: spec.latencyMs ?? 0,
      drop: spec.drop,
    };
  }
}
