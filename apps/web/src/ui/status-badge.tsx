import type { ConnectionStatus } from "@finlink/contracts";
import { usePreferences } from "../lib/preferences";

const TONE: Record<ConnectionStatus, string> = {
  PENDING: "progress",
  UPDATING: "progress",
  READY: "ok",
  UPDATE_ERROR: "warning",
  ERRORED: "danger",
};

/** A connection's status in words; the colour only repeats what the words say. */
export function StatusBadge({ status }: { status: ConnectionStatus }) {
  const { t } = usePreferences();
  return <span className={`badge badge-${TONE[status]}`}>{t.status[status]}</span>;
}
