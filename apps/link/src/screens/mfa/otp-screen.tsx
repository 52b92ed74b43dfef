import { useI18n } from "../../i18n/i18n";
import type { MfaProps } from "./mfa-props";
import { SingleAnswerForm } from "./single-answer-form";

/** A one-time code sent by the bank (also the step after choosing a device). */
export function OtpScreen({ challenge, error, busy, onAnswer }: MfaProps<"OTP">) {
  const { t } = useI18n();
  return (
    <SingleAnswerForm
      title={t.otp.title}
      label={t.otp.label}
      hint={t.otp.hint(challenge.length)}
      inputMode="numeric"
      autocomplete="one-time-code"
      maxLength={challenge.length}
      submitLabel={t.otp.submit}
      wrongAnswer={t.otp.wrong}
      error={error}
      busy={busy}
      onAnswer={(code) => onAnswer({ type: "OTP", code })}
    />
  );
}
