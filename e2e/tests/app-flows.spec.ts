import type { ActivePosition, BffConnection, Investment, Portfolio } from "@finlink/contracts";
import { BANK, BROKER, DemoApp, uniqueName } from "../fixtures/app";
import { SUCCESS_CONTINUE } from "../fixtures/link-widget";
import { expect, test } from "../fixtures/test";

// The other ways through Link from the demo app: second factors, the broker, leaving, a locked account, a
// failed import and an MFA update — each checked in the UI, in the BFF and in Finlink.

test("user_otp: the code in the modal's Link, then READY", async ({ page, screens, finlink }) => {
  const app = DemoApp.install(page, screens);
  const me = await app.signIn(uniqueName("Otilia"));
  const id = await app.connect(BANK, "user_otp", (link) => link.enterCode());
  await app.expectStatus("Up to date");
  await expect(page.getByRole("heading", { level: 2, name: "Accounts" })).toBeVisible();
  const [connection] = await finlink.connectionsOf(me.id);
  expect(connection).toMatchObject({ status: "READY", entity: "sandbox_bank", twoFactorEnabled: true });
  expect((await app.api<BffConnection>(`/connections/${id}`)).body).toMatchObject({
    status: "READY",
    twoFactorEnabled: true,
  });
});

test("user_app: approved in the bank's app, then READY", async ({ page, screens }) => {
  test.slow();
  const app = DemoApp.install(page, screens);
  await app.signIn(uniqueName("Aurora"));
  await app.connect(BANK, "user_app", (link) => expect(link.heading("Approve in your bank's app")).toBeVisible());
  await app.expectStatus("Up to date");
});

test("the broker: portfolios with their active positions, and investments, as Finlink has them", async ({
  page,
  screens,
}) => {
  const app = DemoApp.install(page, screens);
  await app.signIn(uniqueName("Bruno"));
  const id = await app.connect(BROKER, "user_good");
  await app.expectStatus("Up to date");
  const portfolios = (await app.api<Portfolio[]>(`/connections/${id}/portfolios`)).body;
  const positions = (await app.api<ActivePosition[]>(`/connections/${id}/portfolios/active-positions`)).body;
  const investments = (await app.api<Investment[]>(`/connections/${id}/investments`)).body;
  expect(portfolios.length).toBeGreaterThan(0);
  expect(positions.length).toBeGreaterThan(1);
  expect(investments.length).toBeGreaterThanOrEqual(positions.length);

  await expect(page.getByRole("heading", { level: 2, name: "Portfolios" })).toBeVisible();
  const positionRows = page.locator("table:has(caption:text-matches('^Active positions')) tbody tr");
  await expect(positionRows).toHaveCount(positions.length);
  // Each position's name and ISIN on screen.
  for (const position of positions) {
    const row = positionRows.filter({ hasText: position.name });
    await expect(row.first()).toBeVisible();
    if (position.isin) await expect(row.first()).toContainText(position.isin);
  }
  const investmentRows = page.getByRole("group", { name: "Investments" }).locator("tbody tr");
  await expect(investmentRows).toHaveCount(investments.length);
  await screens.capture("app-broker");
});

test("leaving Link closes the modal and adds nothing, here or at Finlink", async ({ page, screens, finlink }) => {
  const app = DemoApp.install(page, screens);
  const me = await app.signIn(uniqueName("Elena"));
  const { link } = await app.openLink();
  await link.pickEntity(BANK);
  await link.exit();
  await expect(app.modal()).toHaveCount(0);
  await expect(page.locator("iframe")).toHaveCount(0);
  // A plain exit says nothing; the list is still empty and focus is back on the opener.
  await expect(page.getByText("No entity connected yet.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Add financial entity" })).toBeFocused();
  expect((await app.api<BffConnection[]>("/connections")).body).toEqual([]);
  expect(await finlink.connectionsOf(me.id)).toEqual([]);
});

test("Escape on the modal closes it as an exit; Escape inside Link asks first", async ({ page, screens }) => {
  const app = DemoApp.install(page, screens);
  await app.signIn(uniqueName("Esteban"));
  const opener = page.getByRole("button", { name: "Add financial entity" });

  // Focus on the modal's own chrome: its Escape ends the flow at once.
  const { link } = await app.openLink();
  await link.expectScreen("Select your bank", "entity");
  await app.modal().getByRole("button", { name: "Close" }).focus();
  await page.keyboard.press("Escape");
  await expect(app.modal()).toHaveCount(0);
  await expect(opener).toBeFocused();

  // Focus inside Link (a cross-origin frame: its keys never reach the app): Link asks, as its Exit does.
  const again = await app.openLink();
  await again.link.expectScreen("Select your bank", "entity");
  await again.frame.getByLabel("Search for your bank").focus();
  await page.keyboard.press("Escape");
  const leave = again.frame.getByRole("dialog", { name: "Leave without connecting?" });
  await expect(leave).toBeVisible();
  await again.frame.getByRole("button", { name: "Yes, exit" }).click();
  await expect(app.modal()).toHaveCount(0);
  await expect(opener).toBeFocused();
  expect((await app.api<BffConnection[]>("/connections")).body).toEqual([]);
});

