import type { BffConnection } from "@finlink/contracts";
import { useIsMutating } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { paths } from "../../../config/paths";
import { isApiError } from "../../../lib/api-error";
import { usePreferences } from "../../../lib/preferences";
import { ErrorNotice } from "../../../ui/error-notice";
import { Notice } from "../../../ui/notice";
import { PageHeading } from "../../../ui/page-heading";
import { Loading } from "../../../ui/spinner";
import { deleteMutationKey } from "../api/delete-connection";
import { AccountsSection } from "../components/accounts-section";
import { ConnectionActions } from "../components/connection-actions";
import { ConnectionHeader } from "../components/connection-header";
import { InvestmentsSection } from "../components/investments-section";
import { PortfoliosSection } from "../components/portfolios-section";
import { StatusPanel } from "../components/status-panel";
import { useConnectionStatus } from "../hooks/use-connection-status";

interface ConnectionRouteProps {
  id: string;
  /** The Update / Restore control for a connection that asks for the user (from the link feature, via the app). */
  renderUserAction: (connection: BffConnection) => ReactNode;
}

/** Data exists once the first import finished; an update, even a failed one, keeps the older data. */
const hasData = (connection: BffConnection) => connection.status !== "PENDING" && connection.status !== "ERRORED";

/** `/connections/:id`: the status, live from the BFF's events (polled when they fail) while it imports, then the data. */
export function ConnectionRoute({ id, renderUserAction }: ConnectionRouteProps) {
  const { t } = usePreferences();
  const { query, timedOut, checkAgain, deleted } = useConnectionStatus(id);
  // The user's own delete: the stream's `deleted` may come first; the page then goes home, as it says.
  const deleting = useIsMutating({ mutationKey: deleteMutationKey(id) }) > 0;

  const connection = query.data;
  if (deleted && deleting) return <Loading label={t.common.loading} />;
  if (deleted || !connection) {
    if (!deleted && !query.isError) return <Loading label={t.common.loading} />;
    const notFound = isApiError(query.error) && query.error.status === 404;
    return (
      <div className="stack">
        <PageHeading>
          {deleted ? t.detail.deletedTitle : notFound ? t.detail.notFoundTitle : t.common.failed}
        </PageHeading>
        {deleted ? (
          // Said where screen readers hear it: the page changed under the user, who did nothing.
          <Notice tone="info" role="status">
            <p>{t.detail.deleted}</p>
          </Notice>
        ) : notFound ? (
          <Notice tone="danger">
            <p>{t.detail.notFound}</p>
          </Notice>
        ) : (
          <ErrorNotice error={query.error} title={t.detail.loadFailed} onRetry={() => query.refetch()} />
        )}
        <p>
          <Link to={paths.home}>{t.detail.back}</Link>
        </p>
      </div>
    );
  }

  return (
    <div className="stack-lg">
      <ConnectionHeader connection={connection} />
      {/* A poll that failed after an answer: the last known status stays, with the failure said. */}
      {query.isError ? <ErrorNotice error={query.error} onRetry={checkAgain} /> : null}
      <StatusPanel
        connection={connection}
        timedOut={timedOut}
        onCheckAgain={checkAgain}
        userAction={renderUserAction(connection)}
      />
      <ConnectionActions connection={connection} />
      {hasData(connection) ? (
        <>
          <AccountsSection connectionId={id} />
          <PortfoliosSection connectionId={id} />
          <InvestmentsSection connectionId={id} />
        </>
      ) : null}
    </div>
  );
}
