import type { BffLinkUrl } from "@finlink/contracts";
import { useFinlinkLink } from "@finlink/link-react";
import { useCallback, useState } from "react";
import { useNavigate } from "react-router";
import { paths } from "../../../config/paths";
import { usePreferences } from "../../../lib/preferences";
import { exitMessage } from "../utils/link-messages";
import { useFinishLink } from "./use-finish-link";

type Phase = "idle" | "starting" | "open" | "finishing";

/**
 * Opens Link for a URL the BFF gives (`link/start`, or a connection's `update`) — a modal on desktop, the
 * whole page under 640 px — and finishes the flow: exchange or complete, then the connection's page.
 * `message` says why nothing happened when Link reported an error; a plain exit says nothing.
 */
export function useLinkLauncher() {
  const { t, lang } = usePreferences();
  const navigate = useNavigate();
  const { finish } = useFinishLink();
  const [url, setUrl] = useState<string | null>(null);
  const [phase, setPhase] = useState<Phase>("idle");
  const [message, setMessage] = useState<string | null>(null);

  const link = useFinlinkLink({
    url,
    mode: "auto",
    lang,
    onSuccess: (result) => {
      setUrl(null);
      setPhase("finishing");
      finish(result)
        .then((connection) => {
          setPhase("idle");
          navigate(paths.connection(connection.id));
        })
        .catch(() => {
          setPhase("idle");
          setMessage(t.link.saveFailed);
        });
    },
    onExit: (exit) => {
      setUrl(null);
      setPhase("idle");
      setMessage(exitMessage(t, exit.reason));
    },
  });
  const { open } = link;

  const launch = useCallback(
    async (getUrl: () => Promise<BffLinkUrl>) => {
      setMessage(null);
      setPhase("starting");
      try {
        const started = await getUrl();
        setUrl(started.url);
        setPhase("open");
        // Queued by the hook until Link has loaded (or, full page, until the URL is taken).
        open();
      } catch {
        setPhase("idle");
        setMessage(t.link.startFailed);
      }
    },
    [open, t],
  );

  return { launch, phase, busy: phase === "starting" || phase === "finishing", message };
}
