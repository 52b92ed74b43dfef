import type { Page } from "@playwright/test";
import { expectConnectRedirect } from "../fixtures/redirect";
import { expect, test } from "../fixtures/test";
import { SCREEN_VARIANTS } from "../fixtures/variants";

// The code screen says where the code went, sends another (then waits 30 s, announced), offers another method,
// and says how many attempts are left after a wrong code — a resend gives none back. The device list is in the
// user's language, and the code screen after it names the chosen device. Screenshots in both languages, both
// themes and at 360 px, with axe on each.

const COPY = {
  en: {
    signIn: "Sign in to Banco Sandbox",
    username: "Username",
    password: "Password",
    submit: "Continue",
    otp: "Enter the verification code",
    otpLabel: "Verification code",
    verify: "Verify",
    sentBySms: /^We sent a code: SMS to ••••\s\d{4}\.$/,
    resent: /^We sent a new code: SMS to ••••\s\d{4}\. You can ask for another in 30 seconds\.$/,
    wrong: (left: string) => `That code is not correct. ${left} left.`,
    resend: "Send another code",
    otherMethods: "Use another method",
    elsewhere: "Send the code somewhere else",
    device: "Choose where to receive the code",
    sendCode: "Send code",
    iphone: /^\p{L}+'s iPhone$/u,
    sentToIphone: /^We sent a code: \p{L}+'s iPhone\.$/u,
    sms: /^SMS to ••••\s\d{4}$/,
    connected: "Connected",
  },
  es: {
    signIn: "Entra en Banco Sandbox",
    username: "Usuario",
    password: "Contraseña",
    submit: "Continuar",
    otp: "Introduce el código de verificación",
    otpLabel: "Código de verificación",
    verify: "Verificar",
    sentBySms: /^Hemos enviado un código a: SMS al ••••\s\d{4}\.$/,
    resent: /^Hemos enviado un código nuevo a: SMS al ••••\s\d{4}\. Podrás pedir otro dentro de 30 segundos\.$/,
    wrong: (left: string) => `El código no es correcto. ${left}.`,
    resend: "Enviar otro código",
    otherMethods: "Usar otro método",
    elsewhere: "Enviar el código a otro sitio",
    device: "Elige dónde recibir el código",
    sendCode: "Enviar código",
    iphone: /^iPhone de \p{L}+$/u,
    sentToIphone: /^Hemos enviado un código a: iPhone de \p{L}+\.$/u,
    sms: /^SMS al ••••\s\d{4}$/,
    connected: "Conectado",
  },
} as const;
const LEFT = {
  en: { 2: "2 attempts", 1: "1 attempt" },
  es: { 2: "Quedan 2 intentos", 1: "Queda 1 intento" },
} as const;

type Lang = keyof typeof COPY;

async function signIn(page: Page, lang: Lang, username: string) {
  const copy = COPY[lang];
  await page.getByLabel(copy.username).fill(username);
  await page.getByLabel(copy.password, { exact: true }).fill("pass_good");
  await page.getByRole("button", { name: copy.submit }).click();
}

for (const { lang, theme, width } of SCREEN_VARIANTS) {
  test.describe(`${lang} ${theme} ${width}px`, () => {
    test.use({ viewport: { width, height: 800 } });

    test(`mfa code ${lang} ${theme} ${width}`, async ({ page, link, finlink }) => {
      const copy = COPY[lang];
      await page.goto(finlink.linkUrl({ lang, theme, entity: "sandbox_bank" }).url);
      await link.expectScreen(copy.signIn, "credentials");
      await signIn(page, lang, "user_otp");

      await link.expectScreen(copy.otp, "otp");
      const status = page.getByRole("status");
      await expect(status).toHaveText(copy.sentBySms);
      await expect(page.getByRole("region", { name: copy.otherMethods })).toBeVisible();
      if (width === 360)
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

      await page.getByLabel(copy.otpLabel).fill("000000");
      await page.getByRole("button", { name: copy.verify }).click();
      await expect(page.getByRole("alert")).toHaveText(copy.wrong(LEFT[lang][2]));
      await link.expectScreen(copy.otp, "otp-wrong");

      // Another code: announced, then a 30 s wait the button shows (and keeps the focus through).
      const resend = page.getByRole("button", { name: new RegExp(`^${copy.resend}`) });
      await resend.click();
      await expect(status).toHaveText(copy.resent);
      await expect(resend).toHaveAttribute("aria-disabled", "true");
      await expect(resend).toHaveText(new RegExp(`^${copy.resend} \\((30|29|28) s\\)$`));
      await expect(resend).toBeFocused();
      await link.expectScreen(copy.otp, "otp-resent");

      // The new code did not give the guess back.
      await page.getByLabel(copy.otpLabel).fill("111111");
      await page.getByRole("button", { name: copy.verify }).click();
      await expect(page.getByRole("alert")).toHaveText(copy.wrong(LEFT[lang][1]));

      await page.getByLabel(copy.otpLabel).fill("123456");
      await page.getByRole("button", { name: copy.verify }).click();
      await link.expectConnected({ heading: copy.connected });
    });

    test(`mfa device ${lang} ${theme} ${width}`, async ({ page, link, finlink }) => {
      const copy = COPY[lang];
      await page.goto(finlink.linkUrl({ lang, theme, entity: "sandbox_bank" }).url);
      await link.expectScreen(copy.signIn, "credentials");
      await signIn(page, lang, "user_device");

      await link.expectScreen(copy.device, "device");
      await expect(page.getByRole("radio")).toHaveCount(3);
      await expect(page.getByRole("radio", { name: copy.iphone })).toBeChecked();
      await page.getByRole("button", { name: copy.sendCode }).click();

      await link.expectScreen(copy.otp, "otp-device");
      await expect(page.getByRole("status")).toHaveText(copy.sentToIphone);
      await page.getByRole("button", { name: copy.elsewhere }).click();

      await link.expectScreen(copy.device, "device-again");
      await page.getByRole("radio", { name: copy.sms }).check();
      await page.getByRole("button", { name: copy.sendCode }).click();
      await expect(page.getByRole("status")).toHaveText(copy.sentBySms);
      await page.getByLabel(copy.otpLabel).fill("123456");
      await page.getByRole("button", { name: copy.verify }).click();
      await link.expectConnected({ heading: copy.connected });
    });
  });
}

test("user_otp switches to approving in the bank's app, and connects", async ({ page, link, finlink, callback }) => {
  const { url, state } = finlink.linkUrl({ entity: "sandbox_bank" });
  await page.goto(url);
  await link.expectScreen("Sign in to Banco Sandbox", "credentials");
  await signIn(page, "en", "user_otp");
  await link.expectScreen("Enter the verification code", "otp");
  await page.getByRole("button", { name: "Approve in your bank's app instead" }).click();
  await link.expectScreen("Approve in your bank's app", "app");
  await link.expectConnected();
  expectConnectRedirect(await callback.pageParams(page), "sandbox_bank", state);
});
