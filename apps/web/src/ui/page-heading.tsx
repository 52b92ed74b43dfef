import type { ReactNode } from "react";
import { usePreferences } from "../lib/preferences";

/**
 * The page's h1, and the document title with it (React hoists `<title>` into the head). Focusable by script
 * only (tabIndex -1): after a client-side navigation the layout moves focus here, so screen-reader and
 * keyboard users start at the new page, as they would after a full load.
 */
export function PageHeading({ children }: { children: ReactNode }) {
  const { t } = usePreferences();
  return (
    <>
      {typeof children === "string" ? <title>{`${children} · ${t.app.name}`}</title> : null}
      <h1 className="page-title" tabIndex={-1}>
        {children}
      </h1>
    </>
  );
}
