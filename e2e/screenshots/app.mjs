// Screenshots of the demo SPA on a running stack, for a person to look at (not part of the suite):
//   node e2e/screenshots/app.mjs     # APP_ORIGIN=http://localhost:4820, FINLINK_ORIGIN=http://127.0.0.1:4810,
//                                    # SHOTS_DIR=e2e/artifacts/app-screens
// Signs in and connects sandbox users through the real Link (the modal at 1280 px, the full page at 360 px):
// user_good at the bank and at the broker, user_extract_error, user_otp then Refresh (update needed),
// user_slow (PENDING). Then every screen in en and es, light and dark, at 1280×800 and 360×740, named
// `<screen>-<width>-<lang>-<scheme>.png`. Prints what a reviewer must not see — horizontal page overflow,
// axe violations (contrast included), console errors, unexpected HTTP errors, table cells that wrap where
// they must not, English words on Spanish screens — and, as notes, the tables that scroll sideways.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { AxeBuilder } from "@axe-core/playwright";
import { chromium } from "@playwright/test";

const origin = process.env.APP_ORIGIN ?? "http://localhost:4820";
const finlink = process.env.FINLINK_ORIGIN ?? "http://127.0.0.1:4810";
const out = process.env.SHOTS_DIR ?? fileURLToPath(new URL("../artifacts/app-screens/", import.meta.url));
mkdirSync(out, { recursive: true });

const WIDTHS = [1280, 360];
const VARIANTS = ["en", "es"].flatMap((lang) => ["light", "dark"].map((scheme) => ({ lang, scheme })));
const BANK = "Banco Sandbox";
const BROKER = "Bróker Sandbox";
const NO_SUCH_CONNECTION = "00000000-0000-4000-8000-000000000000";
// 4xx answers a screen is about (signed out, not found, a refused callback, a refresh that needs the user).
const EXPECTED_4XX = [
  /\/api\/me$/,
  new RegExp(`/api/connections/${NO_SUCH_CONNECTION}`),
  /\/api\/link\//,
  /\/refresh$/,
];
// Words of the app's English copy that have no business on a Spanish screen (sandbox data is Spanish).
const ENGLISH =
  /\b(the|your|and|of|Loading|Sign (in|out)|Type|Date|Amount|Description|Category|Shares|Load more|shown|Transactions|Accounts|Portfolios?|Investments|Holders|Value|Weight|Titles|Market|Manager|Currency|Delete|Cancel|Refresh|Update now|Try again|BUY|SELL|DIVIDEND|FEE|TRANSFER)\b/g;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run"],
});
const problems = [];
const notes = [];
const uniqueName = (who) => `${who} ${Math.random().toString(36).slice(2, 7)}`;

/** A context at one size, language and scheme; the app's own choices set as a user would have made them. */
async function newPage({ width, lang = "en", scheme = "light", state }) {
  const context = await browser.newContext({
    viewport: { width, height: width > 800 ? 800 : 740 },
    colorScheme: scheme,
    locale: lang === "es" ? "es-ES" : "en-GB",
    storageState: state,
    ...(width < 640 ? { hasTouch: true, isMobile: true } : {}),
  });
  await context.addInitScript(
    ([app, l, s]) => {
      if (location.origin !== app) return;
      localStorage.setItem("finlink-web:lang", l);
      localStorage.setItem("finlink-web:theme", s);
    },
    [origin, lang, scheme],
  );
  const page = await context.newPage();
  const where = `${width} ${lang} ${scheme}`;
  page.on("console", (message) => {
    if (/Failed to load resource/.test(message.text())) return;
    if (message.type() === "error") problems.push(`${where}: console: ${message.text().slice(0, 300)}`);
  });
  page.on("pageerror", (error) => problems.push(`${where}: page error: ${error.message}`));
  page.on("response", (response) => {
    const status = response.status();
    if (status < 400) return;
    if (status < 500 && EXPECTED_4XX.some((re) => re.test(new URL(response.url()).pathname))) return;
    problems.push(`${where}: ${status} from ${response.url()}`);
  });
  return { context, page, where };
}

