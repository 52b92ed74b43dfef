import { LinkCallbackRoute } from "../../features/link/routes/link-callback-route";
import { usePreferences } from "../../lib/preferences";

/**
 * `/link/callback` gets a bare frame: inside the modal's iframe it is seen for an instant, and it must not
 * ask `/api/me` there (that is the parent's business).
 */
export function LinkCallbackPage() {
  const { t } = usePreferences();
  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">{t.app.name}</span>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        <LinkCallbackRoute />
      </main>
    </div>
  );
}
