import type { BffConnection } from "@finlink/contracts";
import { BANK, DemoApp, uniqueName } from "../fixtures/app";
import { expect, test } from "../fixtures/test";
import { APP_ORIGIN } from "../servers";

// Finlink's webhook reaches the BFF, the BFF pushes the change down the page's event stream, and the page
// turns READY with every status poll refused: the stream alone carried it.

test("the connection page turns READY, and back from an update, through the event stream with polling disabled", async ({
  page,
  screens,
}) => {
  const app = DemoApp.install(page, screens);
  await app.signIn(uniqueName("Lucia"));
  // Every status read of a connection after the page's first one fails: polling cannot help.
  const refused: string[] = [];
  let first = true;
  await page.route(/\/api\/connections\/[0-9a-f-]{36}$/, async (route) => {
    if (route.request().method() !== "GET") return route.continue();
    if (first) {
      first = false;
      return route.continue();
    }
    refused.push(route.request().url());
    return route.abort("connectionrefused");
  });
  const id = await app.connect(BANK, "user_good");
  await app.expectStatus("Up to date");
  await expect(page.getByRole("region", { name: "Accounts" })).toBeVisible();
  const statuses = await app.statusesOf(id);
  expect(statuses.at(-1)).toBe("READY");
  // READY came as an event of the stream, not as the answer to a read.
  const events = (await app.seen()).filter((r) => r.url === `${APP_ORIGIN}/api/connections/${id}/events` && r.body);
  expect(events.map((e) => (JSON.parse(e.body) as BffConnection).status)).toContain("READY");
  await screens.capture("app-live-ready");

  // An update: UPDATING, then READY again, arrive on the same stream.
  const streamed = async () =>
    (await app.seen())
      .filter((r) => r.url === `${APP_ORIGIN}/api/connections/${id}/events` && r.body)
      .map((e) => (JSON.parse(e.body) as BffConnection).status);
  const before = (await streamed()).length;
  await page.getByRole("button", { name: "Refresh data" }).click();
  await expect
    .poll(
      async () => {
        const after = (await streamed()).slice(before);
        return after.indexOf("UPDATING") >= 0 && after.lastIndexOf("READY") > after.indexOf("UPDATING");
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  await app.expectStatus("Up to date");
});