/** What a reviewer must not see on the screen now showing; then its picture. */
async function shoot(page, name, { width, lang, scheme }, { fullPage = false, axe = true } = {}) {
  const where = `${name}-${width}-${lang}-${scheme}`;
  await page.waitForTimeout(150);
  const seen = await page.evaluate(() => {
    const lines = (cell) => {
      const range = document.createRange();
      range.selectNodeContents(cell);
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    };
    const tables = [...document.querySelectorAll(".table-scroll")].map((scroll) => {
      const caption = scroll.querySelector("caption")?.textContent ?? "?";
      const heads = [...scroll.querySelectorAll("thead th")];
      // Dates and figures read as one line; a date broken in two is the bug this looks for.
      const wrapped = [...scroll.querySelectorAll("tbody tr")].slice(0, 20).flatMap((row) =>
        [...row.children].flatMap((cell, i) => {
          const head = heads[i];
          const strict = cell.classList.contains("numeric") || /^(Date|Fecha)$/.test(head?.textContent ?? "");
          return strict && lines(cell) > 1 ? [`${head?.textContent}: "${cell.textContent}"`] : [];
        }),
      );
      return { caption, sideways: scroll.scrollWidth - scroll.clientWidth, wrapped: [...new Set(wrapped)] };
    });
    return {
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      // biome-ignore lint/performance/useDomNodeTextContent: the words on screen, as laid out, are the point.
      text: document.body.innerText,
      tables,
    };
  });
  if (seen.scrollWidth > seen.innerWidth)
    problems.push(`${where}: page is ${seen.scrollWidth} px wide in a ${seen.innerWidth} px window`);
  for (const table of seen.tables) {
    if (table.sideways > 1) notes.push(`${where}: "${table.caption}" scrolls ${table.sideways} px sideways`);
    if (table.wrapped.length)
      problems.push(`${where}: "${table.caption}" wraps ${table.wrapped.slice(0, 3).join(", ")}`);
  }
  if (lang === "es") {
    const english = [...new Set(seen.text.match(ENGLISH) ?? [])];
    if (english.length) problems.push(`${where}: English on a Spanish screen: ${english.join(", ")}`);
  }
  if (axe) {
    // The app's page only: Link's frame is another origin with its own audits (e2e/fixtures/screens.ts).
    const results = await new AxeBuilder({ page })
      .exclude("iframe")
      .withTags(["wcag2a", "wcag2aa", "wcag21aa"])
      .analyze();
    for (const v of results.violations)
      problems.push(
        `${where}: axe ${v.id}: ${v.nodes
          .map((n) => n.target.join(" "))
          .join(" | ")
          .slice(0, 300)}`,
      );
  }
  await page.screenshot({ path: join(out, `${where}.png`), fullPage, animations: "disabled" });
}

const h1 = (page) => page.locator("main h1");
const scrollTo = (locator) => locator.evaluate((el) => el.scrollIntoView({ block: "start" }));

// --- Setup: users and their connections, made through the real Link at each size -------------------------

async function signIn(page, name) {
  await page.goto(`${origin}/`);
  await page.getByLabel("Your name").fill(name);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { level: 1, name: "Your financial entities" }).waitFor();
}

/** Add financial entity → Link (modal or full page) → the app's page of the new connection; answers its id. */
async function connect(page, width, entity, username, code) {
  await page.goto(`${origin}/`);
  await page.getByRole("button", { name: "Add financial entity" }).click();
  let link = page;
  if (width >= 640) {
    await page.getByRole("dialog", { name: "Connect a financial entity" }).waitFor();
    link = page.frameLocator('iframe[title="Finlink: connect your bank or broker"]');
  } else {
    await page.waitForURL(`${finlink}/link?**`);
  }
  await link.getByRole("heading", { level: 1, name: "Select your bank" }).waitFor({ timeout: 15_000 });
  await link
    .getByRole("button", { name: entity, exact: true })
    .or(link.getByRole("option", { name: entity, exact: true }))
    .click();
  await link.getByRole("heading", { level: 1, name: `Sign in to ${entity}` }).waitFor();
  await link.getByLabel("Username").fill(username);
  await link.getByLabel("Password").fill("pass_good");
  await link.getByRole("button", { name: "Continue" }).click();
  if (code) {
    await link.getByLabel("Verification code").fill(code);
    await link.getByRole("button", { name: "Verify" }).click();
  }
  await page.waitForURL(/\/connections\/[0-9a-f-]{36}$/, { timeout: 20_000 });
  return new URL(page.url()).pathname.split("/").at(-1);
}

