import { BANK, DemoApp, uniqueName } from "../fixtures/app";
import { expect, test } from "../fixtures/test";
import { APP_ORIGIN } from "../servers";

// The demo integration end to end: the SPA (served by the BFF) opens Link in its modal, Link's redirect
// comes back inside the frame, the BFF exchanges the publicToken and the SPA polls the connection to READY.

test("user_good: the modal closes, PENDING then READY without a reload, accounts with IBANs, every transaction page", async ({
  page,
  screens,
  finlink,
}) => {
  const app = DemoApp.install(page, screens);
  const me = await app.signIn(uniqueName("Ana"));
  await expect(page.getByText("No entity connected yet.")).toBeVisible();
  const { link } = await app.openLink();
  await link.pickEntity(BANK);
  await link.signIn(BANK, "user_good");
  // The sandbox extracts in about 2 s: auditing the success screen first could see READY at once.
  await link.continueAtOnce();

  const id = await app.connectionPage();
  await expect(app.modal()).toHaveCount(0);
  await expect(page.locator(`iframe`)).toHaveCount(0);
  await app.expectStatus("Up to date");
  // One document all along: the SPA never reloaded between Link and READY.
  expect(await page.evaluate(() => performance.getEntriesByType("navigation").length)).toBe(1);
  // Playwright hears of a response a moment after the page has used it: wait for the record to catch up.
  await expect.poll(async () => (await app.statusesOf(id)).at(-1)).toBe("READY");
  expect((await app.statusesOf(id))[0]).toBe("PENDING");
  await screens.capture("app-connection-ready");

  // Accounts with formatted IBANs (groups of four), as Finlink has them.
  const accounts = page.getByRole("region", { name: "Accounts" });
  const ibans = await page.locator("dt:text-is('IBAN') + dd").allTextContents();
  expect(ibans.length).toBeGreaterThan(0);
  for (const iban of ibans) expect(iban).toMatch(/^ES\d{2}( \d{4}){5}$/);
  await expect(accounts).toBeVisible();

  // The busiest account's transactions, 25 a page, walked to the end in the UI: no row twice, none skipped.
  const [connection] = await finlink.connectionsOf(me.id);
  const token = connection?.credentialsToken;
  if (!token) throw new Error("Finlink lists no connection with a credentialsToken for this user");
  const accountsBody = (await (await page.request.get(`${APP_ORIGIN}/api/connections/${id}/accounts`)).json()) as {
    id: string;
    alias: string;
  }[];
  // The busiest account: several pages of 25.
  const counted = await Promise.all(
    accountsBody.map(async (a) => ({ ...a, ids: await finlink.allTransactionIds(token, a.id) })),
  );
  const first = counted.sort((a, b) => b.ids.length - a.ids.length)[0];
  if (!first) throw new Error("no account");
  const shown = await app.loadAll(`Transactions of ${first.alias}`);
  const inUi = await app.transactionIds(`/accounts/${first.id}/transactions`);
  const inFinlink = first.ids;
  expect(inFinlink.length).toBeGreaterThan(2 * 25);
  expect(shown).toBe(inFinlink.length);
  expect(new Set(inUi).size).toBe(inUi.length);
  expect(inUi).toEqual(inFinlink);
  await expect(page.getByRole("table", { name: `Transactions of ${first.alias}` }).locator("tbody tr")).toHaveCount(
    inFinlink.length,
  );
});
