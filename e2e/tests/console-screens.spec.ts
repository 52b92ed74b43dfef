import { ConsolePage } from "../fixtures/console";
import { expect, test } from "../fixtures/test";
import { FINLINK_ORIGIN, SANDBOX_APP } from "../servers";

// Every console page in both languages and both themes on a 360 px screen, each audited by axe.

test.use({ viewport: { width: 360, height: 780 } });

for (const lang of ["en", "es"] as const) {
  for (const colorScheme of ["light", "dark"] as const) {
    test(`console pages ${lang} ${colorScheme}`, async ({ page, screens }) => {
      test.setTimeout(90_000);
      await page.emulateMedia({ colorScheme });
      await page.goto(`${FINLINK_ORIGIN}/console/sign-in?lang=${lang}`);
      await expect(page.locator("html")).toHaveAttribute("lang", lang);
      await screens.capture("sign-in");
      await new ConsolePage(page).signIn();
      const app = `/console/apps/${SANDBOX_APP.clientId}`;
      const pages = ["/console/apps", app, `${app}/connections`, `${app}/webhooks`, "/console/entities"];
      for (const path of pages) {
        await page.goto(`${FINLINK_ORIGIN}${path}?lang=${lang}`);
        await expect(page.locator("html")).toHaveAttribute("lang", lang);
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
        // Nothing wider than the screen but the tables, which scroll in their own box.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, path).toBeLessThanOrEqual(0);
        await screens.capture(path.replace(SANDBOX_APP.clientId, "sandbox-app"));
      }
      await page.goto(`${FINLINK_ORIGIN}${app}/webhooks?lang=${lang}`);
      const event = page.locator('main a[href*="/webhooks/"]').first();
      if ((await event.count()) > 0) {
        await event.click();
        await screens.capture("webhook-event");
      }
    });
  }
}
