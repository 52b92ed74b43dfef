import type { ReactNode } from "react";
import { usePreferences } from "../../../lib/preferences";
import { PageHeading } from "../../../ui/page-heading";
import { ConnectionsList } from "../components/connections-list";

/**
 * The home page of a signed-in user. `addEntity` is the "Add financial entity" control, given by the app
 * (it belongs to the link feature, and features do not import each other).
 */
export function ConnectionsRoute({ addEntity }: { addEntity: ReactNode }) {
  const { t } = usePreferences();
  return (
    <div className="stack-lg">
      <div className="stack">
        <PageHeading>{t.connections.title}</PageHeading>
        <p className="muted">{t.connections.lead}</p>
        {addEntity}
      </div>
      <ConnectionsList />
    </div>
  );
}
