import { BffConnection } from "@finlink/contracts";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { connectionEventsApi } from "../../../lib/bff-paths";
import { isConnectionDataKey, queryKeys } from "../../../lib/query-keys";

const parsed = (data: unknown) => {
  try {
    return BffConnection.safeParse(JSON.parse(String(data)));
  } catch {
    return null;
  }
};

/**
 * The connection's live events while the page is shown: each `connection` event becomes the status query's
 * data (the same key and shape as the poll's), `deleted` says it is gone. `live` is true while the stream is
 * open — polling waits meanwhile; when the stream drops, polling is the fallback until EventSource has
 * reconnected by itself (or for good, when the BFF refused it: signed out, too many tabs, no EventSource).
 */
export function useConnectionEvents(id: string) {
  const queryClient = useQueryClient();
  const [live, setLive] = useState(false);
  const [deleted, setDeleted] = useState(false);

  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    // Same origin: the session cookie goes with it, as with every other read.
    const source = new EventSource(connectionEventsApi(id));
    source.onopen = () => setLive(true);
    source.onerror = () => setLive(false);
    source.addEventListener("connection", (event) => {
      const result = parsed(event.data);
      if (result?.success && result.data.id === id) queryClient.setQueryData(queryKeys.connection(id), result.data);
    });
    source.addEventListener("deleted", () => {
      source.close();
      setLive(false);
      setDeleted(true);
      // Its data is erased at Finlink: nothing of it stays in the cache; the list is read again.
      queryClient.removeQueries({ predicate: (q) => isConnectionDataKey(id)(q.queryKey) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.connections, exact: true });
    });
    return () => {
      source.close();
      setLive(false);
    };
  }, [id, queryClient]);

  return { live, deleted };
}
