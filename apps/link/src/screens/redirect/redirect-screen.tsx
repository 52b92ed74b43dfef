import type { LinkEntity } from "@finlink/contracts";
import type { RedirectView } from "../../app/flow-state";
import { useI18n } from "../../i18n/i18n";
import { Alert } from "../../ui/alert";
import { errorText } from "../../ui/error-text";
import { Screen } from "../../ui/screen";
import "./redirect.css";

export interface RedirectScreenProps {
  view: RedirectView;
  appName: string;
  /** Link is inside an iframe: the bank's page opens in a new window. */
  framed: boolean;
  /** "Continue to <bank>": must open the bank's page synchronously, inside the click. */
  onOpenBank(): void;
  onReopenBank(): void;
  onOpenedByHand(): void;
  onRetry(): void;
  /** "Back to <app>" after a refusal: exits with USER_DENIED. */
  onExit(): void;
  onChangeEntity?: () => void;
}

const ERROR_ID = "redirect-error";

/**
 * A sign-in on the bank's own page (redirect SCA), under the entity's mark: what will happen, the one button that
 * goes there, then the wait while the bank's window is open, and the bank's refusal. The button stays
 * `aria-disabled` until the bank's address is there, because its click must open the page without waiting.
 */
export function RedirectScreen(props: RedirectScreenProps) {
  const { view } = props;
  switch (view.stage) {
    case "PREPARING":
    case "READY":
      return <Start {...props} />;
    case "WAITING":
      return <Waiting entity={view.entity} onReopen={props.onReopenBank} />;
    case "COMPLETING":
      return <Completing />;
    case "BLOCKED":
      return <Blocked entity={view.entity} url={view.authorizeUrl ?? ""} onOpened={props.onOpenedByHand} />;
    case "DENIED":
      return <Denied entity={view.entity} appName={props.appName} onExit={props.onExit} />;
    case "ELSEWHERE":
      return <Elsewhere entity={view.entity} />;
  }
}

function Start({ view, appName, framed, onOpenBank, onRetry, onChangeEntity }: RedirectScreenProps) {
  const { t } = useI18n();
  const bank = view.entity.name;
  const ready = view.stage === "READY" && view.authorizeUrl !== null;
  // Fetching failed: the way on is to fetch again. A failed completion keeps the new address and says why.
  const failed = !ready && view.error !== null;
  const alert = failed
    ? `${t.redirect.prepareFailed(bank)} ${errorText(t, view.error)}`
    : view.error && t.redirect.notCompleted(bank);
  return (
    <Screen title={t.redirect.title(bank)}>
      <p class="lead">{t.redirect.intro(bank)}</p>
      <p class="muted">{t.redirect.private(bank, appName)}</p>
      <div class="stack">
        <Alert id={ERROR_ID} text={alert || null} />
        {failed ? (
          <button type="button" class="button" onClick={onRetry}>
            {t.error.retry}
          </button>
        ) : (
          <button
            type="button"
            class={ready ? "button" : "button is-busy"}
            aria-disabled={ready ? undefined : "true"}
            aria-busy={ready ? undefined : "true"}
            aria-describedby={framed ? "redirect-popup" : undefined}
            onClick={ready ? onOpenBank : undefined}
          >
            {t.redirect.continue(bank)}
          </button>
        )}
        {!ready && !failed && (
          <p class="sr-only" role="status">
            {t.redirect.preparing(bank)}
          </p>
        )}
        {framed && (
          <p id="redirect-popup" class="muted small">
            {t.redirect.popup}
          </p>
        )}
        {onChangeEntity && (
          <button type="button" class="button quiet" onClick={onChangeEntity}>
            {t.credentials.changeEntity}
          </button>
        )}
      </div>
    </Screen>
  );
}

function Waiting({ entity, onReopen }: { entity: LinkEntity; onReopen(): void }) {
  const { t } = useI18n();
  return (
    <Screen title={t.redirect.waitingTitle(entity.name)}>
      <div class="waiting">
        <span class="spinner" aria-hidden="true" />
        <p role="status">{t.redirect.waiting(entity.name)}</p>
      </div>
      <button type="button" class="button secondary" onClick={onReopen}>
        {t.redirect.reopen}
      </button>
    </Screen>
  );
}

function Completing() {
  const { t } = useI18n();
  return (
    <Screen title={t.redirect.completing}>
      <span class="spinner" aria-hidden="true" />
    </Screen>
  );
}

function Blocked({ entity, url, onOpened }: { entity: LinkEntity; url: string; onOpened(): void }) {
  const { t } = useI18n();
  return (
    <Screen title={t.redirect.blockedTitle(entity.name)}>
      <p class="lead">{t.redirect.blocked(entity.name)}</p>
      {/* A new tab, opened by the user: the return page there completes the sign-in itself (it has no opener). */}
      <a class="button redirect-open" href={url} target="_blank" rel="noopener noreferrer" onClick={onOpened}>
        {t.redirect.openLink(entity.name)}
        <span class="sr-only"> {t.redirect.newTab}</span>
      </a>
    </Screen>
  );
}

function Denied({ entity, appName, onExit }: { entity: LinkEntity; appName: string; onExit(): void }) {
  const { t } = useI18n();
  return (
    <Screen title={t.redirect.deniedTitle(entity.name)}>
      <div class="redirect-denied">
        <span class="redirect-mark" aria-hidden="true">
          !
        </span>
        <p class="lead">{t.redirect.denied(entity.name, appName)}</p>
      </div>
      {/* The one way out: the app hears `error=USER_DENIED`. */}
      <button type="button" class="button" onClick={onExit}>
        {t.error.back(appName)}
      </button>
    </Screen>
  );
}

function Elsewhere({ entity }: { entity: LinkEntity }) {
  const { t } = useI18n();
  return (
    <Screen title={t.redirect.elsewhereTitle}>
      <p class="lead">{t.redirect.elsewhere(entity.name)}</p>
    </Screen>
  );
}
