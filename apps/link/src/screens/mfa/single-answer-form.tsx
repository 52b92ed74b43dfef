import type { ComponentChildren } from "preact";
import { useLayoutEffect, useRef, useState } from "preact/hooks";
import type { LinkApiError } from "../../api/link-api-error";
import { useI18n } from "../../i18n/i18n";
import { Alert } from "../../ui/alert";
import { errorText } from "../../ui/error-text";
import { Screen } from "../../ui/screen";
import { SubmitButton } from "../../ui/submit-button";
import { TextField } from "../../ui/text-field";

export interface SingleAnswerFormProps {
  title: string;
  label: string;
  hint?: string;
  inputMode?: "text" | "numeric";
  autocomplete?: string;
  maxLength?: number;
  submitLabel: string;
  /** What to say when the entity refused the answer. */
  wrongAnswer: string;
  /** The screen's words for other reasons it expects (a resend refused). */
  known?: Partial<Record<string, string>>;
  /** Above the form: where the code went. */
  intro?: ComponentChildren;
  /** Below the form: other ways through this step (another code, another method). */
  after?: ComponentChildren;
  error: LinkApiError | null;
  busy: boolean;
  onAnswer(value: string): void;
}

const INPUT_ID = "mfa-answer";
const ERROR_ID = "mfa-error";

/** One question, one answer: the code and security-question screens. */
export function SingleAnswerForm(props: SingleAnswerFormProps) {
  const { t } = useI18n();
  const [value, setValue] = useState("");
  const [missing, setMissing] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  // A refused answer: clear it and put the user back in the field to type the next one. Before the alert is
  // painted (a layout effect): a plain effect ran a frame later and could wipe a code typed as the alert showed.
  useLayoutEffect(() => {
    if (!props.error) return;
    setValue("");
    input.current?.focus();
  }, [props.error]);

  const submit = (event: Event) => {
    event.preventDefault();
    const answer = value.trim();
    setMissing(!answer);
    if (!answer) return input.current?.focus();
    props.onAnswer(answer);
  };

  const alert = errorText(t, props.error, { ...props.known, INVALID_MFA: props.wrongAnswer });
  return (
    <Screen title={props.title}>
      {props.intro}
      <form class="stack" onSubmit={submit} noValidate>
        <Alert id={ERROR_ID} text={alert} />
        <TextField
          id={INPUT_ID}
          inputRef={input}
          label={props.label}
          hint={props.hint}
          value={value}
          onInput={(text) => {
            setValue(text);
            setMissing(false);
          }}
          inputMode={props.inputMode}
          autocomplete={props.autocomplete ?? "off"}
          maxLength={props.maxLength}
          error={missing ? t.required : null}
          describedBy={alert ? ERROR_ID : null}
        />
        <SubmitButton busy={props.busy}>{props.submitLabel}</SubmitButton>
      </form>
      {props.after}
    </Screen>
  );
}
