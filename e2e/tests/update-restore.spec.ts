import type { Page } from "@playwright/test";
import type { FinlinkApi } from "../fixtures/finlink-api";
import { CONSENT_HEADING, type LinkWidget } from "../fixtures/link-widget";
import { expectConnectRedirect, type SiteCallback } from "../fixtures/redirect";
import { expect, test } from "../fixtures/test";

// Update and restore: Link opened again for an existing connection, with its entity and user fixed.
// It ends with operation=UPDATE and the token that started it (no new publicToken: the connectionToken stays).

const BANK = { id: "sandbox_bank", name: "Banco Sandbox" };

interface Fixtures {
  page: Page;
  link: LinkWidget;
  finlink: FinlinkApi;
  callback: SiteCallback;
}

/** A READY connection for `username`, made through Link the way a user does; answers its connectionToken. */
async function connect({ page, link, finlink, callback }: Fixtures, username: string, passMfa?: () => Promise<void>) {
  const { url, state } = finlink.linkUrl({ entity: BANK.id });
  await page.goto(url);
  await link.signIn(BANK.name, username);
  await passMfa?.();
  await link.expectConnected();
  const publicToken = expectConnectRedirect(await callback.pageParams(page), BANK.id, state);
  return finlink.expectConnectionReady(publicToken, BANK.id);
}

/**
 * The credentials screen of an update/restore: the user is shown, fixed; no other entity is offered. It is
 * the first screen: no consent again (this screen name does not go through it, so one would time out here).
 */
async function expectUserFixed(page: Page, link: LinkWidget, username: string) {
  await link.expectScreen(`Sign in to ${BANK.name}`, "credentials-fixed-user");
  await expect(link.heading(CONSENT_HEADING)).toHaveCount(0);
  const field = page.getByLabel("Username");
  await expect(field).toHaveValue(username);
  await expect(field).not.toBeEditable();
  await expect(page.getByRole("button", { name: /choose another/i })).toHaveCount(0);
}

test("an update of an MFA connection signs the same user in again and ends with operation=UPDATE", async ({
  page,
  link,
  finlink,
  callback,
}) => {
  const connectionToken = await connect({ page, link, finlink, callback }, "user_otp", () => link.enterCode());
  const before = await finlink.status(connectionToken);
  const updateToken = await finlink.refreshNeedingUser(connectionToken);

  const { url, state } = finlink.linkUrl({ update_token: updateToken });
  await page.goto(url);
  await expectUserFixed(page, link, "user_otp");
  await link.submitPassword();
  await link.enterCode();
  await link.expectConnected({ text: `Your ${BANK.name} connection is up to date.` });

  const params = await callback.pageParams(page);
  expect(params).toEqual({ operation: "UPDATE", entity: BANK.id, token: updateToken, state });
  const after = await finlink.expectStatus(connectionToken, "READY");
  expect(after.updateToken).toBeNull();
  expect(after.lastSync && before.lastSync && after.lastSync > before.lastSync).toBe(true);
});

test("a restore after the bank forgot the login, started by a BFF's start token, brings the connection back to READY", async ({
  page,
  link,
  finlink,
  callback,
}) => {
  const connectionToken = await connect({ page, link, finlink, callback }, "user_good");
  const restoreToken = await finlink.resetLogin(connectionToken);
  expect(await finlink.status(connectionToken)).toMatchObject({ status: "UPDATE_ERROR", restoreToken });

  const { url, state } = await finlink.startFlowUrl({ restoreToken });
  await page.goto(url);
  await expectUserFixed(page, link, "user_good");
  // A wrong password keeps the user fixed and says what is wrong, as in a first connection.
  await link.submitPassword("not_the_password");
  await expect(page.getByRole("alert")).toContainText(/attempts? left/i);
  await expect(page.getByLabel("Username")).toHaveValue("user_good");
  await link.submitPassword();
  await link.expectConnected({ text: `Your ${BANK.name} connection is up to date.` });

  const params = await callback.pageParams(page);
  expect(params).toEqual({ operation: "UPDATE", entity: BANK.id, token: restoreToken, state });
  const after = await finlink.expectStatus(connectionToken, "READY");
  expect(after).toMatchObject({ restoreToken: null, errorDetails: null });
  // The restore token is spent: opening Link with it again is refused with a readable page.
  await page.goto(finlink.linkUrl({ restore_token: restoreToken }).url);
  await expect(link.heading("This link is not valid")).toBeVisible();
});
