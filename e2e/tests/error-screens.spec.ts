import { expectExitRedirect } from "../fixtures/redirect";
import { expect, test } from "../fixtures/test";
import { SANDBOX_APP } from "../servers";

// Sign-in failures the user cannot fix in Link end on an error screen that names the problem and leads back.

test("an entity that is down says so and leads back to the app", async ({ page, link, finlink, callback }) => {
  const { url, state } = finlink.linkUrl();
  await page.goto(url);
  // Marked in the list, and explained on picking it: no password asked for a bank that cannot answer.
  await link.pickEntity("Banco Sandbox Caído Temporarily unavailable", "caído");
  await link.expectScreen("Banco Sandbox Caído is not available right now", "unavailable");
  await page.getByRole("button", { name: `Back to ${SANDBOX_APP.name}` }).click();
  expectExitRedirect(await callback.pageParams(page), state, "ENTITY_UNAVAILABLE");
});

test("five wrong passwords lock the session: Too many attempts", async ({ page, link, finlink, callback }) => {
  const { url, state } = finlink.linkUrl({ entity: "sandbox_bank" });
  await page.goto(url);
  await link.expectScreen("Sign in to Banco Sandbox", "credentials");
  // Not user_good: wrong passwords also count per entity user across sessions (10 in 15 minutes), and
  // other tests give user_good wrong ones too.
  for (const left of [4, 3, 2, 1]) {
    await page.getByLabel("Username").fill("user_question");
    await page.getByLabel("Password", { exact: true }).fill("pass_wrong");
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByRole("alert")).toContainText(left === 1 ? "1 attempt left" : `${left} attempts left`);
  }
  await page.getByLabel("Password", { exact: true }).fill("pass_wrong");
  await page.getByRole("button", { name: "Continue" }).click();
  await link.expectScreen("Too many attempts", "too-many-attempts");
  await page.getByRole("button", { name: `Back to ${SANDBOX_APP.name}` }).click();
  expectExitRedirect(await callback.pageParams(page), state, "TOO_MANY_ATTEMPTS");
});
