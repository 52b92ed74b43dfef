import { useEffect, useRef } from "react";
import { Link, Outlet, useLocation } from "react-router";
import { paths } from "../config/paths";
import { useMe } from "../features/auth/api/get-me";
import { UserMenu } from "../features/auth/components/user-menu";
import { usePreferences } from "../lib/preferences";
import { ErrorNotice } from "../ui/error-notice";
import { Loading } from "../ui/spinner";
import { PreferenceControls } from "./preference-controls";

/** After a client-side navigation, focus goes to the new page's heading (not on the first load). */
function useFocusOnNavigation() {
  const { pathname } = useLocation();
  // The path focus was last placed for: StrictMode's second effect run, and the first load, move nothing.
  const placedFor = useRef(pathname);
  useEffect(() => {
    if (placedFor.current === pathname) return;
    placedFor.current = pathname;
    const heading = document.querySelector<HTMLElement>("main h1");
    (heading ?? document.getElementById("main"))?.focus();
  }, [pathname]);
}

/** The frame of every page: skip link, banner (brand, language, theme, user), main, footer. */
export function AppLayout() {
  const { t } = usePreferences();
  const me = useMe();
  useFocusOnNavigation();

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t.app.skipToContent}
      </a>
      <header className="topbar">
        <Link to={paths.home} className="brand">
          {t.app.name}
        </Link>
        <div className="topbar-end">
          <PreferenceControls />
          <UserMenu />
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        {me.isPending ? (
          <Loading label={t.common.loading} />
        ) : me.isError ? (
          <ErrorNotice error={me.error} onRetry={() => me.refetch()} />
        ) : (
          <Outlet />
        )}
      </main>
      <footer className="footer muted small">{t.app.footer}</footer>
    </div>
  );
}
