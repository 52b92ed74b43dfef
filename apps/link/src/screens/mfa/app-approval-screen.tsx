import { useEffect, useState } from "preact/hooks";
import { useI18n } from "../../i18n/i18n";
import { Alert } from "../../ui/alert";
import { errorText } from "../../ui/error-text";
import { Screen } from "../../ui/screen";
import type { MfaProps } from "./mfa-props";

/** How often to ask whether the user approved: the API's "about once a second". */
export const POLL_INTERVAL_MS = 1_000;

/** "1:05" for 65 seconds. */
export const formatTimeLeft = (ms: number) => {
  const seconds = Math.max(0, Math.ceil(ms / 1_000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
};

/** The current time, refreshed every second while the screen shows. */
function useNow(): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/**
 * Waits while the user approves the sign-in in the bank's app, polling the API once a second; the flow
 * moves on when it is approved, or shows the timeout the server reports after `expiresAt`.
 */
export function AppApprovalScreen({ challenge, entity, error, paused = false, onAnswer }: MfaProps<"APP">) {
  const { t } = useI18n();
  const now = useNow();

  useEffect(() => {
    // While the user decides whether to leave, an approval must not race the exit call.
    if (paused) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    // Each poll waits for the previous answer: a slow server never has two in flight.
    const poll = async () => {
      await onAnswer({ type: "POLL" });
      if (!stopped) timer = setTimeout(poll, POLL_INTERVAL_MS);
    };
    timer = setTimeout(poll, POLL_INTERVAL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [onAnswer, paused]);

  return (
    <Screen title={t.app.title}>
      <p class="lead">{t.app.body(entity.name)}</p>
      <Alert id="mfa-error" text={errorText(t, error)} />
      <div class="waiting">
        <span class="spinner" aria-hidden="true" />
        <p role="status">{t.app.waiting}</p>
      </div>
      {/* Not in the status region: a countdown read out every second would drown everything else. */}
      <p class="muted">{t.app.timeLeft(formatTimeLeft(Date.parse(challenge.expiresAt) - now))}</p>
    </Screen>
  );
}
