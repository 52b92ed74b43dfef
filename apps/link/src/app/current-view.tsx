import type { CreateLinkSessionRequest } from "@finlink/contracts";
// Connecting and success ship in the first download (~0.4 KB gzipped): once finish has created the
// connection, a chunk that fails to load (a redeploy mid-flow, a flaky network) must not keep the
// publicToken from reaching the app.
import { ConnectingScreen } from "../screens/connecting/connecting-screen";
// Consent is the first screen of every new connection: it ships in the first download too (measured in
// the README), as a lazy chunk would only put a loading screen in front of it.
import { ConsentScreen } from "../screens/consent/consent-screen";
import { ErrorScreen } from "../screens/error/error-screen";
import { SuccessScreen } from "../screens/success/success-screen";
import { EntityMark } from "../ui/entity-mark";
import type { Flow } from "./flow";
import type { FlowState, View } from "./flow-state";
import { LoadingScreen, lazyScreen } from "./lazy-screen";

export const EntityScreen = lazyScreen(() => import("../screens/entity/entity-screen").then((m) => m.EntityScreen));
export const CredentialsScreen = lazyScreen(() =>
  import("../screens/credentials/credentials-screen").then((m) => m.CredentialsScreen),
);
export const MfaScreen = lazyScreen(() => import("../screens/mfa/mfa-screen").then((m) => m.MfaScreen));
const RedirectScreen = lazyScreen(() => import("../screens/redirect/redirect-screen").then((m) => m.RedirectScreen));
const ReturnScreen = lazyScreen(() => import("../screens/redirect/return-screen").then((m) => m.ReturnScreen));

/** The first screens' code, fetched while the session is being opened. */
export const preloadFirstScreens = () => Promise.all([EntityScreen.preload(), CredentialsScreen.preload()]);

interface CurrentViewProps {
  state: FlowState;
  flow: Flow;
  request: CreateLinkSessionRequest;
  /** The user is deciding whether to leave: screens hold their background calls (APP polls). */
  paused?: boolean;
}

/** The steps at the chosen entity, headed by its mark (logo, name, brand colour). */
const MARKED: ReadonlySet<View["screen"]> = new Set(["CREDENTIALS", "REDIRECT", "MFA", "CONNECTING", "SUCCESS"]);

/** The screen for the flow's current view, under the entity's mark once one is chosen. */
export function CurrentView(props: CurrentViewProps) {
  const { view } = props.state;
  if (!MARKED.has(view.screen) || !("entity" in view) || !view.entity) return <ViewScreen {...props} />;
  return (
    <>
      <EntityMark entity={view.entity} />
      <ViewScreen {...props} />
    </>
  );
}

/** The screen for the flow's current view, wired to the flow's actions. */
function ViewScreen({ state, flow, request, paused = false }: CurrentViewProps) {
  const { view, session, busy } = state;
  const appName = session?.app.name ?? "";
  switch (view.screen) {
    case "LOADING":
      return <LoadingScreen />;
    case "START_ERROR":
      return (
        <ErrorScreen
          error={view.error}
          phase="start"
          entityName={null}
          appName={null}
          onRetry={view.error.retryable ? () => flow.start(request) : undefined}
          onExit={flow.canLeaveStart() ? flow.leaveStart : undefined}
        />
      );
    case "CONSENT":
      return session ? (
        <ConsentScreen
          app={session.app}
          product={session.product}
          entityName={session.entity?.name ?? null}
          onContinue={flow.acceptConsent}
        />
      ) : (
        <LoadingScreen />
      );
    case "ENTITY":
      return <EntityScreen appName={appName} search={flow.searchEntities} onSelect={flow.selectEntity} />;
    case "CREDENTIALS":
      return (
        <CredentialsScreen
          entity={view.entity}
          appName={appName}
          fixedUsername={session?.fixedUsername ?? null}
          error={view.error}
          busy={busy}
          onSubmit={flow.submitCredentials}
          onChangeEntity={session?.entity ? undefined : flow.changeEntity}
        />
      );
    case "REDIRECT":
      return (
        <RedirectScreen
          view={view}
          appName={appName}
          framed={flow.bankInPopup()}
          onOpenBank={flow.openBank}
          onReopenBank={flow.reopenBank}
          onOpenedByHand={flow.openedByHand}
          onRetry={flow.retryRedirect}
          onExit={flow.exit}
          onChangeEntity={session?.entity ? undefined : flow.changeEntity}
        />
      );
    case "RETURN":
      return (
        <ReturnScreen view={view} appName={session?.app.name ?? null} onRetry={flow.retryReturn} onExit={flow.exit} />
      );
    case "MFA":
      return (
        <MfaScreen
          challenge={view.challenge}
          resentAt={view.resent?.at ?? null}
          entity={view.entity}
          error={view.error}
          busy={busy}
          paused={paused}
          onAnswer={flow.answer}
        />
      );
    case "CONNECTING":
      return <ConnectingScreen entityName={view.entity.name} />;
    case "SUCCESS":
      return (
        <SuccessScreen
          entityName={view.entity.name}
          appName={appName}
          operation={view.operation}
          onContinue={flow.handoff}
        />
      );
    case "ERROR":
      return (
        <ErrorScreen
          error={view.error}
          phase="session"
          entityName={view.entity?.name ?? null}
          appName={appName}
          onRetry={view.retry ? flow.retry : undefined}
          onChooseAnother={canChooseAnother(state) ? flow.changeEntity : undefined}
          onExit={canExit(state) ? flow.exit : undefined}
        />
      );
  }
}

/** An entity that is down: the user may pick another, unless the start fixed the entity (then only exit). */
export function canChooseAnother({ view, session }: FlowState): boolean {
  return view.screen === "ERROR" && view.error.reason === "ENTITY_UNAVAILABLE" && !!session && !session.entity;
}

/**
 * Exit needs a live session: none before the start, none once it expired or ended, and none once the
 * sign-in went through (CONNECTING, SUCCESS): leaving then would race finish for the publicToken.
 */
export function canExit({ view, session }: FlowState): boolean {
  if (!session || view.screen === "CONNECTING" || view.screen === "SUCCESS") return false;
  // Completing rotates the session's token, and another window that took the session on holds the new one.
  if (view.screen === "REDIRECT" && (view.stage === "COMPLETING" || view.stage === "ELSEWHERE")) return false;
  return !(view.screen === "ERROR" && ["SESSION_EXPIRED", "SESSION_DONE"].includes(view.error.reason));
}
