import type { ConnectionStatus } from "@finlink/contracts";

/** The first polls, while an import usually finishes (the sandbox's `user_good` takes about 2 s). */
export const POLL_FIRST_MS = 1000;
/** Each further this long of waiting adds POLL_FIRST_MS to the interval… */
export const POLL_STEP_AFTER_MS = 10_000;
/** …up to this: a slow import (`user_slow`, about 60 s) is still seen within 5 s of finishing. */
export const POLL_MAX_MS = 5000;
/** After this the page stops asking and says so: the import is stuck or very slow. */
export const POLL_GIVE_UP_MS = 10 * 60_000;

/** The statuses the BFF is still working on; every other one is final until the user acts. */
export const isInProgress = (status: ConnectionStatus | undefined) => status === "PENDING" || status === "UPDATING";

export interface PollState {
  /** The last answer's status; undefined before the first. */
  status: ConnectionStatus | undefined;
  /** Time since polling (re)started: the page opened, an update began, or the user asked to check again. */
  elapsedMs: number;
  /** The last poll failed with a 4xx (deleted, not yours, signed out): asking again cannot help. */
  clientError?: boolean;
}

/**
 * The status query's `refetchInterval`, from the last answer: 1 s for the first 10 s, then one second more
 * every 10 s up to 5 s; false (no more polls) once READY, ERRORED or UPDATE_ERROR, after 10 minutes, or
 * after a 4xx.
 * @example pollInterval({ status: "PENDING", elapsedMs: 25_000 }) // 3000
 */
export function pollInterval({ status, elapsedMs, clientError = false }: PollState): number | false {
  if (!isInProgress(status) || clientError || elapsedMs >= POLL_GIVE_UP_MS) return false;
  const steps = Math.floor(Math.max(0, elapsedMs) / POLL_STEP_AFTER_MS);
  return Math.min(POLL_MAX_MS, POLL_FIRST_MS * (1 + steps));
}
