import { useI18n } from "../../i18n/i18n";
import type { MfaProps } from "./mfa-props";
import { OtpOptions, useResend } from "./otp-options";
import { SingleAnswerForm } from "./single-answer-form";

/** A one-time code sent by the bank (also the step after choosing a device): where it went, and other ways on. */
export function OtpScreen(props: MfaProps<"OTP">) {
  const { challenge, error, busy, onAnswer } = props;
  const { t, lang } = useI18n();
  const resend = useResend(props);
  const where = challenge.sentTo?.[lang] ?? null;
  return (
    <SingleAnswerForm
      title={t.otp.title}
      label={t.otp.label}
      hint={t.otp.hint(challenge.length)}
      inputMode="numeric"
      autocomplete="one-time-code"
      maxLength={challenge.length}
      submitLabel={t.otp.submit}
      wrongAnswer={t.mfa2.wrong(error?.remainingAttempts ?? null)}
      known={{ RESEND_NOT_ALLOWED: t.mfa2.noMoreCodes, SWITCH_NOT_ALLOWED: t.mfa2.switchRefused }}
      // A live region from the start, so the resend's news is announced; its first words are not.
      intro={
        <p role="status" class="muted">
          {resend.news || (where && t.mfa2.sentTo(where))}
        </p>
      }
      after={<OtpOptions {...props} resend={resend} />}
      error={error}
      busy={busy}
      onAnswer={(code) => onAnswer({ type: "OTP", code })}
    />
  );
}
