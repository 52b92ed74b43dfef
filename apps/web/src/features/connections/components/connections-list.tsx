import { Link } from "react-router";
import { paths } from "../../../config/paths";
import { formatDateTime } from "../../../lib/format";
import { usePreferences } from "../../../lib/preferences";
import { ErrorNotice } from "../../../ui/error-notice";
import { Loading } from "../../../ui/spinner";
import { StatusBadge } from "../../../ui/status-badge";
import { useConnections } from "../api/get-connections";

/** The signed-in user's connections, each a link to its page. */
export function ConnectionsList() {
  const { t, lang } = usePreferences();
  const connections = useConnections();

  if (connections.isPending) return <Loading label={t.common.loading} />;
  if (connections.isError) return <ErrorNotice error={connections.error} onRetry={() => connections.refetch()} />;
  if (connections.data.length === 0) return <p className="empty">{t.connections.empty}</p>;

  return (
    <ul className="connection-list" aria-label={t.connections.listLabel}>
      {connections.data.map((connection) => (
        <li key={connection.id} className="card connection-item">
          <div className="connection-item-main">
            <Link className="connection-link" to={paths.connection(connection.id)}>
              {connection.entityName ?? connection.entity}
            </Link>
            <span className="muted small">
              {connection.lastSync
                ? t.connections.lastSync(formatDateTime(connection.lastSync, lang))
                : t.connections.neverSynced}
            </span>
          </div>
          <div className="connection-item-status">
            <StatusBadge status={connection.status} />
            {connection.userAction ? <span className="badge badge-warning">{t.connections.needsYou}</span> : null}
          </div>
        </li>
      ))}
    </ul>
  );
}
