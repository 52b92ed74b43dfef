import type { LinkOperation } from "@finlink/contracts";
import { useEffect } from "preact/hooks";
import { useI18n } from "../../i18n/i18n";
import { Screen } from "../../ui/screen";

/** Long enough to read "Connected", short enough not to keep anyone waiting. */
export const AUTO_CONTINUE_MS = 1_000;

export interface SuccessScreenProps {
  entityName: string;
  appName: string;
  operation: LinkOperation;
  onContinue(): void;
}

/** Done: back to the app after a moment, or at once with "Continue". */
export function SuccessScreen({ entityName, appName, operation, onContinue }: SuccessScreenProps) {
  const { t } = useI18n();
  useEffect(() => {
    const timer = setTimeout(onContinue, AUTO_CONTINUE_MS);
    return () => clearTimeout(timer);
  }, [onContinue]);
  return (
    <Screen title={t.success.title}>
      <span class="done-mark" aria-hidden="true" />
      <p class="lead">
        {operation === "UPDATE" ? t.success.updated(entityName) : t.success.connected(entityName, appName)}
      </p>
      <p class="muted">{t.success.returning(appName)}</p>
      <button type="button" class="button" onClick={onContinue}>
        {t.success.continue}
      </button>
    </Screen>
  );
}
