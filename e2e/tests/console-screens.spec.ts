import type { Page } from "@playwright/test";
import { apiLogin, ConsolePage } from "../fixtures/console";
import { expect, test } from "../fixtures/test";
import { CONSOLE_ORIGIN, FINLINK_ORIGIN, SANDBOX_APP } from "../servers";

// Every console page in both languages and both themes on a 360 px screen, each audited by axe.

test.use({ viewport: { width: 360, height: 780 } });

/** A webhook event of the sandbox app with at least one attempt: its page lists them. Made through the API. */
async function eventWithAttempts(page: Page): Promise<string> {
  const { token } = await apiLogin(page, SANDBOX_APP.clientId, SANDBOX_APP.clientSecret);
  const headers = { authorization: `Bearer ${token}` };
  const pub = await page.request.post(`${FINLINK_ORIGIN}/api/v1/sandbox/public-token`, {
    headers,
    data: { entity: "sandbox_bank", username: "user_good" },
  });
  const { publicToken } = (await pub.json()) as { publicToken: string };
  const exchange = `${FINLINK_ORIGIN}/api/v1/commands/connections/exchange/${publicToken}`;
  expect((await page.request.post(exchange, { headers })).status()).toBe(200);
  let eventId = "";
  await expect
    .poll(
      async () => {
        const res = await page.request.get(`${FINLINK_ORIGIN}/api/v1/queries/webhooks`, { headers });
        const { data } = (await res.json()) as { data: { webhookId: string; delivery: { attempts: number } }[] };
        eventId = data.find((e) => e.delivery.attempts >= 1)?.webhookId ?? "";
        return eventId;
      },
      { timeout: 20_000 },
    )
    .not.toBe("");
  return eventId;
}

for (const lang of ["en", "es"] as const) {
  for (const colorScheme of ["light", "dark"] as const) {
    test(`console pages ${lang} ${colorScheme}`, async ({ page, screens }) => {
      test.setTimeout(90_000);
      const eventId = await eventWithAttempts(page);
      await page.emulateMedia({ colorScheme });
      await page.goto(`${CONSOLE_ORIGIN}/console/sign-in?lang=${lang}`);
      await expect(page.locator("html")).toHaveAttribute("lang", lang);
      await screens.capture("sign-in");
      await new ConsolePage(page).signIn();
      const app = `/console/apps/${SANDBOX_APP.clientId}`;
      const pages = [
        "/console/apps",
        app,
        `${app}/connections`,
        `${app}/webhooks`,
        `${app}/webhooks/${eventId}`,
        "/console/entities",
      ];
      for (const path of pages) {
        await page.goto(`${CONSOLE_ORIGIN}${path}?lang=${lang}`);
        await expect(page.locator("html")).toHaveAttribute("lang", lang);
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
        // Nothing wider than the screen but the tables, which scroll in their own box.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, path).toBeLessThanOrEqual(0);
        if (path.endsWith(eventId)) {
          // The event's page: its attempts, one row each below the header.
          await expect(page.locator("main table tbody tr").first()).toBeVisible();
        }
        await screens.capture(path.replace(SANDBOX_APP.clientId, "sandbox-app").replace(eventId, "event"));
      }
    });
  }
}
