import { usePreferences } from "../../../lib/preferences";
import { Notice } from "../../../ui/notice";

/** What the launcher is doing, or why Link ended without a connection; announced as it changes. */
export function LinkStatus({ phase, message }: { phase: string; message: string | null }) {
  const { t } = usePreferences();
  const progress = phase === "starting" ? t.link.opening : phase === "finishing" ? t.link.saving : null;
  return (
    <div role="status" className="link-status">
      {progress ? <p className="muted">{progress}</p> : null}
      {message ? <Notice tone="warning">{message}</Notice> : null}
    </div>
  );
}
