import type { BffConnection } from "@finlink/contracts";
import { linkLooks, usePreferences } from "../../../lib/preferences";
import { startUpdate } from "../api/start-update";
import { useLinkLauncher } from "../hooks/use-link-launcher";
import { LinkStatus } from "./link-status";

/** Update or Restore, when the connection's status asks for the user: Link opens for its token. */
export function UpdateConnectionButton({ connection }: { connection: Pick<BffConnection, "id" | "userAction"> }) {
  const preferences = usePreferences();
  const { t } = preferences;
  const { launch, busy, phase, message } = useLinkLauncher();
  if (!connection.userAction) return null;
  const label = connection.userAction === "RESTORE" ? t.link.restore : t.link.update;
  return (
    <>
      <button
        type="button"
        className="button"
        onClick={() => {
          if (!busy) launch(() => startUpdate(connection.id, linkLooks(preferences)));
        }}
        // Not `disabled`: that would drop the focus the modal gives back when Link closes.
        aria-disabled={busy}
        aria-busy={busy}
      >
        {label}
      </button>
      <LinkStatus phase={phase} message={message} />
    </>
  );
}
