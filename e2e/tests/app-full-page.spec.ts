import type { BffConnection } from "@finlink/contracts";
import { BANK, DemoApp, uniqueName } from "../fixtures/app";
import { LinkWidget } from "../fixtures/link-widget";
import { expect, test } from "../fixtures/test";
import { APP_ORIGIN, FINLINK_ORIGIN } from "../servers";

// Small screens: Link takes the whole page and the app's /link/callback finishes the flow. Then the states
// that must not work twice, and a reload while the import runs.

test.describe("at 375 × 812", () => {
  test.use({ viewport: { width: 375, height: 812 }, hasTouch: true, isMobile: true });

  test("Link runs full page and comes back to the app; its callback cannot be replayed or tampered with", async ({
    page,
    screens,
    finlink,
  }) => {
    const app = DemoApp.install(page, screens);
    const me = await app.signIn(uniqueName("Marta"));
    await page.getByRole("button", { name: "Add financial entity" }).click();
    // No modal: the page itself goes to Link.
    await page.waitForURL(`${FINLINK_ORIGIN}/link?**`);
    await expect(page.getByRole("dialog")).toHaveCount(0);
    const link = new LinkWidget(page, screens);
    await link.pickEntity(BANK);
    await link.signIn(BANK, "user_good");
    await link.expectConnected();
    const callback = page.waitForURL(`${APP_ORIGIN}/link/callback?**`);
    await callback;
    const callbackUrl = page.url();
    const id = await app.connectionPage();
    await app.expectStatus("Up to date");
    await screens.capture("app-mobile-connection");
    expect((await app.api<BffConnection[]>("/connections")).body.map((c) => c.id)).toEqual([id]);

    // The same callback again (Back, or a copied URL): refused, nothing added.
    await page.goto(callbackUrl);
    await expect(
      page.getByRole("heading", { level: 1, name: "This link has expired or was already used" }),
    ).toBeVisible();
    await screens.capture("app-callback-replayed");
    // A state changed by one character: refused too.
    const tampered = new URL(callbackUrl);
    const state = tampered.searchParams.get("state") ?? "";
    tampered.searchParams.set("state", `${state.slice(0, -1)}${state.endsWith("A") ? "B" : "A"}`);
    await page.goto(tampered.toString());
    await expect(
      page.getByRole("heading", { level: 1, name: "This link has expired or was already used" }),
    ).toBeVisible();
    // A state of another flow's shape that was never issued: refused.
    tampered.searchParams.set("state", "x".repeat(43));
    await page.goto(tampered.toString());
    await expect(
      page.getByRole("heading", { level: 1, name: "This link has expired or was already used" }),
    ).toBeVisible();

    expect((await app.api<BffConnection[]>("/connections")).body.map((c) => c.id)).toEqual([id]);
    expect((await finlink.connectionsOf(me.id)).map((c) => c.status)).toEqual(["READY"]);
    await page.getByRole("link", { name: "Back to your connections" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Your financial entities" })).toBeVisible();
  });
});

test("a reload while PENDING resumes the live status, and the page shows the import in progress again", async ({
  page,
  screens,
}) => {
  const app = DemoApp.install(page, screens);
  await app.signIn(uniqueName("Ramon"));
  // user_slow: the import takes a minute, so the reload lands in the middle of it.
  const id = await app.connect(BANK, "user_slow");
  const progress = page.getByRole("status").filter({ hasText: "Importing your data…" });
  await expect(progress).toBeVisible();
  await app.expectStatus("Importing");
  await screens.capture("app-pending");

  // The page's event stream (opened on each load), as the network saw it.
  const streams = () =>
    app
      .seen()
      .then(
        (all) => all.filter((r) => new URL(r.url).pathname === `/api/connections/${id}/events` && r.body === "").length,
      );
  expect(new URL(page.url()).pathname).toBe(`/connections/${id}`);
  const before = await streams();
  expect(before).toBeGreaterThanOrEqual(1);
  await page.reload();
  await expect(progress).toBeVisible();
  // The reloaded page listens again by itself, and its stream's first event is the PENDING snapshot.
  await expect.poll(streams, { timeout: 10_000 }).toBeGreaterThanOrEqual(before + 1);
  await expect.poll(async () => (await app.statusesOf(id)).at(-1), { timeout: 10_000 }).toBe("PENDING");
  expect(await app.statusesOf(id)).not.toContain("READY");
  expect((await app.api<BffConnection>(`/connections/${id}`)).body.status).toBe("PENDING");

  // Tidy: the minute-long import stops with the connection.
  await page.getByRole("button", { name: "Delete connection" }).click();
  await page.getByRole("dialog", { name: "Delete this connection?" }).getByRole("button", { name: "Delete" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your financial entities" })).toBeVisible();
});
