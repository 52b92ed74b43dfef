import type { LinkEntity } from "@finlink/contracts";
import { cleanup, fireEvent, screen } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import { bank, problem } from "../../testing/fixtures";
import { renderIn } from "../../testing/render";
import { CredentialsScreen, type CredentialsScreenProps } from "./credentials-screen";

const caja: LinkEntity = {
  ...bank,
  id: "sandbox_bank_dni",
  name: "Caja Sandbox",
  forgotPasswordUrl: "https://caja.example/recuperar",
  credentialFields: [
    {
      name: "dni",
      label: { es: "DNI / NIE", en: "ID number (DNI / NIE)" },
      type: "text",
      autocomplete: "username",
      hint: { es: "El DNI con el que entras en la banca online", en: "The DNI you use for online banking" },
    },
    {
      name: "pin",
      label: { es: "PIN", en: "PIN" },
      type: "password",
      autocomplete: "current-password",
      inputMode: "numeric",
    },
  ],
};

function show(props: Partial<CredentialsScreenProps> = {}, lang: "es" | "en" = "en") {
  const onSubmit = vi.fn();
  const view = renderIn(
    <CredentialsScreen
      entity={bank}
      appName="Demo app"
      fixedUsername={null}
      error={null}
      busy={false}
      onSubmit={onSubmit}
      {...props}
    />,
    lang,
  );
  return { onSubmit, ...view };
}

const input = (label: string) => screen.getByLabelText(label) as HTMLInputElement;

