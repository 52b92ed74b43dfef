import type { Account, ActivePosition, Transaction } from "@finlink/contracts";
import type { Locator, Page } from "@playwright/test";
import { BANK, BROKER, DemoApp, uniqueName } from "../fixtures/app";
import { expect, test } from "../fixtures/test";

// The connection page's charts against the API: what each chart draws (its figures table, the text
// alternative built from the same series) equals what the BFF answers, summed here independently.

const SCREENS_DIR = new URL("../artifacts/screens/", import.meta.url);
const DAY_MS = 86_400_000;
const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (days: number) =>
  new Date(Date.parse(`${today()}T00:00:00Z`) - days * DAY_MS).toISOString().slice(0, 10);
/** Cents the plain way (not the app's digit parser): exact for the sandbox's amounts. */
const cents = (amount: number) => Math.round(amount * 100);
const decimal = (c: number) =>
  `${c < 0 ? "-" : ""}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, "0")}`;

/** Every transaction of an account since `from`, through the BFF, every page. */
async function transactionsSince(app: DemoApp, id: string, accountId: string, from: string): Promise<Transaction[]> {
  const rows: Transaction[] = [];
  let cursor = "";
  do {
    const page = await app.api<{ data: Transaction[]; nextCursor: string | null }>(
      `/connections/${id}/accounts/${accountId}/transactions?limit=1000&from=${from}&cursor=${cursor}`,
    );
    expect(page.status).toBe(200);
    rows.push(...page.body.data);
    cursor = page.body.nextCursor ?? "";
  } while (cursor);
  return rows;
}

/** The exact decimals of a chart's figures table (its `<data value>`s), row by row, opening it if shut. */
async function figures(scope: Locator, name: string): Promise<string[][]> {
  const figure = scope.getByRole("figure", { name, exact: true });
  const toggle = figure.getByRole("button", { name: /figures|cifras/ });
  if ((await toggle.getAttribute("aria-expanded")) === "false") await toggle.click();
  const rows = figure.locator("tbody tr");
  await expect(rows.first()).toBeVisible();
  return rows.evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll("data")].map((d) => d.getAttribute("value") ?? "")),
  );
}

const sumOf = (values: string[][], column = 0) => values.reduce((s, row) => s + cents(Number(row[column])), 0);

/** Each chart of the page, one PNG each, in es/en × light/dark at 360 px; the whole page audited by axe too. */
async function captureCharts(page: Page, screens: { capture: (name: string) => Promise<void> }, flow: string) {
  await page.setViewportSize({ width: 360, height: 800 });
  for (const lang of ["en", "es"]) {
    for (const theme of ["light", "dark"]) {
      await page.evaluate(
        ([l, th]) => {
          localStorage.setItem("finlink-web:lang", l as string);
          localStorage.setItem("finlink-web:theme", th as string);
        },
        [lang, theme],
      );
      await page.reload();
      // Each account's charts are behind its "Balance and spending" disclosure.
      const summaries = page.locator("details.insights > summary");
      await expect(summaries.first()).toBeVisible({ timeout: 15_000 });
      for (const summary of await summaries.all()) await summary.click();
      const charts = page.locator("figure.chart-figure");
      await expect(charts.first()).toBeVisible({ timeout: 15_000 });
      await expect(page.locator(".chart-canvas .recharts-surface").first()).toBeVisible();
      await screens.capture(`${flow}-${lang}-${theme}`);
      const count = await charts.count();
      for (let i = 0; i < count; i++) {
        const chart = charts.nth(i);
        await chart.scrollIntoViewIfNeeded();
        await expect(chart.locator(".recharts-surface, .empty").first()).toBeVisible();
        // insights-<account id>-balance → balance; allocation-type-EUR stays as it is.
        const name = (await chart.getAttribute("data-chart"))?.replace(/^insights-.*-(\w+)$/, "$1") ?? String(i);
        await chart.screenshot({
          path: new URL(`${flow}-${String(i).padStart(2, "0")}-${name}-${lang}-${theme}-360.png`, SCREENS_DIR).pathname,
        });
      }
    }
  }
}

