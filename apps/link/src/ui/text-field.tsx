import type { Ref } from "preact";

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
  inputRef?: Ref<HTMLInputElement>;
}

/** A labelled input whose hint and error are read with it (`aria-describedby`). */
export function TextField(props: TextFieldProps) {
  const { id, error, hint } = props;
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
        {...(props.type === "password" ? { type: "password" as const } : { type: "text" as const })}
        value={props.value}
        onInput={(event) => props.onInput(event.currentTarget.value)}
        autocomplete={props.autocomplete}
        inputMode={props.inputMode}
        readOnly={props.readOnly}
        maxLength={props.maxLength}
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
        spellcheck={false}
        autocapitalize="off"
      />
      {error && (
        <p id={`${id}-error`} class="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
