import type { BffConnection } from "@finlink/contracts";
import { Link } from "react-router";
import { paths } from "../../../config/paths";
import { formatDateTime } from "../../../lib/format";
import { usePreferences } from "../../../lib/preferences";
import { PageHeading } from "../../../ui/page-heading";
import { StatusBadge } from "../../../ui/status-badge";

/** The way back, the entity's name, its status and when its data was last read. */
export function ConnectionHeader({ connection }: { connection: BffConnection }) {
  const { t, lang } = usePreferences();
  return (
    <div className="stack">
      <p>
        <Link to={paths.home} className="back-link">
          <span aria-hidden="true">← </span>
          {t.detail.back}
        </Link>
      </p>
      <div className="title-row">
        <PageHeading>{connection.entityName ?? connection.entity}</PageHeading>
        <StatusBadge status={connection.status} />
      </div>
      <p className="muted small">
        {connection.lastSync ? t.detail.lastSync(formatDateTime(connection.lastSync, lang)) : t.connections.neverSynced}
      </p>
    </div>
  );
}
