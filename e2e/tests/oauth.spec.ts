import type { Page } from "@playwright/test";
import { LinkWidget } from "../fixtures/link-widget";
import { expectConnectRedirect, expectExitRedirect, frameCallbackParams } from "../fixtures/redirect";
import { LINK_FRAME, Screens } from "../fixtures/screens";
import { framePageUrl, linkEvents } from "../fixtures/site";
import { expect, test } from "../fixtures/test";
import { SCREEN_VARIANTS } from "../fixtures/variants";
import { FINLINK_ORIGIN, SANDBOX_APP } from "../servers";

// sandbox_bank_oauth signs in on the bank's own page (redirect SCA): never framed, so a full page goes there and
// comes back, and Link in an iframe opens it in a popup (or sends the whole tab when the popup is blocked).

const BANK = { id: "sandbox_bank_oauth", name: "Banca Abierta Sandbox" };

/** Link's and the bank page's words for this flow, in both languages. */
const WORDS = {
  en: {
    redirect: `Sign in at ${BANK.name}`,
    continue: `Continue to ${BANK.name}`,
    waiting: `Waiting for you at ${BANK.name}…`,
    denied: `You didn't give ${BANK.name} permission`,
    deniedAnyBank: "You didn't give your bank permission",
    unknown: "This bank sign-in has already finished or expired",
    connected: "Connected",
    back: `Back to ${SANDBOX_APP.name}`,
    bank: {
      heading: "Sign in to authorise access",
      username: "Username",
      password: "Password",
      approve: "Approve",
      deny: "Deny",
    },
  },
  es: {
    redirect: `Accede en ${BANK.name}`,
    continue: `Continuar en ${BANK.name}`,
    waiting: `Te esperamos en ${BANK.name}…`,
    denied: `No has dado permiso a ${BANK.name}`,
    deniedAnyBank: "No has dado permiso a tu banco",
    unknown: "Este acceso al banco ya ha terminado o ha caducado",
    connected: "Conectado",
    back: `Volver a ${SANDBOX_APP.name}`,
    bank: {
      heading: "Entra para autorizar el acceso",
      username: "Usuario",
      password: "Contraseña",
      approve: "Autorizar",
      deny: "Denegar",
    },
  },
} as const;
type Words = (typeof WORDS)[keyof typeof WORDS];

/** On the bank's page (a whole page or the popup): captured and audited, then approve or deny as user_good. */
async function atBank(page: Page, screens: Screens, words: Words, action: "approve" | "deny") {
  await expect(page.getByRole("heading", { level: 1, name: words.bank.heading })).toBeVisible({ timeout: 10_000 });
  expect(page.url().startsWith(`${FINLINK_ORIGIN}/sandbox/oauth/authorize?`)).toBe(true);
  await screens.capture("bank-page");
  await page.getByLabel(words.bank.username).fill("user_good");
  await page.getByLabel(words.bank.password, { exact: true }).fill("pass_good");
  await page.getByRole("button", { name: words.bank[action] }).click();
}

/** The redirect screen once Continue is enabled (the bank's address is there), captured and audited. */
async function expectRedirectScreen(link: LinkWidget, screens: Screens, words: Words) {
  await expect(link.heading(words.redirect)).toBeVisible({ timeout: 10_000 });
  const go = link.scope.getByRole("button", { name: words.continue });
  await expect(go).not.toHaveAttribute("aria-disabled", "true");
  await screens.capture("redirect");
  return go;
}

test.describe("as a whole page", () => {
  for (const variant of SCREEN_VARIANTS) {
    test(`connects through the bank's page, reloaded once, and lands on the app (${variant.lang}, ${variant.theme}, ${variant.width} px)`, async ({
      page,
      link,
      screens,
      finlink,
      callback,
    }) => {
      await page.setViewportSize({ width: variant.width, height: 800 });
      const words = WORDS[variant.lang];
      const { url, state } = finlink.linkUrl({ entity: BANK.id, lang: variant.lang, theme: variant.theme });
      await page.goto(url);
      await link.acceptConsent();
      const go = await expectRedirectScreen(link, screens, words);
      await go.click();

      // A reload of the bank's page changes nothing: its request is still the pending one.
      await expect(page.getByRole("heading", { level: 1, name: words.bank.heading })).toBeVisible();
      await page.reload();
      const returned = page.waitForRequest((request) => request.url().startsWith(`${FINLINK_ORIGIN}/link/return?`));
      await atBank(page, screens, words, "approve");
      const returnUrl = (await returned).url();
      expect(new URL(returnUrl).searchParams.get("code")).toBeTruthy();

      await link.expectConnected({ heading: words.connected });
      const publicToken = expectConnectRedirect(await callback.pageParams(page), BANK.id, state);
      await finlink.expectConnectionReady(publicToken, BANK.id);
      // The bank's code stayed in neither the address bar nor the history: Back shows the bare return page.
      await page.goBack();
      await expect(page).toHaveURL(`${FINLINK_ORIGIN}/link/return`);

      // The same return URL again (a stale bookmark, a replay): the server no longer knows it. Without a session
      // the page speaks the browser's language.
      await page.goto(returnUrl);
      await link.expectScreen(WORDS.en.unknown, "return-unknown");
      await expect(page).toHaveURL(`${FINLINK_ORIGIN}/link/return`);
      await expect(page.getByRole("button")).toHaveCount(0);
    });
  }

  test("a refusal at the bank, after picking it from the list, ends with error=USER_DENIED", async ({
    page,
    link,
    screens,
    finlink,
    callback,
  }) => {
    const { url, state } = finlink.linkUrl();
    await page.goto(url);
    await link.pickEntity(BANK.name, "abierta");
    const go = await expectRedirectScreen(link, screens, WORDS.en);
    await go.click();
    await atBank(page, screens, WORDS.en, "deny");
    await link.expectScreen(WORDS.en.deniedAnyBank, "return-denied");
    await page.getByRole("button", { name: WORDS.en.back }).click();
    expectExitRedirect(await callback.pageParams(page), state, "USER_DENIED");
  });
});

