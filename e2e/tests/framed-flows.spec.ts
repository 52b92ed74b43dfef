import { LinkWidget } from "../fixtures/link-widget";
import { expectConnectRedirect, expectExitRedirect, frameCallbackParams } from "../fixtures/redirect";
import { LINK_FRAME } from "../fixtures/screens";
import { framePageUrl, linkEvents } from "../fixtures/site";
import { expect, test } from "../fixtures/test";
import { SANDBOX_APP } from "../servers";

// The sign-in paths of standalone.spec.ts again, with Link in an iframe on the registered origin: what
// an integrator's modal gets. Each ends with the frame on the callback, and the site heard every step.

const BANK = { id: "sandbox_bank", name: "Banco Sandbox" };

const secondFactors: { username: string; pass: (link: LinkWidget) => Promise<void> }[] = [
  { username: "user_question", pass: (link) => link.answerQuestion("blue") },
  {
    username: "user_device",
    pass: async (link) => {
      await link.chooseDevice(/^SMS/);
      await link.enterCode();
    },
  },
  {
    username: "user_app",
    // Only the heading: the approval lands ~3 s after sign-in, and an audit here could outlast it.
    pass: (link) => expect(link.heading("Approve in your bank's app")).toBeVisible(),
  },
];

test.describe("framed on the registered origin", () => {
  for (const { username, pass } of secondFactors) {
    test(`${username} passes the second factor in the frame and connects`, async ({ page, screens, finlink }) => {
      const { url, state } = finlink.linkUrl({ entity: BANK.id });
      await page.goto(framePageUrl(url));
      const frame = page.frameLocator(LINK_FRAME);
      const link = new LinkWidget(frame, screens);
      await link.signIn(BANK.name, username);
      await pass(link);
      // HANDOFF and the callback come with Continue on the success screen, not before.
      await link.expectConnected();
      const publicToken = expectConnectRedirect(await frameCallbackParams(frame), BANK.id, state);
      const types = (await linkEvents(page)).map((e) => e.type);
      expect(types[0]).toBe("OPEN");
      expect(types.at(-1)).toBe("HANDOFF");
      await finlink.expectConnectionReady(publicToken, BANK.id);
    });
  }

  test("a wrong password, then the right one, connects in the frame", async ({ page, screens, finlink }) => {
    const { url, state } = finlink.linkUrl({ entity: BANK.id });
    await page.goto(framePageUrl(url));
    const frame = page.frameLocator(LINK_FRAME);
    const link = new LinkWidget(frame, screens);
    await link.signIn(BANK.name, "user_good", "pass_wrong");
    await expect(frame.getByRole("alert")).toContainText("4 attempts left");
    await frame.getByLabel("Password", { exact: true }).fill("pass_good");
    await frame.getByRole("button", { name: "Continue" }).click();
    await link.expectConnected();
    const publicToken = expectConnectRedirect(await frameCallbackParams(frame), BANK.id, state);
    const events = await linkEvents(page);
    expect(events.map((e) => e.type)).toEqual(["OPEN", "SUBMIT_CREDENTIALS", "ERROR", "SUBMIT_CREDENTIALS", "HANDOFF"]);
    expect(events[2]).toMatchObject({ reason: "INVALID_CREDENTIALS", retryable: true });
    await finlink.expectConnectionReady(publicToken, BANK.id);
  });

  test("user_locked: the site hears the ERROR, and the frame goes back to the app", async ({
    page,
    screens,
    finlink,
  }) => {
    const { url, state } = finlink.linkUrl({ entity: BANK.id });
    await page.goto(framePageUrl(url));
    const frame = page.frameLocator(LINK_FRAME);
    const link = new LinkWidget(frame, screens);
    await link.signIn(BANK.name, "user_locked");
    await link.expectScreen("Your account is locked", "locked");
    await frame.getByRole("button", { name: `Back to ${SANDBOX_APP.name}` }).click();
    expectExitRedirect(await frameCallbackParams(frame), state, "ACCOUNT_LOCKED");
    const events = await linkEvents(page);
    expect(events.map((e) => e.type)).toEqual(["OPEN", "SUBMIT_CREDENTIALS", "ERROR", "EXIT"]);
    expect(events[2]).toMatchObject({ reason: "ACCOUNT_LOCKED", retryable: false });
    expect(events[3]).toMatchObject({ reason: "ACCOUNT_LOCKED", screen: "ERROR" });
  });
});
