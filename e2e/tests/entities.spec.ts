import type { Locator, Page } from "@playwright/test";
import { SUCCESS_CONTINUE } from "../fixtures/link-widget";
import { expectConnectRedirect, expectExitRedirect } from "../fixtures/redirect";
import { expect, test } from "../fixtures/test";
import { SCREEN_VARIANTS } from "../fixtures/variants";

// Banks that look like banks: each entity's logo (an SVG from Finlink's own origin, through Link's unchanged
// CSP) on the list and on every step after the pick; the list by popularity with a type filter; an entity
// that is down marked in words, and "Choose another bank" from its error screen. Screenshots in both
// languages, both themes and at 360 px, with axe on each.

const COPY = {
  en: {
    select: "Select your bank",
    search: "Search for your bank",
    brokers: "Brokers",
    signIn: "Sign in to Banco Sandbox",
    username: "Username",
    password: "Password",
    submit: "Continue",
    otp: "Enter the verification code",
    otpLabel: "Verification code",
    verify: "Verify",
    connecting: "Connecting…",
    connected: "Connected",
    unavailable: "Temporarily unavailable",
    downTitle: "Banco Sandbox Caído is not available right now",
    chooseAnother: "Choose another bank",
    helpTitle: "Can't find your bank?",
  },
  es: {
    select: "Elige tu banco",
    search: "Busca tu banco",
    brokers: "Brókers",
    signIn: "Entra en Banco Sandbox",
    username: "Usuario",
    password: "Contraseña",
    submit: "Continuar",
    otp: "Introduce el código de verificación",
    otpLabel: "Código de verificación",
    verify: "Verificar",
    connecting: "Conectando…",
    connected: "Conectado",
    unavailable: "No disponible temporalmente",
    downTitle: "Banco Sandbox Caído no está disponible ahora",
    chooseAnother: "Elegir otro banco",
    helpTitle: "¿No encuentras tu banco?",
  },
} as const;

/** Every logo in `scope` has loaded from Finlink's origin (a CSP block or a 404 leaves naturalWidth 0). */
async function expectLogosLoaded(scope: Locator, count?: number) {
  const logos = scope.locator("img.logo");
  if (count !== undefined) await expect(logos).toHaveCount(count);
  else await expect(logos.first()).toBeVisible();
  for (const logo of await logos.all()) {
    await expect(logo).toHaveAttribute("src", /^\/logos\/sandbox_[a-z_]+\.svg$/);
    await expect.poll(() => logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  }
}

/** The mark heading a step: the entity's loaded logo, its name, and its brand colour as the accent. */
async function expectMark(page: Page, name: string, brandColor: string) {
  const mark = page.locator(".entity-mark");
  await expect(mark).toContainText(name);
  await expectLogosLoaded(mark, 1);
  const accent = await mark.evaluate((el) => getComputedStyle(el).borderLeftColor);
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(brandColor.slice(i, i + 2), 16));
  expect(accent).toBe(`rgb(${r}, ${g}, ${b})`);
}

/** Records CSP violations in the page: the logos and the brand colour must need no change to Link's policy. */
async function recordCspViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
}

