import { linkLooks, usePreferences } from "../../../lib/preferences";
import { startLink } from "../api/start-link";
import { useLinkLauncher } from "../hooks/use-link-launcher";
import { LinkStatus } from "./link-status";

/** "Add financial entity": asks the BFF for a Link URL, opens Link, and goes to the new connection. */
export function AddEntityButton() {
  const preferences = usePreferences();
  const { t } = preferences;
  const { launch, busy, phase, message } = useLinkLauncher();
  const start = () => {
    if (!busy) launch(() => startLink(linkLooks(preferences)));
  };
  return (
    <div className="stack">
      <div>
        {/* aria-disabled, not disabled: a disabled button loses focus, and the modal must give it back. */}
        <button type="button" className="button" onClick={start} aria-disabled={busy} aria-busy={busy}>
          {t.connections.add}
        </button>
      </div>
      <LinkStatus phase={phase} message={message} />
    </div>
  );
}
