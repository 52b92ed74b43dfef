import { LinkWidget } from "../fixtures/link-widget";
import { expectExitRedirect, frameCallbackParams } from "../fixtures/redirect";
import { LINK_FRAME } from "../fixtures/screens";
import { framePageUrl, linkEvents } from "../fixtures/site";
import { expect, test } from "../fixtures/test";
import { FINLINK_ORIGIN, SANDBOX_APP } from "../servers";

// The consent screen: the first screen of a new connection, before any credentials; never on an update.

const APP = SANDBOX_APP.name;
/** The sandbox demo app's policy and terms (seeded on Finlink's own docs). */
const POLICY_URL = `${FINLINK_ORIGIN}/api/v1/docs/guides/link-flow#consent`;

test("a new connection opens on the consent screen: who asks, what is read, how long, how to revoke", async ({
  page,
  link,
  finlink,
}) => {
  await page.goto(finlink.linkUrl().url);
  await link.expectScreen(`${APP} asks to connect to your bank`, "consent");
  await expect(link.heading(`${APP} asks to connect to your bank`)).toBeFocused();
  const reads = page.getByRole("region", { name: "What will be read" }).getByRole("listitem");
  await expect(reads).toHaveText(["Your accounts and their balances", "Your transactions"]);
  await expect(page.getByText("Until you revoke it. Your data is refreshed daily.")).toBeVisible();
  await expect(page.getByText(`Remove the connection in ${APP} at any time.`)).toBeVisible();
  await expect(page.getByText(`Finlink never shares your credentials with ${APP}.`)).toBeVisible();
  for (const name of [`${APP}'s privacy policy`, `${APP}'s terms`]) {
    const anchor = page.getByRole("link", { name: `${name} (opens in a new tab)` });
    await expect(anchor).toHaveAttribute("href", POLICY_URL);
    await expect(anchor).toHaveAttribute("target", "_blank");
    await expect(anchor).toHaveAttribute("rel", /\bnoopener\b/);
  }
  // Following a link leaves this flow where it was.
  const [policy] = await Promise.all([
    page.context().waitForEvent("page"),
    page.getByRole("link", { name: /privacy policy/ }).click(),
  ]);
  await expect(policy).toHaveURL(POLICY_URL);
  expect(await policy.evaluate(() => window.opener)).toBeNull();
  await policy.close();
  await expect(page.locator("body")).not.toContainText(/\bLink\b/);

  await page.getByRole("button", { name: "Continue" }).click();
  await link.expectScreen("Select your bank", "entity");
});

test("an investments connection names what it reads, and the fixed entity", async ({ page, link, finlink }) => {
  await page.goto(finlink.linkUrl({ product: "INVESTMENTS", entity: "sandbox_broker" }).url);
  await link.expectScreen(`${APP} asks to connect to Bróker Sandbox`, "consent-investments");
  await expect(page.getByRole("region", { name: "What will be read" }).getByRole("listitem")).toHaveText([
    "Your accounts and their balances",
    "Your portfolios and investments",
    "Your positions",
  ]);
  await page.getByRole("button", { name: "Continue" }).click();
  await link.expectScreen("Sign in to Bróker Sandbox", "credentials");
});

test("Exit on the consent screen goes back to the app with error=USER_EXIT", async ({
  page,
  link,
  finlink,
  callback,
}) => {
  const { url, state } = finlink.linkUrl();
  await page.goto(url);
  await link.expectScreen(`${APP} asks to connect to your bank`, "consent");
  await link.exit();
  expectExitRedirect(await callback.pageParams(page), state);
});

test.describe("framed", () => {
  test("OPEN names the consent screen, Continue goes on, and EXIT from it names it too", async ({
    page,
    screens,
    finlink,
  }) => {
    const { url, state } = finlink.linkUrl({ entity: "sandbox_bank" });
    await page.goto(framePageUrl(url));
    const frame = page.frameLocator(LINK_FRAME);
    const link = new LinkWidget(frame, screens);
    await link.expectScreen(`${APP} asks to connect to Banco Sandbox`, "consent");
    await frame.getByRole("button", { name: "Continue" }).click();
    await link.expectScreen("Sign in to Banco Sandbox", "credentials");
    await link.exit();
    expectExitRedirect(await frameCallbackParams(frame), state);
    const events = await linkEvents(page);
    expect(events.map((e) => [e.type, "screen" in e ? e.screen : null])).toEqual([
      ["OPEN", "CONSENT"],
      ["EXIT", "CREDENTIALS"],
    ]);
  });

  test("EXIT from the consent screen tells the site where the user left", async ({ page, screens, finlink }) => {
    const { url, state } = finlink.linkUrl();
    await page.goto(framePageUrl(url));
    const frame = page.frameLocator(LINK_FRAME);
    const link = new LinkWidget(frame, screens);
    await link.expectScreen(`${APP} asks to connect to your bank`, "consent");
    await link.exit();
    expectExitRedirect(await frameCallbackParams(frame), state);
    const events = await linkEvents(page);
    expect(events.map((e) => e.type)).toEqual(["OPEN", "EXIT"]);
    expect(events[0]).toMatchObject({ screen: "CONSENT", operation: "CONNECT" });
    expect(events[1]).toMatchObject({ reason: "USER_EXIT", screen: "CONSENT", status: "ENTITY", entity: null });
  });
});

// Screenshots for review in both languages and themes, at 360 px too; each one audited by axe.
const variants = [
  { lang: "en", theme: "LIGHT", heading: `${APP} asks to connect to your bank` },
  { lang: "en", theme: "DARK", heading: `${APP} asks to connect to your bank` },
  { lang: "es", theme: "LIGHT", heading: `${APP} solicita conectarse a tu banco` },
  { lang: "es", theme: "DARK", heading: `${APP} solicita conectarse a tu banco` },
];
for (const { lang, theme, heading } of variants) {
  test(`consent in ${lang} ${theme}, wide and at 360 px`, async ({ page, link, finlink }) => {
    await page.goto(finlink.linkUrl({ lang, theme }).url);
    await link.expectScreen(heading, "consent");
    await page.setViewportSize({ width: 360, height: 780 });
    await link.expectScreen(heading, "consent-360");
  });
}
