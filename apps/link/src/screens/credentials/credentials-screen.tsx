import type { CredentialField, LinkEntity } from "@finlink/contracts";
import { useEffect, useRef, useState } from "preact/hooks";
import type { LinkApiError } from "../../api/link-api-error";
import { useI18n } from "../../i18n/i18n";
import { Alert } from "../../ui/alert";
import { errorText } from "../../ui/error-text";
import { Screen } from "../../ui/screen";
import { SubmitButton } from "../../ui/submit-button";
import { TextField } from "../../ui/text-field";

export interface CredentialsScreenProps {
  entity: LinkEntity;
  appName: string;
  /** Update and restore flows sign in again as the connection's user: shown, not editable. */
  fixedUsername: string | null;
  error: LinkApiError | null;
  busy: boolean;
  onSubmit(credentials: Record<string, string>): void;
  /** Back to the search; absent when the session fixed the entity. */
  onChangeEntity?: () => void;
}

const ERROR_ID = "credentials-error";
const fieldId = (field: CredentialField) => `credential-${field.name}`;
const secretFields = (fields: CredentialField[]) => fields.filter((f) => f.type === "password");

/** The entity's sign-in form, its fields as the connector defines them. */
export function CredentialsScreen(props: CredentialsScreenProps) {
  const { entity, fixedUsername, error } = props;
  const { t, lang } = useI18n();
  const fields = entity.credentialFields;
  // The field naming the user (a username, a DNI): the form's first one that is not a password.
  const identity = fields.find((f) => f.type !== "password")?.name;
  const form = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState(() =>
    Object.fromEntries(fields.map((f) => [f.name, f.name === identity && fixedUsername ? fixedUsername : ""])),
  );
  const [missing, setMissing] = useState<string[]>([]);
  const focusField = (field: CredentialField | undefined) =>
    field && form.current?.querySelector<HTMLInputElement>(`#${fieldId(field)}`)?.focus();

  // A rejected sign-in: the secret fields start over, and the user is put back in the first one (the one to type
  // again; the alert is announced by itself, and every field, marked invalid, points at it).
  useEffect(() => {
    if (error?.reason !== "INVALID_CREDENTIALS") return;
    setValues((current) => ({ ...current, ...Object.fromEntries(secretFields(fields).map((f) => [f.name, ""])) }));
    focusField(secretFields(fields)[0]);
  }, [error, fields]);

  const submit = (event: Event) => {
    event.preventDefault();
    // Enter in a locked field still submits the form: the request in flight is the only one.
    if (props.busy) return;
    const empty = fields.filter((f) => !values[f.name]?.trim());
    setMissing(empty.map((f) => f.name));
    if (empty.length > 0) return focusField(empty[0]);
    props.onSubmit(values);
  };

  const rejected = error?.reason === "INVALID_CREDENTIALS";
  const minutesToWait = error?.retryAfter ? Math.ceil(error.retryAfter / 60) : null;
  const alert = errorText(t, error, {
    INVALID_CREDENTIALS: t.credentials.wrong(
      fields.map((f) => f.label[lang]),
      error?.remainingAttempts ?? null,
    ),
    SIGN_IN_THROTTLED: t.credentials.throttled(minutesToWait),
    ADDRESS_THROTTLED: t.credentials.throttledAddress(minutesToWait),
    INVALID_MFA: t.mfaRestart,
    STALE_CHALLENGE: t.mfaRestart,
  });
  return (
    <Screen title={t.credentials.title(entity.name)}>
      <p class="lead">{t.credentials.intro(props.appName)}</p>
      <form ref={form} class="stack" onSubmit={submit} noValidate>
        <Alert id={ERROR_ID} text={alert} />
        {fields.map((field) => (
          <TextField
            key={field.name}
            id={fieldId(field)}
            label={field.label[lang]}
            type={field.type}
            autocomplete={field.autocomplete}
            inputMode={field.inputMode}
            value={values[field.name] ?? ""}
            onInput={(value) => {
              setValues((current) => ({ ...current, [field.name]: value }));
              setMissing((names) => names.filter((name) => name !== field.name));
            }}
            hint={field.hint?.[lang]}
            readOnly={field.name === identity && Boolean(fixedUsername)}
            // Read-only, not disabled, while the request runs: the field keeps the focus and its value is still read.
            locked={props.busy}
            revealable
            error={missing.includes(field.name) ? t.credentials.required(field.label[lang]) : null}
            invalid={rejected}
            describedBy={alert ? ERROR_ID : null}
          />
        ))}
        {entity.forgotPasswordUrl && (
          <p class="forgot">
            {/* The bank's own page: a new tab keeps this sign-in open, noopener keeps it from reaching back. */}
            <a href={entity.forgotPasswordUrl} target="_blank" rel="noopener noreferrer">
              {t.signIn2.forgot}
              <span class="sr-only"> {t.consent.newTab}</span>
            </a>
          </p>
        )}
        <SubmitButton busy={props.busy}>{t.credentials.submit}</SubmitButton>
        {props.onChangeEntity && (
          <button type="button" class="button quiet" onClick={props.onChangeEntity} disabled={props.busy}>
            {t.credentials.changeEntity}
          </button>
        )}
      </form>
    </Screen>
  );
}
