import { type FormEvent, useId, useRef, useState } from "react";
import { usePreferences } from "../../../lib/preferences";
import { ErrorNotice } from "../../../ui/error-notice";
import { PageHeading } from "../../../ui/page-heading";
import { useSignIn } from "../api/sign-in";

/** The demo sign-in: a name, nothing else (it stands in for the integrator's own authentication). */
export function SignInForm() {
  const { t } = usePreferences();
  const signIn = useSignIn();
  const [name, setName] = useState("");
  const [missing, setMissing] = useState(false);
  const inputId = useId();
  const errorId = useId();
  const input = useRef<HTMLInputElement>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    setMissing(trimmed === "");
    // Back to the field that needs fixing, where its error is read out with it.
    if (trimmed) signIn.mutate(trimmed);
    else input.current?.focus();
  };

  return (
    <div className="narrow stack">
      <PageHeading>{t.auth.title}</PageHeading>
      <p className="muted">{t.auth.lead}</p>
      <form className="card stack" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={inputId}>{t.auth.name}</label>
          <input
            ref={input}
            id={inputId}
            name="name"
            autoComplete="name"
            maxLength={80}
            value={name}
            onChange={(event) => setName(event.target.value)}
            aria-invalid={missing}
            aria-describedby={missing ? errorId : undefined}
          />
          {missing ? (
            <p id={errorId} className="field-error">
              {t.auth.nameRequired}
            </p>
          ) : null}
        </div>
        <button type="submit" className="button" disabled={signIn.isPending} aria-busy={signIn.isPending}>
          {t.auth.submit}
        </button>
      </form>
      {signIn.isError ? <ErrorNotice error={signIn.error} /> : null}
    </div>
  );
}
