/**
 * Duplicate events of a rollover: while an old and a new channel both deliver, an event seen
 * on one is dropped when its copy arrives on the other.
 *
 * @module
 */

import type { NotificationEvent } from "./types.ts";

/**
 * What identifies an event across channels: its topic and `CorrelationId` when it has one,
 * else the message text.
 *
 * @example
 * ```ts
 * import { eventKey } from "./dedupe.ts";
 * const event = { topicName: "t", version: "2", eventBody: {}, metadata: { CorrelationId: "c1" } };
 * console.log(eventKey(event, "{...}")); // t c1
 * ```
 */
export function eventKey(event: NotificationEvent, raw: string): string {
  const id = event.metadata.CorrelationId;
  return typeof id === "string" && id !== "" ? `${event.topicName} ${id}` : raw;
}

/**
 * Pairs copies of events between two sources (the old and the new channel of a rollover).
 * Copies are counted, so an event that legitimately comes twice on one channel is delivered
 * twice, and each copy on the other channel cancels one.
 *
 * @example
 * ```ts
 * import { OverlapDedupe } from "./dedupe.ts";
 * const dedupe = new OverlapDedupe<string>();
 * dedupe.begin("old", "new");
 * console.log(dedupe.admit("old", "e1"), dedupe.admit("new", "e1"), dedupe.admit("new", "e2"));
 * // true false true
 * dedupe.end();
 * ```
 */
export class OverlapDedupe<S> {
  #seen = new Map<S, Map<string, number>>();

  /** True while two sources are paired. */
  get active(): boolean {
    return this.#seen.size > 0;
  }

  /** Keys remembered now (for the memory checks). */
  get size(): number {
    let n = 0;
    for (const keys of this.#seen.values()) n += keys.size;
    return n;
  }

  /** Starts pairing `a` and `b` (forgetting any earlier pair). */
  begin(a: S, b: S): void {
    this.#seen = new Map([[a, new Map()], [b, new Map()]]);
  }

  /** True when the event from `source` is new; false when it is the copy of one already seen. */
  admit(source: S, key: string): boolean {
    const mine = this.#seen.get(source);
    if (mine === undefined) return true;
    for (const [other, keys] of this.#seen) {
      if (other === source) continue;
      const n = keys.get(key);
      if (n !== undefined) {
        if (n <= 1) keys.delete(key);
        else keys.set(key, n - 1);
        return false;
      }
    }
    mine.set(key, (mine.get(key) ?? 0) + 1);
    return true;
  }

  /** Stops pairing and forgets every key. */
  end(): void {
    this.#seen = new Map();
  }
}
