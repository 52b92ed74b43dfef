import { randomUUID } from "node:crypto";
import { expect, test } from "../fixtures/test";
import { FINLINK_ORIGIN } from "../servers";

// A Link URL that names no app must still explain itself: a heading and a sentence, never a blank page.

test("an unknown redirect id says the link is not valid", async ({ page, link }) => {
  await page.goto(`${FINLINK_ORIGIN}/link?id=${randomUUID()}&lang=en&state=x`);
  await link.expectScreen("This link is not valid", "invalid-redirect");
  await expect(page.locator("body")).toContainText(/try connecting again/i);
});

test("a forged start token says the link has expired or is not valid", async ({ page, link }) => {
  await page.goto(`${FINLINK_ORIGIN}/link?authToken=forged.token.value&lang=en`);
  await link.expectScreen(/^(This link has expired|This link is not valid)$/, "forged-token");
  await expect(page.getByRole("paragraph").first()).not.toBeEmpty();
});
