import type { BffConnection } from "@finlink/contracts";
import type { Response } from "@playwright/test";
import { BANK, DemoApp, uniqueName } from "../fixtures/app";
import { expect, test } from "../fixtures/test";
import { APP_ORIGIN, SITE_ORIGIN, UNREGISTERED_SITE_ORIGIN } from "../servers";

// What the demo integration must keep from the browser and from other users: the connectionToken, other
// users' connections, cross-site requests, and Link results that are not this flow's.

test("a second user sees none of the first user's connections: not listed, 404 on every route and page", async ({
  page,
  browser,
  screens,
}) => {
  const owner = DemoApp.install(page, screens);
  await owner.signIn(uniqueName("Olga"));
  const id = await owner.connect(BANK, "user_good");
  await owner.expectStatus("Up to date");
  const accounts = (await owner.api<{ id: string }[]>(`/connections/${id}/accounts`)).body;
  const accountId = accounts[0]?.id;
  if (!accountId) throw new Error("the owner's connection has no account");

  const context = await browser.newContext();
  const otherPage = await context.newPage();
  const other = DemoApp.install(otherPage, screens);
  await other.signIn(uniqueName("Oscar"));
  await expect(otherPage.getByText("No entity connected yet.")).toBeVisible();
  expect((await other.api<BffConnection[]>("/connections")).body).toEqual([]);
  for (const path of [
    `/connections/${id}`,
    `/connections/${id}/accounts`,
    `/connections/${id}/accounts/${accountId}/transactions`,
    `/connections/${id}/portfolios`,
    `/connections/${id}/portfolios/active-positions`,
    `/connections/${id}/investments`,
  ]) {
    const res = await other.api<{ status: number; reason?: string }>(path);
    expect(res.status, path).toBe(404);
    expect(res.body.status, path).toBe(404);
  }
  const headers = { Origin: APP_ORIGIN, "Content-Type": "application/json" };
  for (const [method, path] of [
    ["DELETE", `/connections/${id}`],
    ["POST", `/connections/${id}/refresh`],
    ["POST", `/connections/${id}/update`],
  ] as const) {
    const res = await otherPage.request.fetch(`${APP_ORIGIN}/api${path}`, { method, headers, data: {} });
    expect(res.status(), `${method} ${path}`).toBe(404);
  }
  await otherPage.goto(`${APP_ORIGIN}/connections/${id}`);
  await expect(otherPage.getByText("This connection does not exist, or it is not yours.")).toBeVisible();
  await screens.capture("app-not-yours");
  await context.close();

  // The owner's connection is untouched.
  expect((await owner.api<BffConnection>(`/connections/${id}`)).body.status).toBe("READY");
});

