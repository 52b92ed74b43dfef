import type { BffConnection } from "@finlink/contracts";

/** What a connection's listeners hear: its new state, or that it is gone. */
export type ConnectionEvent = { type: "connection"; connection: BffConnection } | { type: "deleted"; id: string };

export type ConnectionListener = (event: ConnectionEvent) => void;

/**
 * The in-process bus of stored connection changes, keyed by the BFF's connection id: `updateConnection` and
 * `deleteConnectionRow` publish (every path that changes a connection goes through them), the events stream
 * listens. In one process only: several BFF processes behind a balancer would relay it through PostgreSQL
 * `LISTEN/NOTIFY` (a webhook may land on one process and the user's stream on another).
 */
export class ConnectionEvents {
  readonly #listeners = new Map<string, Set<ConnectionListener>>();

  /** Listens to one connection; the answer removes the listener (call it when the stream ends). */
  subscribe(id: string, listener: ConnectionListener): () => void {
    let set = this.#listeners.get(id);
    if (!set) {
      set = new Set();
      this.#listeners.set(id, set);
    }
    set.add(listener);
    return () => {
      const current = this.#listeners.get(id);
      if (!current?.delete(listener)) return;
      if (current.size === 0) this.#listeners.delete(id);
    };
  }

  /** Tells every listener of the connection at once (no batching: a READY reaches the browser now). */
  publish(id: string, event: ConnectionEvent): void {
    const set = this.#listeners.get(id);
    if (!set) return;
    // A copy: a listener that unsubscribes (a `deleted` ends its stream) must not skip its neighbour.
    for (const listener of [...set]) {
      try {
        listener(event);
      } catch {
        // One broken stream must not keep the others, or the writer that published, from going on.
      }
    }
  }

  /** Listeners of one connection, or of all of them: what the tests count to see a closed tab freed. */
  listenerCount(id?: string): number {
    if (id !== undefined) return this.#listeners.get(id)?.size ?? 0;
    let count = 0;
    for (const set of this.#listeners.values()) count += set.size;
    return count;
  }
}
