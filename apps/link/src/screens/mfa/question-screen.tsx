import { useI18n } from "../../i18n/i18n";
import type { MfaProps } from "./mfa-props";
import { SingleAnswerForm } from "./single-answer-form";

/** A security question, asked and labelled in the session's language. */
export function QuestionScreen({ challenge, error, busy, onAnswer }: MfaProps<"QUESTION">) {
  const { t, lang } = useI18n();
  return (
    <SingleAnswerForm
      title={t.question.title}
      label={challenge.question[lang]}
      submitLabel={t.question.submit}
      wrongAnswer={t.question.wrong}
      error={error}
      busy={busy}
      onAnswer={(answer) => onAnswer({ type: "QUESTION", answer })}
    />
  );
}
