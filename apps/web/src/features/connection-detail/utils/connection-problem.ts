import type { BffConnection, ErrorReason } from "@finlink/contracts";
import type { Messages } from "../../../lib/i18n/en";

export interface ConnectionProblem {
  /** What happened to the connection as a whole (no data yet, or older data kept). */
  lead: string;
  /** The reason, in words. */
  title: string;
  /** What the user can do about it. */
  body: string;
}

/** The reason in words, with what the user can do; a reason the dictionary lacks gets the general advice. */
export function reasonCopy(t: Messages, reason: ErrorReason | null | undefined): { title: string; body: string } {
  return (reason && t.reasons[reason]) || t.unknownReason;
}

/**
 * Why an ERRORED or UPDATE_ERROR connection failed and what to do, in the user's words; null for the other
 * statuses. `formatDate` writes the last sync of an UPDATE_ERROR, whose older data is still shown.
 * @example connectionProblem(en, lockedConnection, fmt)?.title // "Your account at the entity is locked"
 */
export function connectionProblem(
  t: Messages,
  connection: Pick<BffConnection, "status" | "errorDetails" | "lastSync">,
  formatDate: (instant: string) => string,
): ConnectionProblem | null {
  if (connection.status !== "ERRORED" && connection.status !== "UPDATE_ERROR") return null;
  const lead =
    connection.status === "ERRORED"
      ? t.detail.erroredLead
      : t.detail.updateErrorLead(connection.lastSync ? formatDate(connection.lastSync) : null);
  return { lead, ...reasonCopy(t, connection.errorDetails?.reason) };
}
