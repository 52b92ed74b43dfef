import { useEffect, useState } from "preact/hooks";
import { useI18n } from "../../i18n/i18n";
import type { MfaProps } from "./mfa-props";

/** Seconds between codes, as banks space their SMS: a second tap in a hurry sends no second message. */
export const RESEND_COOLDOWN_S = 30;

export interface Resend {
  /** Seconds until another code may be asked for; 0: now. */
  wait: number;
  /** What the status line says after a resend (sent, then ready again), or "": where the code went. */
  news: string;
  /** Whether the code on screen was sent again (so "no more codes" makes sense). */
  resent: boolean;
  ask(): void;
}

/**
 * "Send another code": asks, then waits `RESEND_COOLDOWN_S` from the resend (`resentAt`, which the flow keeps
 * across the new challenge), with news for the status line: sent, then ready again.
 */
export function useResend({ challenge, busy, resentAt = null, onAnswer }: MfaProps<"OTP">): Resend {
  const { t, lang } = useI18n();
  const [now, setNow] = useState(() => Date.now());
  const until = resentAt === null ? 0 : resentAt + RESEND_COOLDOWN_S * 1000;
  useEffect(() => {
    setNow(Date.now());
    if (until <= Date.now()) return;
    const timer = setInterval(() => {
      setNow(Date.now());
      if (Date.now() >= until) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [until]);
  const wait = Math.max(0, Math.ceil((until - now) / 1000));
  const where = challenge.sentTo?.[lang] ?? null;
  let news = "";
  if (resentAt !== null && wait > 0) news = t.mfa2.resent(where ?? t.error.someBank, RESEND_COOLDOWN_S);
  else if (resentAt !== null) news = where ? `${t.mfa2.sentTo(where)} ${t.mfa2.resendReady}` : t.mfa2.resendReady;
  return {
    wait,
    news,
    resent: resentAt !== null,
    ask() {
      if (wait <= 0 && !busy) void onAnswer({ type: "RESEND" });
    },
  };
}

/** Another code (while the entity sends them), and the other methods it offers. */
export function OtpOptions({ challenge, onAnswer, resend }: MfaProps<"OTP"> & { resend: Resend }) {
  const { t } = useI18n();
  const { alternatives } = challenge;
  return (
    <>
      {challenge.canResend ? (
        // aria-disabled, not disabled: the button keeps the focus while it waits.
        <button
          type="button"
          class="button secondary"
          aria-disabled={resend.wait > 0 || undefined}
          onClick={resend.ask}
        >
          {resend.wait > 0 ? t.mfa2.resendIn(resend.wait) : t.mfa2.resend}
        </button>
      ) : (
        resend.resent && <p class="muted">{t.mfa2.noMoreCodes}</p>
      )}
      {alternatives.length > 0 && (
        <section class="stack other-methods" aria-labelledby="other-methods">
          <h2 id="other-methods" class="subtitle">
            {t.mfa2.otherMethods}
          </h2>
          {alternatives.map((method) => (
            <button
              key={method}
              type="button"
              class="button quiet"
              onClick={() => void onAnswer({ type: "SWITCH", method })}
            >
              {t.mfa2.switchTo[method]}
            </button>
          ))}
        </section>
      )}
    </>
  );
}
