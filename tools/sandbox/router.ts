/**
 * A small path router: patterns with `{name}` segments, grouped by method and segment count;
 * literal segments win over parameters when two patterns match.
 *
 * @module
 */

import type { Route } from "./context.ts";

interface Compiled {
  route: Route;
  segments: string[];
  params: (string | null)[];
  literals: number;
}

/** Result of a route lookup. */
export type RouteMatch =
  | { route: Route; params: Record<string, string> }
  | { error: "not-found" }
  | { error: "bad-path" };

/** Matches request paths against a route table. */
export class Router {
  readonly #table = new Map<string, Compiled[]>();

  /** Compiles the routes. */
  constructor(routes: Route[]) {
    for (const route of routes) {
      const segments = route.pattern.split("/").slice(1);
      const params = segments.map((
        s,
      ) => (s.startsWith("{") && s.endsWith("}") ? s.slice(1, -1) : null));
      const key = `${route.method} ${segments.length}`;
      const list = this.#table.get(key) ?? [];
      list.push({ route, segments, params, literals: params.filter((p) => p === null).length });
      list.sort((a, b) => b.literals - a.literals);
      this.#table.set(key, list);
    }
  }

  /** Finds the route for a method and (percent-encoded) path. */
  match(method: string, path: string): RouteMatch {
    const parts = path.split("/").slice(1);
    if (parts.length > 1 && parts[parts.length - 1] === "") parts.pop();
    const candidates = this.#table.get(`${method} ${parts.length}`);
    if (!candidates) return { error: "not-found" };
    outer: for (const c of candidates) {
      for (let i = 0; i < parts.length; i++) {
        if (c.params[i] === null) {
          if (c.segments[i] !== parts[i]) continue outer;
        } else if (parts[i] === "") continue outer;
      }
      const params: Record<string, string> = {};
      for (let i = 0; i < parts.length; i++) {
        const name = c.params[i];
        if (name === null) continue;
        try {
          params[name] = decodeURIComponent(parts[i]);
        } catch {
          return { error: "bad-path" };
        }
      }
      return { route: c.route, params };
    }
    return { error: "not-found" };
  }
}
