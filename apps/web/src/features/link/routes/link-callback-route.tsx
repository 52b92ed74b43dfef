import { completeLinkCallback, type LinkCallbackCompletion, takePendingFullPageFlow } from "@finlink/link-react";
import { useEffect, useRef, useState } from "react";
import { Link, useNavigate } from "react-router";
import { paths } from "../../../config/paths";
import { usePreferences } from "../../../lib/preferences";
import { Notice } from "../../../ui/notice";
import { PageHeading } from "../../../ui/page-heading";
import { Loading } from "../../../ui/spinner";
import { useFinishLink } from "../hooks/use-finish-link";
import { exitMessage, finishErrorMessage } from "../utils/link-messages";

// Kept raw, and put in words at render: a language switch on this page rewords it.
type Outcome =
  | { kind: "working" }
  | { kind: "exited"; reason: string; back: string }
  | { kind: "failed"; error: unknown; back: string };

/**
 * `/link/callback`, the redirect URI registered with Finlink. Inside the modal's iframe it hands Link's result
 * to the app around it, which closes the modal, and shows a short line meanwhile. On a full page (small
 * screens) it finishes the flow itself: exchange or complete, then the connection's page.
 */
export function LinkCallbackRoute() {
  const { t } = usePreferences();
  const navigate = useNavigate();
  const { finish } = useFinishLink();
  const [completion, setCompletion] = useState<LinkCallbackCompletion | null>(null);
  const [outcome, setOutcome] = useState<Outcome>({ kind: "working" });
  // Once per page load: StrictMode runs effects twice, and a second exchange must not be sent.
  const done = useRef(false);

  useEffect(() => {
    if (done.current) return;
    done.current = true;
    const completed = completeLinkCallback();
    setCompletion(completed);
    if (completed.mode === "iframe") return;
    const back = takePendingFullPageFlow()?.returnTo ?? paths.home;
    const { result } = completed;
    if (result.type === "EXIT") {
      if (exitMessage(t, result.reason)) setOutcome({ kind: "exited", reason: result.reason, back });
      else navigate(back, { replace: true });
      return;
    }
    finish(result)
      .then((connection) => navigate(paths.connection(connection.id), { replace: true }))
      .catch((error: unknown) => setOutcome({ kind: "failed", error, back }));
  }, [finish, navigate, t]);

  if (completion?.mode === "iframe") return <Loading label={t.link.callback.finishing} />;
  if (outcome.kind === "working") {
    return (
      <div className="narrow stack">
        <PageHeading>{t.link.callback.title}</PageHeading>
        <Loading label={t.link.callback.finishing} />
      </div>
    );
  }
  const { title, body } =
    outcome.kind === "exited"
      ? { title: t.link.callback.exited, body: exitMessage(t, outcome.reason) }
      : finishErrorMessage(t, outcome.error);
  return (
    <div className="narrow stack">
      <PageHeading>{title}</PageHeading>
      <Notice tone="danger" role="alert">
        <p>{body}</p>
      </Notice>
      <p>
        <Link className="button secondary" to={outcome.back}>
          {t.link.callback.back}
        </Link>
      </p>
    </div>
  );
}
