import type { BffConnection } from "@finlink/contracts";
import type { ReactNode } from "react";
import { formatDateTime } from "../../../lib/format";
import { usePreferences } from "../../../lib/preferences";
import { Notice } from "../../../ui/notice";
import { connectionProblem } from "../utils/connection-problem";

interface StatusPanelProps {
  connection: BffConnection;
  timedOut: boolean;
  onCheckAgain: () => void;
  /** The Update / Restore button, when the connection asks for the user. */
  userAction: ReactNode;
}

/** Where the connection stands, in words: importing, updating, stuck, failed (and why), or waiting for the user. */
export function StatusPanel({ connection, timedOut, onCheckAgain, userAction }: StatusPanelProps) {
  const { t, lang } = usePreferences();
  const action = connection.userAction ? userAction : null;

  if (timedOut) {
    return (
      <Notice
        tone="warning"
        role="status"
        title={t.detail.pollTimeout.title}
        actions={
          <button type="button" className="button secondary" onClick={onCheckAgain}>
            {t.detail.pollTimeout.action}
          </button>
        }
      >
        <p>{t.detail.pollTimeout.body}</p>
      </Notice>
    );
  }
  if (connection.status === "PENDING") {
    return (
      <div className="progress card" role="status">
        <span className="spinner" aria-hidden="true" />
        <div>
          <p className="notice-title">{t.detail.pending.title}</p>
          <p className="muted">{t.detail.pending.body}</p>
        </div>
      </div>
    );
  }
  if (connection.status === "UPDATING") {
    return (
      <p className="loading" role="status">
        <span className="spinner" aria-hidden="true" />
        {t.detail.updating}
      </p>
    );
  }
  const problem = connectionProblem(t, connection, (instant) => formatDateTime(instant, lang));
  if (problem) {
    return (
      <Notice tone={connection.status === "ERRORED" ? "danger" : "warning"} title={problem.title} actions={action}>
        <p>{problem.lead}</p>
        <p>{problem.body}</p>
      </Notice>
    );
  }
  if (connection.userAction) {
    return (
      <Notice tone="info" actions={action}>
        <p>{t.detail.actionNeeded[connection.userAction]}</p>
      </Notice>
    );
  }
  return null;
}
