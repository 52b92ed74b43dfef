// Screenshots of the docs pages on a running server, for a person to look at (not part of the suite):
//   node e2e/screenshots/docs.mjs            # DOCS_ORIGIN=http://127.0.0.1:4010, SHOTS_DIR=/work/shots
// Each page at 1280 px and 360 px, light and dark; the search and the "Test Request" client with the
// sandbox credentials prefilled. Prints what a reviewer must not see: horizontal overflow, CSP
// violations, requests to any origin but the server's.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "@playwright/test";

const origin = process.env.DOCS_ORIGIN ?? "http://127.0.0.1:4010";
const out = process.env.SHOTS_DIR ?? "/work/shots";
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run"],
});
const problems = [];

async function open(path, width, colorScheme) {
  const context = await browser.newContext({ viewport: { width, height: width > 800 ? 800 : 740 }, colorScheme });
  const page = await context.newPage();
  const where = `${path} ${width} ${colorScheme}`;
  page.on("console", (message) => {
    // A failed resource is reported with its URL below.
    if (/Failed to load resource/.test(message.text())) return;
    if (message.type() === "error" || /Content Security Policy/i.test(message.text()))
      problems.push(`${where}: console ${message.type()}: ${message.text().slice(0, 300)}`);
  });
  page.on("pageerror", (error) => problems.push(`${where}: page error: ${error.message}`));
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`${where}: ${response.status()} from ${response.url()}`);
  });
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (!["data:", "blob:"].includes(url.protocol) && url.origin !== origin)
      problems.push(`${where}: request to another origin: ${request.url()}`);
  });
  await page.goto(`${origin}${path}`, { waitUntil: "networkidle" });
  return { context, page, where };
}

async function overflow(page, where) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  if (scrollWidth > innerWidth) problems.push(`${where}: page is ${scrollWidth} px wide in a ${innerWidth} px window`);
}

for (const width of [1280, 360]) {
  for (const scheme of ["light", "dark"]) {
    const { context, page, where } = await open("/api/v1/docs", width, scheme);
    await page.getByRole("heading", { name: "Finlink API", level: 1 }).waitFor();
    await overflow(page, where);
    await page.screenshot({ path: join(out, `docs-${width}-${scheme}.png`) });
    await context.close();
    const guide = await open("/api/v1/docs/guides/link-flow", width, scheme);
    await overflow(guide.page, guide.where);
    await guide.page.screenshot({ path: join(out, `docs-guide-${width}-${scheme}.png`) });
    await guide.context.close();
  }
}

// Every guide whole, on a phone: its tables scroll inside the page, the page does not.
for (const slug of ["verifying-webhooks", "sandbox-users", "differences-from-vumi"]) {
  const { context, page, where } = await open(`/api/v1/docs/guides/${slug}`, 360, "light");
  await overflow(page, where);
  await page.screenshot({ path: join(out, `docs-guide-${slug}-360.png`), fullPage: true });
  await context.close();
}

// Search, then the client on the login operation, sent with its prefilled body.
{
  const { context, page, where } = await open("/api/v1/docs", 1280, "light");
  await page.getByRole("heading", { name: "Finlink API", level: 1 }).waitFor();
  await page.keyboard.press("Control+k");
  await page.keyboard.type("exchange");
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(out, "docs-search.png") });
  const found = await page
    .getByRole("dialog")
    .getByText(/Exchange a publicToken/)
    .count();
  if (!found) problems.push(`${where}: the search for "exchange" found no operation`);
  await page.keyboard.press("Escape");

  await page.getByText("Log in as an app").first().click();
  await page.waitForTimeout(800);
  await page
    .getByRole("button", { name: /Test Request/i })
    .first()
    .click();
  await page.waitForTimeout(800);
  await page.screenshot({ path: join(out, "docs-try-it.png") });
  const body = await page.locator(".cm-content").allInnerTexts();
  if (!body.join(" ").includes("fls_sandbox_secret_do_not_use_in_production"))
    problems.push(
      `${where}: the login body is not prefilled with the sandbox secret: ${body.join(" | ").slice(0, 200)}`,
    );
  await page.getByRole("button", { name: /^Send/ }).first().click();
  await page.waitForTimeout(1200);
  await page.screenshot({ path: join(out, "docs-try-it-sent.png") });
  const answered = await page.getByText(/"token"/).count();
  if (!answered) problems.push(`${where}: sending the prefilled login showed no token`);
  await context.close();
}

await browser.close();
console.log(problems.length ? problems.join("\n") : "no problems seen");
process.exitCode = problems.length ? 1 : 0;
console.log(`screenshots in ${out}`);