test("no response, cookie or storage the browser holds ever carries the connectionToken", async ({
  page,
  context,
  screens,
  finlink,
}) => {
  const seen: { url: string; text: string }[] = [];
  const reading: Promise<void>[] = [];
  const record = (response: Response) =>
    reading.push(
      (async () => {
        // A response still arriving as the test ends has no headers to read any more: nothing to audit.
        const all = await response.allHeaders().catch(() => ({}) as Record<string, string>);
        // An event stream never ends: its events are audited from the page's record of them below.
        const streaming = (all["content-type"] ?? "").startsWith("text/event-stream");
        const body = streaming ? "" : await response.text().catch(() => "");
        seen.push({ url: response.url(), text: `${JSON.stringify(all)}\n${body}` });
      })(),
    );
  context.on("response", record);
  const app = DemoApp.install(page, screens);
  const me = await app.signIn(uniqueName("Tomas"));
  const id = await app.connect(BANK, "user_good");
  await app.expectStatus("Up to date");
  // Every read the SPA offers, once.
  await page.getByRole("button", { name: "Load more" }).first().click();
  await page.reload();
  await app.expectStatus("Up to date");

  const [connection] = await finlink.connectionsOf(me.id);
  const token = connection?.credentialsToken;
  if (!token) throw new Error("Finlink lists no token for the connection");
  expect(token.length).toBeGreaterThan(20);
  context.off("response", record);
  await Promise.all(reading);
  const streamed = (await app.seen()).filter((r) => r.headers["content-type"] === "text/event-stream");
  expect(streamed.length).toBeGreaterThan(0);
  for (const event of streamed) seen.push({ url: event.url, text: event.body });
  expect(seen.length).toBeGreaterThan(20);
  // Link's own API (Finlink's origin) and the app's both answered, and neither said it.
  expect(seen.some((r) => r.url.startsWith(APP_ORIGIN))).toBe(true);
  expect(seen.some((r) => r.url.includes("/api/v1/link/"))).toBe(true);
  expect(seen.filter((r) => r.text.includes(token)).map((r) => r.url)).toEqual([]);
  expect(seen.filter((r) => r.text.includes(id)).length).toBeGreaterThan(0);

  const cookies = await context.cookies();
  expect(cookies.length).toBeGreaterThan(0);
  expect(JSON.stringify(cookies)).not.toContain(token);
  const session = cookies.find((c) => c.httpOnly);
  expect(session?.sameSite).toBe("Lax");
  const storage = await page.evaluate(() =>
    JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie }),
  );
  expect(storage).not.toContain(token);
  expect(storage).not.toContain(session?.value ?? "no session cookie");
});

test("cross-site and cross-origin POSTs are refused and change nothing", async ({ page, screens }) => {
  const app = DemoApp.install(page, screens);
  await app.signIn(uniqueName("Carla"));
  const id = await app.connect(BANK, "user_good");
  await app.expectStatus("Up to date");

  // A page on another origin of the same site (localhost:4711) and on another site (127.0.0.1:4711): the
  // browser sends the session cookie to the first, and the BFF still refuses by Origin.
  for (const origin of [SITE_ORIGIN, UNREGISTERED_SITE_ORIGIN]) {
    await page.goto(`${origin}/health`);
    const outcome = await page.evaluate(
      async ({ appOrigin, connectionId }) => {
        const attempts = [
          fetch(`${appOrigin}/api/connections/${connectionId}`, {
            method: "DELETE",
            credentials: "include",
            mode: "no-cors",
          }),
          fetch(`${appOrigin}/api/link/start`, {
            method: "POST",
            credentials: "include",
            mode: "no-cors",
            headers: { "Content-Type": "text/plain" },
            body: "{}",
          }),
        ];
        const settled = await Promise.allSettled(attempts);
        return settled.map((s) => s.status);
      },
      { appOrigin: APP_ORIGIN, connectionId: id },
    );
    expect(outcome).toHaveLength(2);
    // A form post navigates: the answer is the BFF's refusal.
    const refusal = page.waitForResponse((r) => r.url() === `${APP_ORIGIN}/api/link/start`);
    await page.evaluate((appOrigin) => {
      const form = document.createElement("form");
      form.method = "POST";
      form.action = `${appOrigin}/api/link/start`;
      form.enctype = "text/plain";
      document.body.append(form);
      form.submit();
    }, APP_ORIGIN);
    expect((await refusal).status(), origin).toBe(403);
    await page.waitForURL(`${APP_ORIGIN}/api/link/start`);
    await expect(page.locator("body")).toContainText("Forbidden");
  }
  // Same with an explicit foreign Origin from outside a browser.
  const forged = await page.request.post(`${APP_ORIGIN}/api/link/start`, {
    headers: { Origin: "https://evil.example", "Content-Type": "application/json" },
    data: {},
  });
  expect(forged.status()).toBe(403);

  await page.goto(`${APP_ORIGIN}/connections/${id}`);
  await app.expectStatus("Up to date");
  expect((await app.api<BffConnection[]>("/connections")).body.map((c) => c.id)).toEqual([id]);
});
