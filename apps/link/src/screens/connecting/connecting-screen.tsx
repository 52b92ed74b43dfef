import { useEffect, useState } from "preact/hooks";
import { useI18n } from "../../i18n/i18n";
import { Screen } from "../../ui/screen";

/**
 * When each named step starts, and when the wait is said to be long (ms after the screen appears). A real
 * bank takes 5–30 s to sign in and list accounts; the steps follow that usual pace, not the server, which
 * says nothing until finish answers, so none is ever shown as done: the screen leaves when finish answers.
 */
export const STEP_STARTS = [0, 4_000, 10_000] as const;
export const SLOW_AFTER = 20_000;

/** How far along the usual pace the wait is: the current step's index, and whether it is taking long. */
function useElapsedStage() {
  const [stage, setStage] = useState(0);
  useEffect(() => {
    const marks = [...STEP_STARTS.slice(1), SLOW_AFTER];
    const timers = marks.map((at, i) => setTimeout(() => setStage(i + 1), at));
    return () => timers.forEach(clearTimeout);
  }, []);
  return { step: Math.min(stage, STEP_STARTS.length - 1), slow: stage >= STEP_STARTS.length };
}

/** Signed in: the connection is being created (`POST …/session/finish`). */
export function ConnectingScreen({ entityName }: { entityName: string }) {
  const { t } = useI18n();
  const { step, slow } = useElapsedStage();
  const steps = t.connecting.steps;
  return (
    <Screen title={t.connecting.title}>
      <p class="lead">{t.connecting.body(entityName)}</p>
      {/* No bar or figure: the server gives no percentage, and a made-up one would mislead (a still bar reads
          as one when motion is reduced). */}
      <ol class="steps">
        {steps.map((name, i) => (
          <li
            key={name}
            class={i === step ? "current" : i < step ? "past" : undefined}
            aria-current={i === step ? "step" : undefined}
          >
            <span class={i === step ? "spinner" : "dot"} aria-hidden="true" />
            {name}
          </li>
        ))}
      </ol>
      {slow && <p class="muted">{t.connecting.slow}</p>}
      {/* The one live region: a step change or the long wait is said once, politely, not the whole list again. */}
      <p role="status" class="sr-only">
        {slow ? t.connecting.slow : steps[step]}
      </p>
    </Screen>
  );
}
