import type { Page } from "@playwright/test";
import { LinkWidget } from "../fixtures/link-widget";
import { expectExitRedirect, frameCallbackParams } from "../fixtures/redirect";
import { LINK_FRAME } from "../fixtures/screens";
import { framePageUrl, linkEvents } from "../fixtures/site";
import { expect, test } from "../fixtures/test";
import { SITE_ORIGIN } from "../servers";

// The browser's Back inside Link: one step per history entry, and leaving by Back ends the flow with an EXIT.

const BANK = { id: "sandbox_bank", name: "Banco Sandbox" };
const CONSENT = /asks to connect to your bank$/;

/**
 * The browser's Back from the site's own page. `page.goBack()` waits for the top page to load, which never
 * happens when the entry walked back is the frame's: the tab's one history holds the frame's entries too.
 */
const siteBack = (page: Page) => page.evaluate(() => history.back());

test("on a whole page, Back walks MFA → sign-in → list → consent, and then exits to the app", async ({
  page,
  link,
  finlink,
  callback,
}) => {
  const { url, state } = finlink.linkUrl();
  await page.goto(url);
  await link.pickEntity(BANK.name);
  await link.signIn(BANK.name, "user_otp");
  await link.expectScreen("Enter the verification code", "mfa-with-back");
  // The screen's own Back control, then the browser's.
  await page.getByRole("button", { name: "Back", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Sign in to ${BANK.name}` })).toBeVisible();
  await expect(page.getByLabel("Username")).toHaveValue("");
  await page.goBack();
  await expect(page.getByRole("heading", { level: 1, name: "Select your bank" })).toBeVisible();
  await page.goBack();
  await expect(page.getByRole("heading", { level: 1, name: CONSENT })).toBeVisible();
  expect(page.url()).toBe(url);
  await page.goBack();
  expectExitRedirect(await callback.pageParams(page), state);
});

test("in an iframe, the site's Back steps through Link and then ends the flow with EXIT", async ({
  page,
  screens,
  finlink,
}) => {
  const { url, state } = finlink.linkUrl();
  await page.goto(framePageUrl(url));
  const frame = page.frameLocator(LINK_FRAME);
  const link = new LinkWidget(frame, screens);
  await link.pickEntity(BANK.name);
  await expect(frame.getByRole("heading", { level: 1, name: `Sign in to ${BANK.name}` })).toBeVisible();
  await siteBack(page);
  await expect(frame.getByRole("heading", { level: 1, name: "Select your bank" })).toBeVisible();
  await siteBack(page);
  await expect(frame.getByRole("heading", { level: 1, name: CONSENT })).toBeVisible();
  await siteBack(page);
  expectExitRedirect(await frameCallbackParams(frame), state);
  // The site's own page stayed: only Link's entries were walked back.
  expect(page.url()).toBe(framePageUrl(url));
  const events = await linkEvents(page);
  expect(events.map((e) => e.type)).toEqual(["OPEN", "SELECT_ENTITY", "EXIT"]);
  expect(events[2]).toMatchObject({ reason: "USER_EXIT", screen: "CONSENT", status: "ENTITY" });
});

test("a start that failed in an iframe tells the site (ERROR), and Back to the app ends the flow (EXIT)", async ({
  page,
  screens,
  finlink,
}) => {
  const { url } = finlink.linkUrl({ entity: "no_such_bank" });
  await page.goto(framePageUrl(url));
  const frame = page.frameLocator(LINK_FRAME);
  const link = new LinkWidget(frame, screens);
  await link.expectScreen("This link is not valid", "start-error-framed");
  await expect.poll(async () => (await linkEvents(page)).map((e) => e.type)).toEqual(["ERROR"]);
  expect((await linkEvents(page))[0]).toMatchObject({ screen: "ERROR", entity: null, retryable: false });
  await frame.getByRole("button", { name: /^Back to the app/ }).click();
  await expect.poll(async () => (await linkEvents(page)).map((e) => e.type)).toEqual(["ERROR", "EXIT"]);
  expect(page.url().startsWith(SITE_ORIGIN)).toBe(true);
});