test("user_locked: Link shows the error, the app says why, nothing is stored", async ({ page, screens, finlink }) => {
  const app = DemoApp.install(page, screens);
  const me = await app.signIn(uniqueName("Lucas"));
  const { link, frame } = await app.openLink();
  await link.pickEntity(BANK);
  await link.signIn(BANK, "user_locked");
  await link.expectScreen("Your account is locked", "locked");
  await frame.getByRole("button", { name: /^Back to / }).click();
  await expect(app.modal()).toHaveCount(0);
  await expect(page.getByRole("status")).toContainText(
    "Your account at the bank is locked, so no connection was added.",
  );
  await screens.capture("app-locked-message");
  expect((await app.api<BffConnection[]>("/connections")).body).toEqual([]);
  expect(await finlink.connectionsOf(me.id)).toEqual([]);
  await expect(page.getByText("No entity connected yet.")).toBeVisible();
});

test("user_extract_error: ERRORED, explained in words with what to do", async ({ page, screens }) => {
  const app = DemoApp.install(page, screens);
  await app.signIn(uniqueName("Erica"));
  const id = await app.connect(BANK, "user_extract_error");
  await app.expectStatus("Failed");
  await expect(page.getByText("The import failed, so there is no data yet.")).toBeVisible();
  const connection = (await app.api<BffConnection>(`/connections/${id}`)).body;
  expect(connection.status).toBe("ERRORED");
  expect(connection.errorDetails?.reason).toBeTruthy();
  await expect(page.getByRole("button", { name: "Refresh data" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Delete connection" })).toBeVisible();
  await screens.capture("app-errored");
});

test("an MFA connection: refresh asks for the user, Update now runs Link's update, it ends READY", async ({
  page,
  screens,
  finlink,
}) => {
  const app = DemoApp.install(page, screens);
  const me = await app.signIn(uniqueName("Ulises"));
  const id = await app.connect(BANK, "user_otp", (link) => link.enterCode());
  await app.expectStatus("Up to date");
  const before = (await finlink.connectionsOf(me.id))[0];

  await page.getByRole("button", { name: "Refresh data" }).click();
  await expect(page.getByText("The entity asks for a security check before the data can be updated.")).toBeVisible();
  await screens.capture("app-update-needed");
  expect((await app.api<BffConnection>(`/connections/${id}`)).body.userAction).toBe("UPDATE");

  await page.getByRole("button", { name: "Update now" }).click();
  await expect(app.modal()).toBeVisible();
  const frame = page.frameLocator('iframe[title="Finlink: connect your bank or broker"]');
  await expect(frame.getByLabel("Username")).toHaveValue("user_otp");
  await frame.getByLabel("Password", { exact: true }).fill("pass_good");
  await frame.getByRole("button", { name: "Continue" }).click();
  await expect(frame.getByRole("heading", { level: 1, name: "Enter the verification code" })).toBeVisible();
  await frame.getByLabel("Verification code").fill("123456");
  await frame.getByRole("button", { name: "Verify" }).click();
  await expect(frame.getByRole("heading", { level: 1, name: "Connected" })).toBeVisible();
  await frame.getByRole("button", { name: SUCCESS_CONTINUE }).click();

  await expect(app.modal()).toHaveCount(0, { timeout: 15_000 });
  expect(new URL(page.url()).pathname).toBe(`/connections/${id}`);
  // The update runs (about 2 s in the sandbox), then the page is READY again with newer data.
  await app.expectStatus("Updating");
  await app.expectStatus("Up to date");
  await expect(page.getByRole("button", { name: "Update now" })).toHaveCount(0);
  const after = (await finlink.connectionsOf(me.id))[0];
  expect(after?.status).toBe("READY");
  await expect(page.getByText(`Last updated`)).toBeVisible();
  expect(after?.updateToken).toBeNull();
  expect(after?.lastSync && before?.lastSync && after.lastSync > before.lastSync).toBe(true);
  expect((await app.api<BffConnection>(`/connections/${id}`)).body.userAction).toBeNull();
  expect(await app.statusesOf(id)).toContain("UPDATING");
});
