import type { LinkEntity } from "@finlink/contracts";
import { useEffect, useState } from "preact/hooks";

/** Pause after the last keystroke before asking the server: one request per word, not per letter. */
export const SEARCH_DEBOUNCE_MS = 250;

export type SearchEntities = (query: string, signal: AbortSignal) => Promise<LinkEntity[]>;

export interface EntitySearch {
  /** The last answer, kept while the next one loads so the list does not flicker; null before the first. */
  results: LinkEntity[] | null;
  /** The query `results` answer. */
  answered: string;
  /** The full list (the empty query's answer), once it came: what the filter offers. */
  all: LinkEntity[] | null;
  failed: boolean;
  retry(): void;
}

/** Searches as the user types: debounced, and a newer query aborts the older request. */
export function useEntitySearch(search: SearchEntities, query: string): EntitySearch {
  const [answer, setAnswer] = useState({ results: null as LinkEntity[] | null, answered: "", failed: false });
  const [all, setAll] = useState<LinkEntity[] | null>(null);
  const [attempt, setAttempt] = useState(0);
  const trimmed = query.trim();

  // `attempt` is a dependency so that retry() runs the same search again.
  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(
      () => {
        search(trimmed, controller.signal).then(
          (results) => {
            setAnswer({ results, answered: trimmed, failed: false });
            if (trimmed === "") setAll(results);
          },
          () => {
            if (!controller.signal.aborted) setAnswer((last) => ({ ...last, failed: true }));
          },
        );
      },
      // The full list (empty query) loads at once; typing waits for a pause.
      trimmed ? SEARCH_DEBOUNCE_MS : 0,
    );
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [search, trimmed, attempt]);

  return { ...answer, all, retry: () => setAttempt((n) => n + 1) };
}
