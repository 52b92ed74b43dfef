import { apiLogin, ConsolePage, startWebhookReceiver } from "../fixtures/console";
import { expectConnectRedirect } from "../fixtures/redirect";
import { expect, test } from "../fixtures/test";
import { CONSOLE_ORIGIN, FINLINK_ORIGIN, SANDBOX_APP } from "../servers";

// The operator console (/console): what the people who run Finlink do in a browser instead of the CLI.

test("an operator creates an app with a redirect and a webhook URL, replays its failed webhook, rotates its secret", async ({
  page,
}) => {
  test.setTimeout(90_000);
  const receiver = await startWebhookReceiver();
  try {
    const console_ = new ConsolePage(page);
    await console_.signIn();
    const app = await console_.createApp({
      name: "Console e2e app",
      redirectUri: "https://console-e2e.example/callback",
      webhookUrl: receiver.url,
    });
    await console_.openApp(app.clientId);
    await expect(page.getByRole("heading", { name: "Console e2e app", level: 1 })).toBeVisible();
    await expect(page.getByText("https://console-e2e.example/callback")).toBeVisible();
    await expect(page.getByRole("textbox", { name: "Webhook URL" })).toHaveValue(receiver.url);

    // The new app connects a sandbox user through the API; its webhooks go to a receiver that answers 500.
    const { status, token } = await apiLogin(page, app.clientId, app.secret);
    expect(status).toBe(200);
    const auth = { authorization: `Bearer ${token}` };
    const pub = await page.request.post(`${FINLINK_ORIGIN}/api/v1/sandbox/public-token`, {
      headers: auth,
      data: { entity: "sandbox_bank", username: "user_good" },
    });
    const { publicToken } = (await pub.json()) as { publicToken: string };
    const exchanged = await page.request.post(`${FINLINK_ORIGIN}/api/v1/commands/connections/exchange/${publicToken}`, {
      headers: auth,
    });
    expect(exchanged.status()).toBe(200);
    let failedId = "";
    await expect
      .poll(
        async () => {
          const res = await page.request.get(`${FINLINK_ORIGIN}/api/v1/queries/webhooks`, { headers: auth });
          const { data } = (await res.json()) as { data: { webhookId: string; delivery: { attempts: number } }[] };
          failedId = data.find((e) => e.delivery.attempts >= 1)?.webhookId ?? "";
          return failedId;
        },
        { timeout: 20_000 },
      )
      .not.toBe("");

    await console_.openApp(app.clientId, "/webhooks");
    await page.getByRole("link", { name: failedId }).click();
    await expect(page.getByRole("cell", { name: "500", exact: true }).first()).toBeVisible();
    receiver.answer(200);
    await page.getByRole("button", { name: `Replay ${failedId}` }).click();
    await expect(page.getByRole("status")).toHaveText("Event scheduled to be sent again.");
    await expect.poll(() => receiver.bodies.some((b) => b.webhookId === failedId), { timeout: 20_000 }).toBe(true);
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.getByText("DELIVERED").count();
        },
        { timeout: 10_000 },
      )
      .toBeGreaterThan(0);

    // Rotation: a second secret, then the first revoked; the old one stops working at once.
    await console_.openApp(app.clientId);
    await page.getByRole("button", { name: "New client secret" }).click();
    await expect(page.getByRole("heading", { name: "Client secret created" })).toBeVisible();
    const rotated = await console_.shownCredentials();
    expect(rotated.secret).not.toBe(app.secret);
    expect((await apiLogin(page, app.clientId, rotated.secret)).status).toBe(200);
    await page.getByRole("link", { name: "Back to the app" }).click();
    await page
      .getByRole("button", { name: /^Revoke / })
      .first()
      .click();
    await expect(page.getByRole("status")).toHaveText("Saved.");
    expect((await apiLogin(page, app.clientId, app.secret)).status).toBe(401);
    expect((await apiLogin(page, app.clientId, rotated.secret)).status).toBe(200);
    // The secret was shown once: the app's page lists ids only.
    expect(await page.content()).not.toContain(rotated.secret);
  } finally {
    await receiver.close();
  }
});

test("the sandbox app's connection appears in the console after a Link flow", async ({
  page,
  link,
  finlink,
  callback,
}) => {
  const { url, state } = finlink.linkUrl({ entity: "sandbox_bank" });
  await page.goto(url);
  await link.signIn("Banco Sandbox", "user_good");
  await link.expectConnected();
  const publicToken = expectConnectRedirect(await callback.pageParams(page), "sandbox_bank", state);
  const connectionToken = await finlink.expectConnectionReady(publicToken, "sandbox_bank");
  const { connectionId } = await finlink.status(connectionToken);

  const console_ = new ConsolePage(page);
  await console_.signIn();
  await console_.openApp(SANDBOX_APP.clientId, "/connections");
  const row = page.getByRole("row").filter({ hasText: connectionId });
  await expect(row).toContainText("READY");
  await expect(row).toContainText("sandbox_bank");
  expect(await page.content()).not.toContain(connectionToken);
});

test("the console is on its own origin: the API's answers no console page", async ({ page }) => {
  for (const path of ["/console", "/console/sign-in", "/console/apps"]) {
    expect((await page.request.get(`${FINLINK_ORIGIN}${path}`, { maxRedirects: 0 })).status(), path).toBe(404);
  }
  await page.goto(CONSOLE_ORIGIN);
  await expect(page).toHaveURL(`${CONSOLE_ORIGIN}/console/sign-in`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
});
