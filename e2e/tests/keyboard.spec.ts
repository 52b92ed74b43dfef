import type { Locator, Page } from "@playwright/test";
import { SUCCESS_CONTINUE } from "../fixtures/link-widget";
import { expectConnectRedirect } from "../fixtures/redirect";
import { expect, test } from "../fixtures/test";
import { SANDBOX_APP } from "../servers";

// Link must be usable without a pointer: this flow uses only Tab, arrow keys, typing and Enter.

/** Presses Tab until `target` has focus; fails if it never gets it (unreachable by keyboard). */
async function tabTo(page: Page, target: Locator, maxPresses = 12): Promise<void> {
  for (let i = 0; i < maxPresses; i += 1) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  await expect(target).toBeFocused();
}

test("user_good connects with the keyboard alone", async ({ page, link, finlink, callback }) => {
  const { url, state } = finlink.linkUrl();
  await page.goto(url);
  await link.expectScreen(`${SANDBOX_APP.name} asks to connect to your bank`, "consent");
  await tabTo(page, page.getByRole("button", { name: "Continue" }));
  await page.keyboard.press("Enter");
  await link.expectScreen("Select your bank", "entity");

  // The exit dialog opens on its safe choice, keeps Tab inside, and Escape returns focus to Exit.
  const exit = page.getByRole("button", { name: "Exit" });
  await tabTo(page, exit);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: "Keep connecting" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Yes, exit" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Keep connecting" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toBeHidden();
  await expect(exit).toBeFocused();

  await tabTo(page, page.getByLabel("Search for your bank"));
  await page.keyboard.type("banco sandbox");
  await expect(link.entityOption("Banco Sandbox")).toBeVisible();
  await page.keyboard.press("ArrowDown");
  await expect(link.entityOption("Banco Sandbox")).toBeFocused();
  await page.keyboard.press("Enter");

  await link.expectScreen("Sign in to Banco Sandbox", "credentials");
  await tabTo(page, page.getByLabel("Username"));
  await page.keyboard.type("user_good");
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Password", { exact: true })).toBeFocused();
  await page.keyboard.type("pass_good");
  await page.keyboard.press("Enter");

  await link.expectScreen("Connected", "success");
  await tabTo(page, page.getByRole("button", { name: SUCCESS_CONTINUE }));
  await page.keyboard.press("Enter");
  expectConnectRedirect(await callback.pageParams(page), "sandbox_bank", state);
});
