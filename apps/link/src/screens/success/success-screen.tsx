import type { LinkOperation } from "@finlink/contracts";
import { useI18n } from "../../i18n/i18n";
import { Screen } from "../../ui/screen";

export interface SuccessScreenProps {
  entityName: string;
  appName: string;
  operation: LinkOperation;
  onContinue(): void;
}

/**
 * Done: "Connected", under the entity's mark, and what happens next. It stays until the user presses Continue
 * (no timer: a person reads at their own pace, see the README), which hands back to the app.
 */
export function SuccessScreen({ entityName, appName, operation, onContinue }: SuccessScreenProps) {
  const { t } = useI18n();
  return (
    <Screen title={t.success.title}>
      <span class="done-mark" aria-hidden="true" />
      <p class="lead">
        {operation === "UPDATE" ? t.success.updated(entityName) : t.success.connected(entityName, appName)}
      </p>
      <p class="muted">{t.signIn2.fetching(appName)}</p>
      <button type="button" class="button" onClick={onContinue}>
        {t.signIn2.continueTo(appName)}
      </button>
    </Screen>
  );
}
