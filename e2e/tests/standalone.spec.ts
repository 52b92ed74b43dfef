import type { LinkWidget } from "../fixtures/link-widget";
import { expectConnectRedirect, expectExitRedirect } from "../fixtures/redirect";
import { expect, test } from "../fixtures/test";
import { SANDBOX_APP } from "../servers";

// Link as the whole page: what an integrator gets by redirecting on small screens.

const BANK = { id: "sandbox_bank", name: "Banco Sandbox" };

test("user_good finds the bank by searching, signs in and lands back with a working publicToken", async ({
  page,
  link,
  finlink,
  callback,
}) => {
  const { url, state } = finlink.linkUrl();
  await page.goto(url);
  await link.expectScreen("Select your bank", "entity");
  await page.getByLabel("Search for your bank").fill("no such bank");
  await expect(page.getByText(/^No banks match/)).toBeVisible();
  await link.pickEntity(BANK.name, "sandbox");
  await link.signIn(BANK.name, "user_good");
  await link.expectConnected();
  const publicToken = expectConnectRedirect(await callback.pageParams(page), BANK.id, state);
  await finlink.expectConnectionReady(publicToken, BANK.id);
});

const mfaFlows: { username: string; passMfa: (link: LinkWidget) => Promise<void> }[] = [
  { username: "user_otp", passMfa: (link) => link.enterCode() },
  { username: "user_question", passMfa: (link) => link.answerQuestion("blue") },
  {
    username: "user_device",
    passMfa: async (link) => {
      await link.chooseDevice(/^SMS/);
      await link.enterCode();
    },
  },
];

for (const { username, passMfa } of mfaFlows) {
  test(`${username} passes the second factor and connects`, async ({ page, link, finlink, callback }) => {
    const { url, state } = finlink.linkUrl({ entity: BANK.id });
    await page.goto(url);
    await link.signIn(BANK.name, username);
    await passMfa(link);
    await link.expectConnected();
    const publicToken = expectConnectRedirect(await callback.pageParams(page), BANK.id, state);
    await finlink.expectConnectionReady(publicToken, BANK.id);
  });
}

test("user_app waits for the approval in the bank's app, then connects", async ({
  page,
  link,
  screens,
  finlink,
  callback,
}) => {
  const { url, state } = finlink.linkUrl({ entity: BANK.id });
  await page.goto(url);
  await link.signIn(BANK.name, "user_app");
  // The sandbox approves by itself 3 s after sign-in: check the waiting state before auditing the screen.
  await expect(link.heading("Approve in your bank's app")).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Waiting for approval" })).toBeVisible();
  await screens.capture("app-approval");
  // The approval lands by itself; the success screen then stays until Continue.
  await link.expectConnected();
  const publicToken = expectConnectRedirect(await callback.pageParams(page), BANK.id, state);
  await finlink.expectConnectionReady(publicToken, BANK.id);
});

test("a wrong password shows the attempts left, and the right one then connects", async ({
  page,
  link,
  screens,
  finlink,
  callback,
}) => {
  const { url, state } = finlink.linkUrl({ entity: BANK.id });
  await page.goto(url);
  await link.signIn(BANK.name, "user_good", "pass_wrong");
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("incorrect");
  await expect(alert).toContainText("4 attempts left");
  await screens.capture("wrong-password");
  await page.getByLabel("Password", { exact: true }).fill("pass_good");
  await page.getByRole("button", { name: "Continue" }).click();
  await link.expectConnected();
  const publicToken = expectConnectRedirect(await callback.pageParams(page), BANK.id, state);
  await finlink.expectConnectionReady(publicToken, BANK.id);
});

test("user_locked sees that the account is locked and goes back to the app", async ({
  page,
  link,
  finlink,
  callback,
}) => {
  const { url, state } = finlink.linkUrl({ entity: BANK.id });
  await page.goto(url);
  await link.signIn(BANK.name, "user_locked");
  await link.expectScreen("Your account is locked", "locked");
  await page.getByRole("button", { name: `Back to ${SANDBOX_APP.name}` }).click();
  // Leaving from the error screen tells the app why: error=ACCOUNT_LOCKED, not a plain USER_EXIT.
  expectExitRedirect(await callback.pageParams(page), state, "ACCOUNT_LOCKED");
});

test("Exit asks first, then returns to the app with error=USER_EXIT", async ({ page, link, finlink, callback }) => {
  const { url, state } = finlink.linkUrl();
  await page.goto(url);
  await link.expectScreen("Select your bank", "entity");
  await page.getByRole("button", { name: "Exit" }).click();
  await page.getByRole("button", { name: "Keep connecting" }).click();
  await expect(page.getByRole("dialog")).toBeHidden();
  await link.exit();
  expectExitRedirect(await callback.pageParams(page), state);
});

test("a start token from start-flow opens Link on its entity and connects", async ({
  page,
  link,
  finlink,
  callback,
}) => {
  const { url, state } = await finlink.startFlowUrl({ entity: "sandbox_broker" });
  expect(new URL(url).searchParams.get("authToken")).toBeTruthy();
  await page.goto(url);
  await link.signIn("Bróker Sandbox", "user_good");
  await link.expectConnected();
  const publicToken = expectConnectRedirect(await callback.pageParams(page), "sandbox_broker", state);
  await finlink.expectConnectionReady(publicToken, "sandbox_broker");
});
