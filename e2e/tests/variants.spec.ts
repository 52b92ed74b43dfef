import type { Page } from "@playwright/test";
import { expectConnectRedirect } from "../fixtures/redirect";
import { expect, test } from "../fixtures/test";

// The same flow at a phone's width, in the dark theme and in Spanish, with axe on every screen; and the
// browser's own theme and language when the URL names none.

const BANK = { id: "sandbox_bank", name: "Banco Sandbox" };

/** The page's background brightness, 0 (black) to 255 (white): the mean of its computed RGB channels. */
const backgroundBrightness = (page: Page) =>
  page.evaluate(() => {
    const opaque = [document.body, document.documentElement]
      .map((el) => getComputedStyle(el).backgroundColor)
      .find((colour) => !/^rgba\(.*, 0\)$/.test(colour));
    const [r = 255, g = 255, b = 255] = (opaque?.match(/[\d.]+/g) ?? []).map(Number);
    return (r + g + b) / 3;
  });

/** The URL without one parameter, so the widget falls back on the browser's setting. */
const withoutParam = (url: string, name: string) => {
  const bare = new URL(url);
  bare.searchParams.delete(name);
  return bare.href;
};

test.describe("at 360 px wide", () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test("user_good connects without horizontal scrolling", async ({ page, link, finlink, callback }) => {
    const { url, state } = finlink.linkUrl();
    await page.goto(url);
    await link.pickEntity(BANK.name, "banco");
    const scrollWidth = () => page.evaluate(() => document.documentElement.scrollWidth);
    expect(await scrollWidth()).toBeLessThanOrEqual(360);
    await link.signIn(BANK.name, "user_good");
    await link.expectConnected();
    const publicToken = expectConnectRedirect(await callback.pageParams(page), BANK.id, state);
    await finlink.expectConnectionReady(publicToken, BANK.id);
  });
});

test("theme=DARK renders dark and stays accessible", async ({ page, link, finlink, callback }) => {
  const { url, state } = finlink.linkUrl({ theme: "DARK" });
  await page.goto(url);
  await link.pickEntity(BANK.name);
  expect(await backgroundBrightness(page)).toBeLessThan(80);
  await link.signIn(BANK.name, "user_good");
  await link.expectConnected();
  expectConnectRedirect(await callback.pageParams(page), BANK.id, state);
});

test("lang=es speaks Spanish on every screen", async ({ page, link, finlink, callback }) => {
  const { url, state } = finlink.linkUrl({ lang: "es" });
  await page.goto(url);
  await link.expectScreen("Elige tu banco", "entity");
  await expect(page.locator("html")).toHaveAttribute("lang", "es");
  await page.getByLabel("Busca tu banco").fill("zzz");
  await expect(page.getByText(/^Ningún banco coincide/)).toBeVisible();
  await page.getByLabel("Busca tu banco").fill("sandbox");
  await link.entityOption(BANK.name).click();
  await link.expectScreen(`Entra en ${BANK.name}`, "credentials");
  await page.getByLabel("Usuario").fill("user_good");
  await page.getByLabel("Contraseña", { exact: true }).fill("pass_good");
  await page.getByRole("button", { name: "Continuar" }).click();
  await link.expectConnected({ heading: "Conectado" });
  expectConnectRedirect(await callback.pageParams(page), BANK.id, state);
});

test.describe("with a dark system preference and no theme", () => {
  test.use({ colorScheme: "dark" });

  test("Link follows the system and stays accessible", async ({ page, link, finlink }) => {
    await page.goto(finlink.linkUrl().url);
    await link.expectScreen("Select your bank", "entity");
    expect(await backgroundBrightness(page)).toBeLessThan(80);
  });
});

test.describe("in a Spanish browser and no lang", () => {
  test.use({ locale: "es-ES" });

  test("Link speaks Spanish", async ({ page, link, finlink }) => {
    await page.goto(withoutParam(finlink.linkUrl().url, "lang"));
    await link.expectScreen("Elige tu banco", "entity");
    await expect(page.locator("html")).toHaveAttribute("lang", "es");
  });
});