async function waitForStatus(page, id, wanted) {
  for (let i = 0; i < 60; i++) {
    const body = await (await page.request.get(`${origin}/api/connections/${id}`)).json();
    if (wanted.includes(body.status)) return body;
    await page.waitForTimeout(500);
  }
  throw new Error(`connection ${id} never reached ${wanted}`);
}

async function setUp(width) {
  const { context, page } = await newPage({ width });
  await signIn(page, uniqueName("Elena"));
  const empty = await context.storageState();
  await context.clearCookies();
  await signIn(page, uniqueName("Carlos"));
  const ids = {
    bank: await connect(page, width, BANK, "user_good"),
    broker: await connect(page, width, BROKER, "user_good"),
    errored: await connect(page, width, BANK, "user_extract_error"),
    otp: await connect(page, width, BANK, "user_otp", "123456"),
  };
  await waitForStatus(page, ids.bank, ["READY"]);
  await waitForStatus(page, ids.broker, ["READY"]);
  await waitForStatus(page, ids.errored, ["ERRORED"]);
  await waitForStatus(page, ids.otp, ["READY"]);
  await page.goto(`${origin}/connections/${ids.otp}`);
  await page.getByRole("button", { name: "Refresh data" }).click();
  await page.getByRole("button", { name: "Update now" }).waitFor();
  const otp = await waitForStatus(page, ids.otp, ["READY"]);
  if (otp.userAction !== "UPDATE") problems.push(`${width}: after Refresh, user_otp's userAction is ${otp.userAction}`);
  return { context, page, empty, full: await context.storageState(), ids };
}

// --- The screens -------------------------------------------------------------------------------------------

async function signedOutScreens(v) {
  const { context, page } = await newPage(v);
  await page.goto(`${origin}/`);
  await page.locator("main input").waitFor();
  await shoot(page, "01-sign-in", v);
  // Submitting without a name: the field's error.
  await page.locator("main form button").click();
  await page.locator(".field-error").waitFor();
  await shoot(page, "01-sign-in-error", v);
  await context.close();
}

async function emptyScreens(v, state) {
  const { context, page } = await newPage({ ...v, state });
  await page.goto(`${origin}/`);
  await page.locator(".empty").waitFor();
  await shoot(page, "02-empty", v);
  // Keyboard: Tab from the top until the Add button holds focus, to see the focus ring.
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate(() => document.activeElement?.matches("main .button"))) break;
  }
  await shoot(page, "03-focus", v, { axe: false });
  await page.locator("main .button").first().click();
  if (v.width >= 640) {
    const frame = page.frameLocator("iframe");
    await frame.locator("h1").waitFor({ timeout: 15_000 });
    await page.waitForTimeout(400);
    await shoot(page, "04-link-open", v);
  } else {
    await page.waitForURL(`${finlink}/link?**`);
    await page.locator("h1").waitFor();
    await shoot(page, "04-link-open", v, { axe: false });
  }
  await context.close();
}

