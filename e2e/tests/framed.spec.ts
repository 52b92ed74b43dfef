import { LinkWidget } from "../fixtures/link-widget";
import { expectConnectRedirect, expectExitRedirect, frameCallbackParams } from "../fixtures/redirect";
import { LINK_FRAME } from "../fixtures/screens";
import { callbackInFrame, framePageUrl, linkEvents } from "../fixtures/site";
import { expect, test } from "../fixtures/test";
import { REDIRECT_URI, UNREGISTERED_SITE_ORIGIN } from "../servers";

// Link in an iframe on the integrator's registered origin (http://localhost:4711), as the React hook opens it.

const BANK = { id: "sandbox_bank", name: "Banco Sandbox" };

test.describe("framed on the registered origin", () => {
  test("user_good connects; the frame ends on the callback and the site hears every step", async ({
    page,
    screens,
    finlink,
  }) => {
    const { url, state } = finlink.linkUrl();
    await page.goto(framePageUrl(url));
    const frame = page.frameLocator(LINK_FRAME);
    const link = new LinkWidget(frame, screens);
    await link.pickEntity(BANK.name);
    await link.signIn(BANK.name, "user_good");
    await link.expectConnected();
    const params = await frameCallbackParams(frame);
    const publicToken = expectConnectRedirect(params, BANK.id, state);
    expect(await callbackInFrame(page)).toEqual(params);
    expect(await page.locator(LINK_FRAME).getAttribute("src")).toBe(url);
    await expect.poll(() => page.frames().some((f) => f.url().startsWith(`${REDIRECT_URI}?`))).toBe(true);
    const events = await linkEvents(page);
    expect(events.map((e) => e.type)).toEqual(["OPEN", "SELECT_ENTITY", "SUBMIT_CREDENTIALS", "HANDOFF"]);
    expect(events[0]).toMatchObject({ screen: "CONSENT", operation: "CONNECT", entity: null });
    expect(events[1]).toMatchObject({ entity: BANK.id });
    expect(events[3]).toMatchObject({ operation: "CONNECT", entity: BANK.id });
    await finlink.expectConnectionReady(publicToken, BANK.id);
  });

  test("user_otp connects; the site hears the code being submitted", async ({ page, screens, finlink }) => {
    const { url, state } = finlink.linkUrl({ entity: BANK.id });
    await page.goto(framePageUrl(url));
    const frame = page.frameLocator(LINK_FRAME);
    const link = new LinkWidget(frame, screens);
    await link.signIn(BANK.name, "user_otp");
    await link.enterCode();
    await link.expectConnected();
    const publicToken = expectConnectRedirect(await frameCallbackParams(frame), BANK.id, state);
    const events = await linkEvents(page);
    expect(events.map((e) => e.type)).toEqual(["OPEN", "SUBMIT_CREDENTIALS", "SUBMIT_MFA", "HANDOFF"]);
    expect(events[0]).toMatchObject({ screen: "CONSENT", entity: BANK.id });
    expect(events[2]).toMatchObject({ challengeType: "OTP", entity: BANK.id });
    await finlink.expectConnectionReady(publicToken, BANK.id);
  });

  test("Exit sends EXIT to the site and ends the frame on the callback with error=USER_EXIT", async ({
    page,
    screens,
    finlink,
  }) => {
    const { url, state } = finlink.linkUrl();
    await page.goto(framePageUrl(url));
    const frame = page.frameLocator(LINK_FRAME);
    const link = new LinkWidget(frame, screens);
    await link.expectScreen("Select your bank", "entity");
    await link.exit();
    expectExitRedirect(await frameCallbackParams(frame), state);
    const events = await linkEvents(page);
    expect(events.map((e) => e.type)).toEqual(["OPEN", "EXIT"]);
    expect(events[1]).toMatchObject({ screen: "ENTITY", status: "ENTITY", entity: null });
  });
});

test("an unregistered origin cannot frame Link: Chromium blocks it by frame-ancestors", async ({ page, finlink }) => {
  const violation = page.waitForEvent("console", { predicate: (m) => m.text().includes("frame-ancestors") });
  await page.goto(framePageUrl(finlink.linkUrl().url, UNREGISTERED_SITE_ORIGIN));
  expect((await violation).text()).toContain("localhost:4711");
  await page.waitForLoadState("load");
  const frame = page.frameLocator(LINK_FRAME);
  await expect(frame.getByRole("heading")).toHaveCount(0);
  expect(await linkEvents(page)).toEqual([]);
});