for (const { lang, theme, width } of SCREEN_VARIANTS) {
  test.describe(`${lang} ${theme} ${width}px`, () => {
    test.use({ viewport: { width, height: 800 } });

    test(`logos on every screen ${lang} ${theme} ${width}`, async ({ page, link, finlink, callback, screens }) => {
      const copy = COPY[lang];
      const violations = await recordCspViolations(page);
      const { url, state } = finlink.linkUrl({ lang, theme });
      // Holds the finish call a moment, so the connecting screen stays long enough to be seen and checked.
      let releaseFinish = () => {};
      const finishHeld = new Promise<void>((resolve) => {
        releaseFinish = resolve;
      });
      await page.route("**/api/v1/link/session/finish", async (route) => {
        await finishHeld;
        await route.continue();
      });
      await page.goto(url);

      await link.acceptConsent();
      await expect(link.heading(copy.select)).toBeVisible();
      const list = page.locator("#entity-results");
      await expect(list.getByRole("button").first()).toContainText("Banco Sandbox");
      await expectLogosLoaded(list, 6);
      await screens.capture("entity");
      await expect(
        page.getByRole("button", { name: new RegExp(`^Banco Sandbox Caído ${copy.unavailable}$`) }),
      ).toBeVisible();
      if (width === 360)
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

      await page.getByRole("radio", { name: copy.brokers }).check();
      await expect(list.getByRole("button")).toHaveCount(1);
      await screens.capture("entity-brokers");
      await page.getByRole("radio", { name: lang === "es" ? "Todas" : "All" }).check();

      await page.getByLabel(copy.search).fill("zzz");
      await expect(page.getByText(copy.helpTitle)).toBeVisible();
      await screens.capture("entity-empty");
      await page.getByLabel(copy.search).fill("bs");
      await expect(list.getByRole("button")).toHaveCount(4);
      await screens.capture("entity-initials");
      await link.entityOption("Banco Sandbox").click();

      await link.expectScreen(copy.signIn, "credentials");
      await expectMark(page, "Banco Sandbox", "#1d4ed8");
      await page.getByLabel(copy.username).fill("user_otp");
      await page.getByLabel(copy.password, { exact: true }).fill("pass_good");
      await page.getByRole("button", { name: copy.submit }).click();

      await link.expectScreen(copy.otp, "otp");
      await expectMark(page, "Banco Sandbox", "#1d4ed8");
      await page.getByLabel(copy.otpLabel).fill("123456");
      await page.getByRole("button", { name: copy.verify }).click();

      await link.expectScreen(copy.connecting, "connecting");
      await expectMark(page, "Banco Sandbox", "#1d4ed8");
      releaseFinish();

      await link.expectScreen(copy.connected, "success");
      await expectMark(page, "Banco Sandbox", "#1d4ed8");
      expect(await violations()).toEqual([]);
      await page.getByRole("button", { name: SUCCESS_CONTINUE }).click();
      expectConnectRedirect(await callback.pageParams(page), "sandbox_bank", state);
    });
  });
}

test("an entity that is down is marked, explained on picking, and Choose another bank leads on", async ({
  page,
  link,
  finlink,
  callback,
}) => {
  const { url, state } = finlink.linkUrl();
  await page.goto(url);
  await link.expectScreen(COPY.en.select, "entity");
  await page.getByRole("button", { name: "Banco Sandbox Caído Temporarily unavailable" }).click();
  await link.expectScreen(COPY.en.downTitle, "unavailable");
  await page.getByRole("button", { name: COPY.en.chooseAnother }).click();
  await link.pickEntity("Banco Sandbox");
  await link.signIn("Banco Sandbox", "user_good");
  await link.expectConnected();
  expectConnectRedirect(await callback.pageParams(page), "sandbox_bank", state);
});

test("an entity that is down, fixed by the start, offers Try again, and Exit leaves", async ({
  page,
  link,
  finlink,
  callback,
}) => {
  const { url, state } = finlink.linkUrl({ entity: "sandbox_bank_down", lang: "es", theme: "DARK" });
  await page.goto(url);
  await link.expectScreen("Entra en Banco Sandbox Caído", "credentials");
  await expectMark(page, "Banco Sandbox Caído", "#475467");
  await page.getByLabel("Usuario").fill("user_good");
  await page.getByLabel("Contraseña", { exact: true }).fill("pass_good");
  await page.getByRole("button", { name: "Continuar" }).click();
  await link.expectScreen(COPY.es.downTitle, "unavailable");
  // One way out: trying this bank again (no other bank to choose); the top bar's Salir leaves.
  await expect(page.getByRole("main").getByRole("button")).toHaveText(["Inténtalo de nuevo"]);
  await page.getByRole("button", { name: "Salir" }).click();
  await page.getByRole("button", { name: "Sí, salir" }).click();
  expectExitRedirect(await callback.pageParams(page), state, "ENTITY_UNAVAILABLE");
});