async function fullScreens(v, { ids, full }) {
  const { context, page } = await newPage({ ...v, state: full });
  await page.goto(`${origin}/`);
  await page.locator(".connection-list").waitFor();
  await shoot(page, "05-list", v);

  await page.goto(`${origin}/connections/${ids.bank}`);
  await page.locator(".table-scroll").first().waitFor();
  await shoot(page, "07-bank", v);
  // The first account with more than one page of transactions, by its table's name (a locator by "has a
  // Load more button" would move to the next account once this one shows all its rows).
  const caption = await page
    .locator(".stack:has(> .load-more button) > .table-scroll")
    .first()
    .getAttribute("aria-label");
  const paged = page.locator(".stack", { has: page.getByRole("group", { name: caption, exact: true }) }).last();
  await scrollTo(paged);
  await shoot(page, "08-bank-transactions", v, { axe: false });
  const foot = paged.locator("> .load-more");
  const before = await foot.locator("p").textContent();
  await foot.locator("button").click();
  await foot.locator("p").filter({ hasNotText: before }).waitFor();
  await foot.evaluate((el) => el.scrollIntoView({ block: "end" }));
  await shoot(page, "09-bank-load-more", v);

  await page.goto(`${origin}/connections/${ids.broker}`);
  await page.locator(".table-scroll").first().waitFor();
  await shoot(page, "10-broker", v);
  await scrollTo(page.locator("#portfolios-title"));
  await shoot(page, "11-broker-positions", v, { axe: false });
  await page.locator("details > summary").first().click();
  await page.locator("details .table-scroll").first().waitFor();
  await scrollTo(page.locator("details").first());
  await shoot(page, "12-broker-portfolio-transactions", v);
  await scrollTo(page.locator("#investments-title"));
  await shoot(page, "13-broker-investments", v, { axe: false });

  await page.goto(`${origin}/connections/${ids.errored}`);
  await page.locator(".notice-danger").waitFor();
  await shoot(page, "14-errored", v);

  await page.goto(`${origin}/connections/${ids.otp}`);
  await page.locator(".notice .button").waitFor();
  await shoot(page, "15-update-needed", v);

  await page.goto(`${origin}/connections/${NO_SUCH_CONNECTION}`);
  await page.locator(".notice-danger").waitFor();
  await shoot(page, "16-connection-not-found", v);

  await page.goto(`${origin}/no/such/page`);
  await h1(page).waitFor();
  await shoot(page, "17-page-not-found", v);

  await page.goto(
    `${origin}/link/callback?publicToken=pt_${"x".repeat(40)}&token=pt_${"x".repeat(40)}&operation=CONNECT&entity=sandbox_bank&state=${"x".repeat(43)}`,
  );
  await page.locator(".notice-danger").waitFor();
  await shoot(page, "18-callback-expired", v);

  // Loading: the accounts answer late, so the page shows what it shows while waiting.
  await page.route("**/api/connections/*/accounts", async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await route.continue().catch(() => {});
  });
  await page.goto(`${origin}/connections/${ids.bank}`);
  await page.locator("#accounts-title").waitFor();
  await shoot(page, "19-loading", v);
  await context.close();
}

/** PENDING lasts a minute: every variant's pending screen and delete dialog, then the last one deletes. */
async function pendingScreens(width, setup) {
  const id = await connect(setup.page, width, BANK, "user_slow");
  const state = await setup.context.storageState();
  for (const [i, { lang, scheme }] of VARIANTS.entries()) {
    const v = { width, lang, scheme };
    const { context, page } = await newPage({ ...v, state });
    await page.goto(`${origin}/connections/${id}`);
    await page.locator(".progress").waitFor();
    await shoot(page, "06-pending", v);
    await page.locator(".button.danger-outline").click();
    await page.locator("dialog[open]").waitFor();
    await shoot(page, "06-pending-delete-confirm", v);
    if (i === VARIANTS.length - 1) {
      await page.locator("dialog .button.danger").click();
      await page.locator(".connection-list").waitFor();
    } else {
      await page.locator("dialog .button.secondary").click();
    }
    await context.close();
  }
  const left = await (await setup.page.request.get(`${origin}/api/connections/${id}`)).status();
  if (left !== 404) problems.push(`${width}: the deleted user_slow connection answers ${left}`);
}

for (const width of WIDTHS) {
  const setup = await setUp(width);
  for (const { lang, scheme } of VARIANTS) {
    const v = { width, lang, scheme };
    await signedOutScreens(v);
    await emptyScreens(v, setup.empty);
    await fullScreens(v, setup);
  }
  await pendingScreens(width, setup);
  await setup.context.close();
}

await browser.close();
console.log(problems.length ? problems.join("\n") : "no problems seen");
if (notes.length) console.log(`notes:\n${[...new Set(notes)].join("\n")}`);
process.exitCode = problems.length ? 1 : 0;
console.log(`screenshots in ${out}`);
