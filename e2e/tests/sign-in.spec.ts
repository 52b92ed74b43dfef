import { LinkWidget, SANDBOX_PASSWORD, SUCCESS_CONTINUE } from "../fixtures/link-widget";
import { expectConnectRedirect, frameCallbackParams } from "../fixtures/redirect";
import { LINK_FRAME } from "../fixtures/screens";
import { framePageUrl, linkEvents } from "../fixtures/site";
import { expect, test } from "../fixtures/test";
import { SCREEN_VARIANTS } from "../fixtures/variants";
import { FINLINK_ORIGIN, SANDBOX_APP } from "../servers";

// The sign-in form (issue 13, item 5) and the success screen (item 8), at Caja Sandbox: a DNI and a PIN.

const CAJA = { id: "sandbox_bank_dni", name: "Caja Sandbox" };
const FORGOT_URL = `${FINLINK_ORIGIN}/api/v1/docs/guides/sandbox-users#forgotten-passwords`;
/** Longer than any auto-continue the issue would allow (3 s): the success screen must still be there. */
const READING_MS = 4_000;

const COPY = {
  en: {
    title: `Sign in to ${CAJA.name}`,
    dni: "ID number (DNI / NIE)",
    hint: "The DNI you use for online banking",
    show: "Show PIN",
    hide: "Hide PIN",
    forgot: "Forgot your password? (opens in a new tab)",
    submit: "Continue",
    connected: "Connected",
    next: `Your data is being fetched; ${SANDBOX_APP.name} will show it shortly.`,
  },
  es: {
    title: `Entra en ${CAJA.name}`,
    dni: "DNI / NIE",
    hint: "El DNI con el que entras en la banca online",
    show: "Mostrar PIN",
    hide: "Ocultar PIN",
    forgot: "¿Has olvidado tu contraseña? (se abre en una pestaña nueva)",
    submit: "Continuar",
    connected: "Conectado",
    next: `Estamos obteniendo tus datos; ${SANDBOX_APP.name} los mostrará en breve.`,
  },
} as const;

test("the sign-in form: hint, Show/Hide by keyboard, the bank's forgotten-password page", async ({
  page,
  link,
  finlink,
}) => {
  await page.goto(finlink.linkUrl({ entity: CAJA.id }).url);
  await link.expectScreen(COPY.en.title, "credentials");
  const dni = page.getByLabel(COPY.en.dni);
  await expect(dni).toHaveAccessibleDescription(COPY.en.hint);

  // Show/Hide: reached by Tab from the PIN, pressed with the keyboard, and it never sends the form.
  const pin = page.getByLabel("PIN", { exact: true });
  await pin.fill("1234");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: COPY.en.show })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(pin).toHaveAttribute("type", "text");
  await expect(page.getByRole("button", { name: COPY.en.hide })).toBeFocused();
  await page.keyboard.press("Space");
  await expect(pin).toHaveAttribute("type", "password");
  await expect(pin).toHaveValue("1234");
  await expect(page.getByRole("alert")).toHaveCount(0);
  await expect(link.heading(COPY.en.title)).toBeVisible();

  // The bank's page in a new tab that cannot reach back; this sign-in stays where it was.
  const forgot = page.getByRole("link", { name: COPY.en.forgot });
  await expect(forgot).toHaveAttribute("rel", "noopener noreferrer");
  const [help] = await Promise.all([page.context().waitForEvent("page"), forgot.click()]);
  await expect(help).toHaveURL(FORGOT_URL);
  await expect(help.getByText("This is where Banco Sandbox would let you reset your password")).toBeVisible();
  expect(await help.evaluate(() => window.opener)).toBeNull();
  await help.close();
  await expect(pin).toHaveValue("1234");
});

