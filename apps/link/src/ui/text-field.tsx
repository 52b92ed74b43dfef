import type { Ref } from "preact";
import { useEffect, useState } from "preact/hooks";
import { useI18n } from "../i18n/i18n";

export interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  onInput(value: string): void;
  type?: "text" | "password";
  autocomplete?: string;
  inputMode?: "text" | "numeric";
  readOnly?: boolean;
  maxLength?: number;
  hint?: string;
  /** This field's own message ("… is required"). */
  error?: string | null;
  /** Ids of messages about the whole form (a rejected sign-in) that concern this field too. */
  describedBy?: string | null;
  /** Marked invalid by a message about the whole form (a rejected sign-in), not by one of its own. */
  invalid?: boolean;
  /** A password field gets a Show/Hide button beside it. */
  revealable?: boolean;
  /** Locked while the form is sent: the toggle too. */
  locked?: boolean;
  inputRef?: Ref<HTMLInputElement>;
}

/** A labelled input whose hint and error are read with it (`aria-describedby`). */
export function TextField(props: TextFieldProps) {
  const { id, error, hint } = props;
  const { t } = useI18n();
  const [shown, setShown] = useState(false);
  const reveal = props.type === "password" && props.revealable;
  // Hidden again once the form is sent (as GOV.UK's does): a browser must not store the secret as plain text,
  // and it is not left on show for the next one.
  useEffect(() => {
    if (props.locked) setShown(false);
  }, [props.locked]);
  const described = [hint && `${id}-hint`, error && `${id}-error`, props.describedBy].filter(Boolean).join(" ");
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {hint && (
        <p id={`${id}-hint`} class="hint">
          {hint}
        </p>
      )}
      <input
        ref={props.inputRef}
        id={id}
        name={id}
        // Preact types `<input>` per `type` (which ARIA roles each allows), so each branch is spelled out.
        {...(props.type === "password" && !shown ? { type: "password" as const } : { type: "text" as const })}
        value={props.value}
        onInput={(event) => props.onInput(event.currentTarget.value)}
        autocomplete={props.autocomplete}
        inputMode={props.inputMode}
        readOnly={props.readOnly || props.locked}
        maxLength={props.maxLength}
        aria-invalid={error || props.invalid ? true : undefined}
        aria-describedby={described || undefined}
        spellcheck={false}
        autocapitalize="off"
      />
      {reveal && (
        // Never the form's submit (type="button"). GOV.UK's pattern: the name says what a press does ("Show
        // password", "Hide password") and starts with the visible word, so voice control finds it by "Show".
        <button
          type="button"
          class="button quiet reveal"
          aria-controls={id}
          aria-label={t.signIn2.reveal(shown, props.label)}
          disabled={props.locked}
          onClick={() => setShown((value) => !value)}
        >
          {t.signIn2.reveal(shown, null)}
        </button>
      )}
      {error && (
        <p id={`${id}-error`} class="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