describe("CredentialsScreen", () => {
  it("draws the entity's own fields, labelled in the session's language", () => {
    show({ entity: caja }, "es");
    expect(screen.getByRole("heading", { level: 1, name: "Entra en Caja Sandbox" })).toBeTruthy();
    expect(input("DNI / NIE").getAttribute("autocomplete")).toBe("username");
    const pin = input("PIN");
    expect(pin.type).toBe("password");
    expect(pin.getAttribute("inputmode")).toBe("numeric");
    expect(pin.getAttribute("autocomplete")).toBe("current-password");
  });

  it("submits the values by field name", () => {
    const { onSubmit } = show();
    expect(screen.getByRole("heading", { name: "Sign in to Banco Sandbox" })).toBeTruthy();
    fireEvent.input(input("Username"), { target: { value: "user_good" } });
    fireEvent.input(input("Password"), { target: { value: "pass_good" } });
    fireEvent.click(screen.getByRole("button", { name: "Continue" }));
    expect(onSubmit).toHaveBeenCalledWith({ username: "user_good", password: "pass_good" });
  });

  it("says which fields are missing instead of submitting", () => {
    const { onSubmit } = show();
    fireEvent.input(input("Username"), { target: { value: "user_good" } });
    fireEvent.click(screen.getByRole("button", { name: "Continue" }));
    expect(onSubmit).not.toHaveBeenCalled();
    const password = input("Password");
    expect(password.getAttribute("aria-invalid")).toBe("true");
    expect(document.getElementById(password.getAttribute("aria-describedby") ?? "")?.textContent).toBe(
      "Password is required.",
    );
    expect(document.activeElement).toBe(password);
  });

  it("fixes the username in update flows and offers no other bank", () => {
    const { onSubmit } = show({ fixedUsername: "user_otp" });
    const username = input("Username");
    expect(username.value).toBe("user_otp");
    expect(username.readOnly).toBe(true);
    expect(screen.queryByRole("button", { name: "Choose another bank" })).toBeNull();
    fireEvent.input(input("Password"), { target: { value: "pass_good" } });
    fireEvent.click(screen.getByRole("button", { name: "Continue" }));
    expect(onSubmit).toHaveBeenCalledWith({ username: "user_otp", password: "pass_good" });
  });

  it("fixes the entity's identity field, whatever its name, in update flows", () => {
    const { onSubmit } = show({ entity: caja, fixedUsername: "12345678Z" });
    const dni = input("ID number (DNI / NIE)");
    expect(dni.value).toBe("12345678Z");
    expect(dni.readOnly).toBe(true);
    expect(input("PIN").readOnly).toBe(false);
    fireEvent.input(input("PIN"), { target: { value: "1234" } });
    fireEvent.click(screen.getByRole("button", { name: "Continue" }));
    expect(onSubmit).toHaveBeenCalledWith({ dni: "12345678Z", pin: "1234" });
  });

  it("announces a wrong password with the attempts left, keeps the username and clears the password", () => {
    const { rerender } = show();
    fireEvent.input(input("Username"), { target: { value: "user_good" } });
    fireEvent.input(input("Password"), { target: { value: "wrong" } });
    const wrong = problem(401, "INVALID_CREDENTIALS", { remainingAttempts: 1 });
    rerender(
      <CredentialsScreen
        entity={bank}
        appName="Demo app"
        fixedUsername={null}
        error={wrong}
        busy={false}
        onSubmit={vi.fn()}
      />,
    );
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toContain("incorrect");
    expect(alert.textContent).toContain("1 attempt left");
    expect(input("Username").value).toBe("user_good");
    expect(input("Password").value).toBe("");
    expect(input("Password").getAttribute("aria-describedby")).toContain(alert.id);
  });

  // The entity's own field names, in the user's language: a DNI and PIN bank asks for no "username or password".
  it.each([
    ["user and password", bank, "en", "Your username or password is incorrect. 2 attempts left."],
    [
      "user and password",
      bank,
      "es",
      "Los datos no son correctos: revisa tu usuario y tu contraseña. Quedan 2 intentos.",
    ],
    ["DNI and PIN", caja, "en", "Your ID number (DNI / NIE) or PIN is incorrect. 2 attempts left."],
    ["DNI and PIN", caja, "es", "Los datos no son correctos: revisa tu DNI / NIE y tu PIN. Quedan 2 intentos."],
  ] as const)("names the %s fields when it rejects a sign-in (%#)", (_, entity, lang, text) => {
    show({ entity, error: problem(401, "INVALID_CREDENTIALS", { remainingAttempts: 2 }) }, lang);
    expect(screen.getByRole("alert").textContent).toBe(text);
  });

  it("says when a user with too many failed sign-ins may try again, in minutes", () => {
    show({ error: problem(429, "SIGN_IN_THROTTLED", { retryAfter: 61 }) });
    expect(screen.getByRole("alert").textContent).toBe(
      "Too many failed sign-ins for this user. Try again in 2 minutes.",
    );
    cleanup();
    show({ error: problem(429, "SIGN_IN_THROTTLED") });
    expect(screen.getByRole("alert").textContent).toBe("Too many failed sign-ins for this user. Try again later.");
    cleanup();
    show({ error: problem(429, "ADDRESS_THROTTLED", { retryAfter: 60 }) }, "es");
    expect(screen.getByRole("alert").textContent).toBe(
      "Demasiados intentos fallidos desde tu red. Inténtalo de nuevo dentro de 1 minuto.",
    );
  });

  it("reads the identity field's hint with it, in the session's language", () => {
    show({ entity: caja }, "es");
    const dni = input("DNI / NIE");
    expect(document.getElementById(dni.getAttribute("aria-describedby") ?? "")?.textContent).toBe(
      "El DNI con el que entras en la banca online",
    );
  });

  it("shows and hides the password with its own button, which never submits", () => {
    const { onSubmit } = show({ entity: caja });
    const pin = input("PIN");
    fireEvent.input(pin, { target: { value: "1234" } });
    const toggle = screen.getByRole("button", { name: "Show PIN" });
    expect(toggle.getAttribute("type")).toBe("button");
    expect(toggle.getAttribute("aria-controls")).toBe(pin.id);
    fireEvent.click(toggle);
    expect(pin.type).toBe("text");
    expect(pin.value).toBe("1234");
    expect(screen.getByRole("button", { name: "Hide PIN" }).textContent).toBe("Hide");
    fireEvent.click(screen.getByRole("button", { name: "Hide PIN" }));
    expect(pin.type).toBe("password");
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("links to the bank's own forgotten-password page, in a new tab that cannot reach back", () => {
    show({ entity: caja });
    const link = screen.getByRole("link", { name: "Forgot your password? (opens in a new tab)" });
    expect(link.getAttribute("href")).toBe("https://caja.example/recuperar");
    expect(link.getAttribute("target")).toBe("_blank");
    expect(link.getAttribute("rel")).toBe("noopener noreferrer");
    cleanup();
    show();
    expect(screen.queryByRole("link")).toBeNull();
  });

  it("marks every field invalid after a rejected sign-in, pointing at the message, and puts the user back in the PIN", () => {
    show({ entity: caja, error: problem(401, "INVALID_CREDENTIALS", { remainingAttempts: 2 }) });
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toContain("2 attempts left");
    for (const field of [input("ID number (DNI / NIE)"), input("PIN")]) {
      expect(field.getAttribute("aria-invalid")).toBe("true");
      expect(field.getAttribute("aria-describedby")?.split(" ")).toContain(alert.id);
    }
    expect(document.activeElement).toBe(input("PIN"));
  });

  it("locks the form while the sign-in is sent", () => {
    const onChangeEntity = vi.fn();
    const onSubmit = vi.fn();
    const props = { entity: bank, appName: "Demo app", fixedUsername: null, error: null, onSubmit, onChangeEntity };
    const { rerender } = renderIn(<CredentialsScreen {...props} busy={false} />);
    fireEvent.input(input("Username"), { target: { value: "user_good" } });
    fireEvent.input(input("Password"), { target: { value: "pass_good" } });
    fireEvent.click(screen.getByRole("button", { name: "Show Password" }));
    expect(input("Password").type).toBe("text");
    rerender(<CredentialsScreen {...props} busy={true} />);
    expect(input("Password").type).toBe("password");
    expect(input("Username").readOnly).toBe(true);
    expect(input("Password").readOnly).toBe(true);
    expect((screen.getByRole("button", { name: "Show Password" }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole("button", { name: "Choose another bank" }) as HTMLButtonElement).disabled).toBe(true);
    const submit = screen.getByRole("button", { name: "Continue" });
    expect(submit.getAttribute("aria-disabled")).toBe("true");
    fireEvent.click(submit);
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("lets the user go back to the search when the entity was their choice", () => {
    const onChangeEntity = vi.fn();
    show({ onChangeEntity });
    fireEvent.click(screen.getByRole("button", { name: "Choose another bank" }));
    expect(onChangeEntity).toHaveBeenCalled();
  });
});
