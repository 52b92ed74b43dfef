import { SUCCESS_CONTINUE } from "../fixtures/link-widget";
import { expectConnectRedirect } from "../fixtures/redirect";
import { expect, test } from "../fixtures/test";
import { SCREEN_VARIANTS } from "../fixtures/variants";

// The connecting screen (issue 13, item 6): named steps that follow the clock while finish runs, the long
// wait said after 20 s, and the screen left only when finish answers. The browser's clock is Playwright's,
// so 20 s pass at once; finish is held until the test lets it through.

const COPY = {
  en: {
    signIn: "Sign in to Banco Sandbox",
    username: "Username",
    password: "Password",
    submit: "Continue",
    connecting: "Connecting…",
    steps: ["Signing in securely", "Reading your accounts", "Almost done"],
    slow: /taking longer than usual/,
    connected: "Connected",
  },
  es: {
    signIn: "Entra en Banco Sandbox",
    username: "Usuario",
    password: "Contraseña",
    submit: "Continuar",
    connecting: "Conectando…",
    steps: ["Iniciando sesión de forma segura", "Leyendo tus cuentas", "Ya casi está"],
    slow: /más de lo habitual/,
    connected: "Conectado",
  },
} as const;

for (const { lang, theme, width } of SCREEN_VARIANTS) {
  test.describe(`${lang} ${theme} ${width}px`, () => {
    test.use({ viewport: { width, height: 800 } });

    test(`connecting ${lang} ${theme} ${width}`, async ({ page, link, finlink, callback, screens }) => {
      const copy = COPY[lang];
      await page.clock.install();
      let releaseFinish = () => {};
      const finishHeld = new Promise<void>((resolve) => {
        releaseFinish = resolve;
      });
      await page.route("**/api/v1/link/session/finish", async (route) => {
        await finishHeld;
        await route.continue();
      });
      const { url, state } = finlink.linkUrl({ entity: "sandbox_bank", lang, theme });
      await page.goto(url);
      await link.expectScreen(copy.signIn, "credentials");
      await page.getByLabel(copy.username).fill("user_good");
      await page.getByLabel(copy.password, { exact: true }).fill("pass_good");
      await page.getByRole("button", { name: copy.submit }).click();

      await link.expectScreen(copy.connecting, "connecting");
      const current = page.locator('[aria-current="step"]');
      await expect(current).toHaveText(copy.steps[0]);
      await page.clock.fastForward(4_000);
      await expect(current).toHaveText(copy.steps[1]);
      await expect(page.getByRole("status")).toHaveText(copy.steps[1]);
      await page.clock.fastForward(6_000);
      await expect(current).toHaveText(copy.steps[2]);
      await expect(page.locator(".steps").getByText(copy.slow)).toHaveCount(0);
      await page.clock.fastForward(10_000);
      await expect(page.locator("p.muted").getByText(copy.slow)).toBeVisible();
      // Still here: only finish's answer moves on, however long the steps' clock has run.
      await expect(link.heading(copy.connecting)).toBeVisible();
      await screens.capture("connecting-slow");
      if (width === 360)
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

      releaseFinish();
      await link.expectScreen(copy.connected, "success");
      await page.getByRole("button", { name: SUCCESS_CONTINUE }).click();
      expectConnectRedirect(await callback.pageParams(page), "sandbox_bank", state);
    });
  });
}

test.describe("with reduced motion", () => {
  test.use({ reducedMotion: "reduce" });

  test("nothing on the connecting screen moves", async ({ page, link, finlink }) => {
    await page.route("**/api/v1/link/session/finish", () => {});
    await page.goto(finlink.linkUrl({ entity: "sandbox_bank" }).url);
    await link.signIn("Banco Sandbox", "user_good");
    await link.expectScreen("Connecting…", "connecting-reduced-motion");
    const animations = await page.evaluate(() =>
      [...document.querySelectorAll("main *")].map((el) => getComputedStyle(el).animationName),
    );
    expect(animations.length).toBeGreaterThan(5);
    expect(animations.filter((name) => name !== "none")).toEqual([]);
  });
});
