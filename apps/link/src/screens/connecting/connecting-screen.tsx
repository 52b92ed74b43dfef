import { useI18n } from "../../i18n/i18n";
import { Screen } from "../../ui/screen";

/** Signed in: the connection is being created (`POST …/session/finish`). */
export function ConnectingScreen({ entityName }: { entityName: string }) {
  const { t } = useI18n();
  return (
    <Screen title={t.connecting.title}>
      {/* Indeterminate: the server gives no percentage, and a made-up one would mislead. */}
      <progress class="progress" aria-label={t.connecting.title} />
      <p class="lead">{t.connecting.body(entityName)}</p>
    </Screen>
  );
}
