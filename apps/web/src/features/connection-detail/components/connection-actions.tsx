import type { BffConnection } from "@finlink/contracts";
import { useState } from "react";
import { useNavigate } from "react-router";
import { paths } from "../../../config/paths";
import { usePreferences } from "../../../lib/preferences";
import { ConfirmDialog } from "../../../ui/confirm-dialog";
import { Notice } from "../../../ui/notice";
import { useDeleteConnection } from "../api/delete-connection";
import { needsUser, useRefreshConnection } from "../api/refresh-connection";
import { isInProgress } from "../utils/poll-interval";

/** Refresh (start an update, unless the entity waits for the user) and Delete (after a confirmation). */
export function ConnectionActions({ connection }: { connection: BffConnection }) {
  const { t } = usePreferences();
  const navigate = useNavigate();
  const refresh = useRefreshConnection(connection.id);
  const remove = useDeleteConnection(connection.id);
  const [confirming, setConfirming] = useState(false);
  const entity = connection.entityName ?? connection.entity;

  // Awaited rather than `mutate`'s onSuccess, which never runs once this unmounts — and the stream's
  // `deleted` event, which may come before the DELETE's answer, unmounts it.
  const confirmDelete = async () => {
    try {
      await remove.mutateAsync();
    } catch {
      return; // shown by the notice below
    }
    setConfirming(false);
    navigate(paths.home);
  };

  return (
    <section className="stack" aria-label={t.detail.actions}>
      <div className="actions">
        {/* While the entity asks for the user, a refresh can only ask again: Update / Restore is the way on. */}
        {isInProgress(connection.status) || connection.userAction ? null : (
          <button
            type="button"
            className="button secondary"
            onClick={() => refresh.mutate()}
            disabled={refresh.isPending}
            aria-busy={refresh.isPending}
          >
            {refresh.isPending ? t.detail.refreshing : t.detail.refresh}
          </button>
        )}
        <button type="button" className="button danger-outline" onClick={() => setConfirming(true)}>
          {t.detail.delete}
        </button>
      </div>
      {refresh.isError && !needsUser(refresh.error) ? (
        <Notice tone="danger" role="alert">
          <p>{t.detail.refreshFailed}</p>
        </Notice>
      ) : null}
      <ConfirmDialog
        open={confirming}
        title={t.detail.confirmTitle}
        confirmLabel={remove.isPending ? t.detail.deleting : t.detail.confirmDelete}
        cancelLabel={t.common.cancel}
        busy={remove.isPending}
        onConfirm={confirmDelete}
        onCancel={() => {
          remove.reset();
          setConfirming(false);
        }}
      >
        <p>{t.detail.confirmBody(entity)}</p>
        {remove.isError ? (
          <p className="field-error" role="alert">
            {t.detail.deleteFailed}
          </p>
        ) : null}
      </ConfirmDialog>
    </section>
  );
}
