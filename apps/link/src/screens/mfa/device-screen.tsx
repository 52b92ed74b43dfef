import { useState } from "preact/hooks";
import { useI18n } from "../../i18n/i18n";
import { Alert } from "../../ui/alert";
import { errorText } from "../../ui/error-text";
import { Screen } from "../../ui/screen";
import { SubmitButton } from "../../ui/submit-button";
import type { MfaProps } from "./mfa-props";

/** Where the bank should send the code; the code screen follows. */
export function DeviceScreen({ challenge, error, busy, onAnswer }: MfaProps<"DEVICE">) {
  const { t, lang } = useI18n();
  // The first device is chosen already: one click for the common case, and never an empty choice.
  const [deviceId, setDeviceId] = useState(challenge.devices[0]?.id ?? "");
  const submit = (event: Event) => {
    event.preventDefault();
    if (deviceId) onAnswer({ type: "DEVICE", deviceId });
  };
  return (
    <Screen title={t.device.title}>
      <form class="stack" onSubmit={submit}>
        <Alert id="mfa-error" text={errorText(t, error)} />
        <fieldset class="choices">
          <legend class="sr-only">{t.device.title}</legend>
          {challenge.devices.map((device) => (
            <label key={device.id} class="choice">
              <input
                type="radio"
                name="device"
                value={device.id}
                checked={device.id === deviceId}
                onChange={() => setDeviceId(device.id)}
              />
              <span>{device.name[lang]}</span>
            </label>
          ))}
        </fieldset>
        <SubmitButton busy={busy}>{t.device.submit}</SubmitButton>
      </form>
    </Screen>
  );
}
