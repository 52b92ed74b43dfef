import { act } from "@testing-library/react";
import { vi } from "vitest";

type Listener = (event: MessageEvent) => void;

/** One EventSource the app opened: the test plays the BFF's side (open, events, a drop). */
export interface FakeEventSource {
  url: string;
  readyState: number;
  closed: boolean;
  /** The connection is up (EventSource's `open`). */
  open(): Promise<void>;
  /** A server event, its data given as an object (sent as JSON). */
  emit(type: string, data: unknown): Promise<void>;
  /** The connection dropped (EventSource's `error`; it would reconnect by itself, `open()` again then). */
  drop(): Promise<void>;
}

/**
 * Replaces the global `EventSource` (happy-dom has none) with fakes the test drives. Unstubbed after each
 * test by the setup's `vi.unstubAllGlobals()`.
 * @example const sources = stubEventSource(); …; await sources.latest().emit("connection", connection());
 */
export function stubEventSource() {
  const created: FakeEventSource[] = [];
  class Fake implements FakeEventSource {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSED = 2;
    readyState = 0;
    closed = false;
    onopen: ((event: Event) => void) | null = null;
    onerror: ((event: Event) => void) | null = null;
    readonly #listeners = new Map<string, Set<Listener>>();

    constructor(readonly url: string) {
      created.push(this);
    }

    addEventListener(type: string, listener: Listener) {
      const set = this.#listeners.get(type) ?? new Set();
      set.add(listener);
      this.#listeners.set(type, set);
    }

    removeEventListener(type: string, listener: Listener) {
      this.#listeners.get(type)?.delete(listener);
    }

    close() {
      this.closed = true;
      this.readyState = 2;
    }

    open = () =>
      act(async () => {
        if (this.closed) throw new Error("the app closed this EventSource");
        this.readyState = 1;
        this.onopen?.(new Event("open"));
      });

    emit = (type: string, data: unknown) =>
      act(async () => {
        if (this.closed) throw new Error("the app closed this EventSource");
        const event = new MessageEvent(type, { data: JSON.stringify(data) });
        for (const listener of this.#listeners.get(type) ?? []) listener(event);
      });

    drop = () =>
      act(async () => {
        this.readyState = 0;
        this.onerror?.(new Event("error"));
      });
  }
  vi.stubGlobal("EventSource", Fake);
  return {
    created,
    /** The last EventSource the app opened. */
    latest: () => {
      const source = created.at(-1);
      if (!source) throw new Error("the app opened no EventSource");
      return source;
    },
  };
}