test("a rejected sign-in marks the fields invalid for screen readers; the form is locked while sent", async ({
  page,
  link,
  finlink,
  callback,
  screens,
}) => {
  const { url, state } = finlink.linkUrl({ entity: CAJA.id });
  await page.goto(url);
  await link.expectScreen(COPY.en.title, "credentials");
  const dni = page.getByLabel(COPY.en.dni);
  const pin = page.getByLabel("PIN", { exact: true });
  await dni.fill("user_good");
  await pin.fill("0000");
  await page.getByRole("button", { name: "Continue" }).click();

  const alert = page.getByRole("alert");
  await expect(alert).toContainText("4 attempts left");
  const alertId = await alert.getAttribute("id");
  for (const field of [dni, pin]) {
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(field).toHaveAttribute("aria-describedby", new RegExp(`\\b${alertId}\\b`));
  }
  await expect(pin).toBeFocused();
  await expect(pin).toHaveValue("");
  await screens.capture("credentials-rejected");

  // Held on the way to Finlink, the second sign-in shows the form locked: nothing to edit or press twice.
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route("**/api/v1/link/session/credentials", async (route) => {
    await held;
    await route.continue();
  });
  await pin.fill(SANDBOX_PASSWORD);
  await page.keyboard.press("Enter");
  const submit = page.getByRole("button", { name: "Continue" });
  await expect(submit).toHaveAttribute("aria-disabled", "true");
  await expect(dni).not.toBeEditable();
  await expect(pin).not.toBeEditable();
  await expect(page.getByRole("button", { name: COPY.en.show })).toBeDisabled();
  await screens.capture("credentials-locked");
  release();

  await link.expectConnected();
  expectConnectRedirect(await callback.pageParams(page), CAJA.id, state);
});

test("success stays readable: HANDOFF and the redirect wait for Continue", async ({ page, screens, finlink }) => {
  const { url, state } = finlink.linkUrl({ entity: CAJA.id });
  await page.goto(framePageUrl(url));
  const frame = page.frameLocator(LINK_FRAME);
  const link = new LinkWidget(frame, screens);
  await link.expectScreen(COPY.en.title, "credentials");
  await frame.getByLabel(COPY.en.dni).fill("user_good");
  await frame.getByLabel("PIN", { exact: true }).fill(SANDBOX_PASSWORD);
  await frame.getByRole("button", { name: "Continue" }).click();

  await link.expectScreen(COPY.en.connected, "success");
  await expect(link.heading(COPY.en.connected)).toBeFocused();
  await expect(frame.locator(".entity-mark")).toContainText(CAJA.name);
  await expect(frame.getByText(COPY.en.next)).toBeVisible();
  await page.waitForTimeout(READING_MS);
  await expect(link.heading(COPY.en.connected)).toBeVisible();
  expect((await linkEvents(page)).map((e) => e.type)).not.toContain("HANDOFF");

  await frame.getByRole("button", { name: `Continue to ${SANDBOX_APP.name}` }).click();
  expectConnectRedirect(await frameCallbackParams(frame), CAJA.id, state);
  expect((await linkEvents(page)).map((e) => e.type).at(-1)).toBe("HANDOFF");
});

for (const { lang, theme, width } of SCREEN_VARIANTS) {
  test.describe(`${lang} ${theme} ${width}px`, () => {
    test.use({ viewport: { width, height: 800 } });

    test(`sign-in and success ${lang} ${theme} ${width}`, async ({ page, link, finlink, callback }) => {
      const copy = COPY[lang];
      const { url, state } = finlink.linkUrl({ entity: CAJA.id, lang, theme });
      await page.goto(url);
      await link.expectScreen(copy.title, "credentials");
      await page.getByLabel(copy.dni).fill("user_good");
      await page.getByLabel("PIN", { exact: true }).fill("0000");
      await page.getByRole("button", { name: copy.show }).click();
      await link.expectScreen(copy.title, "credentials-shown");
      await page.getByRole("button", { name: copy.submit, exact: true }).click();
      await expect(page.getByRole("alert")).toBeVisible();
      await link.expectScreen(copy.title, "credentials-rejected");
      if (width === 360)
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await page.getByLabel("PIN", { exact: true }).fill(SANDBOX_PASSWORD);
      await page.getByRole("button", { name: copy.submit, exact: true }).click();

      await link.expectScreen(copy.connected, "success");
      await expect(page.getByText(copy.next)).toBeVisible();
      await page.getByRole("button", { name: SUCCESS_CONTINUE }).click();
      expectConnectRedirect(await callback.pageParams(page), CAJA.id, state);
    });
  });
}
