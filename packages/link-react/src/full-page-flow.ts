import { z } from "zod";

export const PENDING_FLOW_KEY = "finlink-link:pending-flow";
/** A publicToken lives 30 minutes (DESIGN §4): an older pending flow can no longer finish. */
export const PENDING_FLOW_MAX_AGE_MS = 30 * 60 * 1000;

// Only a path on this origin ("/…", never "//host" or "https://…"): returnTo must not become an open redirect.
const SameOriginPath = z
  .string()
  .max(2048)
  .regex(/^\/(?![/\\])/);

const PendingFullPageFlow = z.object({
  state: z.string().max(1024).nullable(),
  startedAt: z.number().int().nonnegative(),
  returnTo: SameOriginPath,
});
/** What the page that opened Link on a full page left for the callback page. */
export type PendingFullPageFlow = z.infer<typeof PendingFullPageFlow>;

type Storage = Pick<globalThis.Storage, "getItem" | "setItem" | "removeItem">;

/** `sessionStorage`, or null where the browser refuses it (storage disabled, some private modes). */
function sessionStore(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/** Remembers the flow before navigating to Link; false when the browser keeps no session storage. */
export function savePendingFullPageFlow(flow: PendingFullPageFlow, storage = sessionStore()): boolean {
  try {
    storage?.setItem(PENDING_FLOW_KEY, JSON.stringify(PendingFullPageFlow.parse(flow)));
    return storage !== null;
  } catch {
    return false;
  }
}

/**
 * For the callback page of a full-page flow: the flow its opener stored, and clears it (one use). Until then it
 * survives reloads of the callback page. Null when there is none, it is malformed, or it is older than 30 minutes.
 * @example const pending = takePendingFullPageFlow(); navigate(pending?.returnTo ?? "/");
 */
export function takePendingFullPageFlow(
  options: { now?: number; storage?: Storage | null } = {},
): PendingFullPageFlow | null {
  const { now = Date.now(), storage = sessionStore() } = options;
  let raw: string | null;
  try {
    raw = storage?.getItem(PENDING_FLOW_KEY) ?? null;
    storage?.removeItem(PENDING_FLOW_KEY);
  } catch {
    return null;
  }
  if (raw === null) return null;
  let parsed: ReturnType<typeof PendingFullPageFlow.safeParse>;
  try {
    parsed = PendingFullPageFlow.safeParse(JSON.parse(raw));
  } catch {
    return null;
  }
  if (!parsed.success || now - parsed.data.startedAt > PENDING_FLOW_MAX_AGE_MS) return null;
  return parsed.data;
}