test("a bank's charts: each balance series ends at the balance, category totals sum to each period's spending", async ({
  page,
  screens,
}) => {
  test.setTimeout(120_000);
  const app = DemoApp.install(page, screens);
  await app.signIn(uniqueName("Carla"));
  const id = await app.connect(BANK, "user_good");
  await app.expectStatus("Up to date");
  const accounts = (await app.api<Account[]>(`/connections/${id}/accounts`)).body;
  expect(accounts.length).toBeGreaterThan(0);

  let spendingChecked = 0;
  for (const account of accounts) {
    const card = page.getByRole("article", { name: account.alias });
    await card.getByText("Balance and spending", { exact: true }).click();
    const rows = await transactionsSince(app, id, account.id, daysAgo(364));
    for (const days of [30, 90, 365]) {
      await card.getByRole("radio", { name: `Last ${days} days` }).check();
      const from = daysAgo(days - 1);
      const inPeriod = rows.filter((r) => r.date >= from && r.date <= today());
      const later = rows.filter((r) => r.date >= from);

      // Balance: the last point is the account's balance; the first, the balance less the period's movements.
      if (later.length > 0) {
        const balance = await figures(card, "Balance over time");
        expect(balance.at(-1)).toEqual([decimal(cents(account.balance))]);
        const opening = cents(account.balance) - later.reduce((s, r) => s + cents(r.amount), 0);
        const firstDay = later.map((r) => r.date).sort()[0];
        if (firstDay !== from) expect(balance[0]).toEqual([decimal(opening)]);
      }

      // Spending by category: the categories' figures sum to all that went out in the period.
      const spent = inPeriod.filter((r) => r.amount < 0).reduce((s, r) => s - cents(r.amount), 0);
      if (spent > 0) {
        const categories = await figures(card, "Spending by category");
        expect(sumOf(categories)).toBe(spent);
        expect(new Set(categories.map((r) => r[0])).size).toBeGreaterThan(0);
        spendingChecked += 1;
      }

      // Income vs spending per month: the same totals, split by sign.
      const income = inPeriod.filter((r) => r.amount > 0).reduce((s, r) => s + cents(r.amount), 0);
      if (income + spent > 0) {
        const months = await figures(card, "Income and spending per month");
        expect([sumOf(months, 0), sumOf(months, 1)]).toEqual([income, spent]);
      }
    }
  }
  expect(spendingChecked).toBeGreaterThan(0);
  await captureCharts(page, screens, "bank-charts");
});

test("a broker's allocation: by asset type and by portfolio sum to the active positions' amounts", async ({
  page,
  screens,
}) => {
  test.setTimeout(120_000);
  const app = DemoApp.install(page, screens);
  await app.signIn(uniqueName("Bruno"));
  const id = await app.connect(BROKER, "user_good");
  await app.expectStatus("Up to date");
  const positions = (await app.api<ActivePosition[]>(`/connections/${id}/portfolios/active-positions`)).body;
  expect(positions.length).toBeGreaterThan(1);
  const currencies = new Set(positions.map((p) => p.currency));
  expect(currencies.size).toBe(1);
  const total = positions.reduce((s, p) => s + cents(p.amount), 0);
  const section = page.getByRole("region", { name: "Allocation" });

  const byType = await figures(section, "By asset type");
  expect(sumOf(byType)).toBe(total);
  const types = new Set(positions.map((p) => p.assetType));
  expect(byType).toHaveLength(types.size);
  for (const type of types) {
    const expected = positions.filter((p) => p.assetType === type).reduce((s, p) => s + cents(p.amount), 0);
    expect(byType.map((r) => r[0])).toContain(decimal(expected));
  }

  const byPortfolio = await figures(section, "By portfolio");
  expect(sumOf(byPortfolio)).toBe(total);
  expect(byPortfolio).toHaveLength(new Set(positions.map((p) => p.portfolio)).size);
  // Each portfolio's weights sum to 1: the entity's split and the amounts agree.
  for (const portfolio of new Set(positions.map((p) => p.portfolio))) {
    const weights = positions.filter((p) => p.portfolio === portfolio).reduce((s, p) => s + p.weight, 0);
    expect(weights).toBeCloseTo(1, 4);
  }

  const values = await figures(section, "Value of each position");
  expect(values.map((r) => r[0]).sort()).toEqual(positions.map((p) => decimal(cents(p.amount))).sort());
  await captureCharts(page, screens, "broker-charts");
});