test.describe("in an iframe", () => {
  test("opens the bank's page in a popup and connects when it comes back", async ({ page, screens, finlink }) => {
    const { url, state } = finlink.linkUrl({ entity: BANK.id });
    await page.goto(framePageUrl(url));
    const frame = page.frameLocator(LINK_FRAME);
    const link = new LinkWidget(frame, screens);
    await link.acceptConsent();
    const go = await expectRedirectScreen(link, screens, WORDS.en);
    const opened = page.waitForEvent("popup");
    await go.click();
    const popup = await opened;
    await link.expectScreen(WORDS.en.waiting, "redirect-waiting");
    await expect(frame.getByRole("button", { name: "Exit" })).toBeVisible();

    const closed = popup.waitForEvent("close");
    await atBank(popup, new Screens(popup, test.info()), WORDS.en, "approve");
    await closed; // the return page handed the URL to the frame and closed itself
    await link.expectConnected();
    const publicToken = expectConnectRedirect(await frameCallbackParams(frame), BANK.id, state);
    await finlink.expectConnectionReady(publicToken, BANK.id);
    const events = await linkEvents(page);
    expect(events.map((e) => e.type)).toEqual(["OPEN", "SUBMIT_CREDENTIALS", "HANDOFF"]);
    expect(events[1]).toMatchObject({ entity: BANK.id });
  });

  test("a refusal in the popup ends with an ERROR and an EXIT as USER_DENIED", async ({ page, screens, finlink }) => {
    const { url, state } = finlink.linkUrl({ entity: BANK.id, lang: "es", theme: "DARK" });
    await page.goto(framePageUrl(url));
    const frame = page.frameLocator(LINK_FRAME);
    const link = new LinkWidget(frame, screens);
    await link.acceptConsent();
    const go = await expectRedirectScreen(link, screens, WORDS.es);
    const opened = page.waitForEvent("popup");
    await go.click();
    const popup = await opened;
    await atBank(popup, new Screens(popup, test.info()), WORDS.es, "deny");
    await link.expectScreen(WORDS.es.denied, "redirect-denied");
    await frame.getByRole("button", { name: WORDS.es.back }).click();
    expectExitRedirect(await frameCallbackParams(frame), state, "USER_DENIED");
    const events = await linkEvents(page);
    expect(events.map((e) => e.type)).toEqual(["OPEN", "SUBMIT_CREDENTIALS", "ERROR", "EXIT"]);
    expect(events[2]).toMatchObject({ reason: "USER_DENIED", screen: "CREDENTIALS", entity: BANK.id });
    expect(events[3]).toMatchObject({ reason: "USER_DENIED", screen: "CREDENTIALS", entity: BANK.id });
  });

  test("with the popup blocked, the whole tab goes to the bank and ends on the app's redirect", async ({
    page,
    screens,
    finlink,
    callback,
  }) => {
    // Inside Link's frame only, window.open answers null, as a popup blocker makes it.
    await page.addInitScript((finlinkOrigin) => {
      if (window.top !== window && location.origin === finlinkOrigin) window.open = () => null;
    }, FINLINK_ORIGIN);
    const { url, state } = finlink.linkUrl({ entity: BANK.id });
    await page.goto(framePageUrl(url));
    const frame = page.frameLocator(LINK_FRAME);
    const framed = new LinkWidget(frame, screens);
    await framed.acceptConsent();
    const go = await expectRedirectScreen(framed, screens, WORDS.en);
    await go.click();
    await page.waitForURL((at) => at.href.startsWith(`${FINLINK_ORIGIN}/sandbox/oauth/authorize?`));
    await atBank(page, screens, WORDS.en, "approve");
    const top = new LinkWidget(page, screens);
    await top.expectConnected();
    const publicToken = expectConnectRedirect(await callback.pageParams(page), BANK.id, state);
    await finlink.expectConnectionReady(publicToken, BANK.id);
  });
});
