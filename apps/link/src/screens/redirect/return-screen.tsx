import type { View } from "../../app/flow-state";
import { useI18n } from "../../i18n/i18n";
import { errorText } from "../../ui/error-text";
import { Screen } from "../../ui/screen";
import "./redirect.css";

export interface ReturnScreenProps {
  view: Extract<View, { screen: "RETURN" }>;
  /** Known once the completion answered (a refusal): "Back to <app>". */
  appName: string | null;
  onRetry(): void;
  onExit(): void;
}

/**
 * Link's return page (`/link/return`) before it has a session again: "You can close this window" when the
 * window that opened the bank took over, the completion under way (or failed, with Try again), or a return
 * the server no longer knows — already used (a reload), replaced or expired — with nothing left to press.
 */
export function ReturnScreen({ view, appName, onRetry, onExit }: ReturnScreenProps) {
  const { t } = useI18n();
  switch (view.stage) {
    case "DENIED":
      return (
        <Screen title={t.redirect.deniedTitle(t.redirect.yourBank)}>
          <p class="lead">{t.redirect.denied(t.redirect.yourBank, appName ?? t.redirect.theApp)}</p>
          {appName && (
            <button type="button" class="button" onClick={onExit}>
              {t.error.back(appName)}
            </button>
          )}
        </Screen>
      );
    case "CLOSING":
      return (
        <Screen title={t.redirect.closeTitle}>
          <p class="lead">{t.redirect.close}</p>
        </Screen>
      );
    case "UNKNOWN":
      return (
        <Screen title={t.redirect.unknownTitle}>
          <p class="lead">{t.redirect.unknown(t.redirect.theApp)}</p>
        </Screen>
      );
    case "COMPLETING":
      if (!view.error) {
        return (
          <Screen title={t.redirect.completing}>
            <span class="spinner" aria-hidden="true" />
          </Screen>
        );
      }
      return (
        <Screen title={t.redirect.returnFailed}>
          <p class="lead">{errorText(t, view.error)}</p>
          <button type="button" class="button" onClick={onRetry}>
            {t.error.retry}
          </button>
        </Screen>
      );
  }
}
