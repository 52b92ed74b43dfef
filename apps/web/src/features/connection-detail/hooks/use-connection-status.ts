import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { isClientError } from "../../../lib/api-error";
import { isConnectionDataKey } from "../../../lib/query-keys";
import { useConnection } from "../api/get-connection";
import { isInProgress, POLL_GIVE_UP_MS, pollInterval } from "../utils/poll-interval";
import { useConnectionEvents } from "./use-connection-events";

/**
 * The connection's status: pushed by the BFF's event stream while it is open, polled otherwise while it is
 * PENDING or UPDATING (see `pollInterval`). `timedOut` once polling gave up after 10 minutes; `checkAgain`
 * starts a new 10 minutes. When an import or update ends, or the status becomes READY, the connection's
 * data is fetched again. `deleted` once the stream said the connection is gone.
 */
export function useConnectionStatus(id: string) {
  const queryClient = useQueryClient();
  const [since, setSince] = useState(() => Date.now());
  const [expired, setExpired] = useState(false);
  // The interval function runs inside react-query, after each answer: it reads the clock from a ref.
  const sinceRef = useRef(since);
  sinceRef.current = since;

  const { live, deleted } = useConnectionEvents(id);
  // A new function each render: react-query evaluates it again when `live` changes, not only after a fetch.
  const query = useConnection(id, (q) =>
    live || deleted
      ? false
      : pollInterval({
          status: q.state.data?.status,
          elapsedMs: Date.now() - sinceRef.current,
          clientError: isClientError(q.state.error),
        }),
  );
  const status = query.data?.status;
  const inProgress = isInProgress(status);

  // Polling stops by itself at the limit; this timer only makes the page say so at that moment.
  useEffect(() => {
    if (!inProgress || expired) return;
    const timer = setTimeout(() => setExpired(true), Math.max(0, since + POLL_GIVE_UP_MS - Date.now()));
    return () => clearTimeout(timer);
  }, [inProgress, expired, since]);

  const previous = useRef(status);
  useEffect(() => {
    const before = previous.current;
    previous.current = status;
    if (before === undefined || before === status) return;
    if (isInProgress(status) && !isInProgress(before)) {
      setSince(Date.now());
      setExpired(false);
    }
    if ((isInProgress(before) && !isInProgress(status)) || status === "READY") {
      void queryClient.invalidateQueries({ predicate: (q) => isConnectionDataKey(id)(q.queryKey) });
    }
  }, [status, id, queryClient]);

  const checkAgain = useCallback(() => {
    setSince(Date.now());
    setExpired(false);
    void query.refetch();
  }, [query.refetch]);

  return { query, timedOut: inProgress && expired && !live, checkAgain, deleted };
}
